/**
 * Feedback and ratings (docs/api-contract.md §12): what an attendee sends, when, what a lecture
 * view shows, and the `organization` board's Bayesian score.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BAYES_C,
  feedbackClosesAt,
  feedbackInputSchema,
  isFeedbackOpen,
  lectureRating,
  ORGANIZATION_BOARD,
  ORGANIZATION_MIN_RATINGS,
  organizationEntries,
  organizationScore,
  roundHalfUp2,
} from '#domain/ratings.ts';

describe('feedbackInputSchema', () => {
  it('a whole rating from 1 to 5, and an optional comment of up to 500 characters', () => {
    for (const rating of [1, 2, 3, 4, 5]) expect(feedbackInputSchema.parse({ rating })).toEqual({ rating });
    expect(feedbackInputSchema.parse({ rating: 5, comment: ' شكراً\r\nجزيلاً ' })).toEqual({
      rating: 5,
      comment: 'شكراً\nجزيلاً',
    });
    expect(feedbackInputSchema.safeParse({ rating: 4, comment: 'ب'.repeat(500) }).success).toBe(true);
    expect(feedbackInputSchema.safeParse({ rating: 4, comment: '' }).success).toBe(true);
  });

  it('refuses anything else', () => {
    for (const bad of [
      {},
      { rating: 0 },
      { rating: 6 },
      { rating: 4.5 },
      { rating: '5' },
      { rating: 5, comment: 'ب'.repeat(501) },
      { rating: 5, comment: 'a\u202Eb' },
      { rating: 5, extra: true },
    ])
      expect(feedbackInputSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });
});

describe('the feedback window', () => {
  const endsAt = '2026-11-28T12:00:00.000Z';
  const checkedInAt = '2026-11-28T10:05:00.000Z';

  it('closes 7 days after the end', () => {
    expect(feedbackClosesAt(endsAt)).toBe('2026-12-05T12:00:00.000Z');
  });

  it('is open from the check-in until then, the closing instant excluded', () => {
    const open = (now: string) => isFeedbackOpen({ checkedInAt, endsAt, now });
    expect(open('2026-11-28T10:04:59.999Z')).toBe(false);
    expect(open(checkedInAt)).toBe(true);
    expect(open('2026-11-28T11:00:00.000Z')).toBe(true); // during the lecture
    expect(open('2026-12-05T11:59:59.999Z')).toBe(true);
    expect(open('2026-12-05T12:00:00.000Z')).toBe(false);
  });
});

describe('roundHalfUp2', () => {
  it.each([
    [4.445, 4.45], // 4.445 is stored as 4.44499999…; the decimal the number prints as is rounded
    [1.005, 1.01],
    [2.675, 2.68],
    [4.444, 4.44],
    [4.4449999, 4.44],
    [4.5, 4.5],
    [0.125, 0.13],
    [0, 0],
    [5, 5],
    [1 / 3, 0.33],
    [2 / 3, 0.67],
    [1e-7, 0],
    [0.005, 0.01],
    [123456.785, 123456.79],
    [-1.005, -1.01], // half away from zero
  ])('%d → %d', (x, y) => {
    expect(roundHalfUp2(x)).toBe(y);
  });

  it('refuses what is not a finite number', () => {
    expect(() => roundHalfUp2(Number.NaN)).toThrow(RangeError);
    expect(() => roundHalfUp2(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('is within half a hundredth, and a hundredth-grid number stays (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 999 }),
        (whole, thousandths) => {
          const x = Number(`${whole}.${String(thousandths).padStart(3, '0')}`);
          const expected =
            (whole * 1000 + thousandths + (thousandths % 10 >= 5 ? 10 : 0) - (thousandths % 10)) / 1000;
          expect(roundHalfUp2(x)).toBe(Number(expected.toFixed(2)));
        },
      ),
    );
  });
});

describe('lectureRating', () => {
  it('is absent below 3 ratings', () => {
    expect(lectureRating({ sum: 0, count: 0 })).toBeUndefined();
    expect(lectureRating({ sum: 10, count: 2 })).toBeUndefined();
  });

  it('the average to 2 decimals, half up, from 3 ratings', () => {
    expect(lectureRating({ sum: 13, count: 3 })).toEqual({ average: 4.33, count: 3 });
    expect(lectureRating({ sum: 14, count: 3 })).toEqual({ average: 4.67, count: 3 });
    expect(lectureRating({ sum: 15, count: 3 })).toEqual({ average: 5, count: 3 });
    expect(lectureRating({ sum: 889, count: 200 })).toEqual({ average: 4.45, count: 200 }); // 4.445
    expect(lectureRating({ sum: 201, count: 200 })).toEqual({ average: 1.01, count: 200 }); // 1.005
    expect(lectureRating({ sum: 8999, count: 2000 })).toEqual({ average: 4.5, count: 2000 }); // 4.4995
  });

  it('agrees with roundHalfUp2 of the mean (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 5000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (count, f) => {
          const sum = count + Math.floor(f * 4 * count);
          expect(lectureRating({ sum, count })).toEqual({ average: roundHalfUp2(sum / count), count });
        },
      ),
    );
  });
});

describe('the organization board', () => {
  it('is named for the contract', () => {
    expect(ORGANIZATION_BOARD).toBe('organization');
    expect(BAYES_C).toBe(10);
    expect(ORGANIZATION_MIN_RATINGS).toBe(5);
  });

  it('(C × m + Σ) / (C + n), m the mean of the period, to 2 decimals', () => {
    const period = { sum: 400, count: 100 }; // m = 4
    // (10 × 4 + 25) / 15 = 4.333…
    expect(organizationScore({ sum: 25, count: 5 }, period)).toBe(4.33);
    // (40 + 50) / 20 = 4.5
    expect(organizationScore({ sum: 50, count: 10 }, period)).toBe(4.5);
    // (40 + 5) / 15 = 3
    expect(organizationScore({ sum: 5, count: 5 }, period)).toBe(3);
  });

  it('needs 5 ratings to appear', () => {
    expect(organizationScore({ sum: 20, count: 4 }, { sum: 100, count: 30 })).toBeUndefined();
    expect(organizationScore({ sum: 0, count: 0 }, { sum: 0, count: 0 })).toBeUndefined();
  });

  it('lies between the period mean and the ambassador mean (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 5, max: 500 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 5000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, f, others, g) => {
          const sum = n + Math.floor(f * 4 * n);
          const periodCount = n + others;
          const periodSum = sum + others + Math.floor(g * 4 * others);
          const score = organizationScore(
            { sum, count: n },
            { sum: periodSum, count: periodCount },
          ) as number;
          const lo = Math.min(sum / n, periodSum / periodCount);
          const hi = Math.max(sum / n, periodSum / periodCount);
          expect(score).toBeGreaterThanOrEqual(roundHalfUp2(lo));
          expect(score).toBeLessThanOrEqual(roundHalfUp2(hi));
        },
      ),
    );
  });

  it('ranks ambassadors from counters; those with few ratings count in m but do not appear', () => {
    const rows = [
      { id: 'a', name: 'Amal', sum: 50, count: 10 },
      { id: 'b', name: 'Badr', sum: 25, count: 5 },
      { id: 'c', name: 'Camila', sum: 4, count: 4 },
      { id: 'd', name: 'Dana', sum: 50, count: 10 },
      { id: 'e', name: 'Erased', sum: 50, count: 10, erased: true },
    ];
    // m from every row, erased included (its ratings were given): 179 / 39.
    const m = 179 / 39;
    const entries = organizationEntries(rows);
    expect(entries.map((e) => [e.rank, e.id, e.score, e.ratings])).toEqual([
      [1, 'a', roundHalfUp2((10 * m + 50) / 20), 10],
      [1, 'd', roundHalfUp2((10 * m + 50) / 20), 10],
      [3, 'b', roundHalfUp2((10 * m + 25) / 15), 5],
    ]);
  });
});
