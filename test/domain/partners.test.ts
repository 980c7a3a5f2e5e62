/**
 * Partners and their representatives (docs/api-contract.md §14): the staff's schemas, the
 * public list's query, the engagements a partner page shows, project links, lecture co-hosts,
 * who may act for a partner, and who-am-I.
 */
import { describe, expect, it } from 'vitest';
import { DomainError } from '#domain/errors.ts';
import {
  assertMayActForPartner,
  assertPartnerLinkable,
  ENGAGEMENT_ITEMS,
  editPartner,
  engagementList,
  lecturePartnerIdsSchema,
  mayActForPartner,
  newPartner,
  type PartnerInput,
  partnerInputSchema,
  partnerKinds,
  partnerListQuerySchema,
  partnerPatchSchema,
  projectPartnerLinkSchema,
  projectPartnerRoles,
  representativeSchema,
  whoAmI,
} from '#domain/partners.ts';

type SafeParse = { success: boolean; error?: { issues: { path: PropertyKey[] }[] } | undefined };
const paths = (r: SafeParse) => (r.error?.issues ?? []).map((i) => i.path.map(String).join('.'));
const ok = (r: SafeParse) => expect(r.error?.issues ?? []).toEqual([]);
const badAt = (r: SafeParse, path: string) => {
  expect(r.success).toBe(false);
  expect(paths(r)).toContain(path);
};
const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return (e as DomainError).code;
  }
  throw new Error('expected a DomainError');
};

const NOW = new Date('2026-12-02T10:00:00.000Z');
const valid: PartnerInput = {
  nameAr: 'وزارة النقل والاتصالات وتقنية المعلومات',
  nameEn: 'Ministry of Transport, Communications and IT',
  kind: 'government',
  governorate: 'OM-MA',
  website: 'https://www.mtcit.gov.om',
  logoUrl: 'https://cdn.example.om/logo.png',
  description: 'Smart mobility partner.\nشريك التنقل الذكي.',
};

describe('partner input', () => {
  it('accepts a full partner and a minimal one, Arabic kept as sent', () => {
    const r = partnerInputSchema.safeParse(valid);
    ok(r);
    expect(r.data?.nameAr).toBe(valid.nameAr);
    const { governorate: _g, logoUrl: _l, ...minimal } = valid;
    ok(partnerInputSchema.safeParse(minimal));
  });

  it('knows the five kinds, and no other', () => {
    expect(partnerKinds).toEqual(['government', 'company', 'academia', 'ngo', 'community']);
    for (const kind of partnerKinds) ok(partnerInputSchema.safeParse({ ...valid, kind }));
    badAt(partnerInputSchema.safeParse({ ...valid, kind: 'ministry' }), 'kind');
  });

  it('names are 2–120 characters, counted after trimming', () => {
    ok(partnerInputSchema.safeParse({ ...valid, nameEn: 'ab', nameAr: 'عم' }));
    ok(partnerInputSchema.safeParse({ ...valid, nameEn: 'a'.repeat(120), nameAr: 'ع'.repeat(120) }));
    badAt(partnerInputSchema.safeParse({ ...valid, nameEn: 'a' }), 'nameEn');
    badAt(partnerInputSchema.safeParse({ ...valid, nameAr: ' ع ' }), 'nameAr');
    badAt(partnerInputSchema.safeParse({ ...valid, nameAr: 'ع'.repeat(121) }), 'nameAr');
  });

  it('refuses control and bidi characters in names, and line breaks in a single line', () => {
    badAt(partnerInputSchema.safeParse({ ...valid, nameAr: 'وزارة\u202Eالنقل' }), 'nameAr');
    badAt(partnerInputSchema.safeParse({ ...valid, nameEn: 'Ministry\u0007' }), 'nameEn');
    badAt(partnerInputSchema.safeParse({ ...valid, nameEn: 'Ministry\nof IT' }), 'nameEn');
    badAt(partnerInputSchema.safeParse({ ...valid, description: 'a\u2066b' }), 'description');
  });

  it('website and logo are https URLs; the website is required, the logo not', () => {
    badAt(partnerInputSchema.safeParse({ ...valid, website: 'http://www.mtcit.gov.om' }), 'website');
    badAt(partnerInputSchema.safeParse({ ...valid, logoUrl: 'http://cdn.example.om/l.png' }), 'logoUrl');
    const { website: _w, ...noWebsite } = valid;
    badAt(partnerInputSchema.safeParse(noWebsite), 'website');
  });

  it('description holds visible text, up to 2000 characters and line breaks', () => {
    badAt(partnerInputSchema.safeParse({ ...valid, description: '  ' }), 'description');
    ok(partnerInputSchema.safeParse({ ...valid, description: 'd'.repeat(2000) }));
    badAt(partnerInputSchema.safeParse({ ...valid, description: 'd'.repeat(2001) }), 'description');
  });

  it('governorate must be a known one', () => {
    badAt(partnerInputSchema.safeParse({ ...valid, governorate: 'OM-XX' }), 'governorate');
  });

  it('refuses unknown fields', () => {
    expect(partnerInputSchema.safeParse({ ...valid, id: 'p-1' }).success).toBe(false);
  });
});

