/**
 * Seasons (docs/api-contract.md §13): what staff send to create one, and a season as a
 * statistics period next to `all`, a year and a month: its dates, the period before it, and
 * the periods a date counts in.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '#domain/errors.ts';
import {
  dateInPeriod,
  datesOfPeriod,
  formatPeriod,
  isSeasonId,
  MAX_SEASON_DAYS,
  parsePeriod,
  periodQuerySchema,
  periodsOfDateWithSeasons,
  previousPeriod,
  type Season,
  seasonInputSchema,
  seasonPeriod,
} from '#domain/seasons.ts';
import { daysBetween, periodsOfDate } from '#domain/time.ts';

const q1: Season = {
  id: '2027-q1',
  nameAr: 'الربع الأول',
  nameEn: 'First quarter',
  startsOn: '2027-01-01',
  endsOn: '2027-03-31',
};
const ramadan: Season = {
  id: '2027-ramadan',
  nameAr: 'رمضان',
  nameEn: 'Ramadan',
  startsOn: '2027-02-08',
  endsOn: '2027-03-09',
};
const seasons = [q1, ramadan];

const plusDays = (date: string, n: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

const calendarDate = fc
  .date({ min: new Date('2001-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return isDomainError(e) ? e.code : 'other';
  }
  return undefined;
};

describe('season ids', () => {
  it.each([
    '2027-q1',
    '2026-ramadan',
    '2026-a',
    `2026-${'a'.repeat(20)}`,
    '2026-summer-camp-2',
    '2026--',
    '2026-0',
  ])('%s is a season id', (id) => expect(isSeasonId(id)).toBe(true));
  it.each([
    '',
    '2027',
    '2027-',
    '27-q1',
    '20270-q1',
    '2027-Q1',
    '2027_q1',
    `2026-${'a'.repeat(21)}`,
    '2027-q 1',
    '2027-ق1',
    ' 2027-q1',
    '2027-q1\n',
  ])('%j is not', (id) => expect(isSeasonId(id)).toBe(false));
});

describe('seasonInputSchema', () => {
  const body = {
    id: '2027-q1',
    nameAr: 'الربع الأول',
    nameEn: 'First quarter',
    startsOn: '2027-01-01',
    endsOn: '2027-03-31',
  };

  it('accepts a season, names trimmed', () => {
    expect(seasonInputSchema.parse({ ...body, nameEn: '  First quarter ' })).toEqual(body);
  });

  it('a one-day season starts and ends on the same day', () => {
    expect(seasonInputSchema.safeParse({ ...body, endsOn: body.startsOn }).success).toBe(true);
  });

  it('refuses an end before the start, on endsOn', () => {
    const r = seasonInputSchema.safeParse({ ...body, startsOn: '2027-04-01' });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(['endsOn']);
  });

  it(`is at most ${MAX_SEASON_DAYS} days long, both ends counted`, () => {
    expect(MAX_SEASON_DAYS).toBe(366);
    expect(
      seasonInputSchema.safeParse({ ...body, startsOn: '2028-01-01', endsOn: '2028-12-31' }).success,
    ).toBe(true);
    expect(
      seasonInputSchema.safeParse({ ...body, startsOn: '2027-01-01', endsOn: '2028-01-01' }).success,
    ).toBe(true);
    const r = seasonInputSchema.safeParse({ ...body, startsOn: '2027-01-01', endsOn: '2028-01-02' });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(['endsOn']);
  });

  it('refuses unknown fields, bad ids, unreal dates, blank names and dates outside 2000–2100', () => {
    for (const bad of [
      { ...body, extra: 1 },
      { ...body, id: '2027-Q1' },
      { ...body, id: 'q1' },
      { ...body, startsOn: '2027-02-30' },
      { ...body, endsOn: '2027-3-31' },
      { ...body, nameAr: '   ' },
      { ...body, nameEn: 'x'.repeat(101) },
      { ...body, nameEn: 'a\u202Eb' },
      { ...body, startsOn: '1999-12-31', endsOn: '2000-01-05' },
      { ...body, startsOn: '2100-12-31', endsOn: '2101-01-01' },
      (({ nameAr: _, ...rest }) => rest)(body),
    ])
      expect(seasonInputSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });
});

describe('periods with seasons', () => {
  it('parses and formats every kind of period', () => {
    const cases: [string, ReturnType<typeof parsePeriod>][] = [
      ['all', { kind: 'all' }],
      ['2026', { kind: 'year', year: 2026 }],
      ['2026-11', { kind: 'month', year: 2026, month: 11 }],
      ['season:2027-q1', { kind: 'season', id: '2027-q1' }],
    ];
    for (const [s, p] of cases) {
      expect(parsePeriod(s)).toEqual(p);
      if (p) expect(formatPeriod(p)).toBe(s);
    }
    expect(seasonPeriod('2027-q1')).toBe('season:2027-q1');
  });

  it.each([
    '',
    'season:',
    'season:2027',
    'season:2027-Q1',
    'Season:2027-q1',
    'season: 2027-q1',
    '1999',
    '2026-13',
    'season:2027-q1:x',
  ])('%j is no period', (s) => expect(parsePeriod(s)).toBeUndefined());

  it('the query schema takes a season period and keeps the old ones', () => {
    for (const period of ['all', '2026', '2026-11', 'season:2027-q1'])
      expect(periodQuerySchema.safeParse({ period }).success).toBe(true);
    expect(periodQuerySchema.safeParse({}).success).toBe(true);
    for (const period of ['season:', 'season:x', '2101', 'ALL'])
      expect(periodQuerySchema.safeParse({ period }).success).toBe(false);
  });
});

describe('datesOfPeriod', () => {
  it('gives inclusive Oman dates', () => {
    expect(datesOfPeriod('all', seasons)).toEqual({ from: '2000-01-01', to: '2100-12-31' });
    expect(datesOfPeriod('2026', seasons)).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(datesOfPeriod('2026-11', seasons)).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(datesOfPeriod('2028-02', seasons)).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(datesOfPeriod('2027-02', seasons)).toEqual({ from: '2027-02-01', to: '2027-02-28' });
    expect(datesOfPeriod('2026-12', seasons)).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(datesOfPeriod('season:2027-q1', seasons)).toEqual({ from: '2027-01-01', to: '2027-03-31' });
  });

  it('an unknown season is not_found, a malformed period validation_failed', () => {
    expect(codeOf(() => datesOfPeriod('season:2027-q2', seasons))).toBe('not_found');
    expect(codeOf(() => datesOfPeriod('2026-13', seasons))).toBe('validation_failed');
  });
});

describe('previousPeriod', () => {
  it('the year, month or season-long stretch right before', () => {
    expect(previousPeriod('2026', seasons)).toEqual({ period: '2025', from: '2025-01-01', to: '2025-12-31' });
    expect(previousPeriod('2026-03', seasons)).toEqual({
      period: '2026-02',
      from: '2026-02-01',
      to: '2026-02-28',
    });
    expect(previousPeriod('2026-01', seasons)).toEqual({
      period: '2025-12',
      from: '2025-12-01',
      to: '2025-12-31',
    });
    // 90 days, the 90 days before it; no named period.
    expect(previousPeriod('season:2027-q1', seasons)).toEqual({ from: '2026-10-03', to: '2026-12-31' });
  });

  it('all has none: validation_failed on period', () => {
    try {
      previousPeriod('all', seasons);
      expect.unreachable();
    } catch (e) {
      expect(isDomainError(e) && e.code).toBe('validation_failed');
      expect(isDomainError(e) && e.fieldErrors?.map((f) => f.path)).toEqual(['period']);
    }
  });

  it('the first year and month have none either', () => {
    expect(codeOf(() => previousPeriod('2000', seasons))).toBe('validation_failed');
    expect(codeOf(() => previousPeriod('2000-01', seasons))).toBe('validation_failed');
  });

  it('a season stretch ends the day before the season and is as long (property)', () => {
    fc.assert(
      fc.property(calendarDate, fc.integer({ min: 0, max: MAX_SEASON_DAYS - 1 }), (startsOn, extra) => {
        const s: Season = { ...q1, id: '2050-s', startsOn, endsOn: plusDays(startsOn, extra) };
        const prev = previousPeriod('season:2050-s', [s]);
        expect(plusDays(prev.to, 1)).toBe(s.startsOn);
        expect(daysBetween(prev.from, prev.to)).toBe(extra);
      }),
    );
  });
});

describe('periodsOfDateWithSeasons and dateInPeriod', () => {
  it('a date counts in all, its year, its month and every season holding it', () => {
    expect(periodsOfDateWithSeasons('2027-02-10', seasons)).toEqual([
      'all',
      '2027',
      '2027-02',
      'season:2027-q1',
      'season:2027-ramadan',
    ]);
    expect(periodsOfDateWithSeasons('2027-01-01', seasons)).toEqual([
      'all',
      '2027',
      '2027-01',
      'season:2027-q1',
    ]);
    expect(periodsOfDateWithSeasons('2027-03-31', seasons)).toEqual([
      'all',
      '2027',
      '2027-03',
      'season:2027-q1',
    ]);
    expect(periodsOfDateWithSeasons('2027-04-01', seasons)).toEqual(['all', '2027', '2027-04']);
  });

  it('agrees with datesOfPeriod and periodsOfDate (property)', () => {
    fc.assert(
      fc.property(calendarDate, (date) => {
        const periods = periodsOfDateWithSeasons(date, seasons);
        expect(periods.slice(0, 3)).toEqual(periodsOfDate(date));
        for (const p of [
          'all',
          '2027',
          '2027-02',
          'season:2027-q1',
          'season:2027-ramadan',
          date.slice(0, 7),
        ]) {
          const { from, to } = datesOfPeriod(p, seasons);
          expect(dateInPeriod(date, p, seasons)).toBe(from <= date && date <= to);
          expect(periods.includes(p)).toBe(from <= date && date <= to);
        }
      }),
    );
  });
});
