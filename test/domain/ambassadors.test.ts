/**
 * Ambassadors (docs/api-contract.md §4): the registration schema, the region rules, PATCH,
 * what each viewer may see, and directory name search.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Ambassador,
  applyRegionRules,
  directoryQuerySchema,
  emptyStats,
  nameMatches,
  nameWords,
  type ProfileFields,
  patchProfile,
  profileFor,
  profilePatchSchema,
  registrationSchema,
} from '#domain/ambassadors.ts';
import { countryCodes } from '#domain/countries.ts';
import { DomainError, isDomainError } from '#domain/errors.ts';
import { interestIds } from '#domain/interests.ts';
import { governorateIds, governorateOf, governorates, wilayatIds } from '#domain/regions.ts';
import { statusOf } from '#http/problem.ts';

// ---------------------------------------------------------------------------------------
// helpers

type SafeParse = {
  success: boolean;
  error?: { issues: { path: PropertyKey[]; code: string }[] } | undefined;
};

/** The dotted paths of the issues of a failed parse ('' for the root). */
const issuePaths = (r: SafeParse): string[] =>
  (r.error?.issues ?? []).map((i) => i.path.map(String).join('.'));

const expectValid = (r: SafeParse) => {
  expect(r.error?.issues ?? [], 'expected the input to be accepted').toEqual([]);
  expect(r.success).toBe(true);
};

/** Fails unless the parse failed with an issue at `path` or inside it (`path.0`, …). */
const expectInvalidAt = (r: SafeParse, path: string) => {
  expect(r.success).toBe(false);
  const paths = issuePaths(r);
  expect(
    paths.some((p) => p === path || p.startsWith(`${path}.`)),
    `expected an issue at ${path}, got ${JSON.stringify(paths)}`,
  ).toBe(true);
};

/** Runs `fn`, which must throw a validation DomainError, and returns the error. */
const regionError = (fn: () => unknown): DomainError => {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, 'expected a DomainError to be thrown').toBeInstanceOf(DomainError);
  const err = caught as DomainError;
  expect(isDomainError(err)).toBe(true);
  expect(err.code).toBe('validation_failed');
  expect(statusOf(err.code)).toBe(400);
  expect(Array.isArray(err.fieldErrors)).toBe(true);
  for (const fe of err.fieldErrors ?? []) {
    expect(typeof fe.path).toBe('string');
    expect(typeof fe.message).toBe('string');
    expect(fe.message.length).toBeGreaterThan(0);
  }
  return err;
};
const errorPaths = (e: DomainError): string[] => (e.fieldErrors ?? []).map((f) => f.path).sort();

const pairs = governorates.flatMap((g) => g.wilayats.map((w) => ({ governorate: g.id, wilayat: w.id })));

const str = (n: number, ch = 'a') => ch.repeat(n);

// ---------------------------------------------------------------------------------------

describe('reference data the rules rely on', () => {
  it('has the 11 governorates and 61 wilayats of the contract, with unique ids', () => {
    expect(governorates).toHaveLength(11);
    expect(new Set(governorateIds).size).toBe(11);
    expect(wilayatIds).toHaveLength(61);
    expect(pairs).toHaveLength(61);
    for (const g of governorates) {
      expect(g.id).toMatch(/^OM-[A-Z]{2}$/);
      expect(g.ar.length).toBeGreaterThan(0);
      expect(g.en.length).toBeGreaterThan(0);
      for (const w of g.wilayats) expect(governorateOf(w.id)).toBe(g.id);
    }
  });

  it('has the 15 interests of the taxonomy', () => {
    expect([...interestIds].sort()).toEqual(
      [
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
      ].sort(),
    );
  });

  it('knows the 249 officially assigned ISO 3166-1 alpha-2 codes', () => {
    expect(countryCodes.size).toBe(249);
    for (const c of [
      'OM',
      'AE',
      'SA',
      'QA',
      'KW',
      'BH',
      'YE',
      'IN',
      'PK',
      'GB',
      'US',
      'DE',
      'EG',
      'SS',
      'AX',
    ])
      expect(countryCodes.has(c), c).toBe(true);
    for (const c of ['UK', 'XK', 'EU', 'ZZ', 'AN', 'om']) expect(countryCodes.has(c), c).toBe(false);
  });
});

