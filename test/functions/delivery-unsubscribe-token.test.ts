/**
 * The unsubscribe token (functions/notifications/unsubscribe-token.ts): whom and which group
 * it turns off, nothing else, under the current or the previous cursor secret.
 */
import { describe, expect, inject, it } from 'vitest';
import { notificationGroups } from '#domain/notifications.ts';
import {
  signUnsubscribe,
  unsubscribeTokens,
  verifyUnsubscribe,
} from '#functions/notifications/unsubscribe-token.ts';
import { type CursorSecretSource, fixedSource } from '#store/cursor-keys.ts';

const SUB = '5a1c3e7e-1b2f-4c6d-9e8f-0a1b2c3d4e5f';
const codec = (values: { current: string; previous?: string }) => {
  const source = fixedSource(values);
  return unsubscribeTokens(() => source);
};

/** `token` with one base64url character changed at `at` (kept canonical). */
const alter = (token: string, at: number) => {
  const bytes = Buffer.from(token, 'base64url');
  const i = Math.min(Math.max(0, at), bytes.length - 1);
  bytes[i] = (bytes[i] as number) ^ 0x01;
  return bytes.toString('base64url');
};

describe('the unsubscribe token', () => {
  it('verifies to the sub and group it was signed for, for every group', async () => {
    const t = codec({ current: 's1' });
    for (const group of notificationGroups) {
      const token = await t.signUnsubscribe(SUB, group);
      expect(token).toMatch(/^[\w-]+$/);
      expect(token.length).toBeLessThan(100);
      expect(await t.verifyUnsubscribe(token)).toEqual({ sub: SUB, group });
    }
  });

  it('refuses an altered token: any byte of the version, group, sub or tag', async () => {
    const t = codec({ current: 's1' });
    const token = await t.signUnsubscribe(SUB, 'team');
    const length = Buffer.from(token, 'base64url').length;
    for (const at of [0, 1, 2, 10, length - 17, length - 16, length - 1])
      expect(await t.verifyUnsubscribe(alter(token, at))).toBeUndefined();
    // A non-canonical spelling of the same bytes, truncations and junk.
    expect(await t.verifyUnsubscribe(token.slice(0, -1))).toBeUndefined();
    expect(await t.verifyUnsubscribe(`${token}A`)).toBeUndefined();
    expect(await t.verifyUnsubscribe('')).toBeUndefined();
    expect(await t.verifyUnsubscribe('not a token!')).toBeUndefined();
    expect(await t.verifyUnsubscribe('A'.repeat(10_000))).toBeUndefined();
  });

  it('cannot be moved to another group or another person', async () => {
    const t = codec({ current: 's1' });
    const token = await t.signUnsubscribe(SUB, 'reviews');
    const bytes = Buffer.from(token, 'base64url');
    const otherGroup = Buffer.from(bytes);
    otherGroup[1] = notificationGroups.indexOf('team');
    expect(await t.verifyUnsubscribe(otherGroup.toString('base64url'))).toBeUndefined();
    const other = await t.signUnsubscribe('someone-else', 'reviews');
    const spliced = Buffer.concat([
      Buffer.from(other, 'base64url').subarray(0, -16),
      bytes.subarray(bytes.length - 16),
    ]);
    expect(await t.verifyUnsubscribe(spliced.toString('base64url'))).toBeUndefined();
  });

  it('verifies under the previous secret after a rotation, and not after two', async () => {
    const before = await codec({ current: 'old' }).signUnsubscribe(SUB, 'showcase');
    expect(await codec({ current: 'new', previous: 'old' }).verifyUnsubscribe(before)).toEqual({
      sub: SUB,
      group: 'showcase',
    });
    expect(await codec({ current: 'newer', previous: 'new' }).verifyUnsubscribe(before)).toBeUndefined();
    // Signed with the current value only.
    const after = await codec({ current: 'new', previous: 'old' }).signUnsubscribe(SUB, 'showcase');
    expect(await codec({ current: 'old' }).verifyUnsubscribe(after)).toBeUndefined();
  });

  it('uses a key of its own: a token does not verify under the bare secret HMAC', async () => {
    const { createHmac } = await import('node:crypto');
    const token = await codec({ current: 's1' }).signUnsubscribe(SUB, 'team');
    const bytes = Buffer.from(token, 'base64url');
    const payload = bytes.subarray(0, -16);
    const bare = createHmac('sha256', 's1').update(payload).digest().subarray(0, 16);
    expect(bare.equals(bytes.subarray(-16))).toBe(false);
  });

  it('re-reads the secret once when a token verifies under neither value', async () => {
    let values: { current: string; previous?: string } = { current: 'a' };
    let rereads = 0;
    const source: CursorSecretSource = {
      get: async () => values,
      refreshAfterMiss: async () => {
        rereads += 1;
        values = { current: 'b', previous: 'a' };
        return true;
      },
    };
    const signed = await codec({ current: 'b' }).signUnsubscribe(SUB, 'team');
    expect(await unsubscribeTokens(() => source).verifyUnsubscribe(signed)).toEqual({
      sub: SUB,
      group: 'team',
    });
    expect(rereads).toBe(1);
  });

  it('refuses to sign an empty or oversized sub', async () => {
    const t = codec({ current: 's1' });
    await expect(t.signUnsubscribe('', 'team')).rejects.toThrow(RangeError);
    await expect(t.signUnsubscribe('x'.repeat(129), 'team')).rejects.toThrow(RangeError);
    const longest = await t.signUnsubscribe('x'.repeat(128), 'team');
    expect(await t.verifyUnsubscribe(longest)).toEqual({ sub: 'x'.repeat(128), group: 'team' });
  });

  it('is configured from the cursor secret (CURSOR_SECRET)', async () => {
    const token = await signUnsubscribe(SUB, 'discussion');
    expect(await verifyUnsubscribe(token)).toEqual({ sub: SUB, group: 'discussion' });
    expect(await codec({ current: inject('cursorSecret') }).verifyUnsubscribe(token)).toEqual({
      sub: SUB,
      group: 'discussion',
    });
  });
});
