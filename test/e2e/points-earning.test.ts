/**
 * Points earned by the changes themselves (docs/api-contract.md §13), over HTTP: an idea's
 * approval, a project's start, completion and featuring, a withdrawal's reversal, shared
 * resources (at most five a month) and a verified lecture. Each entry is written in the change's
 * transaction, so it shows at once in `GET /ambassadors/me/points`.
 */
import { describe, expect, it } from 'vitest';
import { ledgerPage, ledgerPeriodTotal } from '#store/points.ts';
import { call, newAmbassador, newLecture, staffToken } from '#support/api.ts';
import { validIdea } from '#support/fixtures.ts';

type Person = Awaited<ReturnType<typeof newAmbassador>>;

const points = async (p: Person, period = 'all') => {
  const res = await call('GET', `/ambassadors/me/points?period=${period}&limit=100`, { token: p.token });
  expect(res.status).toBe(200);
  return res.body as { total: number; items: { points: number; reason: string; reverses?: string }[] };
};
const ok = async (p: Promise<{ status: number; body: any }>, status = 200) => {
  const res = await p;
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body;
};

const approvedIdea = async (author: Person, staff: string) => {
  const idea = await ok(call('POST', '/ideas', { token: author.token, body: validIdea() }), 201);
  await ok(call('POST', `/staff/ideas/${idea.id}/decision`, { token: staff, body: { decision: 'approve' } }));
  return idea;
};
const join = async (ideaId: string, leader: Person, who: Person) => {
  await ok(
    call('POST', `/ideas/${ideaId}/join-requests`, {
      token: who.token,
      body: { message: 'أود الانضمام', role: 'باحث' },
    }),
    201,
  );
  await ok(
    call('POST', `/ideas/${ideaId}/join-requests/${who.id}/decision`, {
      token: leader.token,
      body: { decision: 'accept' },
    }),
  );
};

describe('points earned by ideas and projects', () => {
  it('approval, start, completion and featuring: each member’s share, once', async () => {
    const [author, m1, m2] = [await newAmbassador(), await newAmbassador(), await newAmbassador()];
    const staff = await staffToken();
    const idea = await approvedIdea(author, staff);
    expect((await points(author)).total).toBe(20);
    expect((await points(author)).items[0]).toMatchObject({ points: 20, reason: 'idea_approved' });

    await join(idea.id, author, m1);
    await join(idea.id, author, m2);
    await ok(call('POST', `/ideas/${idea.id}/start`, { token: author.token }));
    expect([(await points(author)).total, (await points(m1)).total, (await points(m2)).total]).toEqual([
      50, 10, 10,
    ]);

    await ok(
      call('POST', `/ideas/${idea.id}/complete`, {
        token: author.token,
        body: { outcome: 'ركّبنا الحساسات في أربعين مزرعة وخفضنا استهلاك المياه.', links: [] },
      }),
    );
    expect([(await points(author)).total, (await points(m1)).total]).toEqual([100, 30]);

    const feature = () =>
      call('POST', `/staff/ideas/${idea.id}/feature`, {
        token: staff,
        body: { headlineAr: 'مشروع مميز', headlineEn: 'A featured project' },
      });
    await ok(feature());
    expect([(await points(author)).total, (await points(m1)).total, (await points(m2)).total]).toEqual([
      120, 50, 50,
    ]);
    // Unfeaturing takes nothing back; featuring again earns nothing twice.
    await ok(call('DELETE', `/staff/ideas/${idea.id}/feature`, { token: staff }), 204);
    await ok(feature());
    const final = await points(m1);
    expect(final.total).toBe(50);
    expect(final.items.map((i) => i.reason).sort()).toEqual(
      ['project_completed', 'project_featured', 'project_started'].sort(),
    );
  });

  it('withdrawing an approved idea writes a reversing entry; nothing is deleted', async () => {
    const author = await newAmbassador();
    const staff = await staffToken();
    const idea = await approvedIdea(author, staff);
    await ok(call('POST', `/ideas/${idea.id}/withdraw`, { token: author.token }));
    const after = await points(author);
    expect(after.total).toBe(0);
    expect(after.items.map((i) => i.points).sort()).toEqual([-20, 20]);
    expect(after.items.find((i) => i.points < 0)).toMatchObject({
      reason: 'idea_approved',
      reverses: expect.any(String),
      cause: 'withdrawal',
    });
  });

  it('a decision made twice at once earns once', async () => {
    const author = await newAmbassador();
    const staff = await staffToken();
    const idea = await ok(call('POST', '/ideas', { token: author.token, body: validIdea() }), 201);
    const answers = await Promise.all(
      [1, 2, 3].map(() =>
        call('POST', `/staff/ideas/${idea.id}/decision`, { token: staff, body: { decision: 'approve' } }),
      ),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect((await points(author)).items).toHaveLength(1);
  });
});

describe('points earned by resources and lectures', () => {
  it('2 per shared resource, for at most 5 a month, even when shared at once', async () => {
    const a = await newAmbassador();
    const share = (i: number) =>
      call('POST', '/communities/OM-MA/resources', {
        token: a.token,
        body: { title: `مورد رقم ${i}`, url: `https://example.om/r${i}`, kind: 'article', language: 'ar' },
      });
    for (const r of await Promise.all([1, 2, 3, 4, 5, 6, 7].map(share))) expect(r.status).toBe(201);
    await ok(share(8), 201);
    const mine = await points(a);
    expect(mine.total).toBe(10);
    expect(mine.items).toHaveLength(5);
    expect(mine.items.every((i) => i.reason === 'resource_shared' && i.points === 2)).toBe(true);
  });

  it('a verified lecture earns its organizer 10 + ⌊verified attendees ÷ 5⌋ (no check-ins yet)', async () => {
    const o = await newAmbassador();
    const staff = await staffToken();
    const lecture = await newLecture(o.token, { attendees: 60 });
    await ok(
      call('POST', `/staff/lectures/${lecture.id}/review`, {
        token: staff,
        body: { decision: 'verify', verifiedAttendees: 57 },
      }),
    );
    const mine = await points(o);
    expect(mine.total).toBe(10 + 11);
    expect(mine.items[0]).toMatchObject({
      reason: 'lecture_verified',
      source: { type: 'lecture', id: lecture.id },
    });
  });
});

describe('points and erasure', () => {
  it('erasure keeps the ledger (§10); the approved idea it withdraws takes its approval back', async () => {
    const author = await newAmbassador();
    const staff = await staffToken();
    await approvedIdea(author, staff);
    await ok(call('DELETE', '/ambassadors/me', { token: author.token }), 204);
    expect(await ledgerPeriodTotal(author.id, 'all', [])).toBe(0);
    const page = await ledgerPage(author.id, 'all', [], { limit: 10 });
    expect(page.items.map((i) => i.points).sort()).toEqual([-20, 20]);
  });
});
