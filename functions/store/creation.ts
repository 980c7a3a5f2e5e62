/**
 * Exactly-once creation under an `Idempotency-Key` (docs/api-contract.md §1). The idempotency
 * middleware claims the key, then announces the claim for the request here; the store write
 * that creates the resource goes through `putCreation` or `transactCreation`, which add the record's
 * `created` update (with the answer to give) to the same transaction. The resource and its
 * answer then commit together: if saving the final answer fails afterwards, a retry finds
 * the record `created` and replays that answer instead of creating the resource again.
 *
 * The request scope is the capacity meter's: the HTTP kit opens one AsyncLocalStorage scope
 * per request (meter.ts), so its meter identifies the request without a second scope.
 * Without a key nothing is added, and a single put stays a PutItem: a request without a key
 * costs what it did.
 */
import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '#domain/errors.ts';
import { db } from './client.ts';
import { failedConditions } from './errors.ts';
import { createdItem, type StoredResponse } from './idempotency.ts';
import type { TxItem } from './items.ts';
import { type CapacityMeter, currentMeter } from './meter.ts';

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

/**
 * Sends the items that create a resource as one write; with a claimed key, the record's
 * `created` update goes last in the same transaction (the items keep their indexes, so
 * callers read `failedConditions` as before). A claim lost meanwhile (its lock lapsed and
 * a retry took it over) cancels the creation: 503, and the retry's answer is the one.
 */
const sendCreation = async (items: TxItem[], created: Created): Promise<void> => {
  const meter = currentMeter();
  const claim = meter && pending.get(meter);
  if (!claim) {
    const [only] = items;
    if (items.length === 1 && only?.Put) await db.send(new PutCommand(only.Put));
    else await db.send(new TransactWriteCommand({ TransactItems: items }));
    return;
  }
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [...items, createdItem(claim.scope, claim.token, claim.answer(created))],
      }),
    );
    // One resource per key: any later write of this request is an ordinary one.
    if (meter) pending.delete(meter);
  } catch (err) {
    if (failedConditions(err).includes(items.length))
      throw new DomainError('unavailable', 'Another request with this Idempotency-Key is running');
    throw err;
  }
};

/** A resource created by one conditional put (a PutItem without a key). */
export const putCreation = (put: NonNullable<TxItem['Put']>, created: Created): Promise<void> =>
  sendCreation([{ Put: put }], created);

/** A resource created by a transaction; the record's update is appended to its items. */
export const transactCreation = (input: { TransactItems: TxItem[] }, created: Created): Promise<void> =>
  sendCreation(input.TransactItems, created);
