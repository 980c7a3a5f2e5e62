/**
 * The per-caller write quota (api-contract.md §10 "Write quota"): at most `limit` writing
 * requests a minute per caller.
 * - AP29 a caller's counter for one minute: UpdateItem `pk = QUOTA#<caller>`, `sk = <window>`
 *   (the minute's first second, epoch seconds), `ADD n :one` on condition
 *   `attribute_not_exists(n) OR n < :limit`.
 * One conditional write per writing request (1 WCU: the item is a few bytes), never a read:
 * of many requests racing in one minute exactly `limit` succeed. The item carries the table's
 * TTL attribute, so DynamoDB deletes it once its minute is over (TTL deletes lazily, and old
 * windows are never read again, so a late deletion changes nothing).
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, TABLE } from './client.ts';
import { quotaCounterEntity } from './entities/system.ts';
import { tableDefinition } from './table.ts';
import { writeIf } from './transact.ts';

export const WINDOW_SECONDS = 60;

/**
 * Whose counter: `SUB#<sub>` for a signed-in caller, `IP#<address>` for a guest. A `sub` holds
 * no `#` (claims.ts), so neither can reach into the other's partition.
 */
export type QuotaSubject = `SUB#${string}` | `IP#${string}`;

export type QuotaAnswer = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Counts one writing request of `subject` in the minute of `now`; refused past `limit`. */
export const takeWrite = async (subject: QuotaSubject, now: Date, limit: number): Promise<QuotaAnswer> => {
  const nowSeconds = now.getTime() / 1000;
  const window = Math.floor(nowSeconds / WINDOW_SECONDS) * WINDOW_SECONDS;
  const outcome = await writeIf(
    () =>
      db.send(
        new UpdateCommand({
          TableName: TABLE,
          Key: quotaCounterEntity.key(subject, window),
          UpdateExpression: 'ADD n :one SET #ttl = :expires, #type = :type',
          ConditionExpression: 'attribute_not_exists(n) OR n < :limit',
          ExpressionAttributeNames: { '#ttl': tableDefinition.timeToLiveAttribute, '#type': 'type' },
          ExpressionAttributeValues: {
            ':one': 1,
            ':limit': limit,
            ':expires': window + 2 * WINDOW_SECONDS,
            ':type': quotaCounterEntity.type,
          },
        }),
      ),
    'full',
  );
  if (outcome === 'ok') return { allowed: true };
  // Until the window ends: at least 1 s, so a client never retries at once.
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(window + WINDOW_SECONDS - nowSeconds)) };
};
