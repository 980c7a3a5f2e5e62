/** List cursors: opaque (nothing of the key readable), bound to their query, tamper-evident. */
import { describe, expect, it } from 'vitest';
import { DomainError } from '#domain/errors.ts';

const { cursorCodec, decodeCursor, encodeCursor } = await import('#store/cursor.ts');
const { cachedSource, fixedSource } = await import('#store/cursor-keys.ts');

// A directory key as the store writes it: ids, a facet, and the folded name in the sort key.
const key = {
  pk: 'AMB#3f9d2c1e-7a4b-4c8e-9f21-0b6d5e4a3c21',
  sk: 'DIR#all',
  gsi1pk: 'DIR#q#ah',
  gsi1sk: 'ahmed al balushi#احمد البلوشي#3f9d2c1e-7a4b-4c8e-9f21-0b6d5e4a3c21',
};
const query = 'directory|[null,null,null,null,null,"ahmed"]';

const code = async (f: () => Promise<unknown>) => {
  try {
    await f();
  } catch (err) {
    return err instanceof DomainError ? err.code : String(err);
  }
  return 'accepted';
};

describe('list cursors', () => {
  it('round-trip to the same key, and stay short', async () => {
    const cursor = await encodeCursor(query, key);
    expect(cursor).toEqual(expect.any(String));
    expect(await decodeCursor(query, cursor as string)).toEqual(key);
    expect((cursor as string).length).toBeLessThan(400);
    expect(await encodeCursor(query, undefined)).toBeNull();
    expect(await decodeCursor(query, undefined)).toBeUndefined();
  });

  it('reveal nothing of the key, however they are decoded', async () => {
    const cursor = (await encodeCursor(query, key)) as string;
    for (const part of cursor.split('.')) {
      for (const encoding of ['base64url', 'base64'] as const) {
        const text = Buffer.from(part, encoding).toString('latin1');
        const utf8 = Buffer.from(part, encoding).toString('utf8');
        for (const secret of ['AMB#', 'DIR#', 'ahmed', 'balushi', '3f9d2c1e', 'gsi1pk'])
          expect(text.toLowerCase()).not.toContain(secret.toLowerCase());
        expect(utf8).not.toContain('البلوشي');
      }
    }
    // Two cursors for one key differ (random IV): equal keys cannot be told apart either.
    expect(await encodeCursor(query, key)).not.toBe(cursor);
  });

  it('an altered byte anywhere, or any other query, is invalid_cursor', async () => {
    const cursor = (await encodeCursor(query, key)) as string;
    const bytes = Buffer.from(cursor, 'base64url');
    for (let i = 0; i < bytes.length; i++) {
      const altered = Buffer.from(bytes);
      altered[i] = (altered[i] as number) ^ 0x01;
      expect(await code(() => decodeCursor(query, altered.toString('base64url'))), `byte ${i}`).toBe(
        'invalid_cursor',
      );
    }
    for (const bad of ['', 'x', 'garbage', `${cursor}A`, cursor.slice(0, -1), `${cursor}.x`, `a.${cursor}`])
      expect(await code(() => decodeCursor(query, bad)), bad).toBe('invalid_cursor');
    expect(await code(() => decodeCursor(`${query} `, cursor))).toBe('invalid_cursor');
    expect(await code(() => decodeCursor('directory|[null,null,null,null,null,null]', cursor))).toBe(
      'invalid_cursor',
    );
  });

  it('across a rotation: signed with the current value, verified under the current or the previous one', async () => {
    const before = cursorCodec(() => fixedSource({ current: 'old-secret' }));
    const after = cursorCodec(() => fixedSource({ current: 'new-secret', previous: 'old-secret' }));
    const later = cursorCodec(() => fixedSource({ current: 'newer-secret', previous: 'new-secret' }));
    const old = (await before.encodeCursor(query, key)) as string;
    expect(await after.decodeCursor(query, old)).toEqual(key);
    // Two rotations later the old value is gone: the cursor is refused.
    expect(await code(() => later.decodeCursor(query, old))).toBe('invalid_cursor');
    // New cursors are signed with the current value: the old secret alone cannot read them.
    const fresh = (await after.encodeCursor(query, key)) as string;
    expect(await code(() => before.decodeCursor(query, fresh))).toBe('invalid_cursor');
    expect(await later.decodeCursor(query, fresh)).toEqual(key);
    // Still bound to its query under the previous value.
    expect(await code(() => after.decodeCursor(`${query} `, old))).toBe('invalid_cursor');
  });

  it('a cursor under a value this function has not read yet makes one re-read, then verifies', async () => {
    let stored = { current: 'a-secret' };
    let reads = 0;
    let clock = 0;
    const source = cachedSource(
      async () => {
        reads += 1;
        return stored;
      },
      () => clock,
    );
    const reader = cursorCodec(() => source);
    expect(await reader.encodeCursor(query, key)).toEqual(expect.any(String));
    expect(reads).toBe(1);
    // Another function, already rotated, signs a cursor; this one still caches the old value.
    stored = { current: 'b-secret', previous: 'a-secret' } as typeof stored;
    const signedElsewhere = (await cursorCodec(() => fixedSource(stored)).encodeCursor(query, key)) as string;
    clock += 1000;
    expect(await reader.decodeCursor(query, signedElsewhere)).toEqual(key);
    expect(reads).toBe(2);
  });
});
