/** Leaderboard responses (docs/api-contract.md §7): see ./common.ts. */
import * as z from 'zod/mini';
import { servedBoards } from '#domain/fair-boards.ts';
import { count, countryCode, governorateId, instant, opt, str, wilayatId } from './common.ts';

/** One ranked entity; what follows `score` depends on the board. */
export const leaderboardEntry = z.object({
  rank: count(1),
  /** An ambassador id, a governorate id or a wilayat id. */
  id: str,
  /** English name of a place; an ambassador's name as they wrote it. */
  name: str,
  score: count(1),
  /** Places: the Arabic name. */
  nameAr: opt(str),
  /** `lectures`, `attendance` and `points` boards, community pages: the ambassador's place (and counts). */
  lectures: opt(count()),
  attendees: opt(count()),
  country: opt(countryCode),
  /** Ambassadors and cities: the governorate. */
  governorate: opt(governorateId),
  wilayat: opt(wilayatId),
  /** `cities` board: projects by state. */
  completed: opt(count()),
  inProgress: opt(count()),
  approved: opt(count()),
});
export const leaderboard = z.object({
  board: z.enum(servedBoards),
  period: z.string().check(z.regex(/^(all|\d{4}|\d{4}-(0[1-9]|1[0-2]))$/)),
  /** `null` when the board was never computed for that period. */
  computedAt: z.nullable(instant),
  entries: z.array(leaderboardEntry),
});
