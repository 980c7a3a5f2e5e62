/**
 * One page of a Query, the way every list of the API pages: `limit` items, an opaque signed
 * cursor bound to the query, and optional filters checked on the items read (the page may
 * then come back short, with a cursor to go on, rather than read without bound).
 */
import { QueryCommand, type QueryCommandInput, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { db } from './client.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { byOwner, type OwnedKind, owned, type QueueKind, queue, reviewQueue } from './entities/define.ts';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** How many items one request may examine when a filter narrows the query. */
const MAX_EXAMINED = 1000;

type Item = Record<string, unknown>;

export const queryPage = async <T>(opts: {
  /** Names the list and every filter; a cursor only continues the query it came from. */
  fingerprint: string;
  input: Omit<QueryCommandInput, 'Limit' | 'ExclusiveStartKey'>;
  /** The key attributes of the table and index queried, to build a cursor mid-page. */
  keyAttributes: string[];
  limit: number | undefined;
  cursor: string | undefined;
  filter?: ((item: Item) => boolean) | undefined;
  map: (item: Item) => T;
}): Promise<Page<T>> => {
  const limit = opts.limit ?? 20;
  let startKey = await decodeCursor(opts.fingerprint, opts.cursor);
  const items: T[] = [];
  let examined = 0;
  for (;;) {
    const out = await db.send(
      new QueryCommand({
        ...opts.input,
        // Unfiltered, read exactly what the page needs; filtered, read ahead in batches.
        Limit: opts.filter ? Math.min(100, Math.max(limit * 2, 25)) : limit - items.length,
        ExclusiveStartKey: startKey,
      }),
    );
    const batch = out.Items ?? [];
    for (const [i, item] of batch.entries()) {
      examined += 1;
      if (opts.filter && !opts.filter(item)) continue;
      items.push(opts.map(item));
      if (items.length === limit) {
        const atEnd = !out.LastEvaluatedKey && i === batch.length - 1;
        const last = Object.fromEntries(opts.keyAttributes.map((k) => [k, item[k]]));
        return { items, nextCursor: atEnd ? null : await encodeCursor(opts.fingerprint, last) };
      }
    }
    startKey = out.LastEvaluatedKey;
    if (!startKey) return { items, nextCursor: null };
    if (examined >= MAX_EXAMINED)
      return { items, nextCursor: await encodeCursor(opts.fingerprint, startKey) };
  }
};

export interface PageQuery {
  limit?: number | undefined;
  cursor?: string | undefined;
}

/** What one ambassador created of one kind, newest first (`byOwner` index). */
export const ownedPage = <T>(
  ownerId: string,
  kind: Extract<OwnedKind, 'LECT' | 'IDEA'>,
  q: PageQuery,
  map: (item: Item) => T,
) =>
  queryPage({
    fingerprint: `owned|${kind}|${ownerId}`,
    input: {
      ...byOwner.query(owned.partition(ownerId), { beginsWith: owned.prefix(kind) }),
      ScanIndexForward: false,
    },
    keyAttributes: byOwner.keyAttributes,
    limit: q.limit,
    cursor: q.cursor,
    map,
  });

/** A staff review queue, oldest first (`reviewQueue` index). */
export const queuePage = <T>(kind: QueueKind, q: PageQuery, map: (item: Item) => T) =>
  queryPage({
    fingerprint: `queue|${kind}`,
    input: reviewQueue.query(queue.partition(kind)),
    keyAttributes: reviewQueue.keyAttributes,
    limit: q.limit,
    cursor: q.cursor,
    map,
  });

/** Every item a query matches, page after page: for small, bounded collections only. */
export const queryAll = async (input: Omit<QueryCommandInput, 'ExclusiveStartKey'>): Promise<Item[]> => {
  const items: Item[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const out: QueryCommandOutput = await db.send(
      new QueryCommand({ ...input, ExclusiveStartKey: startKey }),
    );
    items.push(...(out.Items ?? []));
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return items;
};
