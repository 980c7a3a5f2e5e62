/**
 * GET /unsubscribe?token=… (docs/api-contract.md §11): what the link of every email opens in a
 * browser. It changes nothing (RFC 8058: a GET never unsubscribes; scanners follow links), and
 * shows a page in the recipient's language (their preferences; the token names who and which
 * group) whose button posts the one-click form to the same URL. A bad token: a page saying so
 * to a browser, problem+json `invalid_token` to anyone else.
 */
import { DomainError } from '#domain/errors.ts';
import { invalidLinkPage, unsubscribePage } from '#domain/unsubscribe-page.ts';
import { verifyUnsubscribe } from '#functions/notifications/unsubscribe-token.ts';
import { htmlReply, prefersHtml } from '#http/html.ts';
import { http } from '#http/kit.ts';
import { unsubscribePageRoute } from '#http/routes/me.ts';
import { preferencesRepo } from '#store/inbox.ts';

export const handler = http(unsubscribePageRoute, async ({ query, headers, lang }) => {
  const who = await verifyUnsubscribe(query.token);
  if (!who) {
    if (!prefersHtml(headers.accept)) throw new DomainError('invalid_token');
    return htmlReply(invalidLinkPage(lang), lang, 400);
  }
  const { language } = (await preferencesRepo.read(who.sub, false)).preferences;
  // The same path, the same token: the form posts where the link points.
  const action = `?token=${encodeURIComponent(query.token)}`;
  return htmlReply(unsubscribePage({ language, group: who.group, action }), language);
});
