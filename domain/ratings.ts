/**
 * Feedback and ratings (docs/api-contract.md §12): what a checked-in attendee sends and when,
 * the `rating` a lecture view shows, and the `organization` board, which ranks ambassadors by
 * the Bayesian average of their verified lectures' ratings in a period. Everything works from
 * counters (a sum and a count of ratings), as the change transactions keep them.
 */
import * as z from 'zod/mini';
import { type Ranked, rank } from './ranking.ts';
import { multiLine } from './schema-kit.ts';

/** `POST /lectures/{id}/feedback`. */
export const feedbackInputSchema = z.strictObject({
  rating: z.number().check(z.int(), z.minimum(1), z.maximum(5)),
  comment: z.optional(multiLine(0, 500)),
});
export type FeedbackInput = z.infer<typeof feedbackInputSchema>;

/** Feedback is accepted until this long after the lecture's end. */
export const FEEDBACK_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

/** When a lecture's feedback window closes (ISO-8601 UTC): 7 × 24 hours after its end. */
export const feedbackClosesAt = (endsAt: string): string =>
  new Date(Date.parse(endsAt) + FEEDBACK_WINDOW_MS).toISOString();

/** Whether an attendee may send feedback now: from their check-in until the window closes (that instant excluded). */
export const isFeedbackOpen = (p: { checkedInAt: string; endsAt: string; now: string }): boolean => {
  const now = Date.parse(p.now);
  return Date.parse(p.checkedInAt) <= now && now < Date.parse(p.endsAt) + FEEDBACK_WINDOW_MS;
};

/**
 * Rounds to 2 decimals, half up (half away from zero, as Java's HALF_UP). A number is rounded as
 * the decimal it prints as (its shortest round-trip form), not as its binary value: 4.445 is
 * stored as 4.44499999…, but it is 4.445 to everyone reading it, so it rounds to 4.45; 1.005 to
 * 1.01. Shifting the decimal point in the text and parsing it back is exact for a half, which
 * binary holds exactly.
 */
export const roundHalfUp2 = (x: number): number => {
  if (!Number.isFinite(x)) throw new RangeError(`Cannot round ${x}`);
  const [mantissa, exponent] = Math.abs(x).toExponential().split('e') as [string, string];
  const hundredths = Math.round(Number(`${mantissa}e${Number(exponent) + 2}`));
  const r = (Math.sign(x) * hundredths) / 100;
  return r === 0 ? 0 : r;
};

/** num ÷ den (integers, den > 0, num ≥ 0) to 2 decimals, half up, in exact integer arithmetic. */
export const ratioHalfUp2 = (num: number, den: number): number =>
  Math.floor((200 * num + den) / (2 * den)) / 100;

/** Ratings a lecture needs before its views show `rating`. */
export const LECTURE_RATING_MIN = 3;

export interface RatingCounters {
  /** Σ ratings. */
  sum: number;
  /** How many ratings. */
  count: number;
}

/** A lecture view's `rating`: the average to 2 decimals (half up) and the count, from 3 ratings; absent before. */
export const lectureRating = (c: RatingCounters): { average: number; count: number } | undefined =>
  c.count >= LECTURE_RATING_MIN ? { average: ratioHalfUp2(c.sum, c.count), count: c.count } : undefined;

export const ORGANIZATION_BOARD = 'organization';
/** The weight of the period's mean: as many ratings as C pull a score towards it. */
export const BAYES_C = 10;
/** Ratings an ambassador needs in the period to appear on the board. */
export const ORGANIZATION_MIN_RATINGS = 5;

/**
 * An ambassador's `organization` score, `(C × m + Σ ratings) / (C + n)` with `m` the mean of all
 * ratings in the period, to 2 decimals (half up); undefined below 5 ratings. Computed as one
 * fraction of integers, `(C × Σperiod + Σ × nperiod) / (nperiod × (C + n))`, so no rounding
 * happens before the last one.
 */
export const organizationScore = (
  ambassador: RatingCounters,
  period: RatingCounters,
  c: number = BAYES_C,
): number | undefined => {
  if (ambassador.count < ORGANIZATION_MIN_RATINGS) return undefined;
  // A period holds at least the ambassador's own ratings; guard against counters read apart.
  const p = period.count >= ambassador.count ? period : ambassador;
  return ratioHalfUp2(c * p.sum + ambassador.sum * p.count, p.count * (c + ambassador.count));
};

export interface OrganizationRow extends RatingCounters {
  id: string;
  name?: string;
  erased?: boolean;
}

/**
 * The `organization` board of a period from each ambassador's counters. `m` is the mean of
 * every rating given in the period (`period`, by default the rows' totals), those of
 * ambassadors who do not appear included; erased ambassadors and those under 5 ratings are
 * left out. Entries carry `ratings` (n).
 */
export const organizationEntries = (
  rows: readonly OrganizationRow[],
  period: RatingCounters = {
    sum: rows.reduce((s, r) => s + r.sum, 0),
    count: rows.reduce((s, r) => s + r.count, 0),
  },
): Ranked<{ id: string; name: string; score: number; ratings: number }>[] =>
  rank(
    rows.flatMap((r) => {
      const score = organizationScore(r, period);
      return score === undefined || r.erased || !r.name
        ? []
        : [{ id: r.id, name: r.name, score, ratings: r.count }];
    }),
  );
