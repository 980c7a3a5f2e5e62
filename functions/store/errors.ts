/** Reading DynamoDB's failures: which condition of a transaction failed, and what is transient. */

interface CancellationReason {
  Code?: string;
}

/**
 * Indexes of the transaction items whose condition failed; empty if it was not cancelled.
 * Legacy: only functions/store/ideas.ts reads failures by position, until it moves to
 * `transact` (transact.ts), which reads them by name; then this goes.
 */
export const failedConditions = (err: unknown): number[] => {
  const e = err as { name?: string; CancellationReasons?: CancellationReason[] };
  if (e?.name !== 'TransactionCanceledException' || !e.CancellationReasons) return [];
  return e.CancellationReasons.flatMap((r, i) => (r.Code === 'ConditionalCheckFailed' ? [i] : []));
};

export const isConditionFailure = (err: unknown): boolean =>
  (err as { name?: string })?.name === 'ConditionalCheckFailedException' || failedConditions(err).length > 0;

const TRANSIENT = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TransactionConflictException',
  'TransactionInProgressException',
  'TimeoutError',
  'RequestTimeout',
  'ECONNREFUSED',
  'ECONNRESET',
  // The endpoint does not resolve or cannot be routed to: also worth a retry later.
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'EPIPE',
]);

/** The database is throttling, conflicting or unreachable: the client should retry later. */
export const isTransient = (err: unknown): boolean => {
  const e = err as { name?: string; code?: string; CancellationReasons?: CancellationReason[] };
  if (!e) return false;
  if (e.name && TRANSIENT.has(e.name)) return true;
  if (e.code && TRANSIENT.has(e.code)) return true;
  // A transaction cancelled only by conflicts or throttling, not by a condition.
  if (e.name === 'TransactionCanceledException' && e.CancellationReasons)
    return e.CancellationReasons.every(
      (r) => !r.Code || r.Code === 'None' || r.Code === 'TransactionConflict' || r.Code.includes('Throttl'),
    );
  return false;
};

/**
 * Runs a conditional write: true if it went through, false if its condition failed.
 * Legacy, for functions/store/ideas.ts until it answers outcomes with `writeIf` (transact.ts).
 */
export const conditional = async (send: () => Promise<unknown>): Promise<boolean> => {
  try {
    await send();
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
};
