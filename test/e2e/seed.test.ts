/**
 * `npm run seed`'s library (scripts/seed/) on a local server of its own, so that the shared
 * test server's counts stay untouched: the runner writes the generated programme through the
 * use cases, a re-run skips everything it finds, staff verify more on request, and the API
 * then serves what the plan says (a profile, an organizer's lectures).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, spawnLocalServer } from '#infra/local/spawn.ts';
import { Programme } from '#scripts/seed/generate.ts';

let server: LocalServer;
beforeAll(async () => {
  server = await spawnLocalServer({ tableName: 'sca-seed' });
  // The store modules bind their table when first imported (by the runner, below).
  Object.assign(process.env, {
    TABLE_NAME: server.tableName,
    DYNAMODB_ENDPOINT: server.dynamoEndpoint,
    CURSOR_SECRET: server.cursorSecret,
  });
}, 90_000);
afterAll(() => server?.stop());

const get = async (path: string, sub: string) => {
  const minted = await fetch(`${server.baseUrl}/_local/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sub, email: `${sub}@example.om` }),
  });
  const { token } = (await minted.json()) as { token: string };
  const res = await fetch(`${server.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};

const size = { ambassadors: 12, lectures: 40, seed: 7, now: new Date() };

describe('the seed', () => {
  it('writes the programme, skips it on a re-run, and the API serves what the plan says', async () => {
    const { seedProgramme, verifyReported } = await import('#scripts/seed/run.ts');
    const first = await seedProgramme(size);
    // A write that committed but answered too late (a busy DynamoDB Local) is retried and then
    // found: it counts as existing. So the first run's split is not exact; its sums are.
    expect(first.ambassadors.registered + first.ambassadors.existing).toBe(12);
    expect(first.ambassadors.registered).toBeGreaterThan(0);
    expect(first.lectures.reported + first.lectures.existing).toBe(40);
    const { reported, verified, rejected } = first.status;
    expect(reported + verified + rejected).toBe(40);
    const { lectures: l } = first;
    expect(verified + rejected).toBe(l.verified + l.rejected + l.alreadyReviewed);
    expect(verified).toBeGreaterThan(0);

    const again = await seedProgramme(size);
    expect(again.ambassadors).toMatchObject({ registered: 0, existing: 12 });
    expect(again.lectures).toMatchObject({ reported: 0, existing: 40, verified: 0, rejected: 0 });
    expect(again.status).toEqual(first.status);

    const more = await verifyReported({ count: 2, ambassadors: 12, seed: 7, now: size.now });
    expect(more.verified + more.skipped).toBe(2);

    const plan = new Programme(size);
    const profile = await get(`/ambassadors/${plan.ambassador(0).id}`, 'seed-reader');
    expect(profile).toMatchObject({ status: 200, body: { id: 'seed-amb-000001' } });
    expect(profile.body.name).toBe(plan.ambassador(0).input.name);

    const [busiest] = plan.byOrganizer();
    const organizer = plan.ambassador(busiest?.organizer ?? 0);
    const mine = await get('/ambassadors/me/lectures?limit=100', organizer.id);
    expect(mine.status).toBe(200);
    const ids = mine.body.items.map((l: { id: string }) => l.id).sort();
    expect(ids).toEqual(busiest?.lectures.map((j) => plan.lecture(j).id).sort());
  }, 240_000);
});
