/**
 * Points and seasons over HTTP (docs/api-contract.md §13): seasons created by staff and listed
 * publicly, the published rules, and the caller's ledger by period with its exact total.
 */
import { randomUUID } from 'node:crypto';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { ledgerEntry, pointRules, reversalOf } from '#domain/points.ts';
import { db } from '#store/client.ts';
import { ledgerItems } from '#store/points.ts';
import { call, newAmbassador, staffToken } from '#support/api.ts';

const seasonId = (label: string) => `2030-${label}-${randomUUID().slice(0, 8)}`;
const season = (id: string, startsOn = '2030-01-01', endsOn = '2030-03-31') => ({
  id,
  nameAr: 'الربع الأول',
  nameEn: 'First quarter',
  startsOn,
  endsOn,
});

/** Writes entries as a change does: in one transaction, each once. */
const record = (recipient: string, entries: ReturnType<typeof ledgerEntry>[]) =>
  db.send(
    new TransactWriteCommand({ TransactItems: ledgerItems(entries.map((entry) => ({ recipient, entry }))) }),
  );

describe('seasons', () => {
  it('staff create one (201, Location), anyone lists it; a taken id is 409 already_exists', async () => {
    const staff = await staffToken();
    const id = seasonId('q1');
    const created = await call('POST', '/staff/seasons', { token: staff, body: season(id) });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ ...season(id), version: 1 });
    expect(created.headers.get('location')).toBe('/seasons');
    const again = await call('POST', '/staff/seasons', {
      token: staff,
      body: { ...season(id), nameEn: 'Other' },
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('already_exists');
    const list = await call('GET', '/seasons');
    expect(list.status).toBe(200);
    expect(list.body.items.filter((s: { id: string }) => s.id === id)).toEqual([
      { ...season(id), version: 1 },
    ]);
  });

  it('validates the id and the dates', async () => {
    const staff = await staffToken();
    for (const body of [
      season('q1'),
      season('27-q1'),
      season('2030-Q1'),
      season(seasonId('x'), '2030-03-01', '2030-02-01'),
      season(seasonId('y'), '2030-01-01', '2031-06-01'),
      { ...season(seasonId('z')), extra: 1 },
    ]) {
      const res = await call('POST', '/staff/seasons', { token: staff, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.code).toBe('validation_failed');
    }
  });
});

describe('points', () => {
  it('publishes the rules', async () => {
    const res = await call('GET', '/points/rules');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: pointRules.map((r) => ({ ...r })) });
  });

  it('an ambassador without entries has 0 in every period', async () => {
    const a = await newAmbassador();
    for (const period of ['all', '2026', '2026-11']) {
      const res = await call('GET', `/ambassadors/me/points?period=${period}`, { token: a.token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ total: 0, items: [], nextCursor: null });
    }
    expect((await call('GET', '/ambassadors/me/points', { token: a.token })).body.total).toBe(0);
  });

  it('a malformed period is 400, an unknown season 404 not_found', async () => {
    const a = await newAmbassador();
    for (const period of ['2026-13', 'season:q1', 'last-week']) {
      const res = await call('GET', `/ambassadors/me/points?period=${period}`, { token: a.token });
      expect(res.status, period).toBe(400);
    }
    const res = await call('GET', `/ambassadors/me/points?period=season:${seasonId('none')}`, {
      token: a.token,
    });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('not_found');
  });

  it('lists the period’s entries newest first, pages them, and totals every one of them', async () => {
    const a = await newAmbassador();
    const staff = await staffToken();
    const sid = seasonId('win');
    expect(
      (await call('POST', '/staff/seasons', { token: staff, body: season(sid, '2030-01-15', '2030-02-14') }))
        .status,
    ).toBe(201);
    const at = (date: string, h = 10) => `${date}T${String(h).padStart(2, '0')}:00:00.000Z`;
    const e = (id: string, date: string, points: number, h?: number) =>
      ledgerEntry({
        at: at(date, h),
        points,
        reason: 'idea_approved',
        source: { type: 'idea', id },
        recipient: a.id,
      });
    const jan10 = e('i1', '2030-01-10', 20);
    const jan20 = e('i2', '2030-01-20', 20);
    const feb01 = e('i3', '2030-02-01', 30);
    // 22:00 UTC on 14 Feb is 15 Feb in Oman: outside the season, in February.
    const feb14late = e('i4', '2030-02-14', 50, 22);
    const dec = e('i5', '2029-12-31', 2);
    await record(a.id, [jan10, jan20, feb01, feb14late, dec]);
    await record(a.id, [reversalOf(jan20, at('2030-03-05'), 'withdrawal')]);

    const get = async (q: string) => {
      const res = await call('GET', `/ambassadors/me/points?${q}`, { token: a.token });
      expect(res.status, q).toBe(200);
      return res.body;
    };
    const all = await get('period=all&limit=100');
    expect(all.total).toBe(20 + 20 + 30 + 50 + 2 - 20);
    expect(all.items.map((x: { points: number }) => x.points)).toEqual([-20, 50, 30, 20, 20, 2]);
    expect(all.items[0]).toMatchObject({ reverses: jan20.id, cause: 'withdrawal', reason: 'idea_approved' });
    expect((await get('period=2030')).total).toBe(100);
    expect((await get('period=2029')).total).toBe(2);
    expect((await get('period=2030-02')).total).toBe(80);
    expect((await get('period=2030-03')).items).toHaveLength(1);
    const s = await get(`period=season:${sid}`);
    expect(s.total).toBe(50);
    expect(s.items.map((x: { id: string }) => x.id)).toEqual([feb01.id, jan20.id]);

    // Pages of 2: every entry once, in order.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const p = await get(`period=all&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(p.total).toBe(102);
      seen.push(...p.items.map((x: { id: string }) => x.id));
      cursor = p.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.items.map((x: { id: string }) => x.id));
    // A cursor of another period's query is refused.
    const first = await get('period=all&limit=2');
    const other = await call(
      'GET',
      `/ambassadors/me/points?period=2030&cursor=${encodeURIComponent(first.nextCursor)}`,
      {
        token: a.token,
      },
    );
    expect(other.status).toBe(400);
    expect(other.body.code).toBe('invalid_cursor');
  });

  it('an entry is written once: the same change again cancels its transaction', async () => {
    const a = await newAmbassador();
    const entry = ledgerEntry({
      at: new Date().toISOString(),
      points: 20,
      reason: 'idea_approved',
      source: { type: 'idea', id: `i-${randomUUID()}` },
      recipient: a.id,
    });
    await record(a.id, [entry]);
    await expect(record(a.id, [entry])).rejects.toMatchObject({ name: 'TransactionCanceledException' });
    const res = await call('GET', '/ambassadors/me/points', { token: a.token });
    expect(res.body.total).toBe(20);
    expect(res.body.items).toHaveLength(1);
  });

  it("another ambassador's ledger is not the caller's", async () => {
    const [a, b] = [await newAmbassador(), await newAmbassador()];
    await record(a.id, [
      ledgerEntry({
        at: new Date().toISOString(),
        points: 20,
        reason: 'idea_approved',
        source: { type: 'idea', id: `i-${randomUUID()}` },
        recipient: a.id,
      }),
    ]);
    expect((await call('GET', '/ambassadors/me/points', { token: b.token })).body).toEqual({
      total: 0,
      items: [],
      nextCursor: null,
    });
  });
});
