/**
 * Leaderboard ranking (docs/api-contract.md §7): score descending, then name ascending (folded:
 * Latin case and Arabic letter variants ignored), then id; equal scores share a rank
 * (1, 2, 2, 4); entries with score 0 are left out. `rankSortKey` must order entries as the
 * board does, because the store reads a board in sort-key order and ranks it as it comes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cityScore,
  compareEntries,
  MAX_SCORE,
  NAME_END,
  rank,
  rankSortKey,
  type Scored,
} from '#domain/ranking.ts';
import { cleanText } from '#domain/text.ts';

const cp = (from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => String.fromCodePoint(from + i));

const LATIN = [...cp(0x41, 0x5a), ...cp(0x61, 0x7a)];
/** Arabic letters, precomposed: ء..غ and ف..ي (includes أ إ آ ؤ ئ ة ى). */
const ARABIC = [...cp(0x0621, 0x063a), ...cp(0x0641, 0x064a)];

const name = fc.string({ unit: fc.constantFrom(...LATIN, ...ARABIC), minLength: 1, maxLength: 8 });
/** Small alphabets and scores so that equal scores and equal folded names are common. */
const tieName = fc.string({
  unit: fc.constantFrom('a', 'A', 'b', 'ا', 'أ', 'ة', 'ه'),
  minLength: 1,
  maxLength: 3,
});
const id = fc.stringMatching(/^[0-9A-Za-z]{1,6}$/);

const entry = (scores: fc.Arbitrary<number>) =>
  fc.record({ id, name: fc.oneof(name, tieName), score: scores });

/** Boards with distinct ids, as real boards have. */
const board = (scores: fc.Arbitrary<number>) =>
  fc.uniqueArray(entry(scores), { selector: (e) => e.id, maxLength: 30 });

const sign = (n: number) => (n < 0 ? -1 : n > 0 ? 1 : 0);
const cmpStrings = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const e = (id: string, name: string, score: number): Scored => ({ id, name, score });

describe('rank — examples', () => {
  it('ranks by score descending; equal scores share a rank (1, 2, 2, 4)', () => {
    const ranked = rank([e('d', 'Dana', 1), e('b', 'Badr', 5), e('a', 'Amal', 10), e('c', 'Camila', 5)]);
    expect(ranked.map((r) => [r.id, r.rank])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 2],
      ['d', 4],
    ]);
  });

  it('keeps counting after a tie: 1, 1, 1, 4, 5, 5, 7', () => {
    const scores = [9, 9, 9, 7, 6, 6, 2];
    const ranked = rank(scores.map((s, i) => e(`id${i}`, `n${i}`, s)));
    expect(ranked.map((r) => r.rank)).toEqual([1, 1, 1, 4, 5, 5, 7]);
  });

  it('orders equal scores by name, ignoring Latin case', () => {
    const ranked = rank([e('1', 'bob', 5), e('2', 'Carol', 5), e('3', 'Alice', 5)]);
    // Plain code-unit order would be Alice, Carol, bob.
    expect(ranked.map((r) => r.name)).toEqual(['Alice', 'bob', 'Carol']);
    expect(ranked.map((r) => r.rank)).toEqual([1, 1, 1]);
  });

  it('orders equal scores by folded Arabic name (آ أ إ as ا, ة as ه)', () => {
    // Folded: امنه, احمد, ابتسام; unfolded code-unit order would be the reverse.
    const ranked = rank([e('1', 'آمنة', 3), e('2', 'أحمد', 3), e('3', 'ابتسام', 3)]);
    expect(ranked.map((r) => r.name)).toEqual(['ابتسام', 'أحمد', 'آمنة']);
  });

  it('orders equal scores and equal folded names by id', () => {
    const ranked = rank([e('b', 'أحمد', 4), e('c', 'AHMED', 4), e('a', 'احمد', 4), e('d', 'ahmed', 4)]);
    expect(ranked.map((r) => r.id)).toEqual(['c', 'd', 'a', 'b']);
    expect(ranked.map((r) => r.rank)).toEqual([1, 1, 1, 1]);
  });

  it('leaves out score 0 and negative scores, and ranks the rest from 1', () => {
    const ranked = rank([e('z', 'Zero', 0), e('n', 'Neg', -3), e('y', 'Yusuf', 2), e('x', 'Xin', 2)]);
    expect(ranked.map((r) => [r.id, r.rank])).toEqual([
      ['x', 1],
      ['y', 1],
    ]);
    expect(rank([e('z', 'Zero', 0)])).toEqual([]);
    expect(rank([])).toEqual([]);
  });

  it('keeps the extra fields of each entry and does not change its input', () => {
    const input = [
      { id: 'a', name: 'Amal', score: 2, governorate: 'OM-MA' },
      { id: 'b', name: 'Badr', score: 7, governorate: 'OM-ZU' },
    ];
    const copy = structuredClone(input);
    const ranked = rank(input);
    expect(ranked).toEqual([
      { id: 'b', name: 'Badr', score: 7, governorate: 'OM-ZU', rank: 1 },
      { id: 'a', name: 'Amal', score: 2, governorate: 'OM-MA', rank: 2 },
    ]);
    expect(input).toEqual(copy);
  });

  it('with sorted = true trusts the given order and only ranks and filters', () => {
    const ranked = rank([e('a', 'Amal', 5), e('z', 'Zero', 0), e('c', 'Camila', 5), e('b', 'Badr', 2)], true);
    expect(ranked.map((r) => [r.id, r.rank])).toEqual([
      ['a', 1],
      ['c', 1],
      ['b', 3],
    ]);
  });
});

