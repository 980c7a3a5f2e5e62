/**
 * Attacks of a hostile review of the API that worked, each kept as the test that failed before its fix.
 */
import { describe, expect, it } from 'vitest';
import { call, newAmbassador, staffToken, token, uniqueSub, validProfile } from '#support/api.ts';
import { validIdea } from '#support/fixtures.ts';

const seeb = (overrides: Record<string, unknown> = {}) =>
  validIdea({
    title: 'Shaded bus stops for Seeb',
    summary: 'Solar-powered shaded bus stops with live arrival times along the Seeb corridor.',
    tags: ['mobility'],
    missions: ['engagement'],
    teamSize: 4,
    ...overrides,
  });

describe('ids the token may hold are ids the paths accept', () => {
  // claims.ts lets a `sub` hold `@ + | =` (federated and e-mail-like subjects): such an
  // ambassador registered, but their own Location, their profile and a leader's decision on
  // their join request answered 400, so the leader could never accept or decline them.
  it.each(['@', '+', '|', '='])(
    'a sub with %s: Location, profile, filter and join decision work',
    async (ch) => {
      const sub = `${uniqueSub('fed')}${ch}x`;
      const t = await token(sub, { email: `${uniqueSub('fed')}@example.om` });
      const reg = await call('POST', '/ambassadors', { token: t, body: validProfile() });
      expect(reg.status).toBe(201);
      const location = reg.headers.get('location') ?? '';
      const got = await call('GET', location, { token: t });
      expect(got.status, JSON.stringify(got.body)).toBe(200);
      expect(got.body.id).toBe(sub);
      const path = encodeURIComponent(sub);
      expect((await call('GET', `/ambassadors/${path}`, { token: t })).status).toBe(200);
      expect((await call('GET', `/lectures?organizer=${path}`, { token: t })).status).toBe(200);

      const leader = await newAmbassador();
      const idea = await call('POST', '/ideas', {
        token: leader.token,
        body: seeb(),
      });
      const staff = await staffToken();
      const approve = { token: staff, body: { decision: 'approve' } };
      expect((await call('POST', `/staff/ideas/${idea.body.id}/decision`, approve)).status).toBe(200);
      expect(
        (await call('POST', `/ideas/${idea.body.id}/join-requests`, { token: t, body: {} })).status,
      ).toBe(201);
      const decision = await call('POST', `/ideas/${idea.body.id}/join-requests/${path}/decision`, {
        token: leader.token,
        body: { decision: 'accept' },
      });
      expect(decision.status, JSON.stringify(decision.body)).toBe(200);
    },
  );
});

describe('text that shows nothing is refused', () => {
  // Invisible characters stay allowed inside text (domain/text.ts), but text made only of them
  // (zero-width spaces, Hangul fillers, tag characters, soft hyphens) passed every length
  // rule: a blank idea in the staff queue, a blank name on the boards.
  const blanks = [
    '\u200B'.repeat(30),
    '\u115F\u1160'.repeat(15),
    '\u3164'.repeat(30),
    '\u{E0041}'.repeat(30),
    '\u00AD\u034F'.repeat(15),
  ];
  it.each(blanks.map((b) => [JSON.stringify(b.slice(0, 2)), b]))(
    'an idea title and summary of %s only: 400, nothing written',
    async (_what, blank) => {
      const author = await newAmbassador();
      for (const field of ['title', 'summary']) {
        const res = await call('POST', '/ideas', {
          token: author.token,
          body: seeb({ [field]: blank }),
        });
        expect({ field, status: res.status, code: res.body.code }).toEqual({
          field,
          status: 400,
          code: 'validation_failed',
        });
      }
      const mine = await call('GET', '/ambassadors/me/ideas', { token: author.token });
      expect(mine.body.items).toEqual([]);
    },
  );

  it.each(blanks.map((b) => [JSON.stringify(b.slice(0, 2)), b.slice(0, 10)]))(
    'a name of %s only: 400',
    async (_what, blank) => {
      const me = await newAmbassador();
      const res = await call('PATCH', '/ambassadors/me', { token: me.token, body: { name: blank } });
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'validation_failed' });
    },
  );
});

describe('after erasure, who before what', () => {
  // §10: after erasure the token gets 403 not_registered on every ambassador route. An
  // invalid body used to be judged first (400 validation_failed), telling an erased caller
  // about the route's schema instead of what they are.
  it('an erased or unregistered caller hears not_registered, whatever the body', async () => {
    const me = await newAmbassador();
    expect((await call('DELETE', '/ambassadors/me', { token: me.token })).status).toBe(204);
    const stranger = await token(uniqueSub('stranger'));
    for (const t of [me.token, stranger]) {
      for (const [method, path] of [
        ['POST', '/lectures'],
        ['POST', '/ideas'],
        ['PATCH', '/ambassadors/me'],
      ] as const) {
        const res = await call(method, path, { token: t, body: { unknown: 1 } });
        expect(res.status, `${method} ${path}`).toBe(403);
        expect(res.body.code).toBe('not_registered');
      }
    }
  });
});
