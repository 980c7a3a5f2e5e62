/**
 * The kit is named middy middlewares, one concern each, in a documented order (kit-core.ts).
 * The order is part of the contract: who before what (401/403 before any 400), the write quota
 * before anything is read, the profile before validation, the path and query before the body.
 * Handlers of their own, called in process with the event the local gateway builds, and a kit
 * store of our own interface (no table).
 */

import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { type KitStore, kitMiddlewares, makeHttp } from '#http/kit-core.ts';
import { defineRoute, type RouteSpec } from '#http/route-spec.ts';
import { apiGatewayEvent, type EventInput, lambdaContext } from '#infra/local/lambda-event.ts';
import { LOCAL_AUDIENCE, LOCAL_STAFF_AUDIENCE } from '#infra/local/tokens.ts';

const route = (over: Partial<RouteSpec>): RouteSpec =>
  defineRoute({
    id: 'kitProbe',
    method: 'GET',
    path: '/probe/{id}',
    role: 'public',
    handler: 'none',
    access: 'read',
    summary: 'probe',
    tag: 'test',
    status: 200,
    ...over,
  } as RouteSpec);

const store = (over: Partial<KitStore> = {}): KitStore => ({
  loadMe: async (id) => ({ id, erased: false }) as never,
  idempotency: () => ({ name: 'idempotency', before: async () => undefined }),
  takeWrite: async () => ({ allowed: true }),
  ...over,
});

const member = { sub: 'user-1', token_use: 'id', aud: LOCAL_AUDIENCE };
const staff = { sub: 'staff-1', token_use: 'id', aud: LOCAL_STAFF_AUDIENCE, 'cognito:groups': '[staff]' };

const call = async (spec: RouteSpec, kit: KitStore | undefined, input: Partial<EventInput>) => {
  const handler = makeHttp(kit)(spec, async () => ({ body: { ok: true } }));
  const res = await handler(
    apiGatewayEvent({ method: spec.method, route: spec.path, rawPath: '/probe/1', ...input }),
    lambdaContext(spec.id),
  );
  const body = res.body ? (JSON.parse(res.body) as { code?: string; errors?: { path: string }[] }) : {};
  return { status: res.statusCode, code: body.code, body, headers: res.headers ?? {} };
};

const params = z.strictObject({ id: z.string().check(z.regex(/^\d+$/)) });
const body = z.strictObject({ title: z.string() });

