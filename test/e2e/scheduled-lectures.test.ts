/**
 * Scheduled lectures end to end (docs/api-contract.md §12), through HTTP on a server of its
 * own: the test moves the one clock forward (POST /_local/clock) to reach a lecture's end,
 * which must not move the shared server's clock for other test files.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, spawnLocalServer } from '#infra/local/spawn.ts';
import { call, newAmbassador, useServer } from '#support/api.ts';
import { lectureReview, scheduledLecture, unique } from '#support/fixtures.ts';
import { findInPages, must, newMember, type Person } from '#support/scenes.ts';

let server: LocalServer;
let staff: Person;

beforeAll(async () => {
  server = await spawnLocalServer({ tableName: 'scheduled-e2e' });
  useServer(server.baseUrl);
  staff = await newMember('staff', ['staff']);
}, 120_000);
afterAll(async () => {
  useServer(undefined);
  await server?.stop();
});

const clockNow = async () => new Date((await call('GET', '/_local/clock')).body.now);
const advance = async (seconds: number) => {
  const res = await call('POST', '/_local/clock', { body: { advanceSeconds: seconds } });
  expect(res.status).toBe(200);
};

describe('scheduling a lecture', () => {
  it('POST /lectures with startsAt and durationMinutes is 201 scheduled, without attendees', async () => {
    const a = await newAmbassador();
    const body = scheduledLecture({ title: unique('Scheduled') }, { now: await clockNow() });
    const res = await call('POST', '/lectures', { token: a.token, body });
    expect(res.status, res.text).toBe(201);
    expect(res.headers.get('location')).toBe(`/lectures/${res.body.id}`);
    expect(res.body).toMatchObject({
      status: 'scheduled',
      organizerId: a.id,
      startsAt: body.startsAt,
      durationMinutes: 60,
    });
    expect(res.body).not.toHaveProperty('attendees');
    // Every signed-in user reads it; a guest does not (the route is signed-in).
    const b = await newAmbassador();
    expect((await call('GET', `/lectures/${res.body.id}`, { token: b.token })).status).toBe(200);
    const member = await newMember('reader');
    expect((await call('GET', `/lectures/${res.body.id}`, { token: member.token })).status).toBe(200);
  });

  it('refuses a start in the past or beyond 90 days, a duration out of 15–480, and attendees', async () => {
    const a = await newAmbassador();
    const now = await clockNow();
    const cases: [Record<string, unknown>, string][] = [
      [{ startsAt: new Date(now.getTime() - 60_000).toISOString() }, 'startsAt'],
      [{ startsAt: new Date(now.getTime() + 91 * 86_400_000).toISOString() }, 'startsAt'],
      [{ durationMinutes: 10 }, 'durationMinutes'],
      [{ durationMinutes: 481 }, 'durationMinutes'],
      [{ attendees: 40 }, 'attendees'],
      [{ deliveredOn: '2026-01-01' }, 'deliveredOn'],
    ];
    for (const [override, path] of cases) {
      const res = await call('POST', '/lectures', {
        token: a.token,
        body: scheduledLecture(override, { now }),
      });
      expect(res.status, JSON.stringify(override)).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
  });

  it('the organizer edits and deletes it while scheduled; others cannot', async () => {
    const a = await newAmbassador();
    const b = await newAmbassador();
    const now = await clockNow();
    const l = await must('POST', '/lectures', a.token, scheduledLecture({}, { now }));
    const startsAt = new Date(now.getTime() + 3 * 86_400_000).toISOString();
    const edited = await call('PATCH', `/lectures/${l.id}`, {
      token: a.token,
      body: { startsAt, durationMinutes: 90 },
    });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.body).toMatchObject({ status: 'scheduled', startsAt, durationMinutes: 90, version: 2 });
    const other = await call('PATCH', `/lectures/${l.id}`, { token: b.token, body: { durationMinutes: 30 } });
    expect(other.status).toBe(403);
    expect((await call('DELETE', `/lectures/${l.id}`, { token: b.token })).status).toBe(403);
    expect((await call('DELETE', `/lectures/${l.id}`, { token: a.token })).status).toBe(204);
    expect((await call('GET', `/lectures/${l.id}`, { token: a.token })).status).toBe(404);
  });
});

describe('GET /lectures/upcoming', () => {
  it('is public, lists scheduled lectures soonest first, filters, pages with a cursor', async () => {
    const a = await newAmbassador();
    const now = await clockNow();
    const topic = 'energy';
    const made: { id: string }[] = [];
    // Far ahead, so that the clock moves of other tests of this file leave them upcoming.
    for (const minutesAhead of [80 * 1440, 70 * 1440, 75 * 1440])
      made.push(
        await must(
          'POST',
          '/lectures',
          a.token,
          scheduledLecture(
            { topic, governorate: 'OM-SS', wilayat: 'ibra', title: unique('Upcoming') },
            { now, minutesAhead },
          ),
        ),
      );
    const [late, soon, middle] = made as [{ id: string }, { id: string }, { id: string }];
    const first = await call('GET', '/lectures/upcoming?wilayat=ibra&topic=energy&limit=2');
    expect(first.status, first.text).toBe(200);
    const second = await call(
      'GET',
      `/lectures/upcoming?wilayat=ibra&topic=energy&limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`,
    );
    const ids = [...first.body.items, ...second.body.items].map((l: { id: string }) => l.id);
    expect(ids.filter((id) => made.some((m) => m.id === id))).toEqual([soon.id, middle.id, late.id]);
    const starts = [...first.body.items, ...second.body.items].map((l: { startsAt: string }) => l.startsAt);
    expect([...starts].sort()).toEqual(starts);
    // Another governorate's list does not hold them; an unknown filter value is 400.
    const elsewhere = await call('GET', '/lectures/upcoming?governorate=OM-DA&limit=100');
    expect(elsewhere.body.items.map((l: { id: string }) => l.id)).not.toContain(soon.id);
    expect((await call('GET', '/lectures/upcoming?topic=cooking')).status).toBe(400);
    expect((await call('GET', '/lectures/upcoming?from=2026-01-01')).status).toBe(400);
    // A cursor of another query is refused.
    const cursor = encodeURIComponent(first.body.nextCursor);
    expect((await call('GET', `/lectures/upcoming?topic=energy&cursor=${cursor}`)).body.code).toBe(
      'invalid_cursor',
    );
  });
});

describe('reporting a scheduled lecture after its end', () => {
  it('is 409 before the end, 200 reported after it (moving the clock), then reviewed as in v1', async () => {
    const a = await newAmbassador();
    const now = await clockNow();
    const l = await must(
      'POST',
      '/lectures',
      a.token,
      scheduledLecture({ title: unique('Reported later') }, { now, minutesAhead: 30, durationMinutes: 60 }),
    );
    const early = await call('POST', `/lectures/${l.id}/report`, { token: a.token, body: { attendees: 25 } });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('invalid_transition');
    // The upcoming list holds it until it starts.
    expect(
      await findInPages('/lectures/upcoming', undefined, (x: { id: string }) => x.id === l.id),
    ).toBeDefined();
    await advance(91 * 60);
    expect(
      await findInPages('/lectures/upcoming', undefined, (x: { id: string }) => x.id === l.id),
    ).toBeUndefined();
    const other = await newAmbassador();
    expect(
      (await call('POST', `/lectures/${l.id}/report`, { token: other.token, body: { attendees: 25 } }))
        .status,
    ).toBe(403);
    const res = await call('POST', `/lectures/${l.id}/report`, {
      token: a.token,
      body: { attendees: 25, venue: 'Ibra hall', evidenceUrls: ['https://example.om/ibra.jpg'] },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ status: 'reported', attendees: 25, venue: 'Ibra hall', version: 2 });
    const again = await call('POST', `/lectures/${l.id}/report`, { token: a.token, body: { attendees: 26 } });
    expect(again.body.code).toBe('invalid_transition');
    // Reported: out of everyone's sight but the organizer's and staff's, in the review queue.
    expect((await call('GET', `/lectures/${l.id}`, { token: other.token })).status).toBe(404);
    const reviewed = await must(
      'POST',
      `/staff/lectures/${l.id}/review`,
      staff.token,
      lectureReview.verify(),
    );
    expect(reviewed).toMatchObject({ status: 'verified', verifiedAttendees: 25 });
  });
});
