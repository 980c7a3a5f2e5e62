/**
 * The unsubscribe token of an email's link (docs/api-contract.md §11, RFC 8058): who
 * (`sub`) and which preference group, signed so that nobody can turn off someone else's
 * emails. `POST /unsubscribe?token=…` verifies it.
 *
 * Layout, base64url: 1 version byte | 1 group byte | the sub (UTF-8) | 16-byte tag, where the
 * tag is HMAC-SHA256 over everything before it, truncated to 128 bits (ample against forgery,
 * and the link stays short: about 70 characters for a Cognito sub).
 *
 * The key is derived from the cursor secret (functions/store/cursor-keys.ts) under its own
 * label, so a cursor's key and a token's key never coincide. Signed with the current value,
 * verified under the current or the previous one: a link keeps working across one rotation
 * (90 days at least). Tokens do not expire otherwise: an unsubscribe link must work whenever
 * the reader finds the email, and all it can do is turn emails off.
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { type NotificationGroup, notificationGroups } from '#domain/notifications.ts';
import { type CursorSecretSource, sourceFromConfig } from '#store/cursor-keys.ts';

const VERSION = 1;
const TAG_BYTES = 16;
/** A sub longer than any Cognito sub is refused when signing; tokens past this are never read. */
const MAX_SUB_BYTES = 128;
const MAX_TOKEN_CHARS = Math.ceil(((2 + MAX_SUB_BYTES + TAG_BYTES) * 4) / 3);

const keys = new Map<string, Buffer>();
const keyOf = (secret: string): Buffer => {
  let key = keys.get(secret);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', secret, '', 'sca/unsubscribe/v1', 32));
    if (keys.size >= 4) keys.clear();
    keys.set(secret, key);
  }
  return key;
};

const tagOf = (secret: string, payload: Buffer): Buffer =>
  createHmac('sha256', keyOf(secret)).update(payload).digest().subarray(0, TAG_BYTES);

const verifiesUnder = (secret: string | undefined, payload: Buffer, tag: Buffer): boolean =>
  secret !== undefined && timingSafeEqual(tagOf(secret, payload), tag);

export interface Unsubscribe {
  sub: string;
  group: NotificationGroup;
}

/** Tokens under the secret `source` gives (tests pass their own; the functions use the configured one). */
export const unsubscribeTokens = (source: () => CursorSecretSource) => {
  const sign = async (sub: string, group: NotificationGroup): Promise<string> => {
    const subBytes = Buffer.from(sub, 'utf8');
    const groupIndex = notificationGroups.indexOf(group);
    if (subBytes.length === 0 || subBytes.length > MAX_SUB_BYTES || groupIndex < 0)
      throw new RangeError('An unsubscribe token needs a sub of 1 to 128 bytes and a known group');
    const payload = Buffer.concat([Buffer.of(VERSION, groupIndex), subBytes]);
    const tag = tagOf((await source().get()).current, payload);
    return Buffer.concat([payload, tag]).toString('base64url');
  };

  const verify = async (token: string): Promise<Unsubscribe | undefined> => {
    if (typeof token !== 'string' || token.length > MAX_TOKEN_CHARS || !/^[\w-]+$/.test(token))
      return undefined;
    const bytes = Buffer.from(token, 'base64url');
    // Base64url decoding ignores trailing bits: only the canonical spelling is accepted.
    if (bytes.length < 3 + TAG_BYTES || bytes.toString('base64url') !== token) return undefined;
    const payload = bytes.subarray(0, bytes.length - TAG_BYTES);
    const tag = bytes.subarray(bytes.length - TAG_BYTES);
    const group = notificationGroups[payload[1] as number];
    if (payload[0] !== VERSION || !group) return undefined;
    let values = await source().get();
    let ok = verifiesUnder(values.current, payload, tag) || verifiesUnder(values.previous, payload, tag);
    // Under neither value: the secret may have rotated since it was read (re-read at most every 5 s).
    if (!ok && (await source().refreshAfterMiss())) {
      values = await source().get();
      ok = verifiesUnder(values.current, payload, tag) || verifiesUnder(values.previous, payload, tag);
    }
    if (!ok) return undefined;
    const sub = payload.subarray(2).toString('utf8');
    // A sub that is not valid UTF-8 was never signed here (sign takes a string).
    return Buffer.from(sub, 'utf8').equals(payload.subarray(2)) ? { sub, group } : undefined;
  };

  return { signUnsubscribe: sign, verifyUnsubscribe: verify };
};

// Made at first use: the secret source is read from configuration only where a token is made or read.
let configured: ReturnType<typeof unsubscribeTokens> | undefined;
const tokens = () => {
  if (!configured) {
    const source = sourceFromConfig();
    configured = unsubscribeTokens(() => source);
  }
  return configured;
};

/** A token for `sub`'s emails of `group`, signed with the current secret. */
export const signUnsubscribe = (sub: string, group: NotificationGroup): Promise<string> =>
  tokens().signUnsubscribe(sub, group);

/** Who and which group, when `token` was signed here (under the current or previous secret); else undefined. */
export const verifyUnsubscribe = (token: string): Promise<Unsubscribe | undefined> =>
  tokens().verifyUnsubscribe(token);
