import { handOverCase } from '#domain/idea-cases.ts';
import { http } from '#http/kit.ts';
import { staffHandOverTeamRoute } from '#http/routes/teams.ts';
import { ideaDeps } from './deps.ts';
import { teamView } from './team.ts';

export const handler = http(staffHandOverTeamRoute, async ({ caller, params, body, lang, now }) => {
  const idea = await handOverCase(ideaDeps(now), caller, params.id, body.ambassadorId, true);
  return { body: await teamView(idea, lang) };
});
