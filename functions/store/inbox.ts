/**
 * A recipient's inbox partition, as its owner reads and changes it (docs/api-contract.md §11;
 * the stream consumer writes it, functions/events/). Access patterns (docs/data-model.md):
 * - AP34 notifications, newest first: Query `pk = INBOX#<sub> AND begins_with(sk, N#)`, descending
 * - AP35 unread ones, newest first: Query `listings`, `gsi1pk = UNREAD#<sub>`, descending
 * - AP36 the unread counter: GetItem `INBOX#<sub>` / `UNREAD` (consistent)
 * - AP37 preferences: GetItem `INBOX#<sub>` / `PREFS`; a conditional Put on the version
 * - the erasure: Query of the whole partition and batch deletes, and the digest marker (AP40)
 *
 * Marking read is one transaction per batch of notifications: each notification becomes read
 * (condition: still unread; it leaves the sparse unread index and may expire), and the counter
 * goes down by exactly the number marked. A notification read meanwhile fails its condition and
 * the batch is read again and retried, so the counter stays exact under any interleaving.
 */
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '#domain/errors.ts';
import type { InboxEntry, NotificationsQuery, PreferencesRepo, VersionedPreferences } from '#domain/inbox.ts';
import { DEFAULT_PREFERENCES, type Preferences } from '#domain/notifications.ts';
import type { Outcome } from '#domain/ports.ts';
import { batchGet, batchWrite } from './batch.ts';
import { db, TABLE } from './client.ts';
import { type Key, listings, primary, strip } from './entities/define.ts';
import {
  digestMarkerKey,
  inboxPartition,
  NOTIFICATION_PREFIX,
  notificationEntity,
  preferencesEntity,
  unreadCounterEntity,
  unreadPartition,
} from './entities/notifications.ts';
import { counterAdd, type TxItem } from './items.ts';
import { type Page, type PageQuery, queryAll, queryPage } from './paging.ts';
import { named, transact, writeIf } from './transact.ts';

/** AP34, or AP35 with `unread=true`: a page of the caller's notifications, newest first. */
export const inboxPage = (sub: string, q: NotificationsQuery & PageQuery): Promise<Page<InboxEntry>> => {
  const unreadOnly = q.unread === 'true';
  return queryPage({
    // `unread=false` is the whole inbox, as when absent: the same query, the same cursors.
    fingerprint: `inbox|${sub}|${unreadOnly ? 'unread' : 'all'}`,
    input: unreadOnly
      ? { ...listings.query(unreadPartition(sub)), ScanIndexForward: false }
      : {
          ...primary.query(inboxPartition(sub), { beginsWith: NOTIFICATION_PREFIX }),
          ScanIndexForward: false,
        },
    keyAttributes: unreadOnly ? listings.keyAttributes : primary.keyAttributes,
    limit: q.limit,
    cursor: q.cursor,
    // The event's type is stored as `eventType` (the item's `type` is `Notification`): the
    // entry names it `type`, as the API does.
    map: (item) => {
      const { eventType, ...rest } = strip<Record<string, unknown>>(item);
      return { ...rest, type: eventType } as InboxEntry;
    },
  });
};

/** AP36: the exact unread count (never below 0, whatever a hand-made item says). */
export const unreadCount = async (sub: string): Promise<number> => {
  const out = await db.send(
    new GetCommand({
      TableName: TABLE,
      Key: unreadCounterEntity.key(sub),
      ProjectionExpression: 'unread',
      ConsistentRead: true,
    }),
  );
  return Math.max(0, Number(out.Item?.unread ?? 0));
};

// --- Marking read -------------------------------------------------------------------------

/** A transaction holds at most 100 items: 99 notifications and the counter. */
const BATCH = 99;
const ATTEMPTS = 8;
/** `all` marks at most this many in one request, and stops early when its time is spent. */
export const MARK_ALL_MAX = 1000;
const MARK_ALL_BUDGET_MS = 3000;

/** Full jitter over a window that doubles: parallel requests for the same items spread out. */
const pause = (attempt: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** Math.min(attempt, 5)));

const markItem = (sub: string, id: string, expiresAt: number): TxItem => ({
  Update: {
    TableName: TABLE,
    Key: notificationEntity.key(sub, id),
    UpdateExpression: 'SET #read = :true, expiresAt = :expires REMOVE gsi1pk, gsi1sk',
    ConditionExpression: '#read = :false',
    ExpressionAttributeNames: { '#read': 'read' },
    ExpressionAttributeValues: { ':true': true, ':false': false, ':expires': expiresAt },
  },
});

