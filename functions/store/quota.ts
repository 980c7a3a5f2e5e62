/**
 * The per-caller write quota (docs/api-contract.md §10 "Write quota"): at most `limit` writing
 * requests a minute per caller.
 * - AP29 a caller's counter for one minute: UpdateItem `pk = QUOTA#<caller>`, `sk = <window>`
 *   (the minute's first second, epoch seconds), `ADD n :one` on condition
 *   `attribute_not_exists(n) OR n < :limit`.
 * One conditional write per writing request (1 WCU: the item is a few bytes), never a read:
 * of many requests racing in one minute exactly `limit` succeed. The item carries the table's
 * TTL attribute, so DynamoDB deletes it once its minute is over (TTL deletes lazily, and old
 * windows are never read again, so a late deletion changes nothing).
 *
 * A lost answer is not counted twice: the update also records the request's id (`last`) and
 * requires a different one, so when the SDK retries an update DynamoDB had applied (its answer
 * lost to a client timeout), the condition fails and the old item, returned with the failure,
 * names this very request: it was counted, and it is allowed. Only the last id is kept (the
 * item stays one WCU); a retry that another request of the same caller overtook in between
 * still counts twice, which takes a lost answer and a concurrent request of one caller within
 * the same few seconds (docs/how-it-works.md, "The write quota and retries").
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, TABLE } from './client.ts';
import { quotaCounterEntity } from './entities/system.ts';
import { tableDefinition } from './table.ts';

export const WINDOW_SECONDS = 60;

/**
 * Whose counter: `SUB#<sub>` for a signed-in caller, `IP#<address>` for a guest. A `sub` holds
 * no `#` (claims.ts), so neither can reach into the other's partition.
 */
export type QuotaSubject = `SUB#${string}` | `IP#${string}`;

export type QuotaAnswer = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Counts one writing request of `subject` in the minute of `now`; refused past `limit`.
 * `requestId` names the request (the Lambda request id), so that a retried update is not
 * counted again.
 */
export const takeWrite = async (
  subject: QuotaSubject,
  now: Date,
  limit: number,
  requestId: string,
): Promise<QuotaAnswer> => {
  const nowSeconds = now.getTime() / 1000;
  const window = Math.floor(nowSeconds / WINDOW_SECONDS) * WINDOW_SECONDS;
  try {
    await db.send(
      new UpdateCommand({
        TableName: TABLE,
        Key: quotaCounterEntity.key(subject, window),
        UpdateExpression: 'ADD n :one SET #ttl = :expires, #type = :type, #last = :request',
        ConditionExpression:
          '(attribute_not_exists(n) OR n < :limit) AND (attribute_not_exists(#last) OR #last <> :request)',
        ExpressionAttributeNames: {
          '#ttl': tableDefinition.timeToLiveAttribute,
          '#type': 'type',
          '#last': 'last',
        },
        ExpressionAttributeValues: {
          ':one': 1,
          ':limit': limit,
          ':expires': window + 2 * WINDOW_SECONDS,
          ':type': quotaCounterEntity.type,
          ':request': requestId,
        },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { allowed: true };
  } catch (err) {
    if (!(err instanceof ConditionalCheckFailedException)) throw err;
    // This request's own earlier attempt went through: it was counted (and allowed) then.
    if (err.Item?.last?.S === requestId) return { allowed: true };
  }
  // Until the window ends: at least 1 s, so a client never retries at once.
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(window + WINDOW_SECONDS - nowSeconds)) };
};