describe('registrationSchema', () => {
  const full = {
    name: 'أحمد البلوشي',
    country: 'OM',
    governorate: 'OM-MA',
    wilayat: 'muscat',
    city: 'muttrah',
    interests: ['mobility', 'data-ai'],
    expertise: ['GIS', 'إنترنت الأشياء'],
    bio: 'مهندس بيانات — data engineer',
    phone: '+96891234567',
    languages: ['ar', 'en'],
  };

  it('accepts a name alone, and a full body', () => {
    expectValid(registrationSchema.safeParse({ name: 'Ahmed' }));
    const r = registrationSchema.safeParse(full);
    expectValid(r);
    expect(r.data).toEqual(full);
  });

  it('rejects unknown fields, including email (it comes from the token)', () => {
    for (const extra of [{ email: 'a@example.om' }, { id: 'u1' }, { stats: {} }, { Name: 'x' }]) {
      const r = registrationSchema.safeParse({ name: 'Ahmed', ...extra });
      expect(r.success, JSON.stringify(extra)).toBe(false);
      expect(r.error?.issues.map((i) => i.code)).toContain('unrecognized_keys');
    }
  });

  it('rejects any unknown field name (property)', () => {
    const known = new Set(Object.keys(full));
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !known.has(k) && k !== '__proto__'),
        fc.jsonValue(),
        (key, value) => {
          expect(registrationSchema.safeParse({ name: 'Ahmed', [key]: value }).success).toBe(false);
        },
      ),
    );
  });

  describe('name', () => {
    it('requires a name', () => {
      expectInvalidAt(registrationSchema.safeParse({}), 'name');
      expectInvalidAt(registrationSchema.safeParse({ name: 42 }), 'name');
    });

    it('is 2–100 characters after trimming', () => {
      expectValid(registrationSchema.safeParse({ name: 'ab' }));
      expectValid(registrationSchema.safeParse({ name: str(100) }));
      expectValid(registrationSchema.safeParse({ name: str(100, 'س') }));
      expectInvalidAt(registrationSchema.safeParse({ name: 'a' }), 'name');
      expectInvalidAt(registrationSchema.safeParse({ name: str(101) }), 'name');
      expectInvalidAt(registrationSchema.safeParse({ name: '   a   ' }), 'name');
      expectInvalidAt(registrationSchema.safeParse({ name: '      ' }), 'name');
      const r = registrationSchema.safeParse({ name: `   ${str(100)}   ` });
      expectValid(r);
      expect(r.data?.name).toBe(str(100));
    });

    it('is stored trimmed, Arabic intact; a control, line break or bidi override inside is refused', () => {
      expect(registrationSchema.safeParse({ name: '  أحمد البلوشي \n' }).data?.name).toBe('أحمد البلوشي');
      expect(registrationSchema.safeParse({ name: '\u200Fأَحْمَد\u200E' }).data?.name).toBe('\u200Fأَحْمَد\u200E');
      expectInvalidAt(registrationSchema.safeParse({ name: '\u202Eأحمد\u0000' }), 'name');
      expectInvalidAt(registrationSchema.safeParse({ name: 'a\u0000\u0001' }), 'name');
      expectInvalidAt(registrationSchema.safeParse({ name: 'Ahmed\nAli' }), 'name');
      expectInvalidAt(registrationSchema.safeParse({ name: 'Ahmed\u2028Ali' }), 'name');
      expectInvalidAt(
        registrationSchema.safeParse({ name: 'Ahmed', expertise: ['urban\nplanning'] }),
        'expertise.0',
      );
    });

    it('bio may hold line breaks, but no other control', () => {
      expect(registrationSchema.safeParse({ name: 'Ahmed', bio: 'line 1\r\nline 2' }).data?.bio).toBe(
        'line 1\nline 2',
      );
      expectInvalidAt(registrationSchema.safeParse({ name: 'Ahmed', bio: 'a\tb' }), 'bio');
      expectInvalidAt(registrationSchema.safeParse({ name: 'Ahmed', bio: 'a\u202Eb' }), 'bio');
    });

    it('accepts exactly the names whose trimmed length is 2–100 (property)', () => {
      fc.assert(
        fc.property(fc.nat({ max: 3 }), fc.integer({ min: 0, max: 110 }), fc.nat({ max: 3 }), (l, n, r) => {
          const res = registrationSchema.safeParse({
            name: `${' '.repeat(l)}${str(n, 'ع')}${'\t'.repeat(r)}`,
          });
          expect(res.success).toBe(n >= 2 && n <= 100);
        }),
      );
    });
  });

  describe('interests', () => {
    it('accepts taxonomy ids only', () => {
      expectValid(registrationSchema.safeParse({ name: 'Ahmed', interests: [] }));
      expectValid(registrationSchema.safeParse({ name: 'Ahmed', interests: ['iot', 'water'] }));
      expectInvalidAt(
        registrationSchema.safeParse({ name: 'Ahmed', interests: ['iot', 'ai'] }),
        'interests.1',
      );
      expectInvalidAt(registrationSchema.safeParse({ name: 'Ahmed', interests: ['IOT'] }), 'interests.0');
      expectInvalidAt(registrationSchema.safeParse({ name: 'Ahmed', interests: 'iot' }), 'interests');
    });

    it('allows at most 10, all distinct', () => {
      expectValid(registrationSchema.safeParse({ name: 'Ahmed', interests: interestIds.slice(0, 10) }));
      expectInvalidAt(
        registrationSchema.safeParse({ name: 'Ahmed', interests: interestIds.slice(0, 11) }),
        'interests',
      );
      expectInvalidAt(
        registrationSchema.safeParse({ name: 'Ahmed', interests: ['iot', 'water', 'iot'] }),
        'interests',
      );
    });

    it('accepts any ≤10 distinct taxonomy ids and rejects more (property)', () => {
      fc.assert(
        fc.property(fc.shuffledSubarray([...interestIds]), (ids) => {
          expect(registrationSchema.safeParse({ name: 'Ahmed', interests: ids }).success).toBe(
            ids.length <= 10,
          );
        }),
      );
    });
  });

  describe('expertise', () => {
    it('accepts 0–10 distinct tags of 2–40 characters', () => {
      expectValid(registrationSchema.safeParse({ name: 'Ahmed', expertise: [] }));
      expectValid(
        registrationSchema.safeParse({ name: 'Ahmed', expertise: ['AI', str(40), 'نظم المعلومات'] }),
      );
      const ten = Array.from({ length: 10 }, (_, i) => `tag${i}`);
      expectValid(registrationSchema.safeParse({ name: 'Ahmed', expertise: ten }));
      expectInvalidAt(
        registrationSchema.safeParse({ name: 'Ahmed', expertise: [...ten, 'tag10'] }),
        'expertise',
      );
      expectInvalidAt(registrationSchema.safeParse({ name: 'Ahmed', expertise: ['AI', 'x'] }), 'expertise.1');
      expectInvalidAt(registrationSchema.safeParse({ name: 'Ahmed', expertise: [str(41)] }), 'expertise.0');
      expectInvalidAt(
        registrationSchema.safeParse({ name: 'Ahmed', expertise: ['GIS', 'GIS'] }),
        'expertise',
      );
    });

    it('trims tags before checking their length and distinctness', () => {
      const r = registrationSchema.safeParse({ name: 'Ahmed', expertise: ['  GIS  '] });
      expect(r.data?.expertise).toEqual(['GIS']);
      expectInvalidAt(registrationSchema.safeParse({ name: 'Ahmed', expertise: [' x '] }), 'expertise.0');
      expectInvalidAt(
        registrationSchema.safeParse({ name: 'Ahmed', expertise: ['GIS', ' GIS'] }),
        'expertise',
      );
    });
  });

  it('bio is at most 1000 characters', () => {
    expectValid(registrationSchema.safeParse({ name: 'Ahmed', bio: '' }));
    expectValid(registrationSchema.safeParse({ name: 'Ahmed', bio: str(1000, 'ب') }));
    expectInvalidAt(registrationSchema.safeParse({ name: 'Ahmed', bio: str(1001, 'ب') }), 'bio');
  });

  it('phone is E.164', () => {
    for (const ok of ['+96891234567', '+12025550123', '+4915112345678', '+1234567', '+123456789012345'])
      expectValid(registrationSchema.safeParse({ name: 'Ahmed', phone: ok }));
    for (const bad of [
      '96891234567',
      '0096891234567',
      '+096891234567',
      '+968 9123 4567',
      '+968-91234567',
      '+123456',
      '+1234567890123456',
      '+96891234567\n',
      '',
      '+',
    ])
      expectInvalidAt(registrationSchema.safeParse({ name: 'Ahmed', phone: bad }), 'phone');
  });

  it('languages are a subset of ar, en', () => {
    for (const ok of [[], ['ar'], ['en'], ['ar', 'en'], ['en', 'ar']])
      expectValid(registrationSchema.safeParse({ name: 'Ahmed', languages: ok }));
    for (const bad of [['fr'], ['ar', 'ar'], ['AR'], ['ar', 'en', 'fr'], 'ar'])
      expectInvalidAt(registrationSchema.safeParse({ name: 'Ahmed', languages: bad }), 'languages');
  });

  it('country is a known ISO 3166-1 alpha-2 code in capitals', () => {
    for (const ok of ['OM', 'AE', 'DE', 'US'])
      expectValid(registrationSchema.safeParse({ name: 'Ahmed', country: ok }));
    for (const bad of ['om', 'Om', 'OMN', 'O', '', 'ZZ', 'XK', 'UK', ' OM'])
      expectInvalidAt(registrationSchema.safeParse({ name: 'Ahmed', country: bad }), 'country');
  });

  it('accepts every known country code and no other pair of capitals (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z]{2}$/), (c) => {
        expect(registrationSchema.safeParse({ name: 'Ahmed', country: c }).success).toBe(countryCodes.has(c));
      }),
      { numRuns: 700 },
    );
    for (const c of countryCodes)
      expect(registrationSchema.safeParse({ name: 'Ahmed', country: c }).success, c).toBe(true);
  });
});

