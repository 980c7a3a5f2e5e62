import { handOverCase } from '#domain/idea-cases.ts';
import { http } from '#http/kit.ts';
import { handOverTeamRoute } from '#http/routes/teams.ts';
import { ideaDeps } from './deps.ts';
import { teamView } from './team.ts';

export const handler = http(handOverTeamRoute, async ({ me, params, body, lang, now }) => {
  const idea = await handOverCase(
    ideaDeps(now),
    { id: me.id, staff: false },
    params.id,
    body.ambassadorId,
    false,
  );
  return { body: await teamView(idea, lang) };
});
