import { describe, expect, it } from 'vitest';
import {
  call,
  newAmbassador,
  newLecture,
  omanDate,
  runLeaderboards,
  staffToken,
  uniqueWord,
} from '#support/api.ts';

const verify = async (lectureId: string, staff: string, verifiedAttendees?: number) => {
  const res = await call('POST', `/staff/lectures/${lectureId}/review`, {
    token: staff,
    body: { decision: 'verify', ...(verifiedAttendees ? { verifiedAttendees } : {}) },
  });
  expect(res.status).toBe(200);
};

/** Reports and verifies a lecture delivered `daysAgo` days ago. */
const deliver = async (
  t: string,
  staff: string,
  attendees: number,
  place: Record<string, unknown> = {},
  daysAgo = 0,
) => {
  const l = await newLecture(t, { attendees, deliveredOn: omanDate(daysAgo), ...place });
  await verify(l.id, staff);
  return l;
};

const board = async (name: string, period: string, limit = 100) => {
  const res = await call('GET', `/leaderboards/${name}?period=${period}&limit=${limit}`);
  expect(res.status).toBe(200);
  return res.body;
};

describe('communities', () => {
  it('lists the 11 governorates and abroad with their counts', async () => {
    const res = await call('GET', '/communities');
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(12);
    expect(res.body.items.map((c: { id: string }) => c.id)).toContain('abroad');
    for (const c of res.body.items)
      expect(c).toMatchObject({
        id: expect.any(String),
        en: expect.any(String),
        ar: expect.any(String),
        ambassadors: expect.any(Number),
        verifiedLectures: expect.any(Number),
        attendeesReached: expect.any(Number),
        activeProjects: expect.any(Number),
      });
  });

  it('counts registrations, moves and erasures of its ambassadors exactly', async () => {
    const count = async (id: string) =>
      (await call('GET', '/communities')).body.items.find((c: { id: string }) => c.id === id).ambassadors;
    const [zaBefore, abroadBefore] = [await count('OM-ZA'), await count('abroad')];
    const a = await newAmbassador({ governorate: 'OM-ZA', wilayat: 'ibri' });
    expect(await count('OM-ZA')).toBe(zaBefore + 1);
    await call('PATCH', '/ambassadors/me', { token: a.token, body: { country: 'QA' } });
    expect(await count('OM-ZA')).toBe(zaBefore);
    expect(await count('abroad')).toBe(abroadBefore + 1);
    await call('DELETE', '/ambassadors/me', { token: a.token });
    expect(await count('abroad')).toBe(abroadBefore);
  });

  it('shares https resources, newest first; unknown communities are 404', async () => {
    const a = await newAmbassador();
    const b = await newAmbassador();
    const first = await call('POST', '/communities/OM-WU/resources', {
      token: a.token,
      body: {
        title: 'Duqm smart port primer',
        url: 'https://example.om/duqm.pdf',
        kind: 'slides',
        language: 'en',
      },
    });
    expect(first.status).toBe(201);
    // A resource has no GET of its own: its Location is the list it joined, which answers 200.
    expect(first.headers.get('location')).toBe('/communities/OM-WU/resources');
    expect((await call('GET', first.headers.get('location')!, { token: a.token })).status).toBe(200);
    const second = await call('POST', '/communities/OM-WU/resources', {
      token: b.token,
      body: { title: 'دليل المدن الذكية', url: 'https://example.om/guide', kind: 'article', language: 'ar' },
    });
    expect(second.status).toBe(201);
    const http = await call('POST', '/communities/OM-WU/resources', {
      token: a.token,
      body: { title: 'Insecure', url: 'http://example.om/x', kind: 'other' },
    });
    expect(http.status).toBe(400);
    expect((await call('POST', '/communities/OM-WU/resources', { body: { title: 'x' } })).status).toBe(401);
    const list = await call('GET', '/communities/OM-WU/resources?limit=2');
    expect(list.body.items.map((r: { id: string }) => r.id)).toEqual([second.body.id, first.body.id]);
    const page = await call('GET', '/communities/OM-WU');
    expect(page.body.resources[0].title).toBe('دليل المدن الذكية');
    expect((await call('GET', '/communities/OM-XX')).status).toBe(404);
    expect(
      (
        await call('POST', '/communities/OM-XX/resources', {
          token: a.token,
          body: first.body && { title: 'Duqm', url: 'https://a.om', kind: 'other' },
        })
      ).status,
    ).toBe(404);
  });
});

