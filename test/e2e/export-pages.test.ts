/**
 * The export is bounded (docs/api-contract.md §10): `GET /ambassadors/me/export` answers at most
 * 1 MB; a larger one is paged with `cursor`/`nextCursor`, the profile on the first page.
 * Realistic data passes the real budget: 300 comments of 2,000 Arabic characters (4 KB of
 * UTF-8 each), written through the store as the comment route writes them.
 */
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { EXPORT_PAGE_BYTES } from '#domain/export.ts';
import { ideaRepo } from '#store/ideas.ts';
import { baseUrl, call, newAmbassador, newLecture, staffToken } from '#support/api.ts';

const COMMENTS = 300;

describe('the export, in pages of at most 1 MB (§10)', () => {
  it('pages whose union is everything, each within 1 MB, the profile on the first only; cursors are checked', async () => {
    const [me, other] = await Promise.all([newAmbassador(), newAmbassador()]);
    const staff = await staffToken();
    const lectures = [
      await newLecture(me.token),
      await newLecture(me.token, { title: 'A second lecture here' }),
    ];
    const created = await call('POST', '/ideas', {
      token: me.token,
      body: {
        title: 'An idea with a long discussion',
        summary: 'An idea its author discusses at great length, so that the export needs pages.',
        city: 'nizwa',
        tags: ['water'],
        missions: ['research'],
        teamSize: 3,
      },
    });
    expect(created.status).toBe(201);
    const ideaId = created.body.id;
    expect(
      (await call('POST', `/staff/ideas/${ideaId}/decision`, { token: staff, body: { decision: 'approve' } }))
        .status,
    ).toBe(200);
    const idea = await ideaRepo.get(ideaId, true);
    if (!idea) throw new Error('no idea');
    const body = 'ب'.repeat(2000);
    const ids: string[] = [];
    for (let i = 0; i < COMMENTS; i += 25)
      await Promise.all(
        Array.from({ length: Math.min(25, COMMENTS - i) }, async () => {
          const id = ulid();
          ids.push(id);
          const outcome = await ideaRepo.addComment(idea, {
            id,
            ideaId,
            authorId: me.id,
            body,
            createdAt: new Date().toISOString(),
            version: 1,
          });
          expect(outcome).toBe('ok');
        }),
      );

    const pages: any[] = [];
    let cursor: string | null = null;
    do {
      const path: string = `/ambassadors/me/export${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await fetch(`${baseUrl()}${path}`, {
        headers: { authorization: `Bearer ${me.token}` },
      });
      const text = await res.text();
      expect(res.status, text.slice(0, 200)).toBe(200);
      expect(Buffer.byteLength(text), `page ${pages.length + 1}`).toBeLessThanOrEqual(EXPORT_PAGE_BYTES);
      // And through the checked client, so every page matches the published document.
      const checked = await call('GET', path, { token: me.token });
      // Cursors are encrypted with a fresh IV each time, so the two differ; the pages may not.
      const { nextCursor: a, exportedAt: _at, ...page } = checked.body;
      const { nextCursor: b, exportedAt: _bt, ...same } = JSON.parse(text);
      expect(page).toEqual(same);
      expect(typeof a).toBe(typeof b);
      pages.push(JSON.parse(text));
      cursor = pages.at(-1).nextCursor;
      expect(pages.length).toBeLessThan(10);
    } while (cursor);

    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(pages[0].profile).toMatchObject({ id: me.id, email: `${me.id}@example.om` });
    for (const p of pages.slice(1)) expect(p.profile).toBeUndefined();
    const all = (section: string) => pages.flatMap((p) => p[section].map((i: { id?: string }) => i.id ?? i));
    expect(all('comments').sort()).toEqual([...ids].sort());
    expect(all('lectures').sort()).toEqual(lectures.map((l) => l.id).sort());
    expect(all('ideas')).toEqual([ideaId]);
    expect(all('memberships')).toHaveLength(1);

    // A cursor continues only the export it came from, unaltered.
    const next = pages[0].nextCursor as string;
    const altered = `${next.slice(0, -2)}${next.at(-2) === 'A' ? 'B' : 'A'}${next.slice(-1)}`;
    for (const [t, c] of [
      [me.token, altered],
      [other.token, next],
      [me.token, 'not-a-cursor'],
    ] as const) {
      const res = await call('GET', `/ambassadors/me/export?cursor=${encodeURIComponent(c)}`, { token: t });
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'invalid_cursor' });
    }
  }, 120_000);
});
