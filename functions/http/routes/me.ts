/**
 * Notifications, preferences, unsubscribing and the staff queues (docs/api-contract.md §11):
 * this area's entries of the route table (./index.ts).
 */
import {
  notificationsQuerySchema,
  readRequestSchema,
  unsubscribeBodySchema,
  unsubscribeQuerySchema,
} from '#domain/inbox.ts';
import { preferencesSchema } from '#domain/notifications.ts';
import {
  notificationsPage,
  preferences,
  staffQueueList,
  unreadCount,
  unsubscribePageHtml,
  unsubscription,
} from '#http/responses/notifications.ts';
import { defineRoute } from '#http/route-spec.ts';
import { INDEX_PK, PK } from '#http/table-keys.ts';

export const listNotificationsRoute = defineRoute({
  id: 'listNotifications',
  method: 'GET',
  path: '/me/notifications',
  role: 'member',
  handler: 'me/notifications-list.ts',
  access: 'read',
  // The inbox (AP34), the unread counter (AP36) and the language (AP37); unread ones by the
  // sparse index (AP35).
  keys: { reads: [PK.inbox], indexes: { listings: [INDEX_PK.unread] } },
  status: 200,
  tag: 'Notifications',
  summary: "The caller's notifications, newest first, with the unread count",
  query: notificationsQuerySchema,
  response: notificationsPage,
});

export const readNotificationsRoute = defineRoute({
  id: 'readNotifications',
  method: 'POST',
  path: '/me/notifications/read',
  role: 'member',
  handler: 'me/notifications-read.ts',
  access: 'write',
  keys: { reads: [PK.inbox], writes: [PK.inbox], indexes: { listings: [INDEX_PK.unread] } },
  status: 200,
  tag: 'Notifications',
  summary:
    'Mark notifications read, by id (at most 100; unknown ids are ignored) or all; answers the unread count left. `all` marks up to 1,000 a request: while `unread` is above 0, send it again',
  body: readRequestSchema,
  response: unreadCount,
  requestExample: 'ReadNotifications',
});

export const getPreferencesRoute = defineRoute({
  id: 'getPreferences',
  method: 'GET',
  path: '/me/preferences',
  role: 'member',
  handler: 'me/preferences-get.ts',
  access: 'read',
  keys: { reads: [PK.inbox] },
  status: 200,
  tag: 'Notifications',
  summary:
    'The caller\'s notification preferences; the defaults until first saved (`ETag: "0"`), the version in the ETag only',
  response: preferences,
  etagOnly: true,
});

export const putPreferencesRoute = defineRoute({
  id: 'putPreferences',
  method: 'PUT',
  path: '/me/preferences',
  role: 'member',
  handler: 'me/preferences-put.ts',
  access: 'write',
  keys: { reads: [PK.inbox], writes: [PK.inbox] },
  status: 200,
  tag: 'Notifications',
  summary: "Replace the caller's notification preferences, the whole object (If-Match honoured)",
  body: preferencesSchema,
  response: preferences,
  etagOnly: true,
  requestExample: 'Preferences',
});

export const unsubscribePageRoute = defineRoute({
  id: 'unsubscribePage',
  method: 'GET',
  path: '/unsubscribe',
  role: 'public',
  handler: 'me/unsubscribe-page.ts',
  access: 'read',
  // The recipient's language, from their preferences (AP37). Changes nothing (RFC 8058).
  keys: { reads: [PK.inbox] },
  status: 200,
  tag: 'Notifications',
  summary:
    "What an email's unsubscribe link opens in a browser: a page naming the group, whose button posts the one-click form to `POST /unsubscribe`; changes nothing",
  query: unsubscribeQuerySchema,
  response: unsubscribePageHtml,
  responseContentType: 'text/html',
  htmlAnswers: true,
});

export const unsubscribeRoute = defineRoute({
  id: 'unsubscribe',
  method: 'POST',
  path: '/unsubscribe',
  role: 'public',
  handler: 'me/unsubscribe.ts',
  access: 'write',
  keys: { reads: [PK.inbox], writes: [PK.inbox] },
  status: 200,
  tag: 'Notifications',
  summary:
    "An email's unsubscribe link: that group's email becomes `off` (RFC 8058 one-click; an empty or JSON body too)",
  query: unsubscribeQuerySchema,
  body: unsubscribeBodySchema,
  response: unsubscription,
  formBody: true,
  htmlAnswers: true,
});

export const staffQueuesRoute = defineRoute({
  id: 'staffQueues',
  method: 'GET',
  path: '/staff/queues',
  role: 'staff',
  handler: 'me/staff-queues.ts',
  access: 'read',
  // The oldest item and the size of each review queue (AP7, AP20).
  keys: { indexes: { reviewQueue: [INDEX_PK.lectureQueue, INDEX_PK.ideaQueue] } },
  status: 200,
  tag: 'Staff',
  summary: 'How many items wait in each staff queue, and for how long the oldest has waited',
  response: staffQueueList,
});
