/**
 * Telling people (docs/api-contract.md §11): the outbox's event items, each recipient's inbox
 * partition (notifications, the unread counter, preferences, digest state and delivery
 * records) and the digest's queue. Everything about one recipient lives in `INBOX#<sub>`, so
 * the erasure deletes one partition (plus the one digest marker it can name).
 */
import { createHash } from 'node:crypto';
import type { DomainEvent, EventSubject, NotificationGroup, Preferences } from '#domain/notifications.ts';
import { entity, type Key, listings } from './define.ts';

// --- The outbox ---------------------------------------------------------------------------

export const EVENT_PREFIX = 'EVENT#';

/**
 * AP32. One event, written in the transaction of the change it tells of (a transactional
 * outbox). The stream consumer reads it from the table's stream (filter: `type` = `Event`,
 * INSERT); it expires after `expiresAt`, well after the stream's 24 hours.
 */
export const eventEntity = entity({
  type: 'Event',
  key: (id: string): Key => ({ pk: `${EVENT_PREFIX}${id}`, sk: 'EVENT' }),
  keyOf: (e: { event: DomainEvent; expiresAt: number }) => [e.event.id],
  attributes: (e: { event: DomainEvent; expiresAt: number }) => ({ event: e.event, expiresAt: e.expiresAt }),
});

/** AP33. The bus's delivery record of one event: put on the bus once. */
export const busDeliveryKey = (eventId: string): Key => ({ pk: `${EVENT_PREFIX}${eventId}`, sk: 'BUS' });

// --- A recipient's partition --------------------------------------------------------------

export const INBOX_PREFIX = 'INBOX#';
export const inboxPartition = (sub: string): string => `${INBOX_PREFIX}${sub}`;
/** The sort key prefix of notifications in the inbox partition. */
export const NOTIFICATION_PREFIX = 'N#';
/** The `listings` partition of a recipient's unread notifications (sparse: unread only). */
export const unreadPartition = (sub: string): string => `UNREAD#${sub}`;

/** A notification as stored: rendered in the recipient's language when read. */
export interface StoredNotification {
  recipient: string;
  /** The event's id. */
  id: string;
  /** The event's type; the item's own `type` stays `Notification`, as every item's names its kind. */
  eventType: DomainEvent['type'];
  group: NotificationGroup;
  at: string;
  read: boolean;
  subject: EventSubject;
  subjectTitle: string;
  /** Whether it waits for the recipient's digest (their choice for its group was `digest`). */
  digest: boolean;
  /** Set when read: read notifications expire; unread ones never do (the counter stays exact). */
  expiresAt?: number;
}

/**
 * AP34 (newest first: `pk = INBOX#<sub> AND begins_with(sk, N#)`, descending), AP35 (unread,
 * newest first: `listings`, `gsi1pk = UNREAD#<sub>`, descending). Keyed by the event's id, so a
 * retried delivery finds its own item: the notification is its own delivery record.
 */
export const notificationEntity = entity({
  type: 'Notification',
  key: (sub: string, eventId: string): Key => ({
    pk: inboxPartition(sub),
    sk: `${NOTIFICATION_PREFIX}${eventId}`,
  }),
  keyOf: (n: StoredNotification) => [n.recipient, n.id],
  attributes: ({ recipient: _r, ...n }: StoredNotification) => ({
    ...n,
    ...(n.read ? {} : listings.keys(unreadPartition(_r), n.id)),
  }),
});

/** AP36. A recipient's unread count: `ADD` with every delivery and every read (exact, no scan). */
export const unreadCounterEntity = {
  type: 'UnreadCounter',
  key: (sub: string): Key => ({ pk: inboxPartition(sub), sk: 'UNREAD' }),
} as const;

/** AP37. A person's preferences (absent: the defaults), with their version (ETag). */
export const preferencesEntity = entity({
  type: 'Preferences',
  key: (sub: string): Key => ({ pk: inboxPartition(sub), sk: 'PREFS' }),
  keyOf: (p: { sub: string; preferences: Preferences; version: number; updatedAt: string }) => [p.sub],
  attributes: (p: { sub: string; preferences: Preferences; version: number; updatedAt: string }) => ({
    preferences: p.preferences,
    version: p.version,
    updatedAt: p.updatedAt,
  }),
});

/** The channels an event reaches a recipient by, besides the inbox. */
export type DeliveryChannel = 'email' | `digest#${string}`;

/**
 * AP38. One email's delivery record: claimed (`sending`) before SES is called, `sent` after.
 * `channel` is `email` for an event's instant email, `digest#<date>` for a digest (one per
 * person and Oman date; the digest's record is keyed by the date, not an event).
 */
export const deliveryKey = (sub: string, channel: DeliveryChannel, eventId = ''): Key => ({
  pk: inboxPartition(sub),
  sk: channel === 'email' ? `SENT#email#${eventId}` : `SENT#${channel}`,
});

/** AP39. What the last digest covered: notifications after `lastEventId` are new. */
export const digestStateKey = (sub: string): Key => ({ pk: inboxPartition(sub), sk: 'DIGEST' });

// --- The digest queue ---------------------------------------------------------------------

/** The digest queue's shards: who has something waiting for a digest, spread over keys. */
export const DIGEST_SHARDS = 8;
export const digestShardOf = (sub: string): number =>
  createHash('sha256').update(sub).digest().readUInt32BE(0) % DIGEST_SHARDS;
export const digestShardPartition = (shard: number): string => `DIGESTQ#${shard}`;

/**
 * AP40. A recipient with a notification waiting for a digest (`pk = DIGESTQ#<shard>`, one
 * Query per shard). Put with every delivery of a `digest` notification (idempotent); the digest
 * job deletes it once it has sent, or found nothing to send.
 */
export const digestMarkerKey = (sub: string): Key => ({
  pk: digestShardPartition(digestShardOf(sub)),
  sk: sub,
});