describe('applyRegionRules', () => {
  it('defaults the country to OM and then requires governorate and wilayat', () => {
    const err = regionError(() => applyRegionRules({ name: 'Ahmed' }));
    expect(errorPaths(err)).toEqual(['governorate', 'wilayat']);
    expect(
      errorPaths(regionError(() => applyRegionRules({ name: 'Ahmed', country: 'OM', governorate: 'OM-MA' }))),
    ).toEqual(['wilayat']);
    expect(
      errorPaths(regionError(() => applyRegionRules({ name: 'Ahmed', country: 'OM', wilayat: 'muscat' }))),
    ).toEqual(['governorate']);
  });

  it('treats null like an absent field', () => {
    const err = regionError(() => applyRegionRules({ name: 'Ahmed', governorate: null, wilayat: null }));
    expect(errorPaths(err)).toEqual(['governorate', 'wilayat']);
  });

  it('accepts a wilayat of its governorate and defaults the city to the wilayat', () => {
    const p = applyRegionRules({ name: 'Ahmed', governorate: 'OM-ZU', wilayat: 'salalah' });
    expect(p).toMatchObject({ country: 'OM', governorate: 'OM-ZU', wilayat: 'salalah', city: 'salalah' });
    expect(p).toMatchObject({ interests: [], expertise: [], languages: [] });
    expect(p.bio).toBeUndefined();
    expect(p.phone).toBeUndefined();
  });

  it('passes every pair from regions.ts, and fails every mismatched pair on `wilayat` (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...governorateIds), fc.constantFrom(...wilayatIds), (g, w) => {
        const input = { name: 'Ahmed', country: 'OM', governorate: g, wilayat: w };
        if (governorateOf(w) === g) {
          expect(applyRegionRules(input)).toMatchObject({ governorate: g, wilayat: w, city: w });
        } else {
          const err = regionError(() => applyRegionRules(input));
          expect(errorPaths(err)).toEqual(['wilayat']);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('passes every listed pair (exhaustive)', () => {
    for (const { governorate, wilayat } of pairs)
      expect(
        applyRegionRules({ name: 'Ahmed', governorate, wilayat }).wilayat,
        `${governorate}/${wilayat}`,
      ).toBe(wilayat);
  });

  it('rejects unknown governorates and wilayats', () => {
    expect(
      errorPaths(regionError(() => applyRegionRules({ name: 'A', governorate: 'OM-XX', wilayat: 'muscat' }))),
    ).toEqual(['governorate']);
    const err = regionError(() => applyRegionRules({ name: 'A', governorate: 'OM-MA', wilayat: 'atlantis' }));
    expect(errorPaths(err)).toContain('wilayat');
    expect(errorPaths(err)).not.toContain('governorate');
    // a governorate id is not a wilayat id, and a wilayat's name is not its id
    expect(
      errorPaths(regionError(() => applyRegionRules({ name: 'A', governorate: 'OM-MA', wilayat: 'OM-MA' }))),
    ).toContain('wilayat');
    expect(
      errorPaths(regionError(() => applyRegionRules({ name: 'A', governorate: 'OM-MA', wilayat: 'Muscat' }))),
    ).toContain('wilayat');
  });

  it('keeps a city the ambassador chose, if it is a wilayat id', () => {
    expect(
      applyRegionRules({ name: 'A', governorate: 'OM-MA', wilayat: 'muscat', city: 'salalah' }).city,
    ).toBe('salalah');
    const err = regionError(() =>
      applyRegionRules({ name: 'A', governorate: 'OM-MA', wilayat: 'muscat', city: 'OM-MA' }),
    );
    expect(errorPaths(err)).toEqual(['city']);
    expect(
      errorPaths(
        regionError(() =>
          applyRegionRules({ name: 'A', governorate: 'OM-MA', wilayat: 'muscat', city: 'dubai' }),
        ),
      ),
    ).toEqual(['city']);
  });

  it('abroad: governorate and wilayat must be absent, city is optional', () => {
    const p = applyRegionRules({ name: 'A', country: 'DE' });
    expect(p).toMatchObject({ country: 'DE' });
    expect(p.governorate).toBeUndefined();
    expect(p.wilayat).toBeUndefined();
    expect(p.city).toBeUndefined();
    expect(applyRegionRules({ name: 'A', country: 'DE', city: 'sur' }).city).toBe('sur');
    expect(
      applyRegionRules({ name: 'A', country: 'DE', governorate: null, wilayat: null }).governorate,
    ).toBeUndefined();

    expect(
      errorPaths(regionError(() => applyRegionRules({ name: 'A', country: 'AE', governorate: 'OM-MA' }))),
    ).toEqual(['governorate']);
    expect(
      errorPaths(regionError(() => applyRegionRules({ name: 'A', country: 'AE', wilayat: 'muscat' }))),
    ).toEqual(['wilayat']);
    expect(
      errorPaths(
        regionError(() =>
          applyRegionRules({ name: 'A', country: 'AE', governorate: 'OM-MA', wilayat: 'muscat' }),
        ),
      ),
    ).toEqual(['governorate', 'wilayat']);
    expect(
      errorPaths(regionError(() => applyRegionRules({ name: 'A', country: 'AE', city: 'dubai' }))),
    ).toEqual(['city']);
  });

  it('abroad: any region field set is an error, whatever the country (property)', () => {
    const abroad = [...countryCodes].filter((c) => c !== 'OM');
    fc.assert(
      fc.property(
        fc.constantFrom(...abroad),
        fc.constantFrom(...pairs),
        fc.boolean(),
        (country, pair, both) => {
          const input = both
            ? { name: 'A', country, ...pair }
            : { name: 'A', country, wilayat: pair.wilayat };
          const err = regionError(() => applyRegionRules(input));
          expect(errorPaths(err)).toEqual(both ? ['governorate', 'wilayat'] : ['wilayat']);
          expect(applyRegionRules({ name: 'A', country, city: pair.wilayat })).toMatchObject({
            country,
            city: pair.wilayat,
          });
        },
      ),
    );
  });

  it('reports one error per broken field, all at once', () => {
    const err = regionError(() =>
      applyRegionRules({ name: 'A', governorate: 'OM-XX', wilayat: 'nowhere', city: 'atlantis' }),
    );
    expect(errorPaths(err)).toEqual(['city', 'governorate', 'wilayat']);
  });
});

describe('patchProfile', () => {
  const inMuscat: ProfileFields = applyRegionRules({
    name: 'أحمد البلوشي',
    governorate: 'OM-MA',
    wilayat: 'muscat',
    bio: 'bio',
    phone: '+96891234567',
    interests: ['iot'],
    languages: ['ar'],
  });

  it('keeps every field the patch does not name', () => {
    const p = patchProfile(inMuscat, { name: 'Ahmed' });
    expect(p).toEqual({ ...inMuscat, name: 'Ahmed' });
  });

  it('does not modify the current profile', () => {
    const before = structuredClone(inMuscat);
    patchProfile(inMuscat, { country: 'DE', bio: null, wilayat: null, governorate: null });
    patchProfile(inMuscat, { wilayat: 'bawshar' });
    expect(inMuscat).toEqual(before);
  });

  it('moves a default city with a new wilayat', () => {
    expect(patchProfile(inMuscat, { wilayat: 'bawshar' })).toMatchObject({
      wilayat: 'bawshar',
      city: 'bawshar',
    });
    expect(patchProfile(inMuscat, { governorate: 'OM-ZU', wilayat: 'salalah' })).toMatchObject({
      governorate: 'OM-ZU',
      wilayat: 'salalah',
      city: 'salalah',
    });
  });

  it('moves a default city to any valid new wilayat (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...pairs), (pair) => {
        expect(patchProfile(inMuscat, pair)).toMatchObject({ ...pair, city: pair.wilayat });
      }),
    );
  });

  it('keeps a city the ambassador chose when the wilayat changes', () => {
    const chose = patchProfile(inMuscat, { city: 'sur' });
    expect(chose.city).toBe('sur');
    expect(patchProfile(chose, { wilayat: 'bawshar' })).toMatchObject({ wilayat: 'bawshar', city: 'sur' });
  });

  it('uses the city the patch names, and null resets it to the wilayat', () => {
    expect(patchProfile(inMuscat, { wilayat: 'bawshar', city: 'as-seeb' }).city).toBe('as-seeb');
    const chose = patchProfile(inMuscat, { city: 'sur' });
    expect(patchProfile(chose, { city: null }).city).toBe('muscat');
  });

  it('fails on `wilayat` when the governorate changes alone', () => {
    expect(errorPaths(regionError(() => patchProfile(inMuscat, { governorate: 'OM-ZU' })))).toEqual([
      'wilayat',
    ]);
    expect(errorPaths(regionError(() => patchProfile(inMuscat, { wilayat: 'salalah' })))).toEqual([
      'wilayat',
    ]);
  });

  it('moving abroad drops governorate and wilayat', () => {
    const p = patchProfile(inMuscat, { country: 'DE' });
    expect(p.country).toBe('DE');
    expect(p.governorate).toBeUndefined();
    expect(p.wilayat).toBeUndefined();
    expect(p).toMatchObject({ name: inMuscat.name, bio: 'bio', phone: '+96891234567', interests: ['iot'] });
    expect(
      patchProfile(inMuscat, { country: 'DE', governorate: null, wilayat: null }).governorate,
    ).toBeUndefined();
  });

  it('moving abroad while setting a region field fails', () => {
    expect(
      errorPaths(regionError(() => patchProfile(inMuscat, { country: 'DE', governorate: 'OM-MA' }))),
    ).toEqual(['governorate']);
    expect(
      errorPaths(regionError(() => patchProfile(inMuscat, { country: 'DE', wilayat: 'muscat' }))),
    ).toEqual(['wilayat']);
  });

  it('moving back to Oman needs governorate and wilayat, and then defaults the city', () => {
    const abroad = patchProfile(inMuscat, { country: 'DE', city: null });
    expect(abroad.city).toBeUndefined();
    expect(errorPaths(regionError(() => patchProfile(abroad, { country: 'OM' })))).toEqual([
      'governorate',
      'wilayat',
    ]);
    expect(patchProfile(abroad, { country: 'OM', governorate: 'OM-ZU', wilayat: 'salalah' })).toMatchObject({
      country: 'OM',
      governorate: 'OM-ZU',
      wilayat: 'salalah',
      city: 'salalah',
    });
  });

  it('clears bio and phone with null, and leaves them when absent', () => {
    const cleared = patchProfile(inMuscat, { bio: null, phone: null });
    expect(cleared.bio).toBeUndefined();
    expect(cleared.phone).toBeUndefined();
    expect(patchProfile(inMuscat, {}).bio).toBe('bio');
    expect(patchProfile(inMuscat, { bio: 'new' })).toMatchObject({ bio: 'new', phone: '+96891234567' });
  });

  it('profilePatchSchema accepts null for the optional fields and rejects unknown fields', () => {
    const r = profilePatchSchema.safeParse({ bio: null, phone: null, city: null });
    expectValid(r);
    expect(r.data).toEqual({ bio: null, phone: null, city: null });
    expectValid(profilePatchSchema.safeParse({}));
    expectInvalidAt(profilePatchSchema.safeParse({ name: null }), 'name');
    expectInvalidAt(profilePatchSchema.safeParse({ country: null }), 'country');
    expectInvalidAt(profilePatchSchema.safeParse({ phone: '91234567' }), 'phone');
    expectInvalidAt(profilePatchSchema.safeParse({ name: 'a' }), 'name');
    expect(profilePatchSchema.safeParse({ email: 'a@example.om' }).success).toBe(false);
    expect(profilePatchSchema.safeParse({ version: 2 }).success).toBe(false);
  });
});