describe('partner patch', () => {
  it('takes any one field, null clears an optional one', () => {
    ok(partnerPatchSchema.safeParse({ nameEn: 'New name' }));
    ok(partnerPatchSchema.safeParse({ logoUrl: null, governorate: null }));
  });

  it('needs at least one field and refuses unknown ones', () => {
    expect(partnerPatchSchema.safeParse({}).success).toBe(false);
    expect(partnerPatchSchema.safeParse({ version: 3 }).success).toBe(false);
    badAt(partnerPatchSchema.safeParse({ website: 'http://x.om' }), 'website');
    badAt(partnerPatchSchema.safeParse({ website: null }), 'website');
  });

  it('editPartner applies the patch, clears nulls and moves the version', () => {
    const p = newPartner(valid, 'p-1', NOW);
    expect(p).toMatchObject({ id: 'p-1', version: 1, createdAt: NOW.toISOString() });
    const later = new Date('2026-12-03T10:00:00.000Z');
    const q = editPartner(p, { nameEn: 'MTCIT', logoUrl: null }, later);
    expect(q).toMatchObject({ nameEn: 'MTCIT', version: 2, updatedAt: later.toISOString() });
    expect('logoUrl' in q).toBe(false);
    expect(q.nameAr).toBe(valid.nameAr);
  });
});

describe('GET /partners query', () => {
  it('filters by kind and governorate, pages like every list', () => {
    ok(
      partnerListQuerySchema.safeParse({ kind: 'academia', governorate: 'OM-DA', limit: '50', cursor: 'x' }),
    );
    ok(partnerListQuerySchema.safeParse({}));
    badAt(partnerListQuerySchema.safeParse({ kind: 'bank' }), 'kind');
    badAt(partnerListQuerySchema.safeParse({ governorate: 'muscat' }), 'governorate');
    badAt(partnerListQuerySchema.safeParse({ limit: '101' }), 'limit');
    expect(partnerListQuerySchema.safeParse({ q: 'x' }).success).toBe(false);
  });
});

describe('engagements', () => {
  const item = (i: number) => ({
    id: `x-${i}`,
    title: `Item ${i}`,
    at: `2026-11-${String(i).padStart(2, '0')}T00:00:00.000Z`,
  });

  it('shows the newest ten and the whole count', () => {
    const all = Array.from({ length: 12 }, (_, i) => item(i + 1));
    const list = engagementList(all);
    expect(ENGAGEMENT_ITEMS).toBe(10);
    expect(list.count).toBe(12);
    expect(list.items).toHaveLength(10);
    expect(list.items[0]).toEqual({ id: 'x-12', title: 'Item 12' });
    expect(list.items.at(-1)).toEqual({ id: 'x-3', title: 'Item 3' });
  });

  it('takes a count kept elsewhere, never below what it shows', () => {
    expect(engagementList([item(1)], 40).count).toBe(40);
    expect(engagementList([item(1), item(2)], 1).count).toBe(2);
    expect(engagementList([])).toEqual({ count: 0, items: [] });
  });
});

