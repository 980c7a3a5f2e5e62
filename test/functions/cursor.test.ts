/** List cursors: opaque (nothing of the key readable), bound to their query, tamper-evident. */
import { describe, expect, it } from 'vitest';
import { DomainError } from '#domain/errors.ts';

const { decodeCursor, encodeCursor } = await import('#store/cursor.ts');

// A directory key as the store writes it: ids, a facet, and the folded name in the sort key.
const key = {
  pk: 'AMB#3f9d2c1e-7a4b-4c8e-9f21-0b6d5e4a3c21',
  sk: 'DIR#all',
  gsi1pk: 'DIR#q#ah',
  gsi1sk: 'ahmed al balushi#احمد البلوشي#3f9d2c1e-7a4b-4c8e-9f21-0b6d5e4a3c21',
};
const query = 'directory|[null,null,null,null,null,"ahmed"]';

const code = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    return err instanceof DomainError ? err.code : String(err);
  }
  return 'accepted';
};

describe('list cursors', () => {
  it('round-trip to the same key, and stay short', () => {
    const cursor = encodeCursor(query, key);
    expect(cursor).toEqual(expect.any(String));
    expect(decodeCursor(query, cursor as string)).toEqual(key);
    expect((cursor as string).length).toBeLessThan(400);
    expect(encodeCursor(query, undefined)).toBeNull();
    expect(decodeCursor(query, undefined)).toBeUndefined();
  });

  it('reveal nothing of the key, however they are decoded', () => {
    const cursor = encodeCursor(query, key) as string;
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
    expect(encodeCursor(query, key)).not.toBe(cursor);
  });

  it('an altered byte anywhere, or any other query, is invalid_cursor', () => {
    const cursor = encodeCursor(query, key) as string;
    const bytes = Buffer.from(cursor, 'base64url');
    for (let i = 0; i < bytes.length; i++) {
      const altered = Buffer.from(bytes);
      altered[i] = (altered[i] as number) ^ 0x01;
      expect(
        code(() => decodeCursor(query, altered.toString('base64url'))),
        `byte ${i}`,
      ).toBe('invalid_cursor');
    }
    for (const bad of ['', 'x', 'garbage', `${cursor}A`, cursor.slice(0, -1), `${cursor}.x`, `a.${cursor}`])
      expect(
        code(() => decodeCursor(query, bad)),
        bad,
      ).toBe('invalid_cursor');
    expect(code(() => decodeCursor(`${query} `, cursor))).toBe('invalid_cursor');
    expect(code(() => decodeCursor('directory|[null,null,null,null,null,null]', cursor))).toBe(
      'invalid_cursor',
    );
  });
});
