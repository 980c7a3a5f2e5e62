/**
 * The leaderboards (docs/api-contract.md §7): which boards exist, the community boards' ids, the
 * query a reader sends, and an ambassador's entries on the two ambassador boards.
 */
import { describe, expect, it } from 'vitest';
import {
  ambassadorEntries,
  boards,
  communityBoard,
  isBoard,
  leaderboardParams,
  leaderboardQuerySchema,
  SNAPSHOT_SIZE,
} from '#domain/leaderboards.ts';

describe('boards', () => {
  it('the four boards of the contract, and nothing else', () => {
    expect(boards).toEqual(['lectures', 'attendance', 'governorates', 'cities']);
    for (const b of boards) expect(isBoard(b)).toBe(true);
    for (const s of ['', 'Lectures', 'community-OM-MA', 'attendance ', 'all']) expect(isBoard(s)).toBe(false);
  });

  it('a community board is named after its community', () => {
    expect(communityBoard('OM-MA')).toBe('community-OM-MA');
    expect(communityBoard('abroad')).toBe('community-abroad');
  });

  it('the board parameter is 1–40 characters', () => {
    expect(leaderboardParams.safeParse({ board: 'lectures' }).success).toBe(true);
    expect(leaderboardParams.safeParse({ board: '' }).success).toBe(false);
    expect(leaderboardParams.safeParse({ board: 'x'.repeat(40) }).success).toBe(true);
    expect(leaderboardParams.safeParse({ board: 'x'.repeat(41) }).success).toBe(false);
  });
});

describe('leaderboardQuerySchema', () => {
  it.each(['all', '2000', '2026', '2100', '2026-01', '2026-11', '2026-12'])(
    'period %s is accepted',
    (period) => {
      expect(leaderboardQuerySchema.safeParse({ period }).success).toBe(true);
    },
  );

  it.each(['', 'ALL', '1999', '2101', '2026-00', '2026-13', '2026-1', '26', '2026-11-01', ' 2026'])(
    'period %j is refused with the one message',
    (period) => {
      const r = leaderboardQuerySchema.safeParse({ period });
      expect(r.success).toBe(false);
      expect(r.error?.issues.map((i) => i.message)).toEqual([
        'Must be all, a year like 2026, or a month like 2026-11',
      ]);
    },
  );

  it(`limit is an integer from 1 to ${SNAPSHOT_SIZE}, sent as text in a query`, () => {
    expect(leaderboardQuerySchema.parse({ limit: '1' })).toEqual({ limit: 1 });
    expect(leaderboardQuerySchema.parse({ limit: String(SNAPSHOT_SIZE) })).toEqual({ limit: SNAPSHOT_SIZE });
    for (const limit of ['0', String(SNAPSHOT_SIZE + 1), '2.5', 'ten'])
      expect(leaderboardQuerySchema.safeParse({ limit }).success).toBe(false);
    expect(leaderboardQuerySchema.safeParse({ board: 'lectures' }).success).toBe(false);
  });
});

describe('ambassadorEntries', () => {
  const ambassador = { id: 'amb-1', name: 'Aisha', country: 'OM', governorate: 'OM-MA', wilayat: 'muscat' };

  it('one entry per board, scored by verified lectures and by attendees reached', () => {
    expect(ambassadorEntries(ambassador, { lectures: 3, attendance: 120 })).toEqual({
      lectures: {
        id: 'amb-1',
        name: 'Aisha',
        lectures: 3,
        attendees: 120,
        country: 'OM',
        governorate: 'OM-MA',
        wilayat: 'muscat',
        score: 3,
      },
      attendance: {
        id: 'amb-1',
        name: 'Aisha',
        lectures: 3,
        attendees: 120,
        country: 'OM',
        governorate: 'OM-MA',
        wilayat: 'muscat',
        score: 120,
      },
    });
  });

  it('a score of 0 leaves the ambassador off that board only', () => {
    const onlyLectures = ambassadorEntries(ambassador, { lectures: 1 });
    expect(onlyLectures.lectures).toMatchObject({ score: 1, lectures: 1, attendees: 0 });
    expect(onlyLectures.attendance).toBeNull();
    const onlyAttendance = ambassadorEntries(ambassador, { attendance: 7 });
    expect(onlyAttendance.lectures).toBeNull();
    expect(onlyAttendance.attendance).toMatchObject({ score: 7, lectures: 0, attendees: 7 });
    expect(ambassadorEntries(ambassador, undefined)).toEqual({ lectures: null, attendance: null });
    expect(ambassadorEntries(ambassador, {})).toEqual({ lectures: null, attendance: null });
  });

  it('no entries for a missing, erased or unnamed ambassador, whatever the counters', () => {
    const counters = { lectures: 2, attendance: 40 };
    const none = { lectures: null, attendance: null };
    expect(ambassadorEntries(undefined, counters)).toEqual(none);
    expect(ambassadorEntries({ ...ambassador, erased: true }, counters)).toEqual(none);
    expect(ambassadorEntries({ id: 'amb-2', country: 'DE' }, counters)).toEqual(none);
    expect(ambassadorEntries({ ...ambassador, name: '' }, counters)).toEqual(none);
    expect(ambassadorEntries({ ...ambassador, erased: false }, counters).lectures).not.toBeNull();
  });
});
