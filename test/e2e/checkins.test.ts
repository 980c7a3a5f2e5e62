/**
 * Verified attendance end to end (docs/api-contract.md §12), through HTTP on a server of its
 * own: the test moves the one clock forward (POST /_local/clock) into and out of a lecture's
 * check-in window, which must not move the shared server's clock for other test files.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, spawnLocalServer } from '#infra/local/spawn.ts';
import { call, newAmbassador, useServer } from '#support/api.ts';
import { scheduledLecture, unique } from '#support/fixtures.ts';
import { findInPages, must, newMember } from '#support/scenes.ts';

let server: LocalServer;

beforeAll(async () => {
  server = await spawnLocalServer({ tableName: 'checkins-e2e' });
  useServer(server.baseUrl);
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

/** A lecture starting `minutesAhead` from the server's clock, lasting an hour. */
const lectureOf = async (organizer: { token: string }, minutesAhead: number) =>
  (await must(
    'POST',
    '/lectures',
    organizer.token,
    scheduledLecture({ title: unique('Check-in') }, { now: await clockNow(), minutesAhead }),
  )) as { id: string };

const codeFor = async (lectureId: string, organizer: { token: string }) => {
  const res = await call('GET', `/lectures/${lectureId}/checkin-code`, { token: organizer.token });
  expect(res.status, res.text).toBe(200);
  return res.body as { code: string; expiresAt: string; url: string };
};

/** Another code than `code`, never the current or the previous one by chance of a digit. */
const wrong = (code: string) => code.replace(/^./, (d) => String((Number(d) + 5) % 10));

describe('the check-in window and the code', () => {
  it('opens 30 minutes before the start, shows a code to the organizer only, closes 60 minutes after the end', async () => {
    const organizer = await newAmbassador();
    const other = await newAmbassador();
    const l = await lectureOf(organizer, 40);
    const early = await call('GET', `/lectures/${l.id}/checkin-code`, { token: organizer.token });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('checkin_closed');
    await advance(11 * 60);
    const shown = await codeFor(l.id, organizer);
    expect(shown.code).toMatch(/^[0-9]{6}$/);
    expect(shown.url).toBe(`${server.baseUrl}/lectures/${l.id}/check-in?code=${shown.code}`);
    expect(Date.parse(shown.expiresAt)).toBeGreaterThan((await clockNow()).getTime());
    const forbidden = await call('GET', `/lectures/${l.id}/checkin-code`, { token: other.token });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.code).toBe('forbidden');
    // Start in 29 minutes, an hour long, 60 more minutes: closed 149 minutes from now.
    await advance(149 * 60);
    const late = await call('GET', `/lectures/${l.id}/checkin-code`, { token: organizer.token });
    expect(late.body.code).toBe('checkin_closed');
    const member = await newMember('late');
    const res = await call('POST', `/lectures/${l.id}/check-ins`, {
      token: member.token,
      body: { code: '000000', name: 'Late Comer' },
    });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('checkin_closed');
  });
});