describe('profileFor', () => {
  const owner: Ambassador = {
    ...applyRegionRules({
      name: 'أحمد البلوشي',
      governorate: 'OM-MA',
      wilayat: 'muscat',
      bio: 'bio',
      phone: '+96891234567',
      interests: ['iot'],
      expertise: ['GIS'],
      languages: ['ar', 'en'],
    }),
    id: 'u-owner',
    email: 'ahmed@example.om',
    joinedAt: '2026-11-28T10:15:00.000Z',
    updatedAt: '2026-11-28T11:00:00.000Z',
    version: 3,
    stats: { ...emptyStats(), verifiedLectures: 2, attendeesReached: 40 },
  };
  const PUBLIC_KEYS = [
    'id',
    'name',
    'country',
    'governorate',
    'wilayat',
    'city',
    'interests',
    'expertise',
    'bio',
    'languages',
    'joinedAt',
    'stats',
  ];

  it('shows the public fields of the contract to anyone signed in', () => {
    const p = profileFor(owner, { id: 'someone-else', staff: false });
    expect(Object.keys(p).sort()).toEqual([...PUBLIC_KEYS].sort());
    expect(p).toMatchObject({
      id: 'u-owner',
      name: 'أحمد البلوشي',
      country: 'OM',
      governorate: 'OM-MA',
      wilayat: 'muscat',
      city: 'muscat',
      interests: ['iot'],
      expertise: ['GIS'],
      bio: 'bio',
      languages: ['ar', 'en'],
      joinedAt: '2026-11-28T10:15:00.000Z',
      stats: { verifiedLectures: 2, attendeesReached: 40, ideas: 0, teams: 0 },
    });
    expect(p).not.toHaveProperty('email');
    expect(p).not.toHaveProperty('phone');
    expect(p).not.toHaveProperty('version');
    expect(p).not.toHaveProperty('updatedAt');
  });

  it('shows email and phone to the ambassador themself', () => {
    const p = profileFor(owner, { id: 'u-owner', staff: false });
    expect(p.email).toBe('ahmed@example.om');
    expect(p.phone).toBe('+96891234567');
  });

  it('shows email and phone to staff', () => {
    const p = profileFor(owner, { id: 'staff-1', staff: true });
    expect(p.email).toBe('ahmed@example.om');
    expect(p.phone).toBe('+96891234567');
  });

  it('has no phone key at all when the ambassador has no phone', () => {
    const p = profileFor({ ...owner, phone: undefined }, { id: 'u-owner', staff: false });
    expect(p.email).toBe('ahmed@example.om');
    expect(p).not.toHaveProperty('phone');
  });

  it('never shows email or phone without a viewer', () => {
    const p = profileFor(owner, undefined);
    expect('email' in p).toBe(false);
    expect('phone' in p).toBe(false);
  });

  it('never shows email or phone to a viewer who is neither the owner nor staff (property)', () => {
    fc.assert(
      fc.property(
        fc
          .oneof(fc.string(), fc.constantFrom('u-owner ', 'U-OWNER', 'u-owne', ''))
          .filter((id) => id !== owner.id),
        fc.string({ minLength: 1, maxLength: 20 }),
        fc.emailAddress(),
        fc.stringMatching(/^\+[1-9]\d{6,14}$/),
        (viewerId, ownerId, email, phone) => {
          const a: Ambassador = {
            ...owner,
            id: viewerId === ownerId ? `${ownerId}x` : ownerId,
            email,
            phone,
          };
          const p = profileFor(a, { id: viewerId, staff: false });
          expect(Object.keys(p)).not.toContain('email');
          expect(Object.keys(p)).not.toContain('phone');
          const json = JSON.stringify(p);
          expect(json).not.toContain(JSON.stringify(email));
          expect(json).not.toContain(phone);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('always shows email to staff and to the owner (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.emailAddress(), fc.boolean(), (id, email, asStaff) => {
        const a: Ambassador = { ...owner, id, email };
        const viewer = asStaff ? { id: `${id}-staff`, staff: true } : { id, staff: false };
        expect(profileFor(a, viewer).email).toBe(email);
      }),
    );
  });
});

describe('nameWords and nameMatches', () => {
  const finds = (name: string, q: string) => nameMatches(nameWords(name), q);

  it('q=احمد finds "أحمد البلوشي" and "أَحْمَد"', () => {
    expect(finds('أحمد البلوشي', 'احمد')).toBe(true);
    expect(finds('أَحْمَد', 'احمد')).toBe(true);
    expect(finds('احمد البلوشي', 'أحمد')).toBe(true);
    expect(finds('أحمد البلوشي', 'البلوشي')).toBe(true);
    expect(finds('أحمد البلوشي', 'محمد')).toBe(false);
  });

  it('matches ة with ه, ى with ي, and any alef with ا', () => {
    expect(finds('فاطمة الحارثية', 'فاطمه')).toBe(true);
    expect(finds('مصطفى', 'مصطفي')).toBe(true);
    expect(finds('إبراهيم', 'ابراهيم')).toBe(true);
    expect(finds('آمنة', 'امنه')).toBe(true);
    expect(finds('عبد ٱلله', 'الله')).toBe(true);
    expect(finds('محـــمد', 'محمد')).toBe(true);
  });

  it('matches word prefixes, not inner substrings', () => {
    expect(finds('Ahmed Al-Balushi', 'bal')).toBe(true);
    expect(finds('Ahmed Al-Balushi', 'BAL')).toBe(true);
    expect(finds('Ahmed Al-Balushi', 'ahm')).toBe(true);
    expect(finds('Ahmed Al-Balushi', 'al-bal')).toBe(true);
    expect(finds('Ahmed Al-Balushi', 'lushi')).toBe(false);
    expect(finds('Ahmed Al-Balushi', 'hmed')).toBe(false);
    expect(finds('Ahmed Al-Balushi', 'balushix')).toBe(false);
    expect(finds('أحمد البلوشي', 'بلوشي')).toBe(false);
  });

  it('needs every word of q to start some word of the name', () => {
    expect(finds('Ahmed Al-Balushi', 'bal ahm')).toBe(true);
    expect(finds('Ahmed Al-Balushi', 'ahmed salim')).toBe(false);
  });

  it('nameWords are the distinct folded words of the name', () => {
    expect(nameWords('Ahmed AL-Balushi')).toEqual(['ahmed', 'al', 'balushi']);
    expect(nameWords('أَحْمَد بن سالم بن سعيد')).toEqual(['احمد', 'بن', 'سالم', 'سعيد']);
  });

  // docs/api-contract.md §4: "`q` matches any word prefix of the name". Long Omani names (with
  // bin/bint and the family name last) have more than six distinct words.
  it('finds a long name by its last word (the family name)', () => {
    const name = 'Fatma bint Mohammed bin Said bin Ali Al Hinai';
    expect(finds(name, 'hinai')).toBe(true);
    expect(finds(name, 'al hin')).toBe(true);
    expect(finds('فاطمة بنت محمد بن سعيد بن علي بن حمد الهنائي', 'الهنائي')).toBe(true);
  });

  const nameWord = fc.oneof(
    fc.stringMatching(/^[A-Z][a-z]{1,8}$/),
    fc
      .array(fc.constantFrom(...'ابتثجحخدذرزسشصضطظعغفقكلمنهويأإآةى'), { minLength: 2, maxLength: 8 })
      .map((a) => a.join('')),
  );

  it('every prefix of every word of a name finds it (property)', () => {
    fc.assert(
      fc.property(
        fc.array(nameWord, { minLength: 1, maxLength: 6 }),
        fc.nat(),
        fc.integer({ min: 1, max: 8 }),
        (parts, pick, len) => {
          const name = parts.join(' ');
          const word = parts[pick % parts.length] ?? '';
          expect(finds(name, word.slice(0, len))).toBe(true);
          expect(finds(name, word.toUpperCase())).toBe(true);
        },
      ),
    );
  });

  it('tashkeel and tatweel in the name or the query never change a match (property)', () => {
    const noise = fc.constantFrom(
      '\u064E',
      '\u064F',
      '\u0650',
      '\u0651',
      '\u0652',
      '\u064B',
      '\u0670',
      '\u0640',
    );
    const sprinkle = (s: string, marks: string[]) =>
      [...s].map((c, i) => (c === ' ' ? c : c + (marks[i % Math.max(marks.length, 1)] ?? ''))).join('');
    fc.assert(
      fc.property(
        fc.array(nameWord, { minLength: 1, maxLength: 4 }),
        nameWord,
        fc.array(noise, { maxLength: 5 }),
        (parts, q, marks) => {
          const name = parts.join(' ');
          expect(finds(sprinkle(name, marks), q)).toBe(finds(name, q));
          expect(finds(name, sprinkle(q, marks))).toBe(finds(name, q));
        },
      ),
    );
  });
});

describe('directoryQuerySchema', () => {
  it('accepts no filter at all, and every documented filter', () => {
    expectValid(directoryQuerySchema.safeParse({}));
    const r = directoryQuerySchema.safeParse({
      governorate: 'OM-MA',
      wilayat: 'muscat',
      city: 'muscat',
      interest: 'iot',
      country: 'OM',
      q: 'أحمد',
      limit: '50',
      cursor: 'abc',
    });
    expectValid(r);
    expect(r.data?.limit).toBe(50);
  });

  it('q needs a word of at least 2 letters after folding', () => {
    for (const ok of ['ab', 'احمد', 'a bc', 'Al-', ' bal ', 'أح'])
      expectValid(directoryQuerySchema.safeParse({ q: ok }));
    for (const bad of ['', 'a', 'a b', 'أ', 'أَ', 'ـأـ', '   ', '--', '!?', 'ة'])
      expectInvalidAt(directoryQuerySchema.safeParse({ q: bad }), 'q');
    expectInvalidAt(directoryQuerySchema.safeParse({ q: str(101) }), 'q');
  });

  it('limit is an integer 1–100, coerced from the query string', () => {
    for (const [raw, n] of [
      ['1', 1],
      ['20', 20],
      ['100', 100],
      [7, 7],
    ] as const) {
      const r = directoryQuerySchema.safeParse({ limit: raw });
      expectValid(r);
      expect(r.data?.limit).toBe(n);
    }
    for (const bad of ['0', '101', '-1', '1.5', 'abc', '', '1e3'])
      expectInvalidAt(directoryQuerySchema.safeParse({ limit: bad }), 'limit');
  });

  it('accepts exactly the limits 1–100 (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -50, max: 200 }), (n) => {
        const r = directoryQuerySchema.safeParse({ limit: String(n) });
        expect(r.success).toBe(n >= 1 && n <= 100);
        if (r.success) expect(r.data.limit).toBe(n);
      }),
    );
  });

  it('rejects unknown parameters and bad filter values', () => {
    for (const extra of [{ sort: 'name' }, { page: '2' }, { Q: 'ahmed' }, { interests: 'iot' }])
      expect(directoryQuerySchema.safeParse(extra).success, JSON.stringify(extra)).toBe(false);
    expectInvalidAt(directoryQuerySchema.safeParse({ interest: 'ai' }), 'interest');
    expectInvalidAt(directoryQuerySchema.safeParse({ country: 'om' }), 'country');
    expectInvalidAt(directoryQuerySchema.safeParse({ cursor: '' }), 'cursor');
  });
});

