/**
 * Conditional writes that answer an Outcome (domain/ports.ts). A transaction is a list of
 * named items; when DynamoDB cancels it, the items whose condition failed are read back by
 * name (`failed.has('membership')`), never by position.
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Outcome } from '#domain/ports.ts';
import { db } from './client.ts';
import type { TxItem } from './items.ts';

/** One item of a transaction, named for what it stands for (several items may share a name). */
export interface Named<N extends string> {
  name: N;
  item: TxItem;
}

/** Names every item of `items` (a list of listings, counters…) `name`. */
export const named = <N extends string>(name: N, ...items: TxItem[]): Named<N>[] =>
  items.map((item) => ({ name, item }));

export interface Written<N extends string> {
  /** The names of the items whose condition failed; empty when the write went through. */
  failed: ReadonlySet<N>;
  /**
   * DynamoDB cancelled the transaction because another one held an item it touched: nothing
   * was written. Only with `{ conflictIsRace: true }`; otherwise a conflict throws (503).
   */
  conflicted?: true;
}

/** A cancellation by a concurrent transaction on one of the items (TransactionConflict). */
export const isConflict = (err: unknown): boolean => {
  const e = err as Cancelled;
  return (
    e?.name === 'TransactionCanceledException' &&
    (e.CancellationReasons ?? []).some((r) => r.Code === 'TransactionConflict')
  );
};

interface Cancelled {
  name?: string;
  CancellationReasons?: { Code?: string }[];
}

/**
 * The names of the items whose condition failed, read from what DynamoDB threw for `items`
 * (a cancelled transaction, or the failed condition of a single write); undefined when
 * `err` is no failed condition (a conflict, throttling, the network: the caller rethrows).
 */
export const failedNames = <N extends string>(
  err: unknown,
  items: readonly Named<N>[],
): Set<N> | undefined => {
  const e = err as Cancelled;
  const [only] = items;
  if (e?.name === 'ConditionalCheckFailedException' && only && items.length === 1)
    return new Set([only.name]);
  if (e?.name !== 'TransactionCanceledException' || !e.CancellationReasons) return undefined;
  const failed = new Set<N>();
  e.CancellationReasons.forEach((r, i) => {
    const item = items[i];
    if (r.Code === 'ConditionalCheckFailed' && item) failed.add(item.name);
  });
  return failed.size > 0 ? failed : undefined;
};

/**
 * Sends `items` as one transaction; a failed condition is an answer, anything else throws.
 * With `conflictIsRace`, a conflict with another transaction is an answer too (`conflicted`),
 * for writes that re-read and decide again on a lost race anyway.
 */
export const transact = async <N extends string>(
  items: readonly Named<N>[],
  options: { conflictIsRace?: boolean } = {},
): Promise<Written<N>> => {
  try {
    await db.send(new TransactWriteCommand({ TransactItems: items.map((i) => i.item) }));
    return { failed: new Set() };
  } catch (err) {
    const failed = failedNames(err, items);
    if (options.conflictIsRace && isConflict(err)) return { failed: failed ?? new Set(), conflicted: true };
    if (!failed) throw err;
    return { failed };
  }
};

/**
 * Runs one conditional request (PutItem, UpdateItem, DeleteItem): 'ok' when written,
 * `otherwise` (by default 'changed': the item read is no longer the stored version) when
 * its condition failed. Anything else throws.
 */
export function writeIf(send: () => Promise<unknown>): Promise<Outcome>;
export function writeIf<F extends string>(send: () => Promise<unknown>, otherwise: F): Promise<'ok' | F>;
export async function writeIf(send: () => Promise<unknown>, otherwise = 'changed'): Promise<string> {
  try {
    await send();
    return 'ok';
  } catch (err) {
    if ((err as Cancelled)?.name === 'ConditionalCheckFailedException') return otherwise;
    throw err;
  }
}
