/**
 * Idempotency records (api-contract.md §1): one per caller, route and `Idempotency-Key`.
 * - AP27 a record: GetItem IDEMP#<caller> / <route>#<key> (strongly consistent)
 * Claimed with a conditional put, so of two requests with one key exactly one runs; the
 * other waits for its answer. Records expire after 24 h by DynamoDB TTL; TTL deletes
 * lazily (and DynamoDB Local never does), so an expired record is treated as absent.
 *
 * States: `in_progress` (claimed; `claimToken` names the request holding it), `created`
 * (the resource's own transaction wrote it with the answer to give, so the creation and
 * the answer commit together: see creation.ts), `done` (the request's actual answer saved).
 */
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { batchWrite } from './batch.ts';
import { db, TABLE } from './client.ts';
import { primary } from './entities/define.ts';
import { idempotencyEntity, idempotencyPartition } from './entities/system.ts';
import type { TxItem } from './items.ts';
import { queryAll } from './paging.ts';
import { writeIf } from './transact.ts';

export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;
/** How long a claimed request may run before another attempt may take it over. */
export const IN_PROGRESS_SECONDS = 15;

export interface StoredResponse {
  statusCode: number;
  headers: Record<string, string>;
  body?: string | undefined;
}

export interface IdempotencyRecord {
  requestHash: string;
  state: 'in_progress' | 'created' | 'done';
  expiresAt: number;
  lockedUntil: number;
  claimToken?: string;
  response?: StoredResponse;
}

/** Erasure: every stored answer of this caller goes (best effort; they expire in 24 h anyway). */
export const forgetCaller = async (callerId: string): Promise<void> => {
  const items = await queryAll({
    ...primary.query(idempotencyPartition(callerId)),
    ProjectionExpression: primary.keyAttributes.join(', '),
  });
  await batchWrite({ delete: items.map((i) => ({ pk: String(i.pk), sk: String(i.sk) })) });
};

/**
 * Claims the key for this request; false when a live record holds it already. `token` is
 * this request's own: later writes for it hold only while the claim is still its.
 */
export const claim = async (
  scope: string,
  requestHash: string,
  nowSeconds: number,
  token: string,
): Promise<boolean> => {
  const outcome = await writeIf(() =>
    db.send(
      new PutCommand({
        TableName: TABLE,
        Item: idempotencyEntity.item({
          scope,
          requestHash,
          state: 'in_progress',
          expiresAt: nowSeconds + IDEMPOTENCY_TTL_SECONDS,
          lockedUntil: nowSeconds + IN_PROGRESS_SECONDS,
          claimToken: token,
        }),
        // Free, expired, or abandoned mid-flight by a request that never finished.
        ConditionExpression:
          'attribute_not_exists(pk) OR expiresAt < :now OR (#state = :progress AND lockedUntil < :now AND requestHash = :hash)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':now': nowSeconds, ':progress': 'in_progress', ':hash': requestHash },
      }),
    ),
  );
  return outcome === 'ok';
};

/** AP27. Expired records read as absent. */
export const readRecord = async (
  scope: string,
  nowSeconds: number,
): Promise<IdempotencyRecord | undefined> => {
  const out = await db.send(
    new GetCommand({ TableName: TABLE, Key: idempotencyEntity.key(scope), ConsistentRead: true }),
  );
  const item = out.Item as IdempotencyRecord | undefined;
  return item && item.expiresAt >= nowSeconds ? item : undefined;
};

export const complete = async (scope: string, response: StoredResponse): Promise<void> => {
  await db.send(
    new UpdateCommand({
      TableName: TABLE,
      Key: idempotencyEntity.key(scope),
      UpdateExpression: 'SET #state = :done, #response = :response',
      ExpressionAttributeNames: { '#state': 'state', '#response': 'response' },
      ExpressionAttributeValues: { ':done': 'done', ':response': response },
    }),
  );
};

/**
 * The transaction item that marks the record `created` with the answer to give, for the
 * resource's own transaction; it fails (cancelling the creation) unless the claim is still
 * this request's: a request whose lock lapsed and was taken over creates nothing.
 */
export const createdItem = (scope: string, token: string, response: StoredResponse): TxItem => ({
  Update: {
    TableName: TABLE,
    Key: idempotencyEntity.key(scope),
    UpdateExpression: 'SET #state = :created, #response = :response',
    ConditionExpression: '#state = :progress AND claimToken = :token',
    ExpressionAttributeNames: { '#state': 'state', '#response': 'response' },
    ExpressionAttributeValues: {
      ':created': 'created',
      ':progress': 'in_progress',
      ':token': token,
      ':response': response,
    },
  },
});

/**
 * Frees the key after a request that did not succeed, so the client may try again; only
 * while the claim is still this request's and nothing was created under it.
 */
export const release = async (scope: string, token: string): Promise<void> => {
  // 'changed': another request holds the claim now, or the resource was created: nothing to free.
  await writeIf(() =>
    db.send(
      new DeleteCommand({
        TableName: TABLE,
        Key: idempotencyEntity.key(scope),
        ConditionExpression: '#state = :progress AND claimToken = :token',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':progress': 'in_progress', ':token': token },
      }),
    ),
  );
};
