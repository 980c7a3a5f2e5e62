import { type Ambassador, applyRegionRules, emptyStats } from '../../../domain/ambassadors.ts';
import { DomainError } from '../../../domain/errors.ts';
import { getAmbassador, registerAmbassador } from '../../store/ambassadors.ts';
import { http } from '../kit.ts';
import { registerAmbassador as route } from '../routes.ts';

export const handler = http(route, async ({ body, caller, now }) => {
  if (!caller.email)
    throw new DomainError('validation_failed', 'The token carries no email', [
      { path: 'email', message: 'Sign in with an account that has a verified email' },
    ]);
  const fields = applyRegionRules(body);
  // An erased profile of the same sub may register again; its counted contributions stay.
  const previous = await getAmbassador(caller.id, true);
  if (previous && !previous.erased) throw new DomainError('already_registered');
  const at = now.toISOString();
  const ambassador: Ambassador = {
    ...fields,
    id: caller.id,
    email: caller.email,
    joinedAt: at,
    updatedAt: at,
    version: previous ? previous.version + 1 : 1,
    stats: previous?.stats ?? emptyStats(),
  };
  await registerAmbassador(ambassador, previous);
  return { body: ambassador, version: ambassador.version, location: `/ambassadors/${ambassador.id}` };
});