describe('leaderboards', () => {
  it('ranks ambassadors by verified lectures and attendance, ties sharing a rank', async () => {
    const staff = await staffToken();
    const word = uniqueWord();
    const a = await newAmbassador({ name: `Amal ${word}`, governorate: 'OM-BJ', wilayat: 'nakhal' });
    const b = await newAmbassador({ name: `Badr ${word}`, governorate: 'OM-BJ', wilayat: 'nakhal' });
    const c = await newAmbassador({ name: `Chadi ${word}`, governorate: 'OM-BJ', wilayat: 'nakhal' });
    const place = { governorate: 'OM-BJ', wilayat: 'nakhal' };
    await deliver(a.token, staff, 10, place);
    await deliver(a.token, staff, 10, place);
    await deliver(b.token, staff, 35, place);
    await deliver(c.token, staff, 35, place);
    const lateReported = await newLecture(c.token, { attendees: 500, ...place });
    const summary = await runLeaderboards();
    expect(summary.markers).toBeGreaterThanOrEqual(4);

    const month = omanDate(0).slice(0, 7);
    for (const period of ['all', month.slice(0, 4), month]) {
      const lectures = await board('lectures', period);
      expect(lectures.computedAt).toEqual(expect.any(String));
      const byId = new Map(lectures.entries.map((e: { id: string }) => [e.id, e]));
      const [ea, eb, ec] = [a, b, c].map((x) => byId.get(x.id) as { rank: number; score: number });
      expect(ea?.score).toBe(2);
      expect(eb?.score).toBe(1);
      expect(ec?.score).toBe(1);
      expect(eb?.rank).toBe(ec?.rank);
      expect(ea?.rank).toBeLessThan(eb?.rank ?? 0);

      const attendance = (await board('attendance', period)).entries;
      const pos = (id: string) => attendance.findIndex((e: { id: string }) => e.id === id);
      const ranked = (id: string) => attendance[pos(id)];
      expect(ranked(b.id)).toMatchObject({ score: 35, rank: ranked(c.id).rank });
      expect(pos(b.id)).toBeLessThan(pos(c.id)); // equal scores: by name
      expect(ranked(a.id).score).toBe(20);
      expect(ranked(a.id).rank).toBeGreaterThan(ranked(b.id).rank);
      // Board order and rank rules hold across the whole board.
      for (const [i, e] of attendance.entries()) {
        expect(e.score).toBeGreaterThan(0);
        if (i > 0) {
          const prev = attendance[i - 1];
          expect(e.score).toBeLessThanOrEqual(prev.score);
          expect(e.rank).toBe(e.score === prev.score ? prev.rank : i + 1);
        }
      }
      expect(JSON.stringify(attendance)).not.toContain('@example.om');
    }
    // The unverified lecture counts nowhere.
    expect((await board('attendance', 'all')).entries.find((e: { id: string }) => e.id === c.id).score).toBe(
      35,
    );
    expect(lateReported.status).toBe('reported');
  });

  it('ranks governorates by attendees of lectures delivered there', async () => {
    const staff = await staffToken();
    const a = await newAmbassador({ governorate: 'OM-SS', wilayat: 'ibra' });
    await runLeaderboards();
    const before =
      (await board('governorates', 'all')).entries.find((e: { id: string }) => e.id === 'OM-SS')?.score ?? 0;
    await deliver(a.token, staff, 123, { governorate: 'OM-SS', wilayat: 'ibra' });
    // Unchanged until the job runs: reads never compute.
    const stale =
      (await board('governorates', 'all')).entries.find((e: { id: string }) => e.id === 'OM-SS')?.score ?? 0;
    expect(stale).toBe(before);
    await runLeaderboards();
    const entry = (await board('governorates', 'all')).entries.find((e: { id: string }) => e.id === 'OM-SS');
    expect(entry).toMatchObject({
      score: before + 123,
      name: 'North Ash Sharqiyah',
      nameAr: expect.any(String),
    });
  });

  it('leaves erased ambassadors out', async () => {
    const staff = await staffToken();
    const a = await newAmbassador();
    await deliver(a.token, staff, 7);
    await runLeaderboards();
    expect((await board('lectures', 'all')).entries.map((e: { id: string }) => e.id)).toContain(a.id);
    expect((await call('DELETE', '/ambassadors/me', { token: a.token })).status).toBe(204);
    await runLeaderboards();
    const month = omanDate(0).slice(0, 7);
    for (const period of ['all', month]) {
      expect((await board('lectures', period)).entries.map((e: { id: string }) => e.id)).not.toContain(a.id);
      expect((await board('attendance', period)).entries.map((e: { id: string }) => e.id)).not.toContain(
        a.id,
      );
    }
  });

  it('a run with nothing new changes nothing and reads almost nothing', async () => {
    await runLeaderboards();
    const quiet = await runLeaderboards();
    expect(quiet).toMatchObject({ markers: 0, rankWrites: 0, snapshots: 0 });
  });

  it('answers the contract for unknown boards, bad periods and periods never computed', async () => {
    expect((await call('GET', '/leaderboards/nope')).status).toBe(404);
    for (const period of ['2026-13', '26', 'ALL', '2026-1']) {
      const res = await call('GET', `/leaderboards/lectures?period=${period}`);
      expect(res.status, period).toBe(400);
      expect(res.body.code).toBe('validation_failed');
    }
    const never = await call('GET', '/leaderboards/cities?period=2001-01');
    expect(never.status).toBe(200);
    expect(never.body).toEqual({ board: 'cities', period: '2001-01', computedAt: null, entries: [] });
    const limited = await call('GET', '/leaderboards/attendance?period=all&limit=1');
    expect(limited.body.entries.length).toBeLessThanOrEqual(1);
  });

  it('a community page shows its top ambassadors after the job runs', async () => {
    const staff = await staffToken();
    const a = await newAmbassador({ governorate: 'OM-WU', wilayat: 'ad-duqm' });
    await deliver(a.token, staff, 9000, { governorate: 'OM-WU', wilayat: 'ad-duqm' });
    await runLeaderboards();
    const page = await call('GET', '/communities/OM-WU');
    expect(page.body.topAmbassadors[0]).toMatchObject({ id: a.id, rank: 1, score: 9000 });
    expect(page.body.topAmbassadors.length).toBeLessThanOrEqual(5);
  });
});
