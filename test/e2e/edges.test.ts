/**
 * Edges of the integrity rules (docs/api-contract.md §10) through HTTP: group names match
 * exactly ("Groups"), a token `sub` that could cross a key boundary or reach a header is
 * refused before anything is written, `If-Match: *`, and unknown query parameters on routes
 * that take none.
 */
import { connect } from 'node:net';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { routes } from '#http/routes/index.ts';
import { db, TABLE } from '#store/client.ts';
import { emailGuardEntity, profileEntity } from '#store/entities/ambassadors.ts';
import { baseUrl, call, newAmbassador, token, uniqueSub, validProfile } from '#support/api.ts';
import { validIdea } from '#support/fixtures.ts';

describe('cognito:groups names match exactly', () => {
  it.each([[['editors,staff']], [['"staff"']], [['staff,']], [['[editors', 'staff]']]])(
    'a token in groups %j is no staff member',
    async (groups) => {
      const t = await token(uniqueSub('grp'), { groups });
      const res = await call('GET', '/staff/lectures', { token: t });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('forbidden');
    },
  );

  it('a token in groups ["editors", "staff"] is', async () => {
    const t = await token(uniqueSub('grp'), { groups: ['editors', 'staff'] });
    expect((await call('GET', '/staff/lectures', { token: t })).status).toBe(200);
  });
});

describe('a token sub must be 1-128 of [A-Za-z0-9._:@|+=-]', () => {
  it.each([
    ['#', (s: string) => `${s}#PROFILE`],
    ['Arabic', (s: string) => `${s}-أحمد`],
    ['emoji', (s: string) => `${s}-😀`],
    ['control characters', (s: string) => `${s}\u0001\u007f`],
    ['a newline', (s: string) => `${s}\nx`],
  ])('a sub with %s is 401 unauthorized and registers nothing', async (_what, make) => {
    const sub = make(uniqueSub('sub'));
    const email = `${uniqueSub('mail')}@example.om`;
    const t = await token(sub, { email });
    const res = await call('POST', '/ambassadors', { token: t, body: validProfile() });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('unauthorized');
    expect(res.headers.get('location')).toBeNull();
    for (const key of [profileEntity.key(sub), emailGuardEntity.key(email)])
      expect((await db.send(new GetCommand({ TableName: TABLE, Key: key, ConsistentRead: true }))).Item).toBe(
        undefined,
      );
    // Every other role refuses it too.
    expect((await call('GET', '/ambassadors/me', { token: t })).status).toBe(401);
  });
});

