import { readExpiresAt } from '#domain/inbox.ts';
import { http } from '#http/kit.ts';
import { readNotificationsRoute } from '#http/routes/me.ts';
import { markAllRead, markRead, unreadCount } from '#store/inbox.ts';

export const handler = http(readNotificationsRoute, async ({ caller, body, now }) => {
  const expiresAt = readExpiresAt(now);
  if ('all' in body) await markAllRead(caller.id, expiresAt);
  else await markRead(caller.id, body.ids, expiresAt);
  return { body: { unread: await unreadCount(caller.id) } };
});
