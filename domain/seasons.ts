/**
 * Seasons (docs/api-contract.md §13): named stretches of dates that staff create, each a
 * statistics period `season:<id>` next to `all`, a year and a month (domain/time.ts). Dates are
 * calendar dates in Oman, both ends included.
 */
import * as z from 'zod/mini';
import { DomainError } from './errors.ts';
import { isoDate, singleLine } from './schema-kit.ts';
import { daysBetween, isPeriod, type Period, periodsOfDate } from './time.ts';

/** A 4-digit year, a dash, then 1–20 of a-z, 0-9 and dash: `2027-q1`, `2026-ramadan`. */
const SEASON_ID = /^\d{4}-[a-z0-9-]{1,20}$/;
export const isSeasonId = (s: string): boolean => SEASON_ID.test(s);

/** The longest season, both ends counted: a leap year. */
export const MAX_SEASON_DAYS = 366;
/** The dates a period may cover, as for `isPeriod` (years 2000–2100); `all` is this range. */
const FIRST_DATE = '2000-01-01';
const LAST_DATE = '2100-12-31';

export interface Season {
  id: string;
  nameAr: string;
  nameEn: string;
  startsOn: string;
  endsOn: string;
}

const DATE_RANGE_RULE = `Between ${FIRST_DATE} and ${LAST_DATE}.`;
const seasonDate = () =>
  isoDate().check(
    z.refine((d) => d >= FIRST_DATE && d <= LAST_DATE, DATE_RANGE_RULE),
    z.describe(DATE_RANGE_RULE),
  );

/** `POST /staff/seasons`. */
export const seasonInputSchema = z
  .strictObject({
    id: z.string().check(z.regex(SEASON_ID, 'Must be a 4-digit year, a dash, then 1–20 of a-z, 0-9 and -')),
    nameAr: singleLine(2, 100),
    nameEn: singleLine(2, 100),
    startsOn: seasonDate(),
    endsOn: seasonDate(),
  })
  .check(
    z.refine((s) => s.endsOn >= s.startsOn, { message: 'Must not be before startsOn', path: ['endsOn'] }),
    z.refine((s) => s.endsOn < s.startsOn || daysBetween(s.startsOn, s.endsOn) + 1 <= MAX_SEASON_DAYS, {
      message: `A season lasts at most ${MAX_SEASON_DAYS} days`,
      path: ['endsOn'],
    }),
    z.describe(
      `\`startsOn\` ≤ \`endsOn\`, both included, at most ${MAX_SEASON_DAYS} days. The id becomes the period \`season:<id>\`.`,
    ),
  );
export type SeasonInput = z.infer<typeof seasonInputSchema>;

export type ParsedPeriod =
  | { kind: 'all' }
  | { kind: 'year'; year: number }
  | { kind: 'month'; year: number; month: number }
  | { kind: 'season'; id: string };

const SEASON_PREFIX = 'season:';
export const seasonPeriod = (seasonId: string): Period => `${SEASON_PREFIX}${seasonId}`;

/** A period as its parts, or undefined when malformed (a season's existence is not checked). */
export const parsePeriod = (s: string): ParsedPeriod | undefined => {
  if (s.startsWith(SEASON_PREFIX)) {
    const id = s.slice(SEASON_PREFIX.length);
    return isSeasonId(id) ? { kind: 'season', id } : undefined;
  }
  if (!isPeriod(s)) return undefined;
  if (s === 'all') return { kind: 'all' };
  const [year, month] = s.split('-').map(Number) as [number, number?];
  return month === undefined ? { kind: 'year', year } : { kind: 'month', year, month };
};

export const formatPeriod = (p: ParsedPeriod): Period => {
  switch (p.kind) {
    case 'all':
      return 'all';
    case 'year':
      return String(p.year).padStart(4, '0');
    case 'month':
      return `${String(p.year).padStart(4, '0')}-${String(p.month).padStart(2, '0')}`;
    case 'season':
      return seasonPeriod(p.id);
  }
};

