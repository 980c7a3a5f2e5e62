/**
 * Scheduled lectures (docs/api-contract.md §12): announced with `startsAt` and
 * `durationMinutes`, visible to every signed-in reader, edited or deleted while scheduled,
 * reported after their end, counted on the Oman date of their start.
 */
import { describe, expect, it } from 'vitest';
import { DomainError } from '#domain/errors.ts';
import {
  assertDeletable,
  canSeeLecture,
  editLecture,
  type Lecture,
  type LectureInput,
  lectureEnd,
  lectureInputSchema,
  lectureReportSchema,
  MAX_SCHEDULE_AHEAD_DAYS,
  newLecture,
  reportScheduled,
  reviewLecture,
  upcomingQuerySchema,
} from '#domain/lectures.ts';

const NOW = new Date('2026-11-28T10:00:00.000Z');
const organizer = { id: 'org-1', country: 'OM', governorate: 'OM-MA' };
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);

const scheduledInput = (overrides: Partial<LectureInput> = {}): LectureInput => ({
  title: 'Smart water meters for Bawshar homes',
  topic: 'water',
  format: 'in_person',
  governorate: 'OM-MA',
  wilayat: 'bawshar',
  audience: 'public',
  startsAt: minutes(120).toISOString(),
  durationMinutes: 60,
  ...overrides,
});

const fieldErrorsOf = (f: () => unknown): string[] => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).code).toBe('validation_failed');
    return ((e as DomainError).fieldErrors ?? []).map((x) => x.path);
  }
  throw new Error('expected a validation error');
};

const codeOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return (e as DomainError).code;
  }
  return 'none';
};

const scheduled = (overrides: Partial<LectureInput> = {}): Lecture =>
  newLecture(scheduledInput(overrides), organizer, 'lect-1', NOW);

describe('scheduling a lecture', () => {
  it('creates a scheduled lecture without attendees, dated on the Oman day of its start', () => {
    // 22:30 UTC is 02:30 the next day in Muscat.
    const l = scheduled({ startsAt: '2026-11-28T22:30:00.000Z' });
    expect(l).toMatchObject({ status: 'scheduled', deliveredOn: '2026-11-29', durationMinutes: 60 });
    expect(l.attendees).toBeUndefined();
    expect(l.startsAt).toBe('2026-11-28T22:30:00.000Z');
  });

  it('accepts a start from now up to 90 days ahead, not in the past nor beyond', () => {
    expect(scheduled({ startsAt: minutes(1).toISOString() }).status).toBe('scheduled');
    const limit = new Date(NOW.getTime() + MAX_SCHEDULE_AHEAD_DAYS * 86_400_000);
    expect(scheduled({ startsAt: limit.toISOString() }).status).toBe('scheduled');
    expect(fieldErrorsOf(() => scheduled({ startsAt: NOW.toISOString() }))).toEqual(['startsAt']);
    expect(fieldErrorsOf(() => scheduled({ startsAt: minutes(-5).toISOString() }))).toEqual(['startsAt']);
    expect(
      fieldErrorsOf(() => scheduled({ startsAt: new Date(limit.getTime() + 60_000).toISOString() })),
    ).toEqual(['startsAt']);
  });

  it('takes neither deliveredOn nor attendees, and needs durationMinutes', () => {
    expect(fieldErrorsOf(() => scheduled({ deliveredOn: '2026-11-27' }))).toEqual(['deliveredOn']);
    expect(fieldErrorsOf(() => scheduled({ attendees: 40 }))).toEqual(['attendees']);
    expect(fieldErrorsOf(() => scheduled({ durationMinutes: undefined }))).toEqual(['durationMinutes']);
  });

  it('a lecture reported after the fact still needs deliveredOn and attendees, and no duration', () => {
    const base = scheduledInput({ startsAt: undefined, durationMinutes: undefined });
    expect(fieldErrorsOf(() => newLecture(base, organizer, 'x', NOW)).sort()).toEqual([
      'attendees',
      'deliveredOn',
    ]);
    expect(
      fieldErrorsOf(() =>
        newLecture(
          { ...base, deliveredOn: '2026-11-27', attendees: 4, durationMinutes: 30 },
          organizer,
          'x',
          NOW,
        ),
      ),
    ).toEqual(['durationMinutes']);
  });

  it('the schema bounds durationMinutes to 15–480 and wants a date-time start', () => {
    const ok = (d: unknown) =>
      lectureInputSchema.safeParse({ ...scheduledInput(), durationMinutes: d }).success;
    expect([15, 480, 90].map(ok)).toEqual([true, true, true]);
    expect([14, 481, 30.5, '60'].map(ok)).toEqual([false, false, false, false]);
    expect(lectureInputSchema.safeParse({ ...scheduledInput(), startsAt: '2026-12-01' }).success).toBe(false);
  });
});

