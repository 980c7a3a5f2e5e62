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
import { releaseTeamsCase } from './idea-cases.ts';
import type { AmbassadorRepo, Backoff, Clock, ErasureMark, IdeaRepo, IdGenerator } from './ports.ts';
import { decideAndWrite } from './races.ts';
import { assertExpectedVersion, type ExpectedVersion } from './versions.ts';

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
  const outcome = await deps.ambassadors.register(ambassador, previous);
  // A registration that lost a race to another one finds the profile taken: no retry.
  if (outcome !== 'ok') throw new DomainError(outcome === 'changed' ? 'already_registered' : outcome);
  return ambassador;
};

/** The caller's profile: `me` (read by the HTTP layer) first, then consistently after a lost race. */
const profileOf = (deps: { ambassadors: AmbassadorRepo }, me: Ambassador) => async (consistent: boolean) => {
  if (!consistent) return me;
  const fresh = await deps.ambassadors.get(me.id, true);
  if (!fresh || fresh.erased) throw new DomainError('not_registered');
  return fresh;
};

export const updateProfileCase = (
  deps: { ambassadors: AmbassadorRepo } & Clock,
  me: Ambassador,
  patch: ProfilePatch,
  expectedVersion: ExpectedVersion,
): Promise<Ambassador> =>
  decideAndWrite({
    attempts: ATTEMPTS,
    read: profileOf(deps, me),
    decide: (current): Ambassador => {
      assertExpectedVersion(expectedVersion, current.version);
      return {
        ...current,
        ...patchProfile(current, patch),
        updatedAt: deps.now().toISOString(),
        version: current.version + 1,
      };
    },
    write: (current, next) => deps.ambassadors.update(current, next),
    reasons: { changed: 'version_mismatch' },
  });

/**
 * Erasure (PDPL; §10 "Erasure and teams") is a sequence of idempotent steps, not one
 * transaction over an unbounded number of items. It is provably complete:
 * 1. the profile is marked as being erased: from then on no join request, accept or hand-over
 *    can attach the ambassador to a team (each is conditional on the mark's absence), so the
 *    sets the next steps drain can only shrink;
 * 2. the team steps (releaseTeamsCase) each re-read their state and do nothing when already
 *    done, so running them again after any failure finishes what is left;
 * 3. only then are the personal data removed, in one transaction. Until it has committed the
 *    caller is still registered and can retry `DELETE /ambassadors/me`, which runs 1–3 again.
 */
export const eraseAmbassadorCase = async (
  deps: { ambassadors: AmbassadorRepo & ErasureMark; ideas: IdeaRepo } & Clock & IdGenerator & Backoff,
  me: Ambassador,
): Promise<void> => {
  await deps.ambassadors.beginErasure(me.id, deps.now().toISOString());
  await releaseTeamsCase(deps, me.id);
  // A concurrent write bumps the version; erase the fresh copy instead.
  await decideAndWrite({
    attempts: ATTEMPTS,
    read: profileOf(deps, me),
    decide: () => deps.now().toISOString(),
    write: (current, at) => deps.ambassadors.erase(current, at),
    reasons: {},
  });
};
