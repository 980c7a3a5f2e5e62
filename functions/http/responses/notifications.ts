/** Notification, preference and staff queue responses (docs/api-contract.md §11): see ./common.ts. */
import * as z from 'zod/mini';
import { staffQueues } from '#domain/inbox.ts';
import { digestCadences, emailChoices, eventTypes, notificationGroups } from '#domain/notifications.ts';
import { count, instant, language, str } from './common.ts';

export const eventType = z.enum(eventTypes as [string, ...string[]]);
export const notificationGroup = z.enum(notificationGroups);

/** What a notification is about: `path` is the subject's API path. */
export const notificationSubject = z.object({
  type: z.enum(['lecture', 'idea', 'comment', 'certificate', 'challenge']),
  id: str,
  path: str,
});

/** One notification, its title and body in the caller's preferred language. */
export const notification = z.object({
  id: str,
  type: eventType,
  at: instant,
  read: z.boolean(),
  title: str,
  body: str,
  subject: notificationSubject,
});

/** The inbox's page, with the caller's exact unread count. */
export const notificationsPage = z.object({
  items: z.array(notification),
  nextCursor: z.nullable(str),
  unread: count(),
});

/** The caller's unread count after marking. */
export const unreadCount = z.object({ unread: count() });

const emailChoice = z.enum(emailChoices);

/** Exactly the §11 object; its version travels in the `ETag` only. */
export const preferences = z.object({
  language,
  email: z.object(
    Object.fromEntries(notificationGroups.map((g) => [g, emailChoice])) as {
      [G in (typeof notificationGroups)[number]]: typeof emailChoice;
    },
  ),
  digest: z.enum(digestCadences),
});

/** `GET /unsubscribe`: the page that asks to confirm (HTML). */
export const unsubscribePageHtml = z.string();

/** `POST /unsubscribe`: which group's email is now off. */
export const unsubscription = z.object({ group: notificationGroup, email: z.literal('off') });

export const queueStats = z.object({
  queue: z.enum(staffQueues),
  waiting: count(),
  oldestWaitingSeconds: count(),
});
export const staffQueueList = z.object({ items: z.array(queueStats) });