/**
 * Marks those of `ids` (at most BATCH) that are unread: reads them (consistently), then one
 * transaction; on a lost race (one was read meanwhile, or a delivery touched the counter) reads
 * again and retries. Answers how many it marked.
 */
const markBatch = async (sub: string, ids: readonly string[], expiresAt: number): Promise<number> => {
  for (let attempt = 1; ; attempt++) {
    const found = await batchGet(
      ids.map((id) => notificationEntity.key(sub, id)),
      { expression: 'sk, #read', names: { '#read': 'read' } },
      1,
      true,
    );
    const unread = found
      .filter((i) => i.read === false)
      .map((i) => String(i.sk).slice(NOTIFICATION_PREFIX.length));
    if (unread.length === 0) return 0;
    const { failed, conflicted } = await transact(
      [
        ...named('notification', ...unread.map((id) => markItem(sub, id, expiresAt))),
        ...named(
          'counter',
          ...counterAdd(unreadCounterEntity.key(sub), unreadCounterEntity.type, { unread: -unread.length }),
        ),
      ],
      { conflictIsRace: true },
    );
    if (failed.size === 0 && !conflicted) return unread.length;
    if (attempt >= ATTEMPTS) throw new DomainError('unavailable', 'Too many concurrent changes: try again');
    await pause(attempt);
  }
};

/** Marks the caller's notifications among `ids` read; unknown ids and read ones change nothing. */
export const markRead = async (sub: string, ids: readonly string[], expiresAt: number): Promise<void> => {
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += BATCH) await markBatch(sub, unique.slice(i, i + BATCH), expiresAt);
};

/**
 * `{ "all": true }`: the unread index (AP35) in pages, each page marked as one batch, until it
 * is exhausted, MARK_ALL_MAX are marked, or the request's share of time is spent; what is
 * left shows in the unread count the route answers (the client sends it again while above 0).
 * The index is read forward by its own cursor, so items it still lists after they were marked
 * (it is eventually consistent) are passed over, not read again.
 */
export const markAllRead = async (sub: string, expiresAt: number, startedAt = Date.now()): Promise<void> => {
  let startKey: Record<string, unknown> | undefined;
  let marked = 0;
  do {
    const out = await db.send(
      new QueryCommand({
        ...listings.query(unreadPartition(sub)),
        ProjectionExpression: 'sk',
        Limit: Math.min(BATCH, MARK_ALL_MAX - marked),
        ExclusiveStartKey: startKey,
      }),
    );
    const ids = (out.Items ?? []).map((i) => String(i.sk).slice(NOTIFICATION_PREFIX.length));
    if (ids.length) marked += await markBatch(sub, ids, expiresAt);
    startKey = out.LastEvaluatedKey;
  } while (startKey && marked < MARK_ALL_MAX && Date.now() - startedAt < MARK_ALL_BUDGET_MS);
};

// --- Preferences --------------------------------------------------------------------------

/** AP37 */
export const preferencesRepo: PreferencesRepo = {
  read: async (sub, consistent): Promise<VersionedPreferences> => {
    const out = await db.send(
      new GetCommand({ TableName: TABLE, Key: preferencesEntity.key(sub), ConsistentRead: consistent }),
    );
    if (!out.Item) return { preferences: DEFAULT_PREFERENCES, version: 0 };
    return { preferences: out.Item.preferences as Preferences, version: Number(out.Item.version) };
  },
  write: (sub, previous, next, at): Promise<Outcome> =>
    writeIf(() =>
      db.send(
        new PutCommand({
          TableName: TABLE,
          Item: preferencesEntity.item({ sub, preferences: next, version: previous + 1, updatedAt: at }),
          ...(previous === 0
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: 'version = :v',
                ExpressionAttributeValues: { ':v': previous },
              }),
        }),
      ),
    ),
};

// --- Erasure ------------------------------------------------------------------------------

/**
 * Erasure (docs/api-contract.md §10, §11): the recipient's whole partition (notifications,
 * counter, preferences, delivery records, digest state) and their digest marker. Keys only are
 * read; deleting what is already gone is no error, so a retry finishes what a failure left.
 */
export const eraseInbox = async (sub: string): Promise<void> => {
  const items = await queryAll({
    ...primary.query(inboxPartition(sub)),
    ProjectionExpression: primary.keyAttributes.join(', '),
  });
  const keys: Key[] = items.map((i) => ({ pk: String(i.pk), sk: String(i.sk) }));
  await batchWrite({ delete: [...keys, digestMarkerKey(sub)] });
};