const PERIOD_MESSAGE = 'Must be all, a year like 2026, a month like 2026-11, or a season like season:2027-q1';
/** A `period` query that may name a season; an unknown season is the reader's 404. */
export const periodQuerySchema = z.strictObject({
  period: z.optional(
    z.string().check(
      z.regex(/^(?:all|\d{4}(?:-(?:0[1-9]|1[0-2]))?|season:\d{4}-[a-z0-9-]{1,20})$/, {
        error: PERIOD_MESSAGE,
        abort: true,
      }),
      z.refine((s) => parsePeriod(s) !== undefined, PERIOD_MESSAGE),
    ),
  ),
});

/** Inclusive calendar dates. */
export interface DateRange {
  from: string;
  to: string;
}

const plusDays = (date: string, n: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const pad2 = (n: number) => String(n).padStart(2, '0');
const lastDayOfMonth = (year: number, month: number): number =>
  new Date(Date.UTC(year, month, 0)).getUTCDate();

const parseOrFail = (period: Period): ParsedPeriod => {
  const p = parsePeriod(period);
  if (!p)
    throw new DomainError('validation_failed', PERIOD_MESSAGE, [{ path: 'period', message: PERIOD_MESSAGE }]);
  return p;
};

const seasonOrFail = (id: string, seasons: readonly Season[]): Season => {
  const s = seasons.find((x) => x.id === id);
  if (!s) throw new DomainError('not_found', `No season ${id}`);
  return s;
};

/**
 * The dates a period covers, both included. `all` covers every date a period may name.
 * Throws validation_failed for a malformed period, not_found for a season not in `seasons`.
 */
export const datesOfPeriod = (period: Period, seasons: readonly Season[]): DateRange => {
  const p = parseOrFail(period);
  switch (p.kind) {
    case 'all':
      return { from: FIRST_DATE, to: LAST_DATE };
    case 'year':
      return { from: `${p.year}-01-01`, to: `${p.year}-12-31` };
    case 'month':
      return {
        from: `${p.year}-${pad2(p.month)}-01`,
        to: `${p.year}-${pad2(p.month)}-${pad2(lastDayOfMonth(p.year, p.month))}`,
      };
    case 'season': {
      const s = seasonOrFail(p.id, seasons);
      return { from: s.startsOn, to: s.endsOn };
    }
  }
};

const NO_PREVIOUS = 'There is no period before this one to compare with';

/**
 * The period of the same length right before, for `most-improved`: the year before a year,
 * the month before a month (with its name in `period`); for a season, the as many days right
 * before its start (a stretch of dates, no named period). `all`, and the first year or month a
 * period may name, have none: validation_failed on `period`, the reader's 400.
 */
export const previousPeriod = (
  period: Period,
  seasons: readonly Season[],
): DateRange & { period?: Period } => {
  const p = parseOrFail(period);
  const none = () =>
    new DomainError('validation_failed', NO_PREVIOUS, [{ path: 'period', message: NO_PREVIOUS }]);
  switch (p.kind) {
    case 'all':
      throw none();
    case 'year':
    case 'month': {
      const prev: ParsedPeriod =
        p.kind === 'year'
          ? { kind: 'year', year: p.year - 1 }
          : p.month === 1
            ? { kind: 'month', year: p.year - 1, month: 12 }
            : { kind: 'month', year: p.year, month: p.month - 1 };
      const name = formatPeriod(prev);
      if (!isPeriod(name)) throw none();
      return { period: name, ...datesOfPeriod(name, seasons) };
    }
    case 'season': {
      const s = seasonOrFail(p.id, seasons);
      const days = daysBetween(s.startsOn, s.endsOn) + 1;
      return { from: plusDays(s.startsOn, -days), to: plusDays(s.startsOn, -1) };
    }
  }
};

/** Whether a date (`YYYY-MM-DD`, Oman) falls in a period; errors as datesOfPeriod. */
export const dateInPeriod = (date: string, period: Period, seasons: readonly Season[]): boolean => {
  const { from, to } = datesOfPeriod(period, seasons);
  return from <= date && date <= to;
};

/** The periods a date counts in: all time, its year, its month, then every season holding it. */
export const periodsOfDateWithSeasons = (date: string, seasons: readonly Season[]): Period[] => [
  ...periodsOfDate(date),
  ...seasons.filter((s) => s.startsOn <= date && date <= s.endsOn).map((s) => seasonPeriod(s.id)),
];
