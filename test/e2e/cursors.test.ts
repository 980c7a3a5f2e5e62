/**
 * Opaque cursors over HTTP (docs/api-contract.md §10): a directory cursor shows nothing of the
 * names or keys.
 */
import { describe, expect, it } from 'vitest';
import { call, newAmbassador, uniqueWord } from '#support/api.ts';

describe('directory cursors', () => {
  it('hold no readable part of the names, ids or keys they continue from, and still page', async () => {
    const word = uniqueWord();
    const first = await newAmbassador({ name: `سالم البلوشي ${word}` });
    const second = await newAmbassador({ name: `Salim Albalushi ${word}` });
    const page = await call('GET', `/ambassadors?q=${word}&limit=1`, { token: first.token });
    expect(page.status).toBe(200);
    const cursor: string = page.body.nextCursor;
    expect(cursor).toEqual(expect.any(String));
    const readable = [word, 'salim', 'albalushi', 'سالم', 'البلوشي', 'AMB#', 'DIR#', first.id, second.id];
    for (const part of cursor.split(/[.~_-]/).concat(cursor))
      for (const encoding of ['base64url', 'base64'] as const)
        for (const text of [
          Buffer.from(part, encoding).toString('latin1'),
          Buffer.from(part, encoding).toString('utf8'),
        ])
          for (const secret of readable) expect(text.toLowerCase()).not.toContain(secret.toLowerCase());
    for (const secret of readable) expect(cursor.toLowerCase()).not.toContain(secret.toLowerCase());

    const next = await call('GET', `/ambassadors?q=${word}&limit=1&cursor=${encodeURIComponent(cursor)}`, {
      token: first.token,
    });
    expect(next.status).toBe(200);
    const names = [...page.body.items, ...next.body.items].map((p: { name: string }) => p.name);
    expect(names.sort()).toEqual([`Salim Albalushi ${word}`, `سالم البلوشي ${word}`].sort());
  });
});
