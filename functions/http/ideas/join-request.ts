import { requestJoinCase } from '../../../domain/idea-cases.ts';
import { http } from '../kit.ts';
import { requestJoin } from '../routes.ts';
import { ideaDeps } from './deps.ts';

export const handler = http(requestJoin, async ({ me, params, body, now }) => {
  const request = await requestJoinCase(ideaDeps(now), { id: me.id, staff: false }, params.id, body);
  return { body: request, location: `/ideas/${params.id}/join-requests/${me.id}` };
});