describe('checking in', () => {
  it('a member with a name, an ambassador under their profile name; never the organizer; wrong codes 400', async () => {
    const organizer = await newAmbassador();
    const l = await lectureOf(organizer, 10);
    const { code } = await codeFor(l.id, organizer);
    const member = await newMember('attendee');
    const nameless = await call('POST', `/lectures/${l.id}/check-ins`, {
      token: member.token,
      body: { code },
    });
    expect(nameless.status).toBe(400);
    expect(nameless.body.code).toBe('validation_failed');
    const bad = await call('POST', `/lectures/${l.id}/check-ins`, {
      token: member.token,
      body: { code: wrong(code), name: 'Salim Al-Busaidi' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('invalid_code');
    const ok = await call('POST', `/lectures/${l.id}/check-ins`, {
      token: member.token,
      body: { code, name: 'Salim Al-Busaidi' },
    });
    expect(ok.status, ok.text).toBe(201);
    expect(ok.headers.get('location')).toBe(`/lectures/${l.id}`);
    expect(ok.body).toMatchObject({ lectureId: l.id, name: 'Salim Al-Busaidi' });
    expect(ok.body).not.toHaveProperty('ambassadorId');
    expect((await call('GET', ok.headers.get('location') as string, { token: member.token })).status).toBe(
      200,
    );

    const ambassador = await newAmbassador();
    const profile = (await call('GET', '/ambassadors/me', { token: ambassador.token })).body;
    const mine = await call('POST', `/lectures/${l.id}/check-ins`, {
      token: ambassador.token,
      body: { code: code.replace(/[0-9]/g, (d) => String.fromCharCode(0x0660 + Number(d))) },
    });
    expect(mine.status, mine.text).toBe(201);
    expect(mine.body).toMatchObject({ name: profile.name, ambassadorId: ambassador.id });

    const own = await call('POST', `/lectures/${l.id}/check-ins`, { token: organizer.token, body: { code } });
    expect(own.status).toBe(403);
    expect(own.body.code).toBe('forbidden');
    expect(
      (await call('POST', `/lectures/nope/check-ins`, { token: member.token, body: { code } })).status,
    ).toBe(404);
  });

  it('a code two steps old is refused; the previous one is still accepted', async () => {
    const organizer = await newAmbassador();
    const l = await lectureOf(organizer, 10);
    const first = await codeFor(l.id, organizer);
    // To the next step: the code just shown is now the previous one.
    await advance(Math.ceil((Date.parse(first.expiresAt) - (await clockNow()).getTime()) / 1000) + 1);
    const a = await newMember('prev');
    const prev = await call('POST', `/lectures/${l.id}/check-ins`, {
      token: a.token,
      body: { code: first.code, name: 'Previous Code' },
    });
    expect(prev.status, prev.text).toBe(201);
    await advance(30);
    const b = await newMember('old');
    const old = await call('POST', `/lectures/${l.id}/check-ins`, {
      token: b.token,
      body: { code: first.code, name: 'Old Code' },
    });
    expect(old.status).toBe(400);
    expect(old.body.code).toBe('invalid_code');
  });

  it('one per person: 20 copies at once answer one 201 and nineteen 409 already_checked_in', async () => {
    const organizer = await newAmbassador();
    const l = await lectureOf(organizer, 10);
    const { code } = await codeFor(l.id, organizer);
    const member = await newMember('eager');
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        call('POST', `/lectures/${l.id}/check-ins`, {
          token: member.token,
          body: { code, name: 'Eager Person' },
        }),
      ),
    );
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    expect(answers.filter((r) => r.status === 409).every((r) => r.body.code === 'already_checked_in')).toBe(
      true,
    );
  });
});

describe('guests and their claim', () => {
  it('a guest checks in with a name and gets a claim token; signed in, they claim it once', async () => {
    const organizer = await newAmbassador();
    const l = await lectureOf(organizer, 10);
    const { code } = await codeFor(l.id, organizer);
    const noName = await call('POST', `/lectures/${l.id}/guest-check-ins`, { body: { code } });
    expect(noName.status).toBe(400);
    const badCode = await call('POST', `/lectures/${l.id}/guest-check-ins`, {
      body: { code: wrong(code), name: 'Guest Person' },
    });
    expect(badCode.body.code).toBe('invalid_code');
    const guest = await call('POST', `/lectures/${l.id}/guest-check-ins`, {
      body: { code, name: 'Guest Person' },
    });
    expect(guest.status, guest.text).toBe(201);
    expect(guest.headers.get('location')).toBe(`/lectures/${l.id}`);
    expect(guest.body).toMatchObject({ lectureId: l.id, name: 'Guest Person' });
    expect(guest.body.claimToken).toMatch(/^ct_[A-Za-z0-9_-]{43}$/);

    // Signed in later: the guest check-in becomes theirs, once.
    const member = await newMember('claimer');
    const claimed = await call('POST', '/me/check-ins/claim', {
      token: member.token,
      body: { claimToken: guest.body.claimToken },
    });
    expect(claimed.status, claimed.text).toBe(200);
    expect(claimed.body).toMatchObject({ lectureId: l.id, name: 'Guest Person' });
    const again = await call('POST', '/me/check-ins/claim', {
      token: (await newMember('second')).token,
      body: { claimToken: guest.body.claimToken },
    });
    expect(again.status).toBe(404);
    // Theirs now: checking in again is a duplicate.
    const dup = await call('POST', `/lectures/${l.id}/check-ins`, {
      token: member.token,
      body: { code, name: 'Guest Person' },
    });
    expect(dup.body.code).toBe('already_checked_in');
    // A malformed token is a validation error.
    const malformed = await call('POST', '/me/check-ins/claim', {
      token: member.token,
      body: { claimToken: 'ct_x' },
    });
    expect(malformed.status).toBe(400);
  });

  it('a caller who already checked in cannot claim a guest check-in too; a token claimed twice at once is claimed once', async () => {
    const organizer = await newAmbassador();
    const l = await lectureOf(organizer, 10);
    const { code } = await codeFor(l.id, organizer);
    const member = await newMember('both');
    expect(
      (
        await call('POST', `/lectures/${l.id}/check-ins`, {
          token: member.token,
          body: { code, name: 'Both Ways' },
        })
      ).status,
    ).toBe(201);
    const guest = await must('POST', `/lectures/${l.id}/guest-check-ins`, undefined, {
      code,
      name: 'Both Ways',
    });
    const res = await call('POST', '/me/check-ins/claim', {
      token: member.token,
      body: { claimToken: guest.claimToken },
    });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('already_checked_in');

    const other = await must('POST', `/lectures/${l.id}/guest-check-ins`, undefined, {
      code,
      name: 'Race Guest',
    });
    const racers = await Promise.all(Array.from({ length: 5 }, () => newMember('racer')));
    const answers = await Promise.all(
      racers.map((r) =>
        call('POST', '/me/check-ins/claim', { token: r.token, body: { claimToken: other.claimToken } }),
      ),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 404)).toHaveLength(4);
  });
});

