/**
 * The per-caller write quota (docs/api-contract.md §10 "Write quota"), on a local
 * server of its own with the default limit (the shared test server lifts it): 60 writing
 * requests a minute per token `sub`, bad ones included; the 61st is 429 `rate_limited` with
 * `Retry-After` and writes nothing; reads, another caller and the local token route are not
 * affected.
 *
 * The window is the current minute. No sleeping: an attempt that straddles a minute boundary
 * (its counts would start again midway) is not judged, and the scenario runs again with a
 * new caller (up to five times), until one lies within one minute (it takes a few seconds).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, spawnLocalServer } from '#infra/local/spawn.ts';
import { checkResponse } from '#support/contract.ts';
import { validIdea, validProfile } from '#support/fixtures.ts';

let server: LocalServer;

beforeAll(async () => {
  // An empty value leaves the limit at its default.
  server = await spawnLocalServer({ tableName: 'sca-quota', env: { WRITE_QUOTA_PER_MINUTE: '' } });
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

interface Res {
  status: number;
  headers: Headers;
  body: any;
}
const req = async (method: string, path: string, tok?: string, body?: unknown): Promise<Res> => {
  const headers: Record<string, string> = {};
  if (tok) headers.authorization = `Bearer ${tok}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  const parsed = text ? JSON.parse(text) : undefined;
  checkResponse(method, path, res.status, res.headers, text, parsed);
  return { status: res.status, headers: res.headers, body: parsed };
};
const tokenFor = async (sub: string) =>
  (await req('POST', '/_local/token', undefined, { sub, email: `${sub}@example.om` })).body.token as string;

const idea = validIdea();
const minute = () => Math.floor(Date.now() / 60_000);

/** One caller's 60 writes and the 61st; undefined when the attempt straddled two minutes. */
const attempt = async () => {
  const sub = `quota-${randomUUID().slice(0, 8)}`;
  const tok = await tokenFor(sub);
  const started = minute();
  const writes: Res[] = [];
  writes.push(await req('POST', '/ambassadors', tok, validProfile()));
  // Bad writes count too, all at once: of concurrent requests exactly the limit get through.
  writes.push(...(await Promise.all(Array.from({ length: 58 }, () => req('POST', '/ideas', tok, {})))));
  writes.push(await req('PATCH', '/ambassadors/me', tok, { bio: 'Sixtieth write.' }));
  const over = await req('POST', '/ideas', tok, idea);
  const overBad = await req('POST', '/ideas', tok, { nonsense: true });
  const endsAt = Date.now();
  if (minute() !== started) return undefined;
  return { tok, writes, over, overBad, endsAt };
};

describe('write quota: 60 writing requests a minute per caller', () => {
  it('the 61st is 429 rate_limited with Retry-After and writes nothing; reads and others are unaffected', async () => {
    // On a loaded machine one attempt can take half a minute: up to five, until one fits a minute.
    let run: Awaited<ReturnType<typeof attempt>>;
    for (let i = 0; i < 5 && !run; i++) run = await attempt();
    expect(run, 'five attempts in a row straddled a minute boundary').toBeDefined();
    if (!run) return;
    const { tok, writes, over, overBad, endsAt } = run;

    expect(writes.map((w) => w.status)).toEqual([201, ...Array(58).fill(400), 200]);
    for (const res of [over, overBad]) {
      expect(res.status).toBe(429);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('rate_limited');
      // Seconds to the end of the current minute.
      const retryAfter = Number(res.headers.get('retry-after'));
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(Math.ceil((60_000 - (endsAt % 60_000)) / 1000) + 1);
    }

    // Nothing written, and reads still answer.
    const mine = await req('GET', '/ambassadors/me/ideas', tok);
    expect(mine.status).toBe(200);
    expect(mine.body.items).toEqual([]);
    const me = await req('GET', '/ambassadors/me', tok);
    expect(me.status).toBe(200);
    expect(me.body.bio).toBe('Sixtieth write.');

    // Another caller writes as usual; the local token route is outside the quota.
    const other = await tokenFor(`quota-other-${randomUUID().slice(0, 8)}`);
    expect((await req('POST', '/ambassadors', other, validProfile())).status).toBe(201);
    expect((await req('POST', '/ideas', other, idea)).status).toBe(201);
  }, 180_000);
});
