import { requestJoinCase } from '#domain/idea-cases.ts';
import { http } from '#http/kit.ts';
import { requestJoinRoute } from '#http/routes/teams.ts';
import { ideaDeps } from './deps.ts';

export const handler = http(requestJoinRoute, async ({ me, params, body, now }) => {
  const request = await requestJoinCase(ideaDeps(now), { id: me.id, staff: false }, params.id, body);
  // Location: the idea asked to join (open, so public: GET answers the requester 200); the
  // pending requests themselves are listed to the leader and staff only.
  return { body: request, version: request.version, created: request.ambassadorId };
});
