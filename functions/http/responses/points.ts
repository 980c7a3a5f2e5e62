/** Points and seasons responses (docs/api-contract.md §13): see ./common.ts. */
import * as z from 'zod/mini';
import { pointReasons } from '#domain/points.ts';
import { count, opt, str, version } from './common.ts';

const date = z.iso.date();

export const season = z.object({
  id: str,
  nameAr: str,
  nameEn: str,
  startsOn: date,
  endsOn: date,
  version,
});
export const seasons = z.object({ items: z.array(season) });

export const pointReason = z.enum(pointReasons);

export const pointRule = z.object({
  reason: pointReason,
  /** The fixed part of the rule: the most one person earns, or a lecture's base. */
  points: count(1),
  descriptionAr: str,
  descriptionEn: str,
});
export const pointRules = z.object({ items: z.array(pointRule) });

/** One immutable ledger entry; a reversal has negative `points`, `reverses` and `cause`. */
export const ledgerEntry = z.object({
  id: str,
  at: z.iso.datetime(),
  points: z.int(),
  reason: pointReason,
  source: z.object({ type: str, id: str }),
  reverses: opt(str),
  cause: opt(z.enum(['revocation', 'withdrawal', 'erasure'])),
});
export const myPoints = z.object({
  /** The sum of every entry of the period, reversals included. */
  total: z.int(),
  items: z.array(ledgerEntry),
  nextCursor: z.nullable(str),
});
