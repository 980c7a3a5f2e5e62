import { leaveCase } from '#domain/idea-cases.ts';
import { http } from '#http/kit.ts';
import { leaveTeamRoute } from '#http/routes/teams.ts';
import { ideaDeps } from './deps.ts';

export const handler = http(leaveTeamRoute, async ({ me, params, now }) => {
  await leaveCase(ideaDeps(now), { id: me.id, staff: false }, params.id);
  return { status: 204 };
});
