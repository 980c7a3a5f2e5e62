/**
 * The one loop behind every optimistic write of the use cases: read, decide, write
 * conditionally, and on a lost race re-read and decide again.
 */
import { DomainError, type ErrorCode } from './errors.ts';
import type { Outcome } from './ports.ts';

/** The error a named outcome ends in: its code, or its code and a detail for the client. */
export type ReasonError = ErrorCode | readonly [ErrorCode, string];

export interface Race<S, D, F extends string> {
  /** At most this many writes; then the final error (below). */
  attempts: number;
  /**
   * Reads the state to decide on: eventually consistent on the first attempt (`consistent`
   * false; a case may then use the state it already holds), consistent after a lost race.
   * Throws the domain's 404 when there is nothing to decide on.
   */
  read: (consistent: boolean) => Promise<S>;
  /** Pure: what to write on this state, or the domain's 403/409 thrown. */
  decide: (state: S) => D;
  /** Writes the decision conditionally on `state` still being the stored version. */
  write: (state: S, decision: D) => Promise<Outcome<F>>;
  /** The error each named reason ends in; `changed` names the error after the last attempt. */
  reasons: { readonly [K in F | 'changed']?: ReasonError };
  /** Waits before the next attempt (jittered, growing with `attempt`); none when not wired. */
  pause?: ((attempt: number) => Promise<void>) | undefined;
}

const fail = (reason: ReasonError | undefined): DomainError =>
  reason === undefined
    ? new DomainError('unavailable')
    : typeof reason === 'string'
      ? new DomainError(reason)
      : new DomainError(reason[0], reason[1]);

/**
 * Runs a race to its end and returns the decision that was written.
 *
 * The rule for the final error, the same for every case:
 * - what `read` or `decide` throws ends the race at once (on a fresh state, that is the
 *   domain's answer: the lecture was reviewed meanwhile, the team is full);
 * - a named reason ends it at once with the error the case's `reasons` table names for it;
 * - 'changed' pauses, re-reads (consistently) and decides again, at most `attempts` writes;
 *   after the last one it ends with the table's `changed` error;
 * - an outcome the table does not name (for `changed`: when the case names none) is 503
 *   `unavailable`: try again later.
 * Nothing is written on any error: each write is one conditional request or transaction.
 */
export const decideAndWrite = async <S, D, F extends string = never>(race: Race<S, D, F>): Promise<D> => {
  for (let attempt = 1; ; attempt++) {
    const state = await race.read(attempt > 1);
    const decision = race.decide(state);
    const outcome = await race.write(state, decision);
    if (outcome === 'ok') return decision;
    if (outcome !== 'changed') throw fail(race.reasons[outcome]);
    if (attempt >= race.attempts) throw fail(race.reasons.changed);
    await race.pause?.(attempt);
  }
};
