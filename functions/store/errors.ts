/** Reading DynamoDB's failures: what is transient (which condition failed: transact.ts, by name). */

interface CancellationReason {
  Code?: string;
}

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
