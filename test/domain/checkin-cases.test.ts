/**
 * Who may show a check-in code and who may check in, in the contract's order of refusals
 * (docs/api-contract.md §12), and the name a check-in records.
 */
import { describe, expect, it } from 'vitest';
import {
  assertMayCheckIn,
  assertMayShowCode,
  checkInName,
  memberCheckInSchema,
} from '#domain/checkin-cases.ts';
import { DomainError } from '#domain/errors.ts';
import { type Lecture, newLecture } from '#domain/lectures.ts';

const NOW = new Date('2026-11-28T10:00:00.000Z');
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const organizer = { id: 'org-1', country: 'OM', governorate: 'OM-MA' };

/** Starts at NOW + 60 minutes, lasts 60: the window is NOW + 30 to NOW + 180 (excluded). */
const lecture: Lecture = newLecture(
  {
    title: 'Smart water meters for Bawshar homes',
    topic: 'water',
    governorate: 'OM-MA',
    wilayat: 'bawshar',
    audience: 'public',
    startsAt: at(60).toISOString(),
    durationMinutes: 60,
  },
  organizer,
  'lect-1',
  NOW,
);

const codeOf = (f: () => unknown): string => {
  try {
    f();
    return 'ok';
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return (e as DomainError).code;
  }
};

describe('showing the code', () => {
  it('only the organizer, only within the window', () => {
    expect(codeOf(() => assertMayShowCode(lecture, 'org-1', at(30)))).toBe('ok');
    expect(codeOf(() => assertMayShowCode(lecture, 'org-1', at(179)))).toBe('ok');
    expect(codeOf(() => assertMayShowCode(lecture, 'org-1', at(29)))).toBe('checkin_closed');
    expect(codeOf(() => assertMayShowCode(lecture, 'org-1', at(180)))).toBe('checkin_closed');
    expect(codeOf(() => assertMayShowCode(lecture, 'someone', at(60)))).toBe('forbidden');
  });
});

describe('checking in', () => {
  it('anyone but the organizer, within the window; the organizer is refused first', () => {
    expect(codeOf(() => assertMayCheckIn(lecture, 'attendee', at(31)))).toBe('ok');
    expect(codeOf(() => assertMayCheckIn(lecture, undefined, at(31)))).toBe('ok');
    expect(codeOf(() => assertMayCheckIn(lecture, 'org-1', at(31)))).toBe('forbidden');
    expect(codeOf(() => assertMayCheckIn(lecture, 'org-1', at(0)))).toBe('forbidden');
    expect(codeOf(() => assertMayCheckIn(lecture, 'attendee', at(0)))).toBe('checkin_closed');
    expect(codeOf(() => assertMayCheckIn(lecture, undefined, at(200)))).toBe('checkin_closed');
  });

  it('stays open after the report, until the window closes', () => {
    const reported = { ...lecture, status: 'reported' as const, attendees: 10 };
    expect(codeOf(() => assertMayCheckIn(reported, 'attendee', at(170)))).toBe('ok');
  });

  it('a lecture reported after the fact has no window', () => {
    const { startsAt: _s, durationMinutes: _d, ...v1 } = lecture;
    expect(codeOf(() => assertMayCheckIn(v1 as Lecture, 'attendee', at(60)))).toBe('checkin_closed');
  });

  it("records an ambassador's profile name, else the name sent, which is then required", () => {
    expect(checkInName({ name: 'Maryam' }, 'Someone else')).toEqual({ name: 'Maryam', ambassador: true });
    expect(checkInName(undefined, 'Salim')).toEqual({ name: 'Salim', ambassador: false });
    expect(checkInName({ name: '', erased: true }, 'Salim')).toEqual({ name: 'Salim', ambassador: false });
    expect(codeOf(() => checkInName(undefined, undefined))).toBe('validation_failed');
  });

  it('the body: code, and an optional name of 2–100 characters; nothing else', () => {
    const ok = (b: unknown) => memberCheckInSchema.safeParse(b).success;
    expect(ok({ code: '123456' })).toBe(true);
    expect(ok({ code: '١٢٣٤٥٦', name: 'Salim Al-Busaidi' })).toBe(true);
    expect(ok({ code: '123456', name: 'S' })).toBe(false);
    expect(ok({ code: '123456', extra: 1 })).toBe(false);
    expect(ok({})).toBe(false);
  });
});
