/**
 * The points boards (docs/api-contract.md §13): `points`, `governorates-fair`, `most-improved`
 * and `abroad`, next to the boards of §7, and the rule that scores of 0 or less are left out.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  abroadEntries,
  allBoards,
  FAIR_MIN_ACTIVE,
  governorateFairScore,
  governoratesFairEntries,
  isAnyBoard,
  isShownScore,
  mostImprovedEntries,
  mostImprovedScore,
  needsPreviousPeriod,
  pointsBoards,
  pointsEntries,
} from '#domain/fair-boards.ts';
import { boards } from '#domain/leaderboards.ts';

describe('board names', () => {
  it('the points boards and organization join the four of §7, which stay as they are', () => {
    expect(pointsBoards).toEqual(['points', 'governorates-fair', 'most-improved', 'abroad']);
    expect(boards).toEqual(['lectures', 'attendance', 'governorates', 'cities']);
    expect(allBoards).toEqual([...boards, ...pointsBoards, 'organization']);
    for (const b of allBoards) expect(isAnyBoard(b)).toBe(true);
    for (const s of ['', 'Points', 'fair', 'community-OM-MA']) expect(isAnyBoard(s)).toBe(false);
    expect(allBoards.filter(needsPreviousPeriod)).toEqual(['most-improved']);
  });
});

describe('scores of 0 or less are left out of every board', () => {
  it('isShownScore', () => {
    expect([1, 0.01, 0, -0.01, -5, Number.NaN].map(isShownScore)).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
  });
});

const amb = (id: string, points: number, place: { country?: string; governorate?: string } = {}) => ({
  id,
  name: `Name ${id}`,
  country: place.country ?? 'OM',
  governorate: place.country && place.country !== 'OM' ? undefined : (place.governorate ?? 'OM-MA'),
  points,
});

describe('points and abroad', () => {
  const rows = [
    amb('a', 120),
    amb('b', 120, { governorate: 'OM-BA' }),
    amb('c', 0),
    amb('d', -20),
    amb('e', 90, { country: 'GB' }),
    amb('f', 300, { country: 'AE' }),
    { ...amb('g', 500), erased: true },
  ];

  it('points ranks by points; ties share a rank; 0, negative and erased are left out', () => {
    expect(pointsEntries(rows).map((e) => [e.rank, e.id, e.score])).toEqual([
      [1, 'f', 300],
      [2, 'a', 120],
      [2, 'b', 120],
      [4, 'e', 90],
    ]);
  });

  it('abroad is the points board of ambassadors outside Oman, ranked among themselves', () => {
    expect(abroadEntries(rows).map((e) => [e.rank, e.id, e.score])).toEqual([
      [1, 'f', 300],
      [2, 'e', 90],
    ]);
  });
});

describe('governorates-fair', () => {
  it(`points ÷ active ambassadors to 2 decimals, from ${FAIR_MIN_ACTIVE} active`, () => {
    expect(FAIR_MIN_ACTIVE).toBe(5);
    expect(governorateFairScore({ points: 100, active: 5 })).toBe(20);
    expect(governorateFairScore({ points: 100, active: 6 })).toBe(16.67);
    expect(governorateFairScore({ points: 100, active: 3 * 8 })).toBe(4.17); // 4.1666…
    expect(governorateFairScore({ points: 1001, active: 8 })).toBe(125.13); // 125.125, half up
    expect(governorateFairScore({ points: 100, active: 4 })).toBeUndefined();
    expect(governorateFairScore({ points: 0, active: 10 })).toBeUndefined();
    expect(governorateFairScore({ points: -10, active: 10 })).toBeUndefined();
    expect(governorateFairScore({ points: 1, active: 300 })).toBeUndefined(); // 0.0033 shows as 0
  });

  it('from the active ambassadors: every one with an entry counts, 0 points too; abroad ones never', () => {
    const active = [
      ...['1', '2', '3', '4'].map((i) => amb(`ma${i}`, 50)),
      amb('ma5', 0), // earned and lost again: still active
      ...['1', '2', '3', '4'].map((i) => amb(`ba${i}`, 500, { governorate: 'OM-BA' })), // only 4
      ...['1', '2', '3', '4', '5', '6'].map((i) => amb(`ab${i}`, 100, { country: 'GB' })),
      ...['1', '2', '3', '4', '5'].map((i) => amb(`mu${i}`, 40, { governorate: 'OM-MU' })),
    ];
    expect(governoratesFairEntries(active).map((e) => [e.rank, e.id, e.score, e.points, e.active])).toEqual([
      // A tie: by name, Musandam before Muscat.
      [1, 'OM-MU', 40, 200, 5],
      [1, 'OM-MA', 40, 200, 5],
    ]);
    expect(governoratesFairEntries(active).map((e) => [e.name, e.nameAr])).toEqual([
      ['Musandam', 'مسندم'],
      ['Muscat', 'مسقط'],
    ]);
  });

  it('an erased ambassador still counted while active: their points stay their governorate’s', () => {
    const active = [
      ...['1', '2', '3', '4'].map((i) => amb(`ma${i}`, 10)),
      { ...amb('ma5', 10), erased: true },
    ];
    expect(governoratesFairEntries(active).map((e) => [e.id, e.score, e.active])).toEqual([['OM-MA', 10, 5]]);
  });
});

describe('most-improved', () => {
  it('points in the period minus the previous period, only when positive', () => {
    expect(mostImprovedScore(50, 20)).toBe(30);
    expect(mostImprovedScore(50, 0)).toBe(50);
    expect(mostImprovedScore(0, -30)).toBe(30); // a period of reversals, then a quiet one
    expect(mostImprovedScore(20, 20)).toBeUndefined();
    expect(mostImprovedScore(10, 20)).toBeUndefined();
  });

  it('ranks ambassadors; one with nothing before counts from 0; erased left out', () => {
    const current = [
      amb('a', 100),
      amb('b', 60),
      amb('c', 10),
      { ...amb('d', 500), erased: true },
      amb('e', 5),
    ];
    const previous = new Map([
      ['a', 90],
      ['c', 40],
      ['d', 0],
      ['z', 70],
    ]);
    expect(
      mostImprovedEntries(current, previous).map((e) => [e.rank, e.id, e.score, e.points, e.previous]),
    ).toEqual([
      [1, 'b', 60, 60, 0],
      [2, 'a', 10, 100, 90],
      [3, 'e', 5, 5, 0],
    ]);
  });

  it('every score is the positive difference (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -100, max: 500 }), fc.integer({ min: -100, max: 500 })), {
          maxLength: 40,
        }),
        (pairs) => {
          const current = pairs.map(([p], i) => amb(`x${i}`, p));
          const previous = new Map(pairs.map(([, q], i) => [`x${i}`, q]));
          const entries = mostImprovedEntries(current, previous);
          expect(entries.length).toBe(pairs.filter(([p, q]) => p - q > 0).length);
          for (const e of entries) expect(e.score).toBe(e.points - e.previous);
          for (let i = 1; i < entries.length; i++)
            expect((entries[i - 1] as { score: number }).score).toBeGreaterThanOrEqual(
              (entries[i] as { score: number }).score,
            );
        },
      ),
    );
  });
});
