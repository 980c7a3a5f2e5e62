import { describe, expect, it } from 'vitest';
import { call, newAmbassador, token, uniqueSub, validLecture, validProfile } from '#support/api.ts';

const key = () => `key-${uniqueSub()}`;

describe('Idempotency-Key on creating POSTs', () => {
  it('replays the first response for the same key and body, and writes nothing again', async () => {
    const a = await newAmbassador();
    const k = key();
    const first = await call('POST', '/lectures', {
      token: a.token,
      body: validLecture(),
      headers: { 'idempotency-key': k },
    });
    expect(first.status).toBe(201);
    // Same body, other spacing and key order: still the same request.
    const again = await call('POST', '/lectures', {
      token: a.token,
      rawBody: JSON.stringify(Object.fromEntries(Object.entries(validLecture()).reverse()), null, 2),
      headers: { 'idempotency-key': k, 'content-type': 'application/json' },
    });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const mine = await call('GET', '/ambassadors/me/lectures', { token: a.token });
    expect(mine.body.items).toHaveLength(1);
  });

  it('the same key with another body is 422 idempotency_key_reused', async () => {
    const a = await newAmbassador();
    const k = key();
    expect(
      (
        await call('POST', '/lectures', {
          token: a.token,
          body: validLecture(),
          headers: { 'idempotency-key': k },
        })
      ).status,
    ).toBe(201);
    const other = await call('POST', '/lectures', {
      token: a.token,
      body: validLecture({ attendees: 41 }),
      headers: { 'idempotency-key': k },
    });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('idempotency_key_reused');
    expect((await call('GET', '/ambassadors/me/lectures', { token: a.token })).body.items).toHaveLength(1);
  });

  it('keys are per caller', async () => {
    const a = await newAmbassador();
    const b = await newAmbassador();
    const k = key();
    const ra = await call('POST', '/lectures', {
      token: a.token,
      body: validLecture(),
      headers: { 'idempotency-key': k },
    });
    const rb = await call('POST', '/lectures', {
      token: b.token,
      body: validLecture(),
      headers: { 'idempotency-key': k },
    });
    expect(rb.status).toBe(201);
    expect(rb.body.id).not.toBe(ra.body.id);
    expect(rb.body.organizerId).toBe(b.id);
  });

  it('retries that arrive while the first is in flight get the same answer, and one write', async () => {
    const a = await newAmbassador();
    const k = key();
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        call('POST', '/lectures', {
          token: a.token,
          body: validLecture(),
          headers: { 'idempotency-key': k },
        }),
      ),
    );
    for (const r of results) expect(r.status).toBe(201);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect((await call('GET', '/ambassadors/me/lectures', { token: a.token })).body.items).toHaveLength(1);
  });

  it('a retried registration answers 201 again instead of 409', async () => {
    const t = await token(uniqueSub());
    const k = key();
    const first = await call('POST', '/ambassadors', {
      token: t,
      body: validProfile(),
      headers: { 'idempotency-key': k },
    });
    const retry = await call('POST', '/ambassadors', {
      token: t,
      body: validProfile(),
      headers: { 'idempotency-key': k },
    });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    const noKey = await call('POST', '/ambassadors', { token: t, body: validProfile() });
    expect(noKey.body.code).toBe('already_registered');
  });

  it('a failed request does not hold the key', async () => {
    const t = await token(uniqueSub());
    const k = key();
    const bad = await call('POST', '/ambassadors', {
      token: t,
      body: validProfile({ wilayat: 'salalah' }),
      headers: { 'idempotency-key': k },
    });
    expect(bad.status).toBe(400);
    const fixed = await call('POST', '/ambassadors', {
      token: t,
      body: validProfile(),
      headers: { 'idempotency-key': k },
    });
    expect(fixed.status).toBe(201);
  });

  it('rejects a malformed key', async () => {
    const a = await newAmbassador();
    for (const k of ['x'.repeat(129), 'has space', 'tab\there']) {
      const res = await call('POST', '/lectures', {
        token: a.token,
        body: validLecture(),
        headers: { 'idempotency-key': k },
      });
      expect(res.status, k).toBe(400);
      expect(res.body.errors[0].path).toBe('Idempotency-Key');
    }
  });

  it('erasure forgets stored answers: the same key registers anew, with no erased data replayed', async () => {
    const t = await token(uniqueSub());
    const k = key();
    expect(
      (
        await call('POST', '/ambassadors', {
          token: t,
          body: validProfile(),
          headers: { 'idempotency-key': k },
        })
      ).status,
    ).toBe(201);
    expect((await call('DELETE', '/ambassadors/me', { token: t })).status).toBe(204);
    const again = await call('POST', '/ambassadors', {
      token: t,
      body: validProfile(),
      headers: { 'idempotency-key': k },
    });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    expect((await call('GET', '/ambassadors/me', { token: t })).status).toBe(200);
  });
});
