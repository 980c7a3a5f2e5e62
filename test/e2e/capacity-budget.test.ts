/**
 * The capacity budget (bench/README.md): every route, called over HTTP, consumes at most 1.5× its
 * floor (the items it must read or write, at DynamoDB's prices), and every list page of 20 is
 * one query. Capacity units are deterministic, so this is an ordinary test, not a timed one;
 * `npm run bench` prints the same figures on the seeded programme.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { BUDGET, httpApi, ratio } from '#bench/capacity.ts';
import {
  type Api,
  furnish,
  type Measurement,
  makeWorld,
  measure,
  parseConsumed,
} from '#bench/capacity-scenarios.ts';
import { routes } from '#http/routes/index.ts';
import { baseUrl, call, token } from '#support/api.ts';

const measured = new Map<string, Measurement>();

beforeAll(async () => {
  const raw = httpApi(baseUrl(), inject('dynamoEndpoint'), inject('tableName'));
  // The tests' own client: every answer is also checked against the OpenAPI document.
  const api: Api = {
    ...raw,
    call: (method, path, opts = {}) => call(method, path, opts),
    token: (sub, groups) => token(sub, groups ? { groups } : {}),
  };
  const world = await makeWorld(api);
  await furnish(world);
  for (const r of routes) measured.set(r.id, await measure(world, r.id));
}, 180_000);

describe('capacity per request', () => {
  it.each(routes.map((r) => [r.id, `${r.method} ${r.path}`]))('%s (%s) stays within 1.5× its floor', (id) => {
    const m = measured.get(id);
    expect(m, 'measured').toBeDefined();
    if (!m) return;
    if (id === 'routeNotFound') expect(m.status).toBe(404);
    else expect(m.status, `${id} answered ${m.status}`).toBeLessThan(300);
    expect(ratio(m), JSON.stringify({ consumed: m.consumed, floor: m.floor }, null, 1)).toBeLessThanOrEqual(
      BUDGET,
    );
  });

  it('an edit no directory card shows (the phone) writes the profile alone, not every card', async () => {
    const sub = `cap-phone-${Date.now()}`;
    const t = await token(sub);
    const reg = await call('POST', '/ambassadors', {
      token: t,
      body: { name: 'سالم الهاشمي', governorate: 'OM-DA', wilayat: 'nizwa', interests: ['water'] },
    });
    expect(reg.status).toBe(201);
    const phone = await call('PATCH', '/ambassadors/me', { token: t, body: { phone: '+96899887766' } });
    expect(phone.status).toBe(200);
    // The profile and the write quota's counter (1 WCU, docs/api-contract.md §10).
    expect(parseConsumed(phone.headers)).toMatchObject({ calls: 3, itemsWritten: 2, write: 2 });
    const bio = await call('PATCH', '/ambassadors/me', { token: t, body: { bio: 'مهندس مياه' } });
    expect(bio.status).toBe(200);
    expect(parseConsumed(bio.headers).itemsWritten).toBeGreaterThan(3);
  });

  it('every list page of 20 is one query (plus the caller’s profile on ambassador routes)', () => {
    const pages = routes
      .map((r) => ({ r, m: measured.get(r.id) as Measurement }))
      .filter(({ r, m }) => /^list|Queue$/.test(r.id) && m.consumed.itemsRead >= 20);
    // Full pages on the furnished data (furnish() makes sure of it).
    expect(pages.map(({ r }) => r.id)).toEqual(
      expect.arrayContaining([
        'listAmbassadors',
        'listLectures',
        'listMyLectures',
        'lectureQueue',
        'listResources',
        'listIdeas',
        'listShowcase',
      ]),
    );
    for (const { r, m } of pages) {
      const calls = r.role === 'ambassador' ? 2 : 1;
      const items = r.role === 'ambassador' ? 21 : 20;
      if (r.id === 'lectureQueue') {
        // The queue also reads the check-in counters of the page's lectures that offered
        // check-in (AP47): one BatchGetItem, only when the page holds such lectures (the
        // furnished queue may, depending on the scenarios run before).
        expect(m.consumed.calls, `${r.method} ${r.path}`).toBeGreaterThanOrEqual(calls);
        expect(m.consumed.calls, `${r.method} ${r.path}`).toBeLessThanOrEqual(calls + 1);
        expect(m.consumed.itemsRead, `${r.method} ${r.path}`).toBeGreaterThanOrEqual(items);
        expect(m.consumed.itemsRead, `${r.method} ${r.path}`).toBeLessThanOrEqual(2 * items);
        continue;
      }
      expect(
        { route: r.id, calls: m.consumed.calls, items: m.consumed.itemsRead },
        `${r.method} ${r.path}`,
      ).toEqual({ route: r.id, calls, items });
    }
  });
});