describe('project partners and lecture co-hosts', () => {
  it('links a partner with one of five roles', () => {
    expect(projectPartnerRoles).toEqual(['sponsor', 'adopter', 'mentor', 'data', 'venue']);
    ok(projectPartnerLinkSchema.safeParse({ partnerId: 'p-1', role: 'mentor' }));
    badAt(projectPartnerLinkSchema.safeParse({ partnerId: 'p-1', role: 'owner' }), 'role');
    expect(projectPartnerLinkSchema.safeParse({ partnerId: 'p-1', role: 'data', extra: 1 }).success).toBe(
      false,
    );
    badAt(projectPartnerLinkSchema.safeParse({ partnerId: 'p#1', role: 'data' }), 'partnerId');
  });

  it('links only projects: approved, in progress or completed ideas', () => {
    for (const s of ['approved', 'in_progress', 'completed'] as const) assertPartnerLinkable(s);
    for (const s of ['submitted', 'changes_requested', 'rejected', 'withdrawn'] as const)
      expect(codeOf(() => assertPartnerLinkable(s))).toBe('invalid_transition');
  });

  it('a lecture names up to 3 distinct partners', () => {
    ok(lecturePartnerIdsSchema.safeParse([]));
    ok(lecturePartnerIdsSchema.safeParse(['a', 'b', 'c']));
    expect(lecturePartnerIdsSchema.safeParse(['a', 'b', 'c', 'd']).success).toBe(false);
    expect(lecturePartnerIdsSchema.safeParse(['a', 'a']).success).toBe(false);
    expect(lecturePartnerIdsSchema.safeParse(['']).success).toBe(false);
  });
});

describe('representatives', () => {
  it('the body names a sub, nothing else', () => {
    ok(representativeSchema.safeParse({ sub: 'a1b2-c3' }));
    expect(representativeSchema.safeParse({ sub: 'a', partnerId: 'p' }).success).toBe(false);
    expect(representativeSchema.safeParse({}).success).toBe(false);
  });

  it('staff act for every partner, a representative for theirs only', () => {
    expect(mayActForPartner({ staff: true, partnerIds: [] }, 'p-1')).toBe(true);
    expect(mayActForPartner({ staff: false, partnerIds: ['p-1', 'p-2'] }, 'p-2')).toBe(true);
    expect(mayActForPartner({ staff: false, partnerIds: ['p-1'] }, 'p-2')).toBe(false);
    expect(mayActForPartner({ staff: false, partnerIds: [] }, 'p-1')).toBe(false);
    expect(codeOf(() => assertMayActForPartner({ staff: false, partnerIds: ['p-1'] }, 'p-2'))).toBe(
      'forbidden',
    );
    assertMayActForPartner({ staff: false, partnerIds: ['p-2'] }, 'p-2');
  });
});

describe('who am I', () => {
  it('answers exactly the six fields', () => {
    const me = whoAmI(
      { sub: 's-1', email: 'a@example.om', staff: false },
      { registered: true, partnerIds: ['p-2', 'p-1', 'p-2'], language: 'en' },
    );
    expect(me).toEqual({
      sub: 's-1',
      email: 'a@example.om',
      registered: true,
      staff: false,
      partnerIds: ['p-1', 'p-2'],
      language: 'en',
    });
  });

  it('a member without preferences or email: Arabic, email null', () => {
    expect(whoAmI({ sub: 's-2', staff: true }, { registered: false, partnerIds: [] })).toEqual({
      sub: 's-2',
      email: null,
      registered: false,
      staff: true,
      partnerIds: [],
      language: 'ar',
    });
  });
});
