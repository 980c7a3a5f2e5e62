/**
 * POST /unsubscribe?token=… (docs/api-contract.md §11): the link of every email, also posted by
 * mail providers as RFC 8058's one-click (`List-Unsubscribe=One-Click`, form-encoded). The token
 * names the recipient and the group; no sign-in.
 */
import { DomainError } from '#domain/errors.ts';
import { unsubscribeCase } from '#domain/inbox.ts';
import { verifyUnsubscribe } from '#functions/notifications/unsubscribe-token.ts';
import { http } from '#http/kit.ts';
import { unsubscribeRoute } from '#http/routes/me.ts';
import { preferencesRepo } from '#store/inbox.ts';
import { pause } from './pause.ts';

export const handler = http(unsubscribeRoute, async ({ query, now }) => {
  const who = await verifyUnsubscribe(query.token);
  if (!who) throw new DomainError('invalid_token');
  await unsubscribeCase({ preferences: preferencesRepo, now: () => now, pause }, who.sub, who.group);
  return { body: { group: who.group, email: 'off' } };
});
