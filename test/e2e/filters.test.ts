/**
 * Filters are validated (docs/api-contract.md §10): on every list route, a filter
 * value that names nothing in the reference data (a governorate, wilayat, city, country,
 * interest, topic, tag, mission, status, period) is 400 `validation_failed` naming the
 * parameter, never an empty list; and a wilayat must belong to the governorate given with it.
 * Each filter's known values are still accepted.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { call, newAmbassador, staffToken, token, uniqueSub, uniqueWord } from '#support/api.ts';

let member: string;
let staff: string;

beforeAll(async () => {
  member = await token(uniqueSub('filters'));
  staff = await staffToken();
});

const get = (path: string, as: 'member' | 'staff' | 'public' = 'member') =>
  call('GET', path, { token: as === 'member' ? member : as === 'staff' ? staff : undefined });

const expectRefused = async (path: string, param: string, as?: 'member' | 'staff' | 'public') => {
  const res = await get(path, as);
  expect(res.status, `${path} → ${JSON.stringify(res.body)}`).toBe(400);
  expect(res.body.code).toBe('validation_failed');
  expect(
    (res.body.errors ?? []).map((e: { path: string }) => e.path),
    `${path} → ${JSON.stringify(res.body)}`,
  ).toContain(`query.${param}`);
};

const expectAccepted = async (path: string, as?: 'member' | 'staff' | 'public') => {
  const res = await get(path, as);
  expect(res.status, `${path} → ${JSON.stringify(res.body)}`).toBe(200);
};

/** Unknown ids, near misses (case, a governorate where a wilayat is due), and junk. */
const UNKNOWN_REGION = ['XX', 'om-ma', 'OM-XX', 'atlantis', 'Bawshar', '%20', 'a'.repeat(40)];

describe('GET /ambassadors', () => {
  it.each([
    ['governorate', [...UNKNOWN_REGION, 'bawshar', 'abroad']],
    ['wilayat', [...UNKNOWN_REGION, 'OM-MA']],
    ['city', [...UNKNOWN_REGION, 'OM-MA']],
    ['country', ['XX', 'om', 'OMN', 'ZZ', '1']],
    ['interest', ['cooking', 'Water', 'data_ai']],
  ])('an unknown %s is 400 naming it, not an empty list', async (param, values) => {
    for (const v of values) await expectRefused(`/ambassadors?${param}=${encodeURIComponent(v)}`, param);
  });

  it.each([
    'governorate=OM-MA',
    'wilayat=bawshar',
    'city=nizwa',
    'country=OM',
    'country=AE',
    'interest=data-ai',
    'governorate=OM-DA&wilayat=nizwa',
  ])('a known value is accepted: %s', async (q) => {
    await expectAccepted(`/ambassadors?${q}`);
  });

  it('refuses a wilayat outside the governorate given with it', async () => {
    await expectRefused('/ambassadors?governorate=OM-MA&wilayat=nizwa', 'wilayat');
  });

  it('still finds by a valid governorate and wilayat', async () => {
    const word = uniqueWord();
    const a = await newAmbassador({ name: `${word} Filter`, governorate: 'OM-DA', wilayat: 'nizwa' });
    const found = await get(`/ambassadors?governorate=OM-DA&wilayat=nizwa&q=${word}`);
    expect(found.body.items.map((i: { id: string }) => i.id)).toEqual([a.id]);
  });
});

describe('GET /lectures', () => {
  it.each([
    ['governorate', [...UNKNOWN_REGION, 'bawshar']],
    ['wilayat', [...UNKNOWN_REGION, 'OM-MA']],
    ['topic', ['cooking', 'Water']],
    ['from', ['2026-02-30', 'yesterday']],
    ['to', ['2026-13-01']],
  ])('an unknown %s is 400 naming it, not an empty list', async (param, values) => {
    for (const v of values) await expectRefused(`/lectures?${param}=${encodeURIComponent(v)}`, param);
  });

  it.each([
    'governorate=OM-MA',
    'wilayat=bawshar',
    'governorate=OM-MA&wilayat=bawshar',
    'topic=water',
    'organizer=someone',
    'from=2026-01-01&to=2026-12-31',
  ])('a known value is accepted: %s', async (q) => {
    await expectAccepted(`/lectures?${q}`);
  });

  it('refuses a wilayat outside the governorate given with it', async () => {
    await expectRefused('/lectures?governorate=OM-MA&wilayat=nizwa', 'wilayat');
  });
});

describe('GET /ideas', () => {
  it.each([
    ['tag', ['cooking', 'Water']],
    ['city', [...UNKNOWN_REGION, 'OM-MA']],
    ['mission', ['fun', 'Research']],
    ['status', ['submitted', 'rejected', 'done']],
    ['matchMyInterests', ['yes', '1']],
  ])('an unknown %s is 400 naming it, not an empty list', async (param, values) => {
    for (const v of values) await expectRefused(`/ideas?${param}=${encodeURIComponent(v)}`, param);
  });

  it.each(['tag=water', 'city=nizwa', 'mission=research', 'status=approved', 'matchMyInterests=true'])(
    'a known value is accepted: %s',
    async (q) => {
      await expectAccepted(`/ideas?${q}`);
    },
  );
});

describe('the staff queues', () => {
  it('refuses a status the queue does not hold', async () => {
    await expectRefused('/staff/lectures?status=verified', 'status', 'staff');
    await expectRefused('/staff/ideas?status=approved', 'status', 'staff');
    await expectAccepted('/staff/lectures?status=reported', 'staff');
    await expectAccepted('/staff/ideas?status=submitted', 'staff');
  });
});

describe('GET /leaderboards/{board}', () => {
  it('refuses a malformed period and answers 404 for an unknown board', async () => {
    for (const p of ['2026-13', '26', 'ALL', '2026-1'])
      await expectRefused(`/leaderboards/lectures?period=${p}`, 'period', 'public');
    await expectAccepted('/leaderboards/cities?period=2026-11', 'public');
    expect((await get('/leaderboards/unknown?period=all', 'public')).status).toBe(404);
  });
});

describe('GET /communities/{id}/resources', () => {
  it('answers 404 for an unknown community, not an empty list', async () => {
    expect((await get('/communities/XX/resources', 'public')).status).toBe(404);
    await expectAccepted('/communities/abroad/resources', 'public');
  });
});
