/**
 * The unsubscribe link's token (docs/api-contract.md §11): who and which group, signed with a key
 * derived from the cursor secret (./../store/cursor-keys.ts): the current value signs, the current
 * or the previous one verifies. Stand-in with the agreed signatures until the delivery's own
 * module replaces this file.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { type NotificationGroup, notificationGroups } from '#domain/notifications.ts';
import { sourceFromConfig } from '#store/cursor-keys.ts';

const MAX_TOKEN_CHARS = 512;
let source: ReturnType<typeof sourceFromConfig> | undefined;
const secrets = () => {
  source ??= sourceFromConfig();
  return source.get();
};
const keyOf = (secret: string) => createHmac('sha256', secret).update('unsubscribe').digest();
const mac = (secret: string, payload: string) => createHmac('sha256', keyOf(secret)).update(payload).digest();

export const signUnsubscribe = async (sub: string, group: NotificationGroup): Promise<string> => {
  const payload = Buffer.from(JSON.stringify([sub, group])).toString('base64url');
  return `${payload}.${mac((await secrets()).current, payload).toString('base64url')}`;
};

export const verifyUnsubscribe = async (
  token: string,
): Promise<{ sub: string; group: NotificationGroup } | undefined> => {
  if (token.length > MAX_TOKEN_CHARS) return undefined;
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return undefined;
  const given = Buffer.from(signature, 'base64url');
  const values = await secrets();
  const valid = [values.current, values.previous].some((secret) => {
    if (secret === undefined) return false;
    const expected = mac(secret, payload);
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
  if (!valid) return undefined;
  try {
    const [sub, group] = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown[];
    if (typeof sub !== 'string' || !(notificationGroups as readonly unknown[]).includes(group))
      return undefined;
    return { sub, group: group as NotificationGroup };
  } catch {
    return undefined;
  }
};
