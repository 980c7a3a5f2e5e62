/**
 * The digest end to end (docs/api-contract.md §11), through HTTP on a server of its own: the
 * test moves the one clock forward (POST /_local/clock), which only moves forward and would
 * move it for every later test file on the shared server. Notifications of groups set to
 * `digest` send no email until the digest runs; a digest holds the unread ones since the last
 * digest, each once; a second run the same day sends nothing; a weekly digest goes out only
 * on Sunday (the run at 04:00 UTC, 08:00 in Oman); digests `off` send nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, spawnLocalServer } from '#infra/local/spawn.ts';
import { call, newAmbassador, useServer } from '#support/api.ts';
import { drain, inboxOf, type Mail, mailTo, setPreferences } from '#support/delivery.ts';
import { lectureReview, validLecture } from '#support/fixtures.ts';
import { must, newMember, type Person } from '#support/scenes.ts';

let server: LocalServer;
let staff: Person;

beforeAll(async () => {
  server = await spawnLocalServer({ tableName: 'digest-e2e' });
  useServer(server.baseUrl);
  staff = await newMember('staff', ['staff']);
}, 120_000);
afterAll(async () => {
  useServer(undefined);
  await server?.stop();
});

const clockNow = async () => new Date((await call('GET', '/_local/clock')).body.now);
const advanceTo = async (at: Date) => {
  const seconds = Math.ceil((at.getTime() - (await clockNow()).getTime()) / 1000);
  expect(seconds).toBeGreaterThanOrEqual(0);
  const res = await call('POST', '/_local/clock', { body: { advanceSeconds: seconds } });
  expect(res.status).toBe(200);
};
const omanDay = (d: Date) => new Date(d.getTime() + 4 * 3600_000).getUTCDay();
/** The next Sunday's digest run, 04:00 UTC, strictly after `from`. */
const nextSundayRun = (from: Date) => {
  const at = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate(), 4));
  while (at <= from || at.getUTCDay() !== 0) at.setUTCDate(at.getUTCDate() + 1);
  return at;
};
const digest = async () => {
  const res = await call('POST', '/_local/schedules/digest');
  expect(res.status, res.text).toBe(200);
  return res.body as { date: string; cadences: string[]; sent: number };
};
/** A verified lecture of `organizer`, titled `title`: one `lecture.verified` for them. */
const verifiedLecture = async (organizer: { token: string }, title: string) => {
  const l = await must('POST', '/lectures', organizer.token, validLecture({ title }));
  await must('POST', `/staff/lectures/${l.id}/review`, staff.token, lectureReview.verify());
};
const occurrences = (text: string, part: string) => text.split(part).length - 1;

describe('the digest', () => {
  const person = async (digestCadence: 'daily' | 'weekly' | 'off') => {
    const a = await newAmbassador();
    await setPreferences(a.token, { language: 'en', digest: digestCadence });
    return { ...a, email: `${a.id}@example.om` };
  };

  it('sends waiting notifications once a day or on Sundays, each once, never without news', async () => {
    // A weekday to start from (the run of a Sunday sends weekly digests too).
    const start = await clockNow();
    if (omanDay(start) === 0) await advanceTo(new Date(start.getTime() + 24 * 3600_000));

    const daily = await person('daily');
    const weekly = await person('weekly');
    const off = await person('off');
    await verifiedLecture(daily, 'Daily one: bus lanes');
    await verifiedLecture(daily, 'Daily two: cool roofs');
    await verifiedLecture(weekly, 'Weekly one: shaded walks');
    await verifiedLecture(off, 'Off one: water meters');
    await drain();
    // Delivered to the inbox; every group is `digest` (the defaults): no email yet.
    expect((await inboxOf(daily.token)).items).toHaveLength(2);
    for (const p of [daily, weekly, off]) expect(await mailTo(p.email)).toEqual([]);

    const weekday = await digest();
    expect(weekday.cadences).toEqual(['daily']);
    const [first, ...more] = await mailTo(daily.email);
    expect(more).toEqual([]);
    for (const title of ['Daily one: bus lanes', 'Daily two: cool roofs']) {
      expect(occurrences(first!.text, title), title).toBe(1);
      expect(occurrences(first!.html, title), title).toBe(1);
    }
    expect(first!.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(await mailTo(weekly.email)).toEqual([]);

    // The same day again: nothing new is sent to anyone.
    await digest();
    expect(await mailTo(daily.email)).toHaveLength(1);
    expect(await mailTo(weekly.email)).toEqual([]);

    // News after the digest waits for the next one, which holds it alone.
    await verifiedLecture(daily, 'Daily three: tree census');
    await drain();
    expect(await mailTo(daily.email)).toHaveLength(1);
    await advanceTo(nextSundayRun(await clockNow()));
    const sunday = await digest();
    expect(sunday.cadences.sort()).toEqual(['daily', 'weekly']);
    const dailyMail: Mail[] = await mailTo(daily.email);
    expect(dailyMail).toHaveLength(2);
    expect(occurrences(dailyMail[0]!.text, 'Daily three: tree census')).toBe(1);
    expect(dailyMail[0]!.text).not.toContain('Daily one');
    const weeklyMail = await mailTo(weekly.email);
    expect(weeklyMail).toHaveLength(1);
    expect(occurrences(weeklyMail[0]!.text, 'Weekly one: shaded walks')).toBe(1);

    // Sunday again: nothing twice; digests off: never anything.
    await digest();
    expect(await mailTo(daily.email)).toHaveLength(2);
    expect(await mailTo(weekly.email)).toHaveLength(1);
    expect(await mailTo(off.email)).toEqual([]);
  });
});