describe('rank — properties', () => {
  it('keeps exactly the positive scores, in compareEntries order', () => {
    fc.assert(
      fc.property(board(fc.integer({ min: -3, max: 12 })), (entries) => {
        const ranked = rank(entries);
        expect(ranked).toHaveLength(entries.filter((x) => x.score > 0).length);
        for (const r of ranked) expect(r.score).toBeGreaterThan(0);
        for (let i = 1; i < ranked.length; i++)
          expect(compareEntries(ranked[i - 1]!, ranked[i]!)).toBeLessThan(0);
        expect(new Set(ranked.map((r) => r.id)).size).toBe(ranked.length);
      }),
    );
  });

  it('ranks are non-decreasing; a new score starts at its position; equal scores share a rank', () => {
    fc.assert(
      fc.property(board(fc.integer({ min: -3, max: 12 })), (entries) => {
        const ranked = rank(entries);
        if (ranked.length > 0) expect(ranked[0]!.rank).toBe(1);
        for (let i = 1; i < ranked.length; i++) {
          const prev = ranked[i - 1]!;
          const cur = ranked[i]!;
          expect(cur.rank).toBeGreaterThanOrEqual(prev.rank);
          if (cur.score === prev.score) expect(cur.rank).toBe(prev.rank);
          else expect(cur.rank).toBe(i + 1);
        }
        // Equivalently: one more than the number of entries with a higher score.
        for (const r of ranked) expect(r.rank).toBe(1 + ranked.filter((o) => o.score > r.score).length);
      }),
    );
  });

  it('does not depend on the order of its input', () => {
    fc.assert(
      fc.property(
        board(fc.integer({ min: 0, max: 8 })).chain((entries) =>
          fc.tuple(fc.constant(entries), fc.shuffledSubarray(entries, { minLength: entries.length })),
        ),
        ([entries, shuffled]) => {
          expect(rank(shuffled)).toEqual(rank(entries));
        },
      ),
    );
  });
});

