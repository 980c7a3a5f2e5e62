import { leaveCase } from '../../../domain/idea-cases.ts';
import { http } from '../kit.ts';
import { leaveTeam } from '../routes.ts';
import { ideaDeps } from './deps.ts';

export const handler = http(leaveTeam, async ({ me, params, now }) => {
  await leaveCase(ideaDeps(now), { id: me.id, staff: false }, params.id);
  return { status: 204 };
});
