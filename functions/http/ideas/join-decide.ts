import { decideJoinCase } from '#domain/idea-cases.ts';
import { http } from '#http/kit.ts';
import { decideJoinRoute } from '#http/routes/teams.ts';
import { ideaDeps } from './deps.ts';

export const handler = http(decideJoinRoute, async ({ me, params, body, now }) => {
  const request = await decideJoinCase(
    ideaDeps(now),
    { id: me.id, staff: false },
    params.id,
    params.ambassadorId,
    body.decision,
  );
  return { body: request, version: request.version };
});
