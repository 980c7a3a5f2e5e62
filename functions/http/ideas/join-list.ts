import { pendingJoinsCase } from '../../../domain/idea-cases.ts';
import { http } from '../kit.ts';
import { listJoinRequests } from '../routes.ts';
import { ideaDeps } from './deps.ts';

export const handler = http(listJoinRequests, async ({ caller, params, now }) => ({
  body: { items: await pendingJoinsCase(ideaDeps(now), caller, params.id) },
}));
