/**
 * Oman time (Asia/Muscat, UTC+4, no daylight saving) and the statistics periods of the
 * contract: `all`, a year `2026`, or a month `2026-11`.
 */
const MUSCAT_OFFSET_MS = 4 * 60 * 60 * 1000;

/** The calendar date in Oman at instant `at`, `YYYY-MM-DD`. */
export const muscatDate = (at: Date): string =>
  new Date(at.getTime() + MUSCAT_OFFSET_MS).toISOString().slice(0, 10);

/** Whole days from date `a` to date `b` (both `YYYY-MM-DD`). */
export const daysBetween = (a: string, b: string): number =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

export type Period = string;

const PERIOD = /^(?:all|(\d{4})|(\d{4})-(0[1-9]|1[0-2]))$/;

export const isPeriod = (s: string): boolean => {
  const m = PERIOD.exec(s);
  if (!m) return false;
  const year = Number(m[1] ?? m[2] ?? 2000);
  return year >= 2000 && year <= 2100;
};

/** The periods a date counts in: all time, its year and its month. */
export const periodsOfDate = (date: string): [Period, Period, Period] => [
  'all',
  date.slice(0, 4),
  date.slice(0, 7),
];

/** The periods an instant counts in, by its date in Oman. */
export const periodsOfInstant = (at: Date): [Period, Period, Period] => periodsOfDate(muscatDate(at));