describe('the kit chain', () => {
  it('is named middlewares in the documented order', () => {
    const names = (spec: RouteSpec, kit: KitStore | undefined) =>
      kitMiddlewares(spec, kit).map((m) => m.name);
    expect(
      names(route({ method: 'POST', status: 201, role: 'ambassador', access: 'write' }), store()),
    ).toEqual([
      'problemErrors',
      'claims',
      'writeQuota',
      'profile',
      'validateParams',
      'jsonBody',
      'validateBody',
      'idempotency',
    ]);
    expect(names(route({}), store({ idempotency: () => undefined }))).toEqual([
      'problemErrors',
      'claims',
      'profile',
      'validateParams',
      'jsonBody',
      'validateBody',
    ]);
    // A writing route without a quota, and a route without the table.
    expect(
      names(route({ method: 'PATCH', quota: false }), store({ idempotency: () => undefined })),
    ).not.toContain('writeQuota');
    expect(names(route({ method: 'PATCH', access: 'none' }), undefined)).not.toContain('writeQuota');
  });

  it('refuses a writing route whose access is not write', () => {
    expect(() => kitMiddlewares(route({ method: 'DELETE', access: 'read' }), store())).toThrow(
      /access must be 'write'/,
    );
  });

  it('answers an unknown route before asking who is calling', async () => {
    const res = await call(route({ path: '$default', role: 'member' }), undefined, {});
    expect([res.status, res.code]).toEqual([404, 'route_not_found']);
  });

  it('asks who is calling before anything else, then the role', async () => {
    const spec = route({ role: 'staff', params, method: 'PATCH', access: 'write', body });
    const refused = store({ takeWrite: async () => ({ allowed: false, retryAfterSeconds: 9 }) });
    const bad = { params: { id: 'x' }, body: '{', headers: { 'content-type': 'application/json' } };
    expect((await call(spec, refused, bad)).code).toBe('unauthorized');
    expect((await call(spec, refused, { ...bad, claims: member })).code).toBe('forbidden');
    expect((await call(spec, refused, { ...bad, claims: staff })).code).toBe('rate_limited');
  });

  it('counts a write against the quota before reading the profile or the request', async () => {
    let loaded = 0;
    const spec = route({ role: 'ambassador', params, method: 'PATCH', access: 'write', body });
    const kit = store({
      takeWrite: async () => ({ allowed: false, retryAfterSeconds: 9 }),
      loadMe: async () => {
        loaded++;
        return undefined;
      },
    });
    const res = await call(spec, kit, { claims: member, params: { id: 'x' }, body: '{' });
    expect([res.status, res.code, res.headers['retry-after'], loaded]).toEqual([429, 'rate_limited', '9', 0]);
  });

  it('reads the profile before validating: a non-ambassador hears not_registered whatever it sent', async () => {
    const spec = route({ role: 'ambassador', params, method: 'PATCH', access: 'write', body });
    const kit = store({ loadMe: async () => undefined });
    const res = await call(spec, kit, { claims: member, params: { id: 'x' }, body: '{' });
    expect([res.status, res.code]).toEqual([403, 'not_registered']);
  });

  it('validates the path and query before reading the body, and the body after parsing it', async () => {
    const spec = route({ params, method: 'PATCH', access: 'write', body });
    const kit = store({ idempotency: () => undefined });
    const json = { 'content-type': 'application/json' };
    const badPath = await call(spec, kit, { params: { id: 'x' }, body: '{', headers: json });
    expect([badPath.status, badPath.code, badPath.body.errors?.[0]?.path]).toEqual([
      400,
      'validation_failed',
      'path.id',
    ]);
    const badQuery = await call(spec, kit, {
      params: { id: '1' },
      query: { q: '1' },
      body: '{',
      headers: json,
    });
    expect([badQuery.code, badQuery.body.errors?.[0]?.path]).toEqual(['validation_failed', 'query.q']);
    expect((await call(spec, kit, { params: { id: '1' }, body: '{', headers: json })).code).toBe(
      'malformed_json',
    );
    expect((await call(spec, kit, { params: { id: '1' }, body: '{}' })).code).toBe('unsupported_media_type');
    const big = `{"title":"${'x'.repeat(70_000)}"}`;
    expect((await call(spec, kit, { params: { id: '1' }, body: big, headers: json })).code).toBe(
      'payload_too_large',
    );
    const badBody = await call(spec, kit, { params: { id: '1' }, body: '{"title":1}', headers: json });
    expect([badBody.code, badBody.body.errors?.[0]?.path]).toEqual(['validation_failed', 'title']);
    const ok = await call(spec, kit, { params: { id: '1' }, body: '{"title":"t"}', headers: json });
    expect([ok.status, ok.body]).toEqual([200, { ok: true }]);
  });

  it('takes a form-encoded body only on a `formBody` route, as an object of strings, each name once', async () => {
    const oneClick = z.optional(z.strictObject({ 'List-Unsubscribe': z.optional(z.literal('One-Click')) }));
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const kit = store({ idempotency: () => undefined });
    const spec = route({ params, method: 'POST', access: 'write', body: oneClick, formBody: true });
    const ok = await call(spec, kit, {
      params: { id: '1' },
      body: 'List-Unsubscribe=One-Click',
      headers: form,
    });
    expect([ok.status, ok.body]).toEqual([200, { ok: true }]);
    expect((await call(spec, kit, { params: { id: '1' } })).status).toBe(200);
    const unknown = await call(spec, kit, {
      params: { id: '1' },
      body: 'List-Unsubscribe=One-Click&x=1',
      headers: form,
    });
    expect([unknown.code, unknown.body.errors?.[0]?.path]).toEqual(['validation_failed', 'x']);
    const twice = 'List-Unsubscribe=One-Click&List-Unsubscribe=One-Click';
    expect((await call(spec, kit, { params: { id: '1' }, body: twice, headers: form })).code).toBe(
      'validation_failed',
    );
    // Any other route: a form is an unsupported media type.
    const json = route({ params, method: 'POST', access: 'write', body: oneClick });
    expect(
      (await call(json, kit, { params: { id: '1' }, body: 'List-Unsubscribe=One-Click', headers: form }))
        .code,
    ).toBe('unsupported_media_type');
  });

  it('answers in the language asked for', async () => {
    const res = await call(route({ role: 'member' }), undefined, { headers: { 'accept-language': 'ar' } });
    expect([res.status, res.headers['content-language']]).toEqual([401, 'ar']);
    expect((res.body as { title?: string }).title).toBe('يلزم تسجيل الدخول');
  });
});