describe('who sees a scheduled lecture, and what its organizer may do', () => {
  it('every signed-in reader sees it', () => {
    const l = scheduled();
    expect(canSeeLecture(l, { id: 'someone', staff: false })).toBe(true);
    expect(canSeeLecture(l, undefined)).toBe(true);
  });

  it('is edited while scheduled: a new start moves its date, and must be ahead', () => {
    const l = scheduled();
    const moved = editLecture(l, { startsAt: '2026-12-10T21:00:00.000Z' }, organizer, NOW);
    expect(moved).toMatchObject({ status: 'scheduled', deliveredOn: '2026-12-11', version: 2 });
    expect(editLecture(l, { durationMinutes: 90 }, organizer, NOW).durationMinutes).toBe(90);
    expect(
      fieldErrorsOf(() => editLecture(l, { startsAt: minutes(-1).toISOString() }, organizer, NOW)),
    ).toEqual(['startsAt']);
    expect(fieldErrorsOf(() => editLecture(l, { attendees: 30 }, organizer, NOW))).toEqual(['attendees']);
    // A title edit after the start keeps the start as it is.
    expect(editLecture(l, { title: 'A new title here' }, organizer, minutes(500)).startsAt).toBe(l.startsAt);
  });

  it('is deletable while scheduled', () => {
    expect(() => assertDeletable(scheduled())).not.toThrow();
  });

  it('cannot be reviewed while scheduled', () => {
    expect(codeOf(() => reviewLecture(scheduled(), { decision: 'verify' }, 'staff-1', NOW))).toBe(
      'invalid_transition',
    );
  });
});

describe('reporting a scheduled lecture after its end', () => {
  const l = scheduled();
  const end = lectureEnd(l) as Date;

  it('ends at startsAt + durationMinutes', () => {
    expect(end.toISOString()).toBe(minutes(180).toISOString());
    expect(lectureEnd({ startsAt: undefined, durationMinutes: undefined })).toBeUndefined();
  });

  it('before the end is 409 invalid_transition; from the end on, it becomes reported', () => {
    expect(codeOf(() => reportScheduled(l, { attendees: 30 }, new Date(end.getTime() - 1)))).toBe(
      'invalid_transition',
    );
    const r = reportScheduled(l, { attendees: 30, venue: 'Hall B' }, end);
    expect(r).toMatchObject({
      status: 'reported',
      attendees: 30,
      venue: 'Hall B',
      reportedAt: end.toISOString(),
      version: 2,
      deliveredOn: l.deliveredOn,
    });
    expect(r.evidenceUrls).toEqual(l.evidenceUrls);
    // Then the v1 review applies.
    expect(reviewLecture(r, { decision: 'verify' }, 'staff-1', end).verifiedAttendees).toBe(30);
    // Reported once.
    expect(codeOf(() => reportScheduled(r, { attendees: 31 }, end))).toBe('invalid_transition');
  });

  it('a lecture reported after the fact has nothing to report', () => {
    const v1 = newLecture(
      scheduledInput({
        startsAt: undefined,
        durationMinutes: undefined,
        deliveredOn: '2026-11-27',
        attendees: 5,
      }),
      organizer,
      'v1',
      NOW,
    );
    expect(codeOf(() => reportScheduled(v1, { attendees: 5 }, NOW))).toBe('invalid_transition');
  });

  it('the report body: attendees 1–10000, evidenceUrls, venue; nothing else', () => {
    const ok = (b: unknown) => lectureReportSchema.safeParse(b).success;
    expect(ok({ attendees: 1 })).toBe(true);
    expect(ok({ attendees: 10_000, evidenceUrls: ['https://example.om/a.jpg'], venue: 'Hall' })).toBe(true);
    expect(ok({ attendees: 0 })).toBe(false);
    expect(ok({ attendees: 10_001 })).toBe(false);
    expect(ok({})).toBe(false);
    expect(ok({ attendees: 5, title: 'x' })).toBe(false);
  });
});

describe('the upcoming list query', () => {
  it('takes governorate, wilayat (in it), topic and paging; nothing else', () => {
    const ok = (q: unknown) => upcomingQuerySchema.safeParse(q).success;
    expect(ok({ governorate: 'OM-MA', wilayat: 'bawshar', topic: 'water', limit: '5' })).toBe(true);
    expect(ok({ governorate: 'OM-MA', wilayat: 'salalah' })).toBe(false);
    expect(ok({ topic: 'cooking' })).toBe(false);
    expect(ok({ from: '2026-11-01' })).toBe(false);
  });
});
