/**
 * Exactly-once creation under an `Idempotency-Key` (docs/api-contract.md §1). The idempotency
 * middleware claims the key, then announces the claim for the request here; the store write
 * that creates the resource goes through `creationPut` or `creationTransaction`, which add the record's
 * `created` update (with the answer to give) to the same transaction. The resource and its
 * answer then commit together: if saving the final answer fails afterwards, a retry finds
 * the record `created` and replays that answer instead of creating the resource again.
 *
 * The request scope is the capacity meter's: the HTTP kit opens one AsyncLocalStorage scope
 * per request (meter.ts), so its meter identifies the request without a second scope.
 * Without a key nothing is added, and a single put stays a PutItem: a request without a key
 * costs what it did.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '#domain/errors.ts';
import { db } from './client.ts';
import { createdItem, type StoredResponse } from './idempotency.ts';
import type { TxItem } from './items.ts';
import { type CapacityMeter, currentMeter } from './meter.ts';
import { type Named, transact, type Written, writeIf } from './transact.ts';

/** What the created resource is, for the answer: its body as the handler returns it, and its id. */
export interface Created {
  body: object;
  /** The last segment of its `Location`. */
  id: string;
  /** Its `ETag`, where the route sends one. */
  version?: number;
}

export interface PendingCreation {
  scope: string;
  token: string;
  /** The answer the request will give for this resource. */
  answer: (created: Created) => StoredResponse;
}

const pending = new WeakMap<CapacityMeter, PendingCreation>();

/** The middleware's side: this request holds a claimed key and may create one resource. */
export const expectCreation = (p: PendingCreation): void => {
  const meter = currentMeter();
  if (meter) pending.set(meter, p);
};

/** The name of the idempotency record's update in a creating transaction. */
const CLAIM = 'idempotency-claim';

/**
 * Sends the items that create a resource as one write; with a claimed key, the record's
 * `created` update goes in the same transaction. A claim lost meanwhile (its lock lapsed and
 * a retry took it over) cancels the creation: 503, and the retry's answer is the one.
 * A failed condition of the caller's items is an answer, read by name.
 */
const sendCreation = async <N extends string>(
  items: readonly Named<N>[],
  created: Created,
): Promise<Written<N>> => {
  const meter = currentMeter();
  const claim = meter && pending.get(meter);
  const [only] = items;
  if (!claim && only && items.length === 1 && only.item.Put) {
    // Without a key a single put stays a PutItem: a request without a key costs what it did.
    const put = only.item.Put;
    const outcome = await writeIf(() => db.send(new PutCommand(put)));
    return { failed: new Set(outcome === 'ok' ? [] : [only.name]) };
  }
  if (!claim) return transact(items);
  const written = await transact<N | typeof CLAIM>([
    ...items,
    { name: CLAIM, item: createdItem(claim.scope, claim.token, claim.answer(created)) },
  ]);
  if (written.failed.has(CLAIM))
    throw new DomainError('unavailable', 'Another request with this Idempotency-Key is running');
  // One resource per key: any later write of this request is an ordinary one.
  if (written.failed.size === 0 && meter) pending.delete(meter);
  return written as Written<N>;
};

/** A resource created by one conditional put (a PutItem without a key), named `name`. */
export const creationPut = <N extends string>(
  name: N,
  put: NonNullable<TxItem['Put']>,
  created: Created,
): Promise<Written<N>> => sendCreation([{ name, item: { Put: put } }], created);

/** A resource created by a transaction of named items; the record's update is appended. */
export const creationTransaction = <N extends string>(
  items: readonly Named<N>[],
  created: Created,
): Promise<Written<N>> => sendCreation(items, created);
