import { notificationView } from '#domain/inbox.ts';
import { http } from '#http/kit.ts';
import { listNotificationsRoute } from '#http/routes/me.ts';
import { inboxPage, preferencesRepo, unreadCount } from '#store/inbox.ts';

/** Titles and bodies are rendered now, in the caller's preferred language (§11). */
export const handler = http(listNotificationsRoute, async ({ caller, query }) => {
  const [page, unread, prefs] = await Promise.all([
    inboxPage(caller.id, query),
    unreadCount(caller.id),
    preferencesRepo.read(caller.id, false),
  ]);
  const language = prefs.preferences.language;
  return {
    body: {
      items: page.items.map((n) => notificationView(n, language)),
      nextCursor: page.nextCursor,
      unread,
    },
  };
});
