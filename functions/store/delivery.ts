/**
 * What the stream consumer (functions/events/deliver.ts) and the digest job
 * (functions/scheduled/digest.ts) read and write (docs/api-contract.md §11, AP33–AP40).
 *
 * Exactly once per recipient and channel, from an at-least-once stream: every effect has a
 * record that a retry finds.
 * - The inbox: the notification is its own record (`attribute_not_exists(pk)`), written in one
 *   transaction with the unread counter's `ADD 1` and the digest marker, so the counter counts
 *   each notification once.
 * - An email, a digest, the bus: a delivery record is claimed (`sending`) before the call and
 *   marked `sent` after it; a record found `sent` is skipped; a failed call deletes the claim
 *   so that the retry calls again.
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_PREFERENCES, type Preferences, preferencesSchema } from '#domain/notifications.ts';
import { db, TABLE } from './client.ts';
import { profileEntity } from './entities/ambassadors.ts';
import { type Key, primary } from './entities/define.ts';
import {
  digestMarkerKey,
  digestShardPartition,
  digestStateKey,
  NOTIFICATION_PREFIX,
  notificationEntity,
  preferencesEntity,
  type StoredNotification,
  unreadCounterEntity,
} from './entities/notifications.ts';
import { counterAdd } from './items.ts';
import { named, transact, writeIf } from './transact.ts';

/** Delivery records outlive the stream's 24 hours (and a replay of it) by far, then expire. */
export const DELIVERY_RECORD_TTL_SECONDS = 7 * 24 * 3600;

const expiry = (at: string) => Math.floor(new Date(at).getTime() / 1000) + DELIVERY_RECORD_TTL_SECONDS;

// --- Reads --------------------------------------------------------------------------------

/** AP37: the recipient's preferences; the defaults when they never chose (or the item is unreadable). */
export const readPreferences = async (sub: string): Promise<Preferences> => {
  const out = await db.send(
    new GetCommand({
      TableName: TABLE,
      Key: preferencesEntity.key(sub),
      ProjectionExpression: 'preferences',
    }),
  );
  const parsed = preferencesSchema.safeParse(out.Item?.preferences);
  return parsed.success ? parsed.data : DEFAULT_PREFERENCES;
};

/**
 * AP1: the address to email `sub` at, from their ambassador profile. Members who never
 * registered have no profile, hence no address: they get the inbox only.
 */
export const readEmailAddress = async (sub: string): Promise<string | undefined> => {
  const out = await db.send(
    new GetCommand({
      TableName: TABLE,
      Key: profileEntity.key(sub),
      ProjectionExpression: 'email',
    }),
  );
  const email = out.Item?.email;
  return typeof email === 'string' && email.length > 0 ? email : undefined;
};

// --- The inbox ----------------------------------------------------------------------------

/** The digest marker (AP40): names the newest event it waits for, so the digest only removes what it covered. */
const markerPut = (sub: string, eventId: string) => ({
  Put: {
    TableName: TABLE,
    Item: { ...digestMarkerKey(sub), type: 'DigestMarker', sub, lastEventId: eventId },
  },
});

/**
 * AP34 + AP36 (+ AP40): the notification, its unread count and, when it waits for the digest,
 * the recipient's digest marker, in one transaction, on the condition that the recipient's
 * profile is no erasure tombstone (AP1; no profile at all, a member who never registered, is
 * told). `duplicate`: it was delivered before (the retry of a batch), and nothing was written
 * again. `erased`: the recipient erased their data since the event named them (its inbox was
 * deleted with it): nothing was written, nothing is to be sent.
 */
export const writeNotification = async (
  n: StoredNotification,
): Promise<'delivered' | 'duplicate' | 'erased'> => {
  const written = await transact([
    ...named('recipient', {
      ConditionCheck: {
        TableName: TABLE,
        Key: profileEntity.key(n.recipient),
        ConditionExpression: 'attribute_not_exists(erased)',
      },
    }),
    ...named('notification', {
      Put: {
        TableName: TABLE,
        Item: notificationEntity.item(n),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    }),
    ...named(
      'counter',
      ...counterAdd(unreadCounterEntity.key(n.recipient), unreadCounterEntity.type, { unread: 1 }),
    ),
    ...(n.digest ? named('marker', markerPut(n.recipient, n.id)) : []),
  ]);
  if (written.failed.has('recipient')) return 'erased';
  return written.failed.has('notification') ? 'duplicate' : 'delivered';
};

// --- Delivery records (AP33, AP38) --------------------------------------------------------

export type DeliveryRecordType = 'EmailDelivery' | 'DigestDelivery' | 'BusDelivery';

/**
 * Claims the record at `key` before a call to SES or EventBridge. `claimed`: go ahead;
 * `resumed`: a claim was left `sending` (the function stopped between the call and its mark),
 * so whether that call went out is unknown: it is made again (the one at-least-once window,
 * accepted over losing the email); `sent`: done before, skip.
 */
export const claimDelivery = async (
  key: Key,
  type: DeliveryRecordType,
  at: string,
): Promise<'claimed' | 'resumed' | 'sent'> => {
  try {
    const out = await db.send(
      new PutCommand({
        TableName: TABLE,
        Item: { ...key, type, status: 'sending', at, expiresAt: expiry(at) },
        ConditionExpression: 'attribute_not_exists(pk) OR #status <> :sent',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sent': 'sent' },
        ReturnValues: 'ALL_OLD',
      }),
    );
    return out.Attributes ? 'resumed' : 'claimed';
  } catch (err) {
    if ((err as { name?: string }).name === 'ConditionalCheckFailedException') return 'sent';
    throw err;
  }
};

const markSentUpdate = (key: Key, at: string, messageId: string | undefined) => ({
  TableName: TABLE,
  Key: key,
  UpdateExpression: messageId
    ? 'SET #status = :sent, sentAt = :at, messageId = :id'
    : 'SET #status = :sent, sentAt = :at',
  ExpressionAttributeNames: { '#status': 'status' },
  ExpressionAttributeValues: { ':sent': 'sent', ':at': at, ...(messageId ? { ':id': messageId } : {}) },
});

/** The call went out: a retry of the record skips it. */
export const markSent = async (key: Key, at: string, messageId?: string): Promise<void> => {
  await db.send(new UpdateCommand(markSentUpdate(key, at, messageId)));
};

/** The call failed: the claim goes, so the retry calls again. A record already `sent` stays. */
export const releaseClaim = async (key: Key): Promise<void> => {
  await writeIf(() =>
    db.send(
      new DeleteCommand({
        TableName: TABLE,
        Key: key,
        ConditionExpression: '#status = :sending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sending': 'sending' },
      }),
    ),
  );
};

