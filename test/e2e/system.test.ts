import { generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { call, token, uniqueSub } from '#support/api.ts';

describe('reference data', () => {
  it('GET /health answers ok', async () => {
    const res = await call('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('GET /regions lists the 11 governorates and 61 wilayats in Arabic and English', async () => {
    const res = await call('GET', '/regions');
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(11);
    const wilayats = res.body.items.flatMap((g: { wilayats: unknown[] }) => g.wilayats);
    expect(wilayats).toHaveLength(61);
    expect(res.body.items[0]).toMatchObject({ id: 'OM-MA', en: 'Muscat', ar: 'مسقط' });
  });

  it('GET /interests lists the 15 interests', async () => {
    const res = await call('GET', '/interests');
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { id: string }) => i.id)).toEqual([
      'mobility',
      'energy',
      'water',
      'environment',
      'governance',
      'health',
      'education',
      'economy',
      'tourism',
      'safety',
      'housing',
      'data-ai',
      'iot',
      'connectivity',
      'culture',
    ]);
  });
});

describe('errors are problem+json with the contract codes', () => {
  it('an unknown route is 404 route_not_found', async () => {
    for (const [method, path] of [
      ['GET', '/nope'],
      ['POST', '/health'],
      ['DELETE', '/regions'],
    ] as const) {
      const res = await call(method, path);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body).toMatchObject({
        status: 404,
        code: 'route_not_found',
        type: expect.stringContaining('route_not_found'),
      });
    }
  });

  it('titles follow Accept-Language', async () => {
    const ar = await call('GET', '/nope', { headers: { 'accept-language': 'ar-OM,ar;q=0.9,en;q=0.5' } });
    expect(ar.body.title).toBe('المسار غير موجود');
    const en = await call('GET', '/nope', { headers: { 'accept-language': 'fr, en;q=0.3' } });
    expect(en.body.title).toBe('No such route');
  });

  it('a body that is not JSON is 400 malformed_json', async () => {
    const t = await token(uniqueSub());
    const res = await call('POST', '/ambassadors', {
      token: t,
      rawBody: '{"name": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('malformed_json');
  });

  it('a body that is not application/json is 415', async () => {
    const t = await token(uniqueSub());
    const res = await call('POST', '/ambassadors', {
      token: t,
      rawBody: 'name=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('unsupported_media_type');
  });

  it('a body over 64 KiB is 413', async () => {
    const t = await token(uniqueSub());
    const res = await call('POST', '/ambassadors', { token: t, body: { name: 'x'.repeat(70_000) } });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('payload_too_large');
  });

  it('an invalid body is 400 validation_failed with one error per field, unknown fields included', async () => {
    const t = await token(uniqueSub());
    const res = await call('POST', '/ambassadors', {
      token: t,
      body: {
        name: 'A',
        governorate: 'OM-MA',
        wilayat: 'bawshar',
        interests: ['cooking'],
        phone: '12',
        role: 'admin',
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    const paths = res.body.errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(['interests.0', 'name', 'phone', 'role']);
  });

  it('field messages are Arabic when asked', async () => {
    const t = await token(uniqueSub());
    const res = await call('POST', '/ambassadors', {
      token: t,
      body: { name: 'A' },
      headers: { 'accept-language': 'ar' },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].message).toMatch(/[\u0600-\u06FF]/);
  });
});

describe('the local JWT authorizer answers like the cloud one', () => {
  const unauthorized = { message: 'Unauthorized' };

  it('no token on a protected route is 401 before any handler', async () => {
    const res = await call('GET', '/ambassadors/me');
    expect(res.status).toBe(401);
    expect(res.body).toEqual(unauthorized);
  });

  it('a garbage, expired or foreign-signed token is 401', async () => {
    const expired = await token(uniqueSub(), { expiresInSeconds: -60 });
    const { privateKey } = await generateKeyPair('RS256');
    const foreign = await new SignJWT({ email: 'x@example.om' })
      .setProtectedHeader({ alg: 'RS256', kid: 'other' })
      .setSubject('intruder')
      .setIssuer('http://elsewhere')
      .setAudience('smart-city-ambassadors-local')
      .setExpirationTime('1h')
      .sign(privateKey);
    for (const t of ['not-a-jwt', expired, foreign]) {
      const res = await call('GET', '/ambassadors/me', { token: t });
      expect(res.status).toBe(401);
      expect(res.body).toEqual(unauthorized);
    }
  });

  it('public routes need no token', async () => {
    expect((await call('GET', '/regions')).status).toBe(200);
  });
});