describe('If-Match: * matches any current version (RFC 9110)', () => {
  it('PATCH /ambassadors/me', async () => {
    const a = await newAmbassador();
    await call('PATCH', '/ambassadors/me', { token: a.token, body: { bio: 'one' } });
    const res = await call('PATCH', '/ambassadors/me', {
      token: a.token,
      headers: { 'if-match': '*' },
      body: { bio: 'two' },
    });
    expect(res.status).toBe(200);
    expect(res.body.bio).toBe('two');
    expect(res.headers.get('etag')).toBe(`"${res.body.version}"`);
  });

  it('a list of versions matches when one of them is current (RFC 9110 §13.1.1)', async () => {
    const a = await newAmbassador();
    const v = (await call('GET', '/ambassadors/me', { token: a.token })).body.version as number;
    const listed = await call('PATCH', '/ambassadors/me', {
      token: a.token,
      headers: { 'if-match': `"${v + 5}", "${v}"` },
      body: { bio: 'listed' },
    });
    expect(listed.status).toBe(200);
    const stale = await call('PATCH', '/ambassadors/me', {
      token: a.token,
      headers: { 'if-match': `"${v}", "${v + 5}"` },
      body: { bio: 'stale' },
    });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('version_mismatch');
  });

  it('PATCH /ideas/{id}', async () => {
    const a = await newAmbassador();
    const created = await call('POST', '/ideas', {
      token: a.token,
      body: validIdea(),
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    await call('PATCH', `/ideas/${id}`, { token: a.token, body: { problem: 'Heat.' } });
    const res = await call('PATCH', `/ideas/${id}`, {
      token: a.token,
      headers: { 'if-match': '*' },
      body: { problem: 'Heat at noon.' },
    });
    expect(res.status).toBe(200);
    expect(res.body.problem).toBe('Heat at noon.');
    // A stale version is still refused.
    const stale = await call('PATCH', `/ideas/${id}`, {
      token: a.token,
      headers: { 'if-match': '"1"' },
      body: { problem: 'x' },
    });
    expect(stale.status).toBe(412);
  });
});

describe('unknown query parameters are 400 validation_failed on every route', () => {
  // GET routes without parameters in the path: each can be called as is.
  const simple = routes.filter((r) => r.method === 'GET' && !r.path.includes('{') && r.path !== '$default');
  it.each(simple.map((r) => [r.path, r.role] as const))('GET %s?bogus=1', async (path, role) => {
    const t = role === 'public' ? undefined : await token(uniqueSub('q'), { groups: ['staff'] });
    const res = await call('GET', `${path}?bogus=1`, { token: t });
    // Ambassador routes may refuse the unregistered caller first; never 200.
    expect(res.status).not.toBe(200);
    if (role !== 'ambassador') {
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('validation_failed');
      // The unknown one, and only the required ones the call leaves out besides (the
      // unsubscribe page's token).
      expect(res.body.errors).toEqual(
        path === '/unsubscribe'
          ? [
              { path: 'query.token', message: expect.any(String) },
              { path: 'query.bogus', message: expect.any(String) },
            ]
          : [{ path: 'query.bogus', message: expect.any(String) }],
      );
    }
  });

  it('GET /ambassadors/me?bogus=1 for an ambassador', async () => {
    const a = await newAmbassador();
    const res = await call('GET', '/ambassadors/me?bogus=1', { token: a.token });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('query.bogus');
  });
});

describe('the local gateway reads what API Gateway reads', () => {
  /** Bytes as sent, on a connection of their own; the whole answer as text. */
  const rawRequest = (bytes: Buffer) =>
    new Promise<string>((ok, fail) => {
      const { hostname, port } = new URL(baseUrl());
      const socket = connect(Number(port), hostname.replace(/^\[|\]$/g, ''), () => socket.end(bytes));
      const chunks: Buffer[] = [];
      socket.on('data', (c: Buffer) => chunks.push(c));
      socket.on('end', () => ok(Buffer.concat(chunks).toString('utf8')));
      socket.on('error', fail);
    });

  it('raw UTF-8 in the request line is accepted (API Gateway accepts it)', async () => {
    const answer = await rawRequest(
      Buffer.from('GET /health?x=احمد HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n'),
    );
    // Reaches the kit, which refuses the unknown parameter in problem+json.
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toMatch(/content-type: application\/problem\+json/i);
    expect(answer).toContain('"path":"query.x"');
  });

  it('a request Node cannot parse is answered in problem+json, not an empty 400', async () => {
    const answer = await rawRequest(Buffer.from('GET /health\u0001 HTTP/1.1\r\nhost: x\r\n\r\n'));
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toMatch(/content-type: application\/problem\+json/i);
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
    expect(body).toMatchObject({ status: 400, code: 'validation_failed' });
  });

  it('a request line too large for Node (3,000 parameters) is a 431 in problem+json', async () => {
    const query = Array.from({ length: 3000 }, (_, i) => `p${i}=1`).join('&');
    const answer = await rawRequest(Buffer.from(`GET /regions?${query} HTTP/1.1\r\nhost: x\r\n\r\n`));
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(answer).toMatch(/content-type: application\/problem\+json/i);
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
    expect(body).toMatchObject({ status: 431, code: 'validation_failed' });
  });
});
