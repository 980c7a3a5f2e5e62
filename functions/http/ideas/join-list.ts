import { DomainError } from '#domain/errors.ts';
import { pendingJoinsCase } from '#domain/idea-cases.ts';
import { http } from '#http/kit.ts';
import { listJoinRequestsRoute } from '#http/routes/teams.ts';
import { getAmbassador } from '#store/ambassadors.ts';
import { ideaDeps } from './deps.ts';

export const handler = http(listJoinRequestsRoute, async ({ caller, params, now }) => {
  // Staff need no profile; a leader does: an erased one is no longer anyone's leader (§10).
  if (!caller.staff) {
    const me = await getAmbassador(caller.id, true);
    if (!me || me.erased) throw new DomainError('not_registered');
  }
  return { body: { items: await pendingJoinsCase(ideaDeps(now), caller, params.id) } };
});
