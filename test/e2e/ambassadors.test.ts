import { describe, expect, it } from 'vitest';
import { call, newAmbassador, token, uniqueSub, uniqueWord, validProfile } from '#support/api.ts';

const capacity = (h: Headers) => {
  const m = /read=([\d.]+);write=([\d.]+);calls=(\d+)/.exec(h.get('x-consumed-capacity') ?? '');
  if (!m) throw new Error('no x-consumed-capacity header');
  return { read: Number(m[1]), write: Number(m[2]), calls: Number(m[3]) };
};

describe('registration', () => {
  it('registers the caller with id = sub and email from the token', async () => {
    const sub = uniqueSub();
    const t = await token(sub, { email: `${sub}@Example.om` });
    const res = await call('POST', '/ambassadors', {
      token: t,
      body: validProfile({ email: 'spoof@example.om' }),
    });
    // email comes from the token, never the body
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['email']);

    const ok = await call('POST', '/ambassadors', { token: t, body: validProfile() });
    expect(ok.status).toBe(201);
    expect(ok.headers.get('location')).toBe(`/ambassadors/${sub}`);
    expect(ok.headers.get('etag')).toBe('"1"');
    expect(ok.body).toMatchObject({
      id: sub,
      email: `${sub}@Example.om`,
      country: 'OM',
      governorate: 'OM-MA',
      wilayat: 'bawshar',
      city: 'bawshar',
      version: 1,
      stats: { verifiedLectures: 0, attendeesReached: 0, ideas: 0, teams: 0 },
    });
  });

  it('a second registration is 409 already_registered', async () => {
    const a = await newAmbassador();
    const res = await call('POST', '/ambassadors', { token: a.token, body: validProfile() });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('already_registered');
  });

  it('another sub with the same email (any case) is 409 email_taken', async () => {
    const sub = uniqueSub();
    await call('POST', '/ambassadors', {
      token: await token(sub, { email: `${sub}@example.om` }),
      body: validProfile(),
    });
    const other = await token(uniqueSub(), { email: `${sub.toUpperCase()}@EXAMPLE.OM` });
    const res = await call('POST', '/ambassadors', { token: other, body: validProfile() });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('email_taken');
  });

  it('of 10 concurrent registrations with one email, exactly one wins', async () => {
    const email = `${uniqueSub('shared')}@example.om`;
    const tokens = await Promise.all(Array.from({ length: 10 }, () => token(uniqueSub(), { email })));
    const results = await Promise.all(
      tokens.map((t) => call('POST', '/ambassadors', { token: t, body: validProfile() })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    // Losers see email_taken, or 503 when DynamoDB reports a transaction conflict instead.
    for (const r of results.filter((r) => r.status !== 201))
      expect(['email_taken', 'unavailable']).toContain(r.body.code);
  });

  it('enforces the region rules', async () => {
    const t = await token(uniqueSub());
    const mismatch = await call('POST', '/ambassadors', {
      token: t,
      body: validProfile({ governorate: 'OM-ZU', wilayat: 'bawshar' }),
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.errors).toEqual([{ path: 'wilayat', message: expect.any(String) }]);

    const missing = await call('POST', '/ambassadors', { token: t, body: { name: 'Salim' } });
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'governorate',
      'wilayat',
    ]);

    const abroadWithRegion = await call('POST', '/ambassadors', {
      token: t,
      body: { name: 'Salim', country: 'GB', governorate: 'OM-MA' },
    });
    expect(abroadWithRegion.status).toBe(400);

    const abroad = await call('POST', '/ambassadors', {
      token: t,
      body: { name: 'Salim Al-Rawahi', country: 'GB' },
    });
    expect(abroad.status).toBe(201);
    expect(abroad.body.country).toBe('GB');
    expect(abroad.body.governorate).toBeUndefined();
  });

  it('keeps Arabic text exactly as sent', async () => {
    const name = 'أَحْمَد بن سَعيد الـبلوشي';
    const a = await newAmbassador({ name, bio: 'مهندس في مسقط 🌴' });
    const me = await call('GET', '/ambassadors/me', { token: a.token });
    expect(me.body.name).toBe(name);
    expect(me.body.bio).toBe('مهندس في مسقط 🌴');
  });
});

