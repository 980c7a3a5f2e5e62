/**
 * Oman time and statistics periods (docs/api-contract.md §1 and §7): dates are Asia/Muscat
 * (UTC+4, no daylight saving); a period is `all`, a year `2026` or a month `2026-11`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysBetween, isPeriod, muscatDate, periodsOfDate, periodsOfInstant } from '#domain/time.ts';

/** Instants from 2000 to 2100, the years a period may name. */
const instant = fc.date({
  min: new Date('2000-01-01T00:00:00.000Z'),
  max: new Date('2100-12-31T19:59:59.999Z'),
  noInvalidDate: true,
});

/** A calendar date `YYYY-MM-DD` from 2000 to 2099. */
const calendarDate = fc
  .date({
    min: new Date('2000-01-01T00:00:00.000Z'),
    max: new Date('2099-12-31T00:00:00.000Z'),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString().slice(0, 10));

const plusDays = (date: string, n: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe('muscatDate', () => {
  it('turns to the next day at 20:00 UTC, midnight in Muscat', () => {
    expect(muscatDate(new Date('2026-11-27T20:00:00.000Z'))).toBe('2026-11-28');
    expect(muscatDate(new Date('2026-11-27T19:59:59.999Z'))).toBe('2026-11-27');
    expect(muscatDate(new Date('2026-11-28T00:00:00.000Z'))).toBe('2026-11-28');
    expect(muscatDate(new Date('2026-11-28T19:59:59.999Z'))).toBe('2026-11-28');
    expect(muscatDate(new Date('2026-11-28T20:00:00.000Z'))).toBe('2026-11-29');
  });

  it('rolls over months, years and leap days', () => {
    expect(muscatDate(new Date('2026-11-30T20:00:00.000Z'))).toBe('2026-12-01');
    expect(muscatDate(new Date('2026-12-31T19:59:59.999Z'))).toBe('2026-12-31');
    expect(muscatDate(new Date('2026-12-31T20:00:00.000Z'))).toBe('2027-01-01');
    expect(muscatDate(new Date('2028-02-28T20:00:00.000Z'))).toBe('2028-02-29');
    expect(muscatDate(new Date('2027-02-28T20:00:00.000Z'))).toBe('2027-03-01');
  });

  it('has no daylight saving: the switch is at 20:00 UTC in every month', () => {
    for (let month = 1; month <= 12; month++) {
      const mm = String(month).padStart(2, '0');
      expect(muscatDate(new Date(`2026-${mm}-10T19:59:59.999Z`)), mm).toBe(`2026-${mm}-10`);
      expect(muscatDate(new Date(`2026-${mm}-10T20:00:00.000Z`)), mm).toBe(`2026-${mm}-11`);
    }
  });

  it('is the UTC date of the instant four hours later (property)', () => {
    fc.assert(
      fc.property(instant, (at) => {
        const d = muscatDate(at);
        expect(d).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(d).toBe(new Date(at.getTime() + 4 * 3_600_000).toISOString().slice(0, 10));
        const utc = at.toISOString().slice(0, 10);
        // The same day as in UTC before 20:00 UTC, the next one from 20:00 on.
        expect(d).toBe(at.getUTCHours() >= 20 ? plusDays(utc, 1) : utc);
      }),
    );
  });
});

describe('daysBetween', () => {
  it('counts whole days from a to b, negative when b is earlier', () => {
    expect(daysBetween('2026-11-28', '2026-11-28')).toBe(0);
    expect(daysBetween('2026-11-27', '2026-11-28')).toBe(1);
    expect(daysBetween('2026-11-28', '2026-11-27')).toBe(-1);
    expect(daysBetween('2026-08-30', '2026-11-28')).toBe(90);
    expect(daysBetween('2026-08-29', '2026-11-28')).toBe(91);
  });

  it('crosses months, years and leap days', () => {
    expect(daysBetween('2026-01-31', '2026-03-01')).toBe(29);
    expect(daysBetween('2028-01-31', '2028-03-01')).toBe(30);
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
    expect(daysBetween('2028-01-01', '2029-01-01')).toBe(366);
    expect(daysBetween('2026-12-31', '2027-01-01')).toBe(1);
  });

  it('inverts plusDays, and is antisymmetric (property)', () => {
    fc.assert(
      fc.property(calendarDate, fc.integer({ min: -400, max: 400 }), (a, n) => {
        const b = plusDays(a, n);
        expect(daysBetween(a, b)).toBe(n);
        expect(daysBetween(b, a) + n).toBe(0);
      }),
    );
  });
});

describe('isPeriod', () => {
  it('accepts all, a year and a month', () => {
    for (const p of ['all', '2026', '2026-11', '2026-01', '2026-12', '2000', '2000-01', '2100', '2100-12'])
      expect(isPeriod(p), p).toBe(true);
  });

  it('rejects anything else', () => {
    for (const p of [
      '',
      'ALL',
      'All',
      'all ',
      ' all',
      'alltime',
      '2026-13',
      '2026-00',
      '2026-1',
      '2026-011',
      '26',
      '202',
      '20266',
      '02026',
      '1999',
      '1999-12',
      '2101',
      '2101-01',
      '0000',
      '9999',
      '2026-11-28',
      '2026/11',
      '2026 ',
      ' 2026',
      '2026\n',
      '2026-11\n',
      '٢٠٢٦',
    ])
      expect(isPeriod(p), JSON.stringify(p)).toBe(false);
  });

  it('accepts exactly the years 2000–2100 and their twelve months (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 9999 }), fc.integer({ min: 0, max: 99 }), (year, month) => {
        const inRange = year >= 2000 && year <= 2100;
        expect(isPeriod(String(year))).toBe(inRange);
        const mm = String(month).padStart(2, '0');
        expect(isPeriod(`${year}-${mm}`)).toBe(inRange && month >= 1 && month <= 12);
      }),
    );
  });
});

describe('periodsOfDate and periodsOfInstant', () => {
  it('gives all time, the year and the month of a date', () => {
    expect(periodsOfDate('2026-11-28')).toEqual(['all', '2026', '2026-11']);
    expect(periodsOfDate('2027-01-01')).toEqual(['all', '2027', '2027-01']);
  });

  it('counts an instant in the periods of its date in Muscat', () => {
    expect(periodsOfInstant(new Date('2026-12-31T19:59:59.999Z'))).toEqual(['all', '2026', '2026-12']);
    expect(periodsOfInstant(new Date('2026-12-31T20:00:00.000Z'))).toEqual(['all', '2027', '2027-01']);
    expect(periodsOfInstant(new Date('2026-11-30T20:00:00.000Z'))).toEqual(['all', '2026', '2026-12']);
  });

  it('gives valid periods, the month inside the year (property)', () => {
    fc.assert(
      fc.property(instant, (at) => {
        const p = periodsOfInstant(at);
        expect(p).toHaveLength(3);
        expect(p[0]).toBe('all');
        expect(p[2].startsWith(p[1])).toBe(true);
        expect(p[2]).toBe(muscatDate(at).slice(0, 7));
        for (const period of p) expect(isPeriod(period), period).toBe(true);
        expect(p).toEqual(periodsOfDate(muscatDate(at)));
      }),
    );
  });
});
