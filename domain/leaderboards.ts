/**
 * The leaderboards (docs/api-contract.md §7): which boards exist, what each ranks and scores,
 * and what a reader may ask for.
 */
import * as z from 'zod/mini';
import { isPeriod } from './time.ts';

export const boards = ['lectures', 'attendance', 'governorates', 'cities'] as const;
export type Board = (typeof boards)[number];
export const isBoard = (s: string): s is Board => (boards as readonly string[]).includes(s);

/** How many entries a snapshot keeps: the most a reader may ask for. */
export const SNAPSHOT_SIZE = 100;

/**
 * The internal board of one community's ambassadors by attendees reached, all time: the
 * community page's `topAmbassadors`.
 */
export const communityBoard = (communityId: string): string => `community-${communityId}`;

export const leaderboardParams = z.strictObject({ board: z.string().check(z.minLength(1), z.maxLength(40)) });
const PERIOD_MESSAGE = 'Must be all, a year like 2026, or a month like 2026-11';
export const leaderboardQuerySchema = z.strictObject({
  period: z.optional(
    z.string().check(
      // The shape, for the OpenAPI document; isPeriod also bounds the year (2000–2100).
      z.regex(/^(?:all|\d{4}(?:-(?:0[1-9]|1[0-2]))?)$/, { error: PERIOD_MESSAGE, abort: true }),
      z.refine(isPeriod, PERIOD_MESSAGE),
    ),
  ),
  limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(SNAPSHOT_SIZE))),
});

export interface BoardEntry {
  rank: number;
  id: string;
  name: string;
  score: number;
  [extra: string]: unknown;
}

export interface BoardSnapshot {
  board: Board;
  period: string;
  computedAt: string | null;
  entries: BoardEntry[];
}

/** Period counters as the change transactions keep them. */
export interface Counters {
  lectures?: number;
  attendance?: number;
  approved?: number;
  inProgress?: number;
  completed?: number;
}

export type EntryDraft = { id: string; name: string; score: number } & Record<string, unknown>;

/**
 * An ambassador's entries on the two ambassador boards, or null where they are left out:
 * score 0, or an erased ambassador.
 */
export const ambassadorEntries = (
  a:
    | { id: string; name?: string; erased?: boolean; governorate?: string; wilayat?: string; country: string }
    | undefined,
  c: Counters | undefined,
): Record<'lectures' | 'attendance', EntryDraft | null> => {
  if (!a || a.erased || !a.name) return { lectures: null, attendance: null };
  const lectures = c?.lectures ?? 0;
  const attendees = c?.attendance ?? 0;
  const base = {
    id: a.id,
    name: a.name,
    lectures,
    attendees,
    country: a.country,
    governorate: a.governorate,
    wilayat: a.wilayat,
  };
  return {
    lectures: lectures > 0 ? { ...base, score: lectures } : null,
    attendance: attendees > 0 ? { ...base, score: attendees } : null,
  };
};