describe('me', () => {
  it('a signed-in member who has not registered gets 403 not_registered', async () => {
    const t = await token(uniqueSub(), { groups: ['staff'] });
    for (const [method, path] of [
      ['GET', '/ambassadors/me'],
      ['PATCH', '/ambassadors/me'],
      ['DELETE', '/ambassadors/me'],
      ['GET', '/ambassadors/me/export'],
    ] as const) {
      const res = await call(method, path, {
        token: t,
        ...(method === 'PATCH' ? { body: { bio: 'x' } } : {}),
      });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.code).toBe('not_registered');
    }
  });

  it('GET me returns the full profile with an ETag', async () => {
    const a = await newAmbassador();
    const res = await call('GET', '/ambassadors/me', { token: a.token });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"1"');
    expect(res.body).toMatchObject({
      id: a.id,
      email: `${a.id}@example.om`,
      phone: '+96891234567',
      version: 1,
    });
  });

  it('PATCH with a stale If-Match is 412 and changes nothing', async () => {
    const a = await newAmbassador();
    const first = await call('PATCH', '/ambassadors/me', {
      token: a.token,
      body: { bio: 'v2' },
      headers: { 'if-match': '"1"' },
    });
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).toBe('"2"');
    const stale = await call('PATCH', '/ambassadors/me', {
      token: a.token,
      body: { bio: 'stale' },
      headers: { 'if-match': '"1"' },
    });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('version_mismatch');
    const me = await call('GET', '/ambassadors/me', { token: a.token });
    expect(me.body).toMatchObject({ bio: 'v2', version: 2 });
  });

  it('PATCH moves the region, keeps the rules, and null clears a field', async () => {
    const a = await newAmbassador();
    const bad = await call('PATCH', '/ambassadors/me', { token: a.token, body: { wilayat: 'salalah' } });
    expect(bad.status).toBe(400);
    const moved = await call('PATCH', '/ambassadors/me', {
      token: a.token,
      body: { governorate: 'OM-ZU', wilayat: 'salalah', phone: null },
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      governorate: 'OM-ZU',
      wilayat: 'salalah',
      city: 'salalah',
      version: 2,
    });
    expect(moved.body.phone).toBeUndefined();
    const abroad = await call('PATCH', '/ambassadors/me', { token: a.token, body: { country: 'DE' } });
    expect(abroad.status).toBe(200);
    expect(abroad.body).toMatchObject({ country: 'DE' });
    expect(abroad.body.governorate).toBeUndefined();
  });

  it('export holds every stored field', async () => {
    const a = await newAmbassador();
    const res = await call('GET', '/ambassadors/me/export', { token: a.token });
    expect(res.status).toBe(200);
    expect(res.body.profile).toMatchObject({
      id: a.id,
      email: `${a.id}@example.om`,
      phone: '+96891234567',
      bio: 'Engineer in Muscat.',
    });
  });
});

describe('public profiles', () => {
  it('another ambassador sees no email or phone; staff and self do', async () => {
    const a = await newAmbassador();
    const b = await newAmbassador();
    const seenByB = await call('GET', `/ambassadors/${a.id}`, { token: b.token });
    expect(seenByB.status).toBe(200);
    expect(seenByB.body).toMatchObject({
      id: a.id,
      name: 'Aisha Al-Harthy',
      stats: expect.any(Object),
      joinedAt: expect.any(String),
    });
    expect(seenByB.body).not.toHaveProperty('email');
    expect(seenByB.body).not.toHaveProperty('phone');
    expect(JSON.stringify(seenByB.body)).not.toContain('+968');

    const staff = await token(uniqueSub('staff'), { groups: ['staff'] });
    const seenByStaff = await call('GET', `/ambassadors/${a.id}`, { token: staff });
    expect(seenByStaff.body).toMatchObject({ email: `${a.id}@example.om`, phone: '+96891234567' });

    const self = await call('GET', `/ambassadors/${a.id}`, { token: a.token });
    expect(self.body.email).toBe(`${a.id}@example.om`);
  });

  it("B's PATCH and DELETE touch only B; A's private fields never reach B", async () => {
    const a = await newAmbassador();
    const b = await newAmbassador();
    await call('PATCH', '/ambassadors/me', { token: b.token, body: { bio: 'B was here', name: 'Mallory' } });
    const aNow = await call('GET', '/ambassadors/me', { token: a.token });
    expect(aNow.body).toMatchObject({ name: 'Aisha Al-Harthy', bio: 'Engineer in Muscat.', version: 1 });
    // B cannot address A's profile for change: there is no such route.
    const patchA = await call('PATCH', `/ambassadors/${a.id}`, { token: b.token, body: { bio: 'x' } });
    expect(patchA.status).toBe(404);
    const exportA = await call('GET', `/ambassadors/${a.id}/export`, { token: b.token });
    expect(exportA.status).toBe(404);
    const dir = await call('GET', `/ambassadors?q=Aisha&limit=100`, { token: b.token });
    expect(JSON.stringify(dir.body)).not.toContain(`${a.id}@example.om`);
    expect(JSON.stringify(dir.body)).not.toContain('+968');
  });

  it('an unknown id is 404, and so is an erased ambassador', async () => {
    const a = await newAmbassador();
    expect((await call('GET', '/ambassadors/does-not-exist', { token: a.token })).status).toBe(404);
    const b = await newAmbassador();
    expect((await call('DELETE', '/ambassadors/me', { token: b.token })).status).toBe(204);
    const res = await call('GET', `/ambassadors/${b.id}`, { token: a.token });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('not_found');
  });

  it('reading a profile costs one item read', async () => {
    const a = await newAmbassador();
    const res = await call('GET', `/ambassadors/${a.id}`, { token: a.token });
    expect(capacity(res.headers)).toEqual({ read: 0.5, write: 0, calls: 1 });
  });
});

