/**
 * Points (docs/api-contract.md §13): the published rules, what each change earns, the ledger's
 * entries with their deterministic ids, reversals, and a period's total.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '#domain/errors.ts';
import {
  entryId,
  type LedgerEntry,
  lectureVerifiedPoints,
  lectureWellRated,
  ledgerEntry,
  ledgerTotal,
  pointReasons,
  pointRules,
  projectPoints,
  RESOURCES_PER_MONTH,
  resourceSharedPoints,
  reversalOf,
} from '#domain/points.ts';
import type { Season } from '#domain/seasons.ts';

describe('pointRules', () => {
  it('one rule per reason, in the order of the contract, with the base points', () => {
    expect(pointRules.map((r) => [r.reason, r.points])).toEqual([
      ['lecture_verified', 10],
      ['lecture_well_rated', 10],
      ['idea_approved', 20],
      ['project_started', 30],
      ['project_completed', 50],
      ['project_featured', 20],
      ['resource_shared', 2],
    ]);
    expect(pointRules.map((r) => r.reason)).toEqual([...pointReasons]);
  });

  it('every rule is described in Arabic and in English, and only those four fields', () => {
    for (const r of pointRules) {
      expect(Object.keys(r).sort()).toEqual(['descriptionAr', 'descriptionEn', 'points', 'reason']);
      expect(r.descriptionAr).toMatch(/\p{Script=Arabic}/u);
      expect(r.descriptionAr).not.toMatch(/[A-Za-z]/);
      expect(r.descriptionEn).toMatch(/^[A-Z0-9][\x20-\x7E]+\.$/);
      expect(r.descriptionAr.length).toBeGreaterThan(10);
    }
  });

  it('the descriptions say the numbers the functions use', () => {
    const en = Object.fromEntries(pointRules.map((r) => [r.reason, r.descriptionEn]));
    expect(en.lecture_verified).toMatch(/10 .*200.*0\.2.*40/);
    expect(en.project_started).toMatch(/30.*10/);
    expect(en.project_completed).toMatch(/50.*20/);
    expect(en.resource_shared).toMatch(/2 .*5/);
  });
});

describe('lectureVerifiedPoints', () => {
  it.each([
    [0, 0, 10],
    [0, 1, 10], // 0.2 rounds down
    [0, 4, 10],
    [0, 5, 11],
    [0, 9, 11],
    [0, 10, 12],
    [0, 199, 49],
    [0, 200, 50], // the other cap: 40
    [0, 10_000, 50],
    [1, 1, 11],
    [30, 30, 40],
    [30, 43, 42], // 13 others: 2.6 → 2
    [200, 200, 210],
    [201, 201, 210], // the checked-in cap: 200
    [10_000, 10_000, 210],
    [200, 400, 250], // both caps
    [201, 401, 250],
    [150, 100, 160], // verified below checked in: no others, nothing negative
  ])('checked in %i, verified %i → %i', (checkedIn, verifiedAttendees, points) => {
    expect(lectureVerifiedPoints({ checkedIn, verifiedAttendees })).toBe(points);
  });

  it('is 10 to 250, and never falls when more are verified or checked in (property)', () => {
    const n = fc.integer({ min: 0, max: 10_000 });
    fc.assert(
      fc.property(n, n, fc.integer({ min: 0, max: 50 }), (checkedIn, verified, more) => {
        const p = lectureVerifiedPoints({ checkedIn, verifiedAttendees: verified });
        expect(Number.isInteger(p)).toBe(true);
        expect(p).toBeGreaterThanOrEqual(10);
        expect(p).toBeLessThanOrEqual(250);
        expect(
          lectureVerifiedPoints({ checkedIn, verifiedAttendees: verified + more }),
        ).toBeGreaterThanOrEqual(p);
        // The formula as the contract writes it, in exact arithmetic (fifths).
        const others = Math.max(0, verified - checkedIn);
        expect(p).toBe(10 + Math.min(checkedIn, 200) + Math.floor(Math.min(others, 200) / 5));
      }),
    );
  });

  it('refuses counts that are not whole and non-negative', () => {
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => lectureVerifiedPoints({ checkedIn: bad, verifiedAttendees: 10 })).toThrow(RangeError);
      expect(() => lectureVerifiedPoints({ checkedIn: 0, verifiedAttendees: bad })).toThrow(RangeError);
    }
  });
});

describe('lectureWellRated', () => {
  it('an average of at least 4.5 from at least 5 ratings', () => {
    expect(lectureWellRated({ average: 4.5, count: 5 })).toBe(true);
    expect(lectureWellRated({ average: 5, count: 100 })).toBe(true);
    expect(lectureWellRated({ average: 4.5, count: 4 })).toBe(false);
    expect(lectureWellRated({ average: 4.49, count: 50 })).toBe(false);
    // The exact mean decides, not the shown one: 4.4995 shows as 4.50 but is below 4.5.
    expect(lectureWellRated({ average: 8998 / 2000, count: 2000 })).toBe(false);
    expect(lectureWellRated({ average: 0, count: 0 })).toBe(false);
  });
});

describe('projectPoints', () => {
  it('by reason and role', () => {
    expect(projectPoints('project_started', 'leader')).toBe(30);
    expect(projectPoints('project_started', 'member')).toBe(10);
    expect(projectPoints('project_completed', 'leader')).toBe(50);
    expect(projectPoints('project_completed', 'member')).toBe(20);
    expect(projectPoints('project_featured', 'leader')).toBe(20);
    expect(projectPoints('project_featured', 'member')).toBe(20);
  });
});

describe('resourceSharedPoints', () => {
  it(`2 for each of the first ${RESOURCES_PER_MONTH} of an Oman month, then nothing`, () => {
    expect(RESOURCES_PER_MONTH).toBe(5);
    expect([0, 1, 2, 3, 4, 5, 6, 100].map(resourceSharedPoints)).toEqual([2, 2, 2, 2, 2, 0, 0, 0]);
    expect(() => resourceSharedPoints(-1)).toThrow(RangeError);
  });
});

const at = '2026-11-28T10:15:00.000Z';
const verified = ledgerEntry({
  at,
  points: 42,
  reason: 'lecture_verified',
  source: { type: 'lecture', id: '01JLECTURE' },
  recipient: 'amb-1',
});

describe('ledger entries', () => {
  it('have the contract shape and an id made of what they are for', () => {
    expect(verified).toEqual({
      id: 'lecture_verified#lecture#01JLECTURE#amb-1',
      at,
      points: 42,
      reason: 'lecture_verified',
      source: { type: 'lecture', id: '01JLECTURE' },
    });
    expect(Object.isFrozen(verified)).toBe(true);
    expect(Object.isFrozen(verified.source)).toBe(true);
  });

  it('the same change for the same person always has the same id; any difference, another one', () => {
    const base = {
      reason: 'project_started',
      source: { type: 'project', id: 'P1' },
      recipient: 'a',
    } as const;
    expect(entryId(base)).toBe(entryId({ ...base }));
    expect(entryId({ ...base, recipient: 'b' })).not.toBe(entryId(base));
    expect(entryId({ ...base, reason: 'project_completed' })).not.toBe(entryId(base));
    expect(entryId({ ...base, source: { type: 'idea', id: 'P1' } })).not.toBe(entryId(base));
    expect(entryId({ ...base, source: { type: 'project', id: 'P2' } })).not.toBe(entryId(base));
  });

  it('no part may hold the separator, so ids never collide', () => {
    expect(() =>
      entryId({ reason: 'idea_approved', source: { type: 'idea', id: 'a#b' }, recipient: 'c' }),
    ).toThrow(RangeError);
    expect(() =>
      entryId({ reason: 'idea_approved', source: { type: 'idea', id: 'a' }, recipient: '' }),
    ).toThrow(RangeError);
  });

  it('earn whole positive points', () => {
    for (const points of [0, -1, 1.5])
      expect(() =>
        ledgerEntry({
          at,
          points,
          reason: 'idea_approved',
          source: { type: 'idea', id: 'I' },
          recipient: 'a',
        }),
      ).toThrow(RangeError);
  });
});

describe('reversalOf', () => {
  const later = '2026-12-02T08:00:00.000Z';

  it('takes the points back with the same reason and source, linked to what it reverses', () => {
    expect(reversalOf(verified, later, 'revocation')).toEqual({
      id: `${verified.id}#reversed`,
      at: later,
      points: -42,
      reason: 'lecture_verified',
      source: { type: 'lecture', id: '01JLECTURE' },
      reverses: verified.id,
      cause: 'revocation',
    });
  });

  it('has one id per entry, whatever the cause or time: a second reversal is the same write', () => {
    expect(reversalOf(verified, later, 'erasure').id).toBe(reversalOf(verified, at, 'revocation').id);
  });

  it('a reversal is not reversed', () => {
    const r = reversalOf(verified, later, 'withdrawal');
    try {
      reversalOf(r, later, 'revocation');
      expect.unreachable();
    } catch (e) {
      expect(isDomainError(e) && e.code).toBe('invalid_transition');
    }
  });
});

describe('ledgerTotal', () => {
  const entry = (when: string, points: number, id: string): LedgerEntry =>
    ledgerEntry({ at: when, points, reason: 'idea_approved', source: { type: 'idea', id }, recipient: 'a' });
  const entries = [
    entry('2026-10-31T19:59:59.999Z', 20, 'i1'), // 31 Oct in Oman
    entry('2026-10-31T20:00:00.000Z', 30, 'i2'), // already 1 Nov in Oman
    entry('2026-12-31T20:00:00.000Z', 50, 'i3'), // 1 Jan 2027 in Oman
  ];
  const withReversal = [
    ...entries,
    reversalOf(entries[1] as LedgerEntry, '2027-01-05T06:00:00.000Z', 'withdrawal'),
  ];
  const seasons: Season[] = [
    { id: '2026-autumn', nameAr: 'الخريف', nameEn: 'Autumn', startsOn: '2026-11-01', endsOn: '2027-01-31' },
  ];

  it('adds the entries whose Oman date falls in the period; a reversal counts when written', () => {
    expect(ledgerTotal(entries, 'all')).toBe(100);
    expect(ledgerTotal(entries, '2026')).toBe(50);
    expect(ledgerTotal(entries, '2026-10')).toBe(20);
    expect(ledgerTotal(entries, '2026-11')).toBe(30);
    expect(ledgerTotal(entries, '2027')).toBe(50);
    expect(ledgerTotal(withReversal, 'all')).toBe(70);
    expect(ledgerTotal(withReversal, '2026-11')).toBe(30);
    expect(ledgerTotal(withReversal, '2027-01')).toBe(20);
    expect(ledgerTotal([], 'all')).toBe(0);
  });

  it('a season is a period too', () => {
    expect(ledgerTotal(withReversal, 'season:2026-autumn', seasons)).toBe(50);
    expect(() => ledgerTotal(entries, 'season:2026-winter', seasons)).toThrow();
  });

  it('the month totals of a year add up to the year (property)', () => {
    const instant = fc.date({
      min: new Date('2025-12-31T00:00:00Z'),
      max: new Date('2027-01-01T23:00:00Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(instant, fc.integer({ min: 1, max: 250 })), { maxLength: 30 }),
        (rows) => {
          const list = rows.map(([d, p], i) => entry(d.toISOString(), p, `i${i}`));
          const months = Array.from({ length: 12 }, (_, m) =>
            ledgerTotal(list, `2026-${String(m + 1).padStart(2, '0')}`),
          );
          expect(months.reduce((a, b) => a + b, 0)).toBe(ledgerTotal(list, '2026'));
          expect(ledgerTotal(list, '2025') + ledgerTotal(list, '2026') + ledgerTotal(list, '2027')).toBe(
            ledgerTotal(list, 'all'),
          );
        },
      ),
    );
  });
});
