import { describe, expect, it } from 'vitest';
import {
  call,
  newAmbassador,
  newLecture,
  omanDate,
  runLeaderboards,
  staffToken,
  token,
  uniqueSub,
  validLecture,
} from '#support/api.ts';

const community = async (id: string) => (await call('GET', `/communities/${id}`)).body;
const profile = async (id: string, t: string) => (await call('GET', `/ambassadors/${id}`, { token: t })).body;

describe('reporting a lecture', () => {
  it('creates a reported lecture organized by the caller', async () => {
    const a = await newAmbassador();
    const res = await call('POST', '/lectures', { token: a.token, body: validLecture() });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/lectures/${res.body.id}`);
    expect(res.body).toMatchObject({
      status: 'reported',
      organizerId: a.id,
      attendees: 40,
      version: 1,
      community: 'OM-MA',
    });
  });

  it('needs a registered ambassador', async () => {
    const t = await token(uniqueSub());
    const res = await call('POST', '/lectures', { token: t, body: validLecture() });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('not_registered');
    expect((await call('POST', '/lectures', { body: validLecture() })).status).toBe(401);
  });

  it('enforces the date and place rules', async () => {
    const a = await newAmbassador();
    const cases: [Record<string, unknown>, string][] = [
      [{ deliveredOn: omanDate(-1) }, 'deliveredOn'],
      [{ deliveredOn: omanDate(91) }, 'deliveredOn'],
      [{ governorate: undefined, wilayat: undefined }, 'governorate'],
      [{ wilayat: 'salalah' }, 'wilayat'],
      [{ format: 'online' }, 'governorate'],
      [{ attendees: 0 }, 'attendees'],
      [{ evidenceUrls: ['http://insecure.example'] }, 'evidenceUrls.0'],
      [{ topic: 'cooking' }, 'topic'],
      [{ organizerId: 'someone-else' }, 'organizerId'],
    ];
    for (const [override, path] of cases) {
      const res = await call('POST', '/lectures', { token: a.token, body: validLecture(override) });
      expect(res.status, JSON.stringify(override)).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    const online = await call('POST', '/lectures', {
      token: a.token,
      body: validLecture({
        format: 'online',
        governorate: undefined,
        wilayat: undefined,
        deliveredOn: omanDate(90),
      }),
    });
    expect(online.status).toBe(201);
    expect(online.body.community).toBe('OM-MA');
  });
});

describe('who sees a lecture', () => {
  it('a reported one: the organizer and staff only (404 to others)', async () => {
    const a = await newAmbassador();
    const b = await newAmbassador();
    const lecture = await newLecture(a.token);
    expect((await call('GET', `/lectures/${lecture.id}`, { token: a.token })).status).toBe(200);
    expect((await call('GET', `/lectures/${lecture.id}`, { token: await staffToken() })).status).toBe(200);
    const other = await call('GET', `/lectures/${lecture.id}`, { token: b.token });
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('not_found');
    expect((await call('GET', '/lectures/nope', { token: b.token })).status).toBe(404);
  });

  it('another ambassador cannot edit or delete it, reported or verified', async () => {
    const a = await newAmbassador();
    const b = await newAmbassador();
    const lecture = await newLecture(a.token);
    expect(
      (await call('PATCH', `/lectures/${lecture.id}`, { token: b.token, body: { attendees: 500 } })).status,
    ).toBe(404);
    expect((await call('DELETE', `/lectures/${lecture.id}`, { token: b.token })).status).toBe(404);
    await call('POST', `/staff/lectures/${lecture.id}/review`, {
      token: await staffToken(),
      body: { decision: 'verify' },
    });
    const patch = await call('PATCH', `/lectures/${lecture.id}`, {
      token: b.token,
      body: { attendees: 500 },
    });
    expect(patch.status).toBe(403);
    expect(patch.body.code).toBe('forbidden');
    expect((await call('DELETE', `/lectures/${lecture.id}`, { token: b.token })).status).toBe(403);
    const after = await call('GET', `/lectures/${lecture.id}`, { token: b.token });
    expect(after.body).toMatchObject({ attendees: 40, status: 'verified', verifiedAttendees: 40 });
    expect(after.body).not.toHaveProperty('reviewedBy');
  });
});

describe('the organizer edits and deletes while reported', () => {
  it('edits with If-Match, deletes, and gets 409 once reviewed', async () => {
    const a = await newAmbassador();
    const lecture = await newLecture(a.token);
    const stale = await call('PATCH', `/lectures/${lecture.id}`, {
      token: a.token,
      body: { attendees: 55 },
      headers: { 'if-match': '"9"' },
    });
    expect(stale.status).toBe(412);
    const edited = await call('PATCH', `/lectures/${lecture.id}`, {
      token: a.token,
      body: { attendees: 55, venue: null },
      headers: { 'if-match': '"1"' },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ attendees: 55, version: 2 });
    expect(edited.body.venue).toBeUndefined();

    const toDelete = await newLecture(a.token);
    expect((await call('DELETE', `/lectures/${toDelete.id}`, { token: a.token })).status).toBe(204);
    expect((await call('GET', `/lectures/${toDelete.id}`, { token: a.token })).status).toBe(404);

    await call('POST', `/staff/lectures/${lecture.id}/review`, {
      token: await staffToken(),
      body: { decision: 'reject', note: 'No evidence' },
    });
    for (const [method, body] of [
      ['PATCH', { attendees: 1 }],
      ['DELETE', undefined],
    ] as const) {
      const res = await call(method, `/lectures/${lecture.id}`, { token: a.token, body });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('invalid_transition');
    }
    const mine = await call('GET', '/ambassadors/me/lectures', { token: a.token });
    expect(mine.body.items.map((l: { id: string; status: string }) => [l.id, l.status])).toEqual([
      [lecture.id, 'rejected'],
    ]);
    expect(mine.body.items[0].reviewNote).toBe('No evidence');
  });
});

describe('staff review', () => {
  it('the queue is staff-only and oldest first', async () => {
    const a = await newAmbassador();
    const first = await newLecture(a.token);
    const second = await newLecture(a.token);
    const notStaff = await call('GET', '/staff/lectures?status=reported', { token: a.token });
    expect(notStaff.status).toBe(403);
    expect(notStaff.body.code).toBe('forbidden');
    const staff = await staffToken();
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const res: any = await call(
        'GET',
        `/staff/lectures?status=reported&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { token: staff },
      );
      expect(res.status).toBe(200);
      ids.push(...res.body.items.map((l: { id: string }) => l.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(ids.indexOf(first.id)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(first.id)).toBeLessThan(ids.indexOf(second.id));
  });

  it('checks the decision', async () => {
    const a = await newAmbassador();
    const lecture = await newLecture(a.token);
    const staff = await staffToken();
    const cases: [Record<string, unknown>, string][] = [
      [{ decision: 'verify', verifiedAttendees: 41 }, 'verifiedAttendees'],
      [{ decision: 'reject' }, 'note'],
      [{ decision: 'approve' }, 'decision'],
    ];
    for (const [body, path] of cases) {
      const res = await call('POST', `/staff/lectures/${lecture.id}/review`, { token: staff, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    expect(
      (
        await call('POST', `/staff/lectures/${lecture.id}/review`, {
          token: a.token,
          body: { decision: 'verify' },
        })
      ).status,
    ).toBe(403);
    expect(
      (await call('POST', '/staff/lectures/nope/review', { token: staff, body: { decision: 'verify' } }))
        .status,
    ).toBe(404);
  });

  it('verifying moves the stats and community counts at once, and only once', async () => {
    const a = await newAmbassador({ governorate: 'OM-DA', wilayat: 'nizwa' });
    const lecture = await newLecture(a.token, { governorate: 'OM-DA', wilayat: 'nizwa', attendees: 80 });
    const before = await community('OM-DA');
    const staff = await staffToken();
    const res = await call('POST', `/staff/lectures/${lecture.id}/review`, {
      token: staff,
      body: { decision: 'verify', verifiedAttendees: 75, note: 'Photos checked' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'verified', verifiedAttendees: 75 });

    expect((await profile(a.id, a.token)).stats).toMatchObject({ verifiedLectures: 1, attendeesReached: 75 });
    const after = await community('OM-DA');
    expect(after.verifiedLectures - before.verifiedLectures).toBe(1);
    expect(after.attendeesReached - before.attendeesReached).toBe(75);
    expect(after.recentLectures.map((l: { id: string }) => l.id)).toContain(lecture.id);
    // The directory's copy follows at the next leaderboard run.
    await runLeaderboards();
    const dir = await call('GET', `/ambassadors?wilayat=nizwa&limit=100`, { token: a.token });
    expect(dir.body.items.find((p: { id: string }) => p.id === a.id).stats.verifiedLectures).toBe(1);

    const again = await call('POST', `/staff/lectures/${lecture.id}/review`, {
      token: staff,
      body: { decision: 'reject', note: 'x' },
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('invalid_transition');
    expect((await profile(a.id, a.token)).stats.attendeesReached).toBe(75);
  });

  it('of 20 concurrent reviews, exactly one decides', async () => {
    const a = await newAmbassador({ governorate: 'OM-SJ', wilayat: 'sur' });
    const lecture = await newLecture(a.token, { governorate: 'OM-SJ', wilayat: 'sur', attendees: 30 });
    const before = await community('OM-SJ');
    const staff = await Promise.all(Array.from({ length: 20 }, () => staffToken()));
    const results = await Promise.all(
      staff.map((t, i) =>
        call('POST', `/staff/lectures/${lecture.id}/review`, {
          token: t,
          body: i % 2 ? { decision: 'verify' } : { decision: 'reject', note: `reviewer ${i}` },
        }),
      ),
    );
    const ok = results.filter((r) => r.status === 200);
    expect(ok).toHaveLength(1);
    for (const r of results.filter((r) => r.status !== 200)) {
      expect(r.status).toBe(409);
      expect(r.body.code).toBe('invalid_transition');
    }
    const final = await call('GET', `/lectures/${lecture.id}`, { token: staff[0] });
    expect(final.body.status).toBe(ok[0]?.body.status);
    const after = await community('OM-SJ');
    const verified = final.body.status === 'verified' ? 1 : 0;
    expect(after.verifiedLectures - before.verifiedLectures).toBe(verified);
    expect((await profile(a.id, a.token)).stats.verifiedLectures).toBe(verified);
  });
});

describe('the public list of lectures', () => {
  it('shows verified lectures only, newest first, with filters', async () => {
    const a = await newAmbassador({ governorate: 'OM-MU', wilayat: 'khasab' });
    const staff = await staffToken();
    const older = await newLecture(a.token, {
      governorate: 'OM-MU',
      wilayat: 'khasab',
      deliveredOn: omanDate(10),
      topic: 'energy',
    });
    const newer = await newLecture(a.token, {
      governorate: 'OM-MU',
      wilayat: 'khasab',
      deliveredOn: omanDate(2),
      topic: 'energy',
    });
    const hidden = await newLecture(a.token, { governorate: 'OM-MU', wilayat: 'khasab' });
    for (const l of [older, newer])
      await call('POST', `/staff/lectures/${l.id}/review`, { token: staff, body: { decision: 'verify' } });

    const byOrganizer = await call('GET', `/lectures?organizer=${a.id}`, { token: a.token });
    expect(byOrganizer.body.items.map((l: { id: string }) => l.id)).toEqual([newer.id, older.id]);
    const byWilayatTopic = await call('GET', `/lectures?wilayat=khasab&topic=energy&limit=100`, {
      token: a.token,
    });
    expect(byWilayatTopic.body.items.map((l: { id: string }) => l.id)).toEqual(
      expect.arrayContaining([newer.id, older.id]),
    );
    expect(byWilayatTopic.body.items.map((l: { id: string }) => l.id)).not.toContain(hidden.id);
    const ranged = await call('GET', `/lectures?organizer=${a.id}&from=${omanDate(5)}&to=${omanDate(0)}`, {
      token: a.token,
    });
    expect(ranged.body.items.map((l: { id: string }) => l.id)).toEqual([newer.id]);
    const backwards = await call('GET', `/lectures?from=${omanDate(0)}&to=${omanDate(5)}`, {
      token: a.token,
    });
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors.map((e: { path: string }) => e.path)).toEqual(['query.to']);
    const all = await call('GET', '/lectures?limit=100', { token: a.token });
    for (const l of all.body.items) expect(l.status).toBe('verified');
    const paged = await call('GET', `/lectures?organizer=${a.id}&limit=1`, { token: a.token });
    const next = await call(
      'GET',
      `/lectures?organizer=${a.id}&limit=1&cursor=${encodeURIComponent(paged.body.nextCursor)}`,
      { token: a.token },
    );
    expect(next.body.items.map((l: { id: string }) => l.id)).toEqual([older.id]);
  });
});

describe('export', () => {
  it("holds the caller's lectures and resources, and nobody else's", async () => {
    const a = await newAmbassador();
    const b = await newAmbassador();
    const mine = await newLecture(a.token);
    await newLecture(b.token);
    await call('POST', '/communities/OM-MA/resources', {
      token: a.token,
      body: { title: 'My slides', url: 'https://example.om/s', kind: 'slides' },
    });
    const res = await call('GET', '/ambassadors/me/export', { token: a.token });
    expect(res.status).toBe(200);
    expect(res.body.lectures.map((l: { id: string }) => l.id)).toEqual([mine.id]);
    expect(res.body.resources.map((r: { title: string }) => r.title)).toEqual(['My slides']);
    expect(res.body.profile.email).toBe(`${a.id}@example.om`);
    expect(JSON.stringify(res.body)).not.toContain(b.id);
  });
});
