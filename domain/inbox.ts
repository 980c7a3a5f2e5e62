/**
 * The recipient's side of notifications (docs/api-contract.md §11): what the inbox routes
 * accept, how a stored notification reads in the caller's language, when a read one expires,
 * how unsubscribing changes preferences, and the staff queues' ages. Pure; the routes
 * (functions/http/me/) apply these rules to what the store reads.
 */
import * as z from 'zod/mini';
import {
  type EventSubject,
  type EventType,
  type Language,
  type NotificationGroup,
  notificationGroups,
  notificationText,
  type Preferences,
} from './notifications.ts';
import type { Backoff, Clock, Outcome } from './ports.ts';
import { decideAndWrite } from './races.ts';
import { paging } from './schema-kit.ts';
import { assertExpectedVersion, type ExpectedVersion } from './versions.ts';

/** `GET /me/notifications`: paged, optionally only the unread ones. */
export const notificationsQuerySchema = z.strictObject({
  unread: z.optional(z.enum(['true', 'false'])),
  ...paging,
});
export type NotificationsQuery = z.infer<typeof notificationsQuerySchema>;

/** At most this many ids in one `POST /me/notifications/read` (§11). */
export const MAX_READ_IDS = 100;

/**
 * `POST /me/notifications/read`: exactly one of `{ ids }` and `{ all: true }`. An id is any
 * short string: one that is unknown, or another person's, is ignored (it can only name an item
 * in the caller's own partition).
 */
export const readRequestSchema = z.union([
  z.strictObject({
    ids: z
      .array(z.string().check(z.minLength(1), z.maxLength(128)))
      .check(z.minLength(1), z.maxLength(MAX_READ_IDS)),
  }),
  z.strictObject({ all: z.literal(true) }),
]);
export type ReadRequest = z.infer<typeof readRequestSchema>;

/** `POST /unsubscribe?token=…`: the signed token from the email's link. */
export const unsubscribeQuerySchema = z.strictObject({
  token: z.string().check(z.minLength(1), z.maxLength(1024)),
});

/**
 * The body of `POST /unsubscribe`: none, `{}`, or RFC 8058's one-click body
 * (`List-Unsubscribe=One-Click`, form-encoded or as JSON). Nothing else: unknown fields are
 * refused, as everywhere.
 */
export const unsubscribeBodySchema = z.optional(
  z.strictObject({ 'List-Unsubscribe': z.optional(z.literal('One-Click')) }),
);

/** Read notifications stay 90 days; unread ones never expire (the counter stays exact). */
export const READ_RETENTION_SECONDS = 90 * 24 * 3600;

/** When a notification read at `now` expires (epoch seconds, the table's TTL attribute). */
export const readExpiresAt = (now: Date): number => Math.floor(now.getTime() / 1000) + READ_RETENTION_SECONDS;

/** A notification as the store keeps it: the fields its view needs. */
export interface InboxEntry {
  id: string;
  type: EventType;
  at: string;
  read: boolean;
  subject: EventSubject;
  subjectTitle: string;
}

/** A notification as its recipient reads it: title and body rendered now, in `language`. */
export const notificationView = (n: InboxEntry, language: Language) => ({
  id: n.id,
  type: n.type,
  at: n.at,
  read: n.read,
  ...notificationText(n.type, language, { subjectTitle: n.subjectTitle }),
  subject: { type: n.subject.type, id: n.subject.id, path: n.subject.path },
});
export type NotificationView = ReturnType<typeof notificationView>;

/** The preferences after unsubscribing from `group`'s email; undefined when already off. */
export const unsubscribed = (prefs: Preferences, group: NotificationGroup): Preferences | undefined =>
  prefs.email[group] === 'off' ? undefined : { ...prefs, email: { ...prefs.email, [group]: 'off' } };

export const isNotificationGroup = (g: string): g is NotificationGroup =>
  (notificationGroups as readonly string[]).includes(g);

// --- Preferences, versioned ---------------------------------------------------------------

/** A person's preferences and their version: 0 for the defaults, never saved. */
export interface VersionedPreferences {
  preferences: Preferences;
  version: number;
}

export interface PreferencesRepo {
  /** The stored preferences, or the defaults at version 0. */
  read: (sub: string, consistent: boolean) => Promise<VersionedPreferences>;
  /** Writes `next` as version `previous + 1`, if `previous` is still the stored version. */
  write: (sub: string, previous: number, next: Preferences, at: string) => Promise<Outcome>;
}

type PreferencesDeps = { preferences: PreferencesRepo } & Clock & Backoff;
const ATTEMPTS = 4;

/**
 * `PUT /me/preferences`: the whole object, as version + 1. With `If-Match` a stale version is
 * 412, also when another write lands between the read and this one.
 */
export const savePreferencesCase = (
  deps: PreferencesDeps,
  sub: string,
  next: Preferences,
  expected: ExpectedVersion,
): Promise<VersionedPreferences> =>
  decideAndWrite({
    attempts: ATTEMPTS,
    pause: deps.pause,
    read: (consistent) => deps.preferences.read(sub, consistent),
    decide: (current) => {
      assertExpectedVersion(expected, current.version);
      return { preferences: next, version: current.version + 1 };
    },
    write: (current, d) =>
      deps.preferences.write(sub, current.version, d.preferences, deps.now().toISOString()),
    reasons: {},
  });

/**
 * `POST /unsubscribe`: the group's email becomes `off` (a new version); already off, nothing
 * is written, so a link followed twice answers the same.
 */
export const unsubscribeCase = (
  deps: PreferencesDeps,
  sub: string,
  group: NotificationGroup,
): Promise<VersionedPreferences> =>
  decideAndWrite({
    attempts: ATTEMPTS,
    pause: deps.pause,
    read: (consistent) => deps.preferences.read(sub, consistent),
    decide: (current) => {
      const next = unsubscribed(current.preferences, group);
      return next ? { preferences: next, version: current.version + 1 } : current;
    },
    write: (current, d): Promise<Outcome> =>
      d === current
        ? Promise.resolve('ok')
        : deps.preferences.write(sub, current.version, d.preferences, deps.now().toISOString()),
    reasons: {},
  });

// --- Staff queues -------------------------------------------------------------------------

/** The staff queues of §11, in the answer's order; `support` (§14) has no items yet. */
export const staffQueues = ['lectures', 'ideas', 'support'] as const;
export type StaffQueue = (typeof staffQueues)[number];

/**
 * How long the oldest item of a queue has waited at `now`, in whole seconds: 0 for an empty
 * queue, never negative (an item stamped by a clock slightly ahead).
 */
export const oldestWaitingSeconds = (oldestSince: string | undefined, now: Date): number =>
  oldestSince === undefined ? 0 : Math.max(0, Math.floor((now.getTime() - Date.parse(oldestSince)) / 1000));

/** One queue as `GET /staff/queues` shows it and the queue clock measures it. */
export const staffQueueView = (
  queue: StaffQueue,
  state: { waiting: number; oldestSince: string | undefined },
  now: Date,
) => ({ queue, waiting: state.waiting, oldestWaitingSeconds: oldestWaitingSeconds(state.oldestSince, now) });

/** The alarm's threshold (§11): something has waited more than 48 hours. */
export const QUEUE_ALARM_SECONDS = 48 * 3600;