describe('erasure (DELETE /ambassadors/me)', () => {
  it('erases personal data, frees the email and leaves the directory', async () => {
    const word = uniqueWord();
    const sub = uniqueSub();
    const email = `${sub}@example.om`;
    const t = await token(sub, { email });
    expect(
      (await call('POST', '/ambassadors', { token: t, body: validProfile({ name: `Huda ${word}` }) })).status,
    ).toBe(201);
    expect((await call('GET', `/ambassadors?q=${word}`, { token: t })).body.items).toHaveLength(1);

    expect((await call('DELETE', '/ambassadors/me', { token: t })).status).toBe(204);
    expect((await call('GET', '/ambassadors/me', { token: t })).body.code).toBe('not_registered');
    expect((await call('GET', `/ambassadors?q=${word}`, { token: t })).body.items).toHaveLength(0);

    const other = await token(uniqueSub(), { email });
    expect((await call('POST', '/ambassadors', { token: other, body: validProfile() })).status).toBe(201);
  });
});

describe('directory', () => {
  it('finds an Arabic name by q without hamza or diacritics, and by governorate', async () => {
    const word = uniqueWord();
    const a = await newAmbassador({ name: `أَحْمَد ${word}`, governorate: 'OM-ZU', wilayat: 'taqah' });
    const byQ = await call('GET', `/ambassadors?q=${encodeURIComponent(`احمد ${word.slice(0, 5)}`)}`, {
      token: a.token,
    });
    expect(byQ.status).toBe(200);
    expect(byQ.body.items.map((p: { id: string }) => p.id)).toEqual([a.id]);
    const byPrefix = await call('GET', `/ambassadors?q=${word.slice(0, 4).toLowerCase()}`, {
      token: a.token,
    });
    expect(byPrefix.body.items.map((p: { id: string }) => p.id)).toContain(a.id);

    const byGov = await call('GET', '/ambassadors?governorate=OM-ZU&limit=100', { token: a.token });
    expect(byGov.body.items.map((p: { id: string }) => p.id)).toContain(a.id);
    for (const p of byGov.body.items) expect(p.governorate).toBe('OM-ZU');
    const byWilayatAndInterest = await call('GET', '/ambassadors?wilayat=taqah&interest=energy&limit=100', {
      token: a.token,
    });
    expect(byWilayatAndInterest.body.items.map((p: { id: string }) => p.id)).toContain(a.id);
  });

  it('is sorted by name and pages with opaque cursors', async () => {
    const word = uniqueWord();
    const names = ['Zaid', 'Badr', 'Maryam', 'ahmed', 'Laila'].map((n) => `${n} ${word}`);
    const created = [];
    for (const name of names) created.push(await newAmbassador({ name }));
    const t = created[0]?.token;
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: any = await call(
        'GET',
        `/ambassadors?q=${word}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { token: t },
      );
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((p: { name: string }) => p.name));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual(['ahmed', 'Badr', 'Laila', 'Maryam', 'Zaid'].map((n) => `${n} ${word}`));
  });

  it('an altered cursor, or one from another query, is 400 invalid_cursor', async () => {
    const word = uniqueWord();
    const a = await newAmbassador({ name: `Nasser ${word}` });
    await newAmbassador({ name: `Noor ${word}` });
    const first = await call('GET', `/ambassadors?q=${word}&limit=1`, { token: a.token });
    const cursor: string = first.body.nextCursor;
    expect(cursor).toEqual(expect.any(String));
    const flipped = `${cursor.slice(0, 3)}${cursor[3] === 'A' ? 'B' : 'A'}${cursor.slice(4)}`;
    for (const bad of [flipped, 'garbage', `${cursor}x`]) {
      const res = await call('GET', `/ambassadors?q=${word}&limit=1&cursor=${encodeURIComponent(bad)}`, {
        token: a.token,
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('invalid_cursor');
    }
    const other = await call('GET', `/ambassadors?governorate=OM-MA&cursor=${encodeURIComponent(cursor)}`, {
      token: a.token,
    });
    expect(other.status).toBe(400);
    expect(other.body.code).toBe('invalid_cursor');
  });

  it('rejects unknown filters and bad limits', async () => {
    const t = await token(uniqueSub());
    for (const qs of ['role=admin', 'limit=0', 'limit=101', 'limit=abc', 'interest=cooking', 'q=a']) {
      const res = await call('GET', `/ambassadors?${qs}`, { token: t });
      expect(res.status, qs).toBe(400);
      expect(res.body.code).toBe('validation_failed');
    }
  });

  it('a page of 20 without filters costs one query', async () => {
    const t = await token(uniqueSub());
    const res = await call('GET', '/ambassadors?limit=20', { token: t });
    expect(res.status).toBe(200);
    expect(capacity(res.headers).calls).toBe(1);
  });
});
