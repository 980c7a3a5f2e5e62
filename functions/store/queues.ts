/**
 * The staff review queues' state (docs/api-contract.md §11, `GET /staff/queues` and the queue
 * clock): the oldest waiting item and the number waiting, from the sparse `reviewQueue` index
 * (AP7 lectures, AP20 ideas), whose sort key begins with the instant the item started waiting.
 */
import { QueryCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { StaffQueue } from '#domain/inbox.ts';
import { db } from './client.ts';
import { type QueueKind, queue, reviewQueue } from './entities/define.ts';
import { tableDefinition } from './table.ts';

const SORT_KEY = tableDefinition.indexes.reviewQueue.sortKey;

export interface QueueState {
  waiting: number;
  /** When the oldest waiting item started waiting; undefined for an empty queue. */
  oldestSince: string | undefined;
}

/** One Query for the oldest item (Limit 1), and a `Select: COUNT` Query for the size. */
export const reviewQueueState = async (kind: QueueKind): Promise<QueueState> => {
  const input = reviewQueue.query(queue.partition(kind));
  const [first, waiting] = await Promise.all([
    db.send(new QueryCommand({ ...input, Limit: 1, ProjectionExpression: SORT_KEY })),
    countAll(input),
  ]);
  const sortKey = first.Items?.[0]?.[SORT_KEY];
  return {
    waiting,
    // `<at>#<id>`: an ISO instant holds no `#`.
    oldestSince: typeof sortKey === 'string' ? sortKey.slice(0, sortKey.indexOf('#')) : undefined,
  };
};

/** A COUNT Query reads the index's items without returning them, 1 MB a page. */
const countAll = async (input: ReturnType<typeof reviewQueue.query>): Promise<number> => {
  let total = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const out: QueryCommandOutput = await db.send(
      new QueryCommand({ ...input, Select: 'COUNT', ExclusiveStartKey: startKey }),
    );
    total += out.Count ?? 0;
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return total;
};

/** Every staff queue's state; `support` (§14) has no items yet. */
export const staffQueueStates = async (): Promise<Record<StaffQueue, QueueState>> => {
  const [lectures, ideas] = await Promise.all([reviewQueueState('lectures'), reviewQueueState('ideas')]);
  return { lectures, ideas, support: { waiting: 0, oldestSince: undefined } };
};
