/**
 * POST /unsubscribe?token=… (docs/api-contract.md §11): the link of every email, also posted by
 * mail providers as RFC 8058's one-click (`List-Unsubscribe=One-Click`, form-encoded), and by
 * the form of the page `GET /unsubscribe` shows. The token names the recipient and the group;
 * no sign-in. A browser (Accept prefers text/html) gets a page instead of the JSON.
 */
import { DomainError } from '#domain/errors.ts';
import { unsubscribeCase } from '#domain/inbox.ts';
import { invalidLinkPage, unsubscribedPage } from '#domain/unsubscribe-page.ts';
import { verifyUnsubscribe } from '#functions/notifications/unsubscribe-token.ts';
import { htmlReply, prefersHtml } from '#http/html.ts';
import { http } from '#http/kit.ts';
import { unsubscribeRoute } from '#http/routes/me.ts';
import { preferencesRepo } from '#store/inbox.ts';
import { pause } from './pause.ts';

export const handler = http(unsubscribeRoute, async ({ query, headers, lang, now }) => {
  const browser = prefersHtml(headers.accept);
  const who = await verifyUnsubscribe(query.token);
  if (!who) {
    if (!browser) throw new DomainError('invalid_token');
    return htmlReply(invalidLinkPage(lang), lang, 400);
  }
  const after = await unsubscribeCase(
    { preferences: preferencesRepo, now: () => now, pause },
    who.sub,
    who.group,
  );
  if (browser) {
    const { language } = after.preferences;
    return htmlReply(unsubscribedPage({ language, group: who.group }), language);
  }
  return { body: { group: who.group, email: 'off' } };
});