describe('check-ins in review', () => {
  it('the organizer lists them, views show the counts, the queue flags a claim gap, verification is capped by checkedIn', async () => {
    const organizer = await newAmbassador();
    const staff = await newMember('staff', ['staff']);
    const l = await lectureOf(organizer, 10);
    const { code } = await codeFor(l.id, organizer);
    const ambassador = await newAmbassador();
    const member = await newMember('reviewed');
    await must('POST', `/lectures/${l.id}/check-ins`, ambassador.token, { code });
    await must('POST', `/lectures/${l.id}/check-ins`, member.token, { code, name: 'Member Attendee' });
    await must('POST', `/lectures/${l.id}/guest-check-ins`, undefined, { code, name: 'Guest Attendee' });

    const list = await call('GET', `/lectures/${l.id}/check-ins`, { token: organizer.token });
    expect(list.status, list.text).toBe(200);
    expect(list.body.items).toHaveLength(3);
    expect(
      list.body.items.find((c: { ambassadorId?: string }) => c.ambassadorId === ambassador.id),
    ).toBeDefined();
    expect(list.body.items.find((c: { name: string }) => c.name === 'Guest Attendee')).toMatchObject({
      guest: true,
    });
    expect((await call('GET', `/lectures/${l.id}/check-ins`, { token: member.token })).status).toBe(403);
    expect((await call('GET', `/lectures/${l.id}/check-ins`, { token: staff.token })).status).toBe(200);

    const view = await call('GET', `/lectures/${l.id}`, { token: member.token });
    expect(view.body).toMatchObject({ checkedIn: 2, guestCheckIns: 1 });

    // After the end: reported with a claim far above the check-ins.
    await advance(71 * 60);
    await must('POST', `/lectures/${l.id}/report`, organizer.token, { attendees: 50 });
    const queued = await findInPages(
      '/staff/lectures',
      staff.token,
      (x: { id: string; flags: { flag: string; reason: string }[] }) => x.id === l.id,
    );
    expect(queued).toMatchObject({ attendees: 50, checkedIn: 2, guestCheckIns: 1 });
    expect(queued?.flags.map((f) => f.flag)).toEqual(['claim_gap']);
    expect(queued?.flags[0]?.reason).toContain('claimed 50 attendees');

    const over = await call('POST', `/staff/lectures/${l.id}/review`, {
      token: staff.token,
      body: { decision: 'verify', verifiedAttendees: 3 },
    });
    expect(over.status).toBe(400);
    expect(over.body.code).toBe('validation_failed');
    expect(over.body.errors.map((e: { path: string }) => e.path)).toEqual(['verifiedAttendees']);
    const verified = await call('POST', `/staff/lectures/${l.id}/review`, {
      token: staff.token,
      body: { decision: 'verify' },
    });
    expect(verified.status, verified.text).toBe(200);
    expect(verified.body).toMatchObject({ status: 'verified', verifiedAttendees: 2 });
  });
});
