/** BatchGetItem and BatchWriteItem in chunks, asking again for what DynamoDB left unprocessed. */
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  BatchWriteCommand,
  type BatchWriteCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { db, TABLE } from './client.ts';
import type { Key } from './entities/define.ts';

const chunks = <T>(list: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, i * size + size));

const pause = (attempt: number) => new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
const MAX_ATTEMPTS = 8;

/** Every item found among `keys` (100 per call, a few calls in flight), in no particular order. */
export const batchGet = async (
  keys: readonly Key[],
  projection?: { expression: string; names?: Record<string, string> },
  parallel = 4,
  consistent = false,
): Promise<Record<string, unknown>[]> => {
  const pages = await mapLimit(chunks(keys, 100), parallel, async (chunk) => {
    const found: Record<string, unknown>[] = [];
    let pending: Record<string, unknown>[] = chunk;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= MAX_ATTEMPTS) throw new Error('BatchGetItem left keys unprocessed');
      if (attempt > 0) await pause(attempt);
      const out: BatchGetCommandOutput = await db.send(
        new BatchGetCommand({
          RequestItems: {
            [TABLE]: {
              Keys: pending,
              ...(consistent ? { ConsistentRead: true } : {}),
              ...(projection ? { ProjectionExpression: projection.expression } : {}),
              ...(projection?.names ? { ExpressionAttributeNames: projection.names } : {}),
            },
          },
        }),
      );
      found.push(...(out.Responses?.[TABLE] ?? []));
      pending = out.UnprocessedKeys?.[TABLE]?.Keys ?? [];
    }
    return found;
  });
  return pages.flat();
};

type WriteRequest = { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: Key } };

/** Puts and deletes, 25 per call, with a few calls in flight at once. */
export const batchWrite = async (
  writes: { put?: Record<string, unknown>[]; delete?: Key[] },
  parallel = 4,
): Promise<void> => {
  const requests: WriteRequest[] = [
    ...(writes.put ?? []).map((Item) => ({ PutRequest: { Item } })),
    ...(writes.delete ?? []).map((Key) => ({ DeleteRequest: { Key } })),
  ];
  const queue = chunks(requests, 25);
  const worker = async () => {
    for (let chunk = queue.shift(); chunk; chunk = queue.shift()) {
      let pending: WriteRequest[] = chunk;
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt >= MAX_ATTEMPTS) throw new Error('BatchWriteItem left writes unprocessed');
        if (attempt > 0) await pause(attempt);
        const out: BatchWriteCommandOutput = await db.send(
          new BatchWriteCommand({ RequestItems: { [TABLE]: pending } }),
        );
        pending = (out.UnprocessedItems?.[TABLE] ?? []) as WriteRequest[];
      }
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
};

/** Runs `fn` over `items` with at most `limit` calls in flight; results in input order. */
export const mapLimit = async <T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> => {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await fn(items[i] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
};
