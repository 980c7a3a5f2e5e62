/**
 * Identity through HTTP (docs/identity.md): ID tokens only, the staff role only from the
 * internal tool's client, and the erasure reaching the (local) user pool: an erased user gets
 * no token, and a retry after a Cognito failure finishes the erasure.
 */
import { describe, expect, it } from 'vitest';
import { call, newAmbassador, token, uniqueSub } from '#support/api.ts';

const mint = (body: Record<string, unknown>) =>
  call<{ token?: string; code?: string }>('POST', '/_local/token', { body });

describe('tokens', () => {
  it('refuses an access token with 401 unauthorized, member or staff client alike', async () => {
    const sub = uniqueSub('acc');
    const access = (await mint({ sub, tokenUse: 'access' })).body.token;
    const res = await call('GET', '/ambassadors/me', { token: access });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe('unauthorized');

    const staffAccess = (await mint({ sub, groups: ['staff'], client: 'staff', tokenUse: 'access' })).body
      .token;
    const staffRes = await call('GET', '/staff/ideas', { token: staffAccess });
    expect(staffRes.status).toBe(401);
    expect(staffRes.body.code).toBe('unauthorized');

    // The ID token of the same user is taken.
    const id = await token(sub);
    expect((await call('GET', '/ambassadors/me', { token: id })).body.code).toBe('not_registered');
  });

  it('grants the staff role only to tokens of the internal tool', async () => {
    const sub = uniqueSub('stf');
    const fromApp = (await mint({ sub, groups: ['staff'], client: 'member' })).body.token;
    const refused = await call('GET', '/staff/ideas', { token: fromApp });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('forbidden');

    const fromTool = (await mint({ sub, groups: ['staff'], client: 'staff' })).body.token;
    expect((await call('GET', '/staff/ideas', { token: fromTool })).status).toBe(200);
  });
});

describe('erasure reaches the user pool', () => {
  it('leaves the erased user unable to get a token', async () => {
    const me = await newAmbassador();
    expect((await mint({ sub: me.id })).status).toBe(200);
    expect((await call('DELETE', '/ambassadors/me', { token: me.token })).status).toBe(204);
    const refused = await mint({ sub: me.id });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('NotAuthorizedException');
    // Done: a second erasure is a caller who is not registered, as before.
    expect((await call('DELETE', '/ambassadors/me', { token: me.token })).body.code).toBe('not_registered');
  });

  it('answers 503 when Cognito fails, with the data already erased, and a retry finishes the job', async () => {
    const me = await newAmbassador();
    const outage = await call('POST', '/_local/cognito/outage', { body: { sub: me.id, failures: 100 } });
    expect(outage.status).toBe(200);

    const first = await call('DELETE', '/ambassadors/me', { token: me.token });
    expect(first.status).toBe(503);
    expect(first.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(first.body.code).toBe('unavailable');
    // The data went first: the profile is gone; the sign-in account is still there.
    expect((await call('GET', '/ambassadors/me', { token: me.token })).body.code).toBe('not_registered');
    expect((await call('GET', `/ambassadors/${me.id}`, { token: me.token })).status).toBe(404);
    expect((await mint({ sub: me.id })).status).toBe(200);

    await call('POST', '/_local/cognito/outage', { body: { sub: me.id, failures: 0 } });
    expect((await call('DELETE', '/ambassadors/me', { token: me.token })).status).toBe(204);
    expect((await mint({ sub: me.id })).body.code).toBe('NotAuthorizedException');
    expect((await call('DELETE', '/ambassadors/me', { token: me.token })).body.code).toBe('not_registered');
  });
});
