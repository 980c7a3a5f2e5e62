/** Item types of the platform itself: idempotency records and the write quota's counters. */
import type { IdempotencyRecord } from '../idempotency.ts';
import { entity, type Key } from './define.ts';

const IDEMPOTENCY_PREFIX = 'IDEMP#';

const idempotencyKey = (scope: string): Key => {
  const cut = scope.indexOf('#');
  return { pk: idempotencyPartition(scope.slice(0, cut)), sk: scope.slice(cut + 1) };
};

/** Every record of one caller. */
export const idempotencyPartition = (callerId: string): string => `${IDEMPOTENCY_PREFIX}${callerId}`;

/**
 * AP27. One stored answer per caller, route and key. `scope` is
 * `<caller>#<route>#<key>`: a caller's records share one partition, so an erasure finds them.
 */
export const idempotencyEntity = entity({
  type: 'IdempotencyRecord',
  key: idempotencyKey,
  keyOf: (r: IdempotencyRecord & { scope: string }) => [r.scope],
  attributes: ({ scope: _scope, ...record }: IdempotencyRecord & { scope: string }) => record,
});

/** AP29. A caller's count of writing requests in one minute (`window`: its first second). */
export const quotaCounterEntity = {
  type: 'QuotaCounter',
  key: (subject: string, window: number): Key => ({ pk: `QUOTA#${subject}`, sk: String(window) }),
} as const;