// --- The digest ---------------------------------------------------------------------------

export interface DigestMarker {
  sub: string;
  /** The newest event the marker was put for. */
  lastEventId?: string;
}

/** AP40: one page of a digest shard's markers. */
export const digestMarkerPage = async (
  shard: number,
  limit: number,
  startKey?: Record<string, unknown>,
): Promise<{ markers: DigestMarker[]; next?: Record<string, unknown> }> => {
  const out = await db.send(
    new QueryCommand({
      ...primary.query(digestShardPartition(shard)),
      Limit: limit,
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    }),
  );
  return {
    markers: (out.Items ?? []).map((i) => ({
      sub: String(i.sk),
      ...(typeof i.lastEventId === 'string' ? { lastEventId: i.lastEventId } : {}),
    })),
    ...(out.LastEvaluatedKey ? { next: out.LastEvaluatedKey } : {}),
  };
};

/**
 * Removes `sub`'s marker once the digest covered everything up to `coveredEventId`; a marker
 * put since for a newer event stays, for the next digest. Without `coveredEventId`, always.
 */
export const deleteDigestMarker = async (sub: string, coveredEventId?: string): Promise<void> => {
  await writeIf(() =>
    db.send(
      new DeleteCommand({
        TableName: TABLE,
        Key: digestMarkerKey(sub),
        ...(coveredEventId
          ? {
              ConditionExpression: 'attribute_not_exists(lastEventId) OR lastEventId <= :covered',
              ExpressionAttributeValues: { ':covered': coveredEventId },
            }
          : {}),
      }),
    ),
  );
};

/** AP39: the newest event the last digest covered (none before the first digest). */
export const readDigestState = async (sub: string): Promise<{ lastEventId?: string }> => {
  const out = await db.send(
    new GetCommand({ TableName: TABLE, Key: digestStateKey(sub), ConsistentRead: true }),
  );
  return typeof out.Item?.lastEventId === 'string' ? { lastEventId: out.Item.lastEventId } : {};
};

/** A notification waiting for the digest; `type` is the event's type (stored as `eventType`). */
export type DigestCandidate = Pick<StoredNotification, 'id' | 'group' | 'at' | 'subject' | 'subjectTitle'> & {
  type: StoredNotification['eventType'];
};

/**
 * AP34: `sub`'s unread notifications that wait for a digest, newer than `afterEventId`,
 * oldest first, at most `max` (the rest wait for the next digest or are read in the app).
 * The filter reads only the notifications since the last digest, never the whole inbox.
 */
export const digestCandidates = async (
  sub: string,
  afterEventId: string | undefined,
  max: number,
): Promise<DigestCandidate[]> => {
  const from = `${NOTIFICATION_PREFIX}${afterEventId ?? ''}`;
  // '~' sorts after every ULID character: the range ends after the last notification.
  const to = `${NOTIFICATION_PREFIX}~`;
  const found: DigestCandidate[] = [];
  let startKey: Record<string, unknown> | undefined;
  const range = primary.query(notificationEntity.key(sub, '').pk, { between: [from, to] });
  do {
    const out = await db.send(
      new QueryCommand({
        ...range,
        FilterExpression: '#read = :false AND digest = :true',
        ExpressionAttributeNames: { '#read': 'read' },
        ExpressionAttributeValues: { ...range.ExpressionAttributeValues, ':false': false, ':true': true },
        ConsistentRead: true,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    for (const i of out.Items ?? []) {
      if (i.id === afterEventId) continue;
      found.push({
        id: i.id,
        type: i.eventType,
        group: i.group,
        at: i.at,
        subject: i.subject,
        subjectTitle: i.subjectTitle,
      } as DigestCandidate);
      if (found.length >= max) return found;
    }
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return found;
};

/**
 * The digest went out: its record is `sent` and the digest state moves to the newest event it
 * covered, in one transaction, so a digest is never sent twice for a date nor its items twice.
 */
export const completeDigest = async (
  recordKey: Key,
  sub: string,
  coveredEventId: string,
  at: string,
  messageId: string | undefined,
): Promise<void> => {
  await transact([
    ...named('record', { Update: markSentUpdate(recordKey, at, messageId) }),
    ...named('state', {
      Put: {
        TableName: TABLE,
        Item: { ...digestStateKey(sub), type: 'DigestState', lastEventId: coveredEventId, updatedAt: at },
      },
    }),
  ]);
};