describe('rankSortKey', () => {
  it('puts the highest score first, zero-padded to 12 digits, then the folded name, then the id', () => {
    expect(rankSortKey(e('x', 'Amal', 0))).toBe(`${MAX_SCORE}#amal${NAME_END}x`);
    expect(rankSortKey(e('x', 'Amal', 1))).toBe(`999999999998#amal${NAME_END}x`);
    expect(rankSortKey(e('x', 'Amal', MAX_SCORE))).toBe(`000000000000#amal${NAME_END}x`);
    expect(rankSortKey(e('x', 'Amal', 10)) < rankSortKey(e('x', 'Amal', 9))).toBe(true);
    expect(rankSortKey(e('x', 'Amal', 100)) < rankSortKey(e('x', 'Amal', 99))).toBe(true);
  });

  it('ends the name with a separator below every character of a cleaned, folded name', () => {
    expect(NAME_END < ' ').toBe(true);
    expect(cleanText(`a${NAME_END}b`)).toBe('ab');
  });

  it('uses the folded name, so case and Arabic variants do not change the key', () => {
    expect(rankSortKey(e('x', 'AMAL', 3))).toBe(rankSortKey(e('x', 'amal', 3)));
    expect(rankSortKey(e('x', 'أحمد', 3))).toBe(rankSortKey(e('x', 'احمد', 3)));
    expect(rankSortKey(e('x', 'فاطمة', 3))).toBe(rankSortKey(e('x', 'فاطمه', 3)));
  });

  it('orders as compareEntries for letter names (property, pairs)', () => {
    const score = fc.oneof(
      fc.integer({ min: 0, max: 12 }),
      fc.bigInt({ min: 0n, max: BigInt(MAX_SCORE) }).map(Number),
    );
    fc.assert(
      fc.property(entry(score), entry(score), (a, b) => {
        expect(sign(cmpStrings(rankSortKey(a), rankSortKey(b)))).toBe(sign(compareEntries(a, b)));
      }),
    );
  });

  it('sorting by key gives the board order (property, lists)', () => {
    fc.assert(
      fc.property(board(fc.integer({ min: 0, max: 12 })), (entries) => {
        const byKey = [...entries].sort((a, b) => cmpStrings(rankSortKey(a), rankSortKey(b)));
        const byBoard = [...entries].sort(compareEntries);
        expect(byKey.map((x) => x.id)).toEqual(byBoard.map((x) => x.id));
        // The store ranks what it reads in key order: the same ranks as ranking from scratch.
        expect(rank(byKey, true)).toEqual(rank(entries));
      }),
    );
  });

  it('orders as compareEntries for cleaned names with spaces, punctuation and digits (property)', () => {
    const messyName = fc
      .string({
        unit: fc.constantFrom(
          'a',
          'B',
          'ا',
          'أ',
          'ة',
          ' ',
          '\t',
          '!',
          '"',
          '#',
          '-',
          '.',
          '0',
          '9',
          '\u001f',
        ),
        minLength: 1,
        maxLength: 8,
      })
      .map(cleanText);
    const messy = fc.record({ id, name: messyName, score: fc.integer({ min: 0, max: 3 }) });
    fc.assert(
      fc.property(messy, messy, (a, b) => {
        expect(sign(cmpStrings(rankSortKey(a), rankSortKey(b)))).toBe(sign(compareEntries(a, b)));
      }),
      { numRuns: 2000 },
    );
  });

  // Names have several words ("Ali Said", "محمد علي"). The board puts a name before the
  // same name with more words; the key must too.
  it('orders a name before the same name followed by more words, as compareEntries does', () => {
    const pairs: [Scored, Scored][] = [
      [e('2', 'Ali', 5), e('1', 'Ali Said', 5)],
      [e('2', 'محمد', 5), e('1', 'محمد علي', 5)],
    ];
    for (const [shorter, longer] of pairs) {
      expect(compareEntries(shorter, longer), shorter.name).toBeLessThan(0);
      expect(
        cmpStrings(rankSortKey(shorter), rankSortKey(longer)),
        `${rankSortKey(shorter)} vs ${rankSortKey(longer)}`,
      ).toBe(-1);
    }
  });
});

describe('cityScore', () => {
  it('is 5 × completed + 3 × in progress + 1 × approved', () => {
    expect(cityScore({})).toBe(0);
    expect(cityScore({ completed: 1 })).toBe(5);
    expect(cityScore({ inProgress: 1 })).toBe(3);
    expect(cityScore({ approved: 1 })).toBe(1);
    expect(cityScore({ completed: 2, inProgress: 1, approved: 4 })).toBe(17);
    expect(cityScore({ completed: 0, inProgress: 0, approved: 0 })).toBe(0);
  });

  it('is linear in each count (property)', () => {
    const n = fc.nat({ max: 10_000 });
    fc.assert(
      fc.property(n, n, n, (c, i, a) => {
        expect(cityScore({ completed: c, inProgress: i, approved: a })).toBe(5 * c + 3 * i + a);
        expect(cityScore({ completed: c, inProgress: i, approved: a })).toBe(
          cityScore({ completed: c }) + cityScore({ inProgress: i }) + cityScore({ approved: a }),
        );
      }),
    );
  });
});

describe('compareEntries', () => {
  it('an entry compares equal to itself, and equal scores and names fall back to the id', () => {
    const e = { id: 'b', name: 'Ali', score: 3 };
    expect(compareEntries(e, { ...e })).toBe(0);
    expect(compareEntries(e, { ...e, id: 'a' })).toBe(1);
    expect(compareEntries(e, { ...e, id: 'c' })).toBe(-1);
  });
});