describe('names, and what moving abroad does to the city', () => {
  const inMuscat: ProfileFields = applyRegionRules({
    name: 'Ahmed',
    governorate: 'OM-MA',
    wilayat: 'muscat',
    bio: 'bio',
  });

  it('a name holds at least two letters or digits, not only punctuation', () => {
    for (const name of ['--', '. .', '!?', 'a-']) {
      const r = registrationSchema.safeParse({ name });
      expect(r.success, name).toBe(false);
      expect(r.error?.issues.map((i) => i.message)).toContain('Must contain at least 2 letters');
    }
    for (const name of ['a1', '٣٤', 'Al', 'عل']) expectValid(registrationSchema.safeParse({ name }));
  });

  it('the region error says what failed', () => {
    expect(regionError(() => applyRegionRules({ name: 'Ahmed' })).message).toBe('Region fields are invalid');
  });

  it('moving abroad drops a city that only defaulted to the wilayat, and keeps one that was chosen', () => {
    expect(patchProfile(inMuscat, { country: 'DE' }).city).toBeUndefined();
    const chose = patchProfile(inMuscat, { city: 'sur' });
    expect(patchProfile(chose, { country: 'DE' })).toMatchObject({ country: 'DE', city: 'sur' });
    expect(patchProfile(inMuscat, { country: 'DE', city: 'nizwa' }).city).toBe('nizwa');
  });

  it('country OM in a patch of an Omani profile changes nothing', () => {
    expect(patchProfile(inMuscat, { country: 'OM' })).toEqual(inMuscat);
  });

  it('a field sent as undefined is left alone, like an absent one', () => {
    expect(patchProfile(inMuscat, { bio: undefined, city: undefined, name: 'Aisha' })).toEqual({
      ...inMuscat,
      name: 'Aisha',
    });
  });
});
