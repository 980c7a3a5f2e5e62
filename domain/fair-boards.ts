/**
 * The points boards (docs/api-contract.md §13) next to the boards of §7: `points` (ambassadors
 * by points), `governorates-fair` (a governorate's points per active ambassador), `most-improved`
 * (points gained over the previous period of the same length) and `abroad` (the `points` board
 * of ambassadors outside Oman). Scores of 0 or less are left out of every board. Ranking and
 * ties are domain/ranking.ts's (score descending, then name; equal scores share a rank).
 *
 * The names live here, not in leaderboards.ts's `boards`, which keeps the four boards of §7.
 */
import { boards } from './leaderboards.ts';
import { type Ranked, rank } from './ranking.ts';
import { ORGANIZATION_BOARD, ratioHalfUp2 } from './ratings.ts';
import { findGovernorate } from './regions.ts';

export const pointsBoards = ['points', 'governorates-fair', 'most-improved', 'abroad'] as const;
export type PointsBoard = (typeof pointsBoards)[number];
/** Every board a reader may ask for: those of §7, the points boards, and `organization` (§12). */
export const allBoards = [...boards, ...pointsBoards, ORGANIZATION_BOARD] as const;
export type AnyBoard = (typeof allBoards)[number];
export const isAnyBoard = (s: string): s is AnyBoard => (allBoards as readonly string[]).includes(s);
/**
 * The boards `GET /leaderboards/{board}` serves today: those of §7 and `points`, which the job
 * computes from the ledger's totals (the other points boards are not computed yet).
 */
export const servedBoards = [...boards, 'points'] as const;
export const isServedBoard = (s: string): s is (typeof servedBoards)[number] =>
  (servedBoards as readonly string[]).includes(s);
/** Boards compared with the previous period: not for `all` (the reader's 400, see previousPeriod). */
export const needsPreviousPeriod = (board: string): boolean => board === 'most-improved';

/** Whether a score appears on a board: above 0 (a NaN never does). */
export const isShownScore = (score: number): boolean => score > 0;

/** An ambassador's points in a period, with what the boards show of them. */
export interface PointsRow {
  id: string;
  name?: string;
  erased?: boolean;
  country: string;
  governorate?: string | undefined;
  wilayat?: string | undefined;
  points: number;
}

type PlaceEntry = {
  id: string;
  name: string;
  score: number;
  country: string;
  governorate?: string;
  wilayat?: string;
};

const shown = (r: PointsRow): r is PointsRow & { name: string } => !r.erased && !!r.name;
const place = (r: PointsRow) => ({
  country: r.country,
  ...(r.governorate === undefined ? {} : { governorate: r.governorate }),
  ...(r.wilayat === undefined ? {} : { wilayat: r.wilayat }),
});

/** The `points` board: ambassadors by points in the period; erased ones left out. */
export const pointsEntries = (rows: readonly PointsRow[]): Ranked<PlaceEntry>[] =>
  rank(rows.filter(shown).map((r) => ({ id: r.id, name: r.name, score: r.points, ...place(r) })));

/** Outside Oman: another country than OM. */
const isAbroad = (r: { country: string }) => r.country !== 'OM';

/** The `abroad` board: the `points` board of ambassadors outside Oman, ranked among themselves. */
export const abroadEntries = (rows: readonly PointsRow[]): Ranked<PlaceEntry>[] =>
  pointsEntries(rows.filter(isAbroad));

/** Active ambassadors a governorate needs to appear on `governorates-fair`. */
export const FAIR_MIN_ACTIVE = 5;

/**
 * A governorate's `governorates-fair` score: the points its ambassadors earned ÷ its active
 * ambassadors, to 2 decimals (half up, in exact integer arithmetic); undefined below 5 active
 * or when it is not above 0.
 */
export const governorateFairScore = (c: { points: number; active: number }): number | undefined => {
  if (c.active < FAIR_MIN_ACTIVE || c.points <= 0) return undefined;
  const score = ratioHalfUp2(c.points, c.active);
  return isShownScore(score) ? score : undefined;
};

/**
 * The `governorates-fair` board from the ambassadors active in the period (those with an entry
 * in it, whatever their total, 0 included). Ambassadors outside Oman belong to no governorate.
 * An erased ambassador's entries still count for their governorate (anonymous counts), as long
 * as the row carries it. Entries carry `nameAr`, `points` and `active`.
 */
export const governoratesFairEntries = (active: readonly PointsRow[]) => {
  const by = new Map<string, { points: number; active: number }>();
  for (const r of active) {
    if (isAbroad(r) || !r.governorate) continue;
    const c = by.get(r.governorate) ?? { points: 0, active: 0 };
    c.points += r.points;
    c.active += 1;
    by.set(r.governorate, c);
  }
  return rank(
    [...by].flatMap(([id, c]) => {
      const info = findGovernorate(id);
      const score = governorateFairScore(c);
      return info && score !== undefined
        ? [{ id, name: info.en, nameAr: info.ar, score, points: c.points, active: c.active }]
        : [];
    }),
  );
};

/** `most-improved`: points in the period minus those of the previous one, when positive. */
export const mostImprovedScore = (current: number, previous: number): number | undefined => {
  const d = current - previous;
  return isShownScore(d) ? d : undefined;
};

/**
 * The `most-improved` board. `current` holds every ambassador with an entry in the period
 * (0 points for one with none there but some before, so a period of reversals followed by a
 * quiet one counts too); `previous` their points in the previous period (missing: 0). Entries
 * carry `points` and `previous`.
 */
export const mostImprovedEntries = (current: readonly PointsRow[], previous: ReadonlyMap<string, number>) =>
  rank(
    current.filter(shown).flatMap((r) => {
      const before = previous.get(r.id) ?? 0;
      const score = mostImprovedScore(r.points, before);
      return score === undefined
        ? []
        : [{ id: r.id, name: r.name, score, points: r.points, previous: before, ...place(r) }];
    }),
  );
