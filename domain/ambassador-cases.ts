/** The ambassador use cases: registration, edits and erasure. */
import {
  type Ambassador,
  applyRegionRules,
  emptyStats,
  type ProfilePatch,
  patchProfile,
  type RegistrationInput,
} from './ambassadors.ts';
import { DomainError } from './errors.ts';
import type { AmbassadorRepo, Clock } from './ports.ts';

/** A PATCH that loses a race to another write re-reads and reapplies itself this often. */
const ATTEMPTS = 3;

export const registerAmbassadorCase = async (
  deps: { ambassadors: AmbassadorRepo } & Clock,
  caller: { id: string; email: string | undefined },
  input: RegistrationInput,
): Promise<Ambassador> => {
  if (!caller.email)
    throw new DomainError('validation_failed', 'The token carries no email', [
      { path: 'email', message: 'Sign in with an account that has a verified email' },
    ]);
  const fields = applyRegionRules(input);
  // An erased profile of the same sub may register again; its counted contributions stay.
  const previous = await deps.ambassadors.get(caller.id, true);
  if (previous && !previous.erased) throw new DomainError('already_registered');
  const at = deps.now().toISOString();
  const ambassador: Ambassador = {
    ...fields,
    id: caller.id,
    email: caller.email,
    joinedAt: at,
    updatedAt: at,
    version: previous ? previous.version + 1 : 1,
    stats: previous?.stats ?? emptyStats(),
  };
  await deps.ambassadors.register(ambassador, previous);
  return ambassador;
};

export const updateProfileCase = async (
  deps: { ambassadors: AmbassadorRepo } & Clock,
  me: Ambassador,
  patch: ProfilePatch,
  expectedVersion: number | undefined,
): Promise<Ambassador> => {
  let current = me;
  for (let attempt = 1; ; attempt++) {
    if (expectedVersion !== undefined && expectedVersion !== current.version)
      throw new DomainError('version_mismatch');
    const next: Ambassador = {
      ...current,
      ...patchProfile(current, patch),
      updatedAt: deps.now().toISOString(),
      version: current.version + 1,
    };
    if (await deps.ambassadors.update(current, next)) return next;
    const fresh = await deps.ambassadors.get(me.id, true);
    if (!fresh || fresh.erased) throw new DomainError('not_registered');
    if (attempt >= ATTEMPTS) throw new DomainError('version_mismatch');
    current = fresh;
  }
};

export const eraseAmbassadorCase = async (
  deps: { ambassadors: AmbassadorRepo } & Clock,
  me: Ambassador,
): Promise<void> => {
  let current = me;
  // A concurrent write bumps the version; erase the fresh copy instead.
  for (let attempt = 1; !(await deps.ambassadors.erase(current, deps.now().toISOString())); attempt++) {
    const fresh = await deps.ambassadors.get(me.id, true);
    if (!fresh || fresh.erased) throw new DomainError('not_registered');
    if (attempt >= ATTEMPTS) throw new DomainError('unavailable');
    current = fresh;
  }
};
