/** Knowledge communities (docs/api-contract.md §5): one per governorate, plus `abroad`. */
import { describe, expect, it } from 'vitest';
import { communities, communityParams, findCommunity, resourceInputSchema } from '#domain/communities.ts';
import {
  ABROAD,
  communityOf,
  findGovernorate,
  findWilayat,
  governorateIds,
  governorateOf,
} from '#domain/regions.ts';

describe('communities', () => {
  it('the 11 governorates, then abroad, with their names', () => {
    expect(communities.map((c) => c.id)).toEqual([...governorateIds, 'abroad']);
    expect(findCommunity('OM-MA')).toEqual({ id: 'OM-MA', en: 'Muscat', ar: findGovernorate('OM-MA')?.ar });
    expect(findCommunity('abroad')).toEqual({
      id: 'abroad',
      en: 'Ambassadors abroad',
      ar: 'السفراء خارج السلطنة',
    });
    expect(findCommunity('nizwa')).toBeUndefined();
    expect(findCommunity('')).toBeUndefined();
  });

  it('an ambassador belongs to their governorate in Oman, otherwise abroad', () => {
    expect(communityOf({ country: 'OM', governorate: 'OM-DA' })).toBe('OM-DA');
    expect(communityOf({ country: 'OM' })).toBe(ABROAD);
    expect(communityOf({ country: 'DE', governorate: 'OM-DA' })).toBe(ABROAD);
    expect(communityOf({ country: 'DE' })).toBe('abroad');
  });

  it('regions: a wilayat, its governorate, and unknown ids', () => {
    expect(findWilayat('nizwa')?.en).toBe('Nizwa');
    expect(governorateOf('nizwa')).toBe('OM-DA');
    expect(findWilayat('OM-DA')).toBeUndefined();
    expect(governorateOf('OM-DA')).toBeUndefined();
    expect(findGovernorate('nizwa')).toBeUndefined();
  });

  it('community ids in a path are 1–40 characters', () => {
    expect(communityParams.safeParse({ id: 'abroad' }).success).toBe(true);
    expect(communityParams.safeParse({ id: '' }).success).toBe(false);
    expect(communityParams.safeParse({ id: 'x'.repeat(41) }).success).toBe(false);
  });

  it('a resource: a 3–120 character title, an https url, a kind and an optional language', () => {
    const ok = { title: 'Slides', url: 'https://example.org/s.pdf', kind: 'slides' };
    expect(resourceInputSchema.safeParse(ok).success).toBe(true);
    expect(resourceInputSchema.safeParse({ ...ok, language: 'ar' }).success).toBe(true);
    expect(resourceInputSchema.safeParse({ ...ok, title: 'ab' }).success).toBe(false);
    expect(resourceInputSchema.safeParse({ ...ok, url: 'http://example.org' }).success).toBe(false);
    expect(resourceInputSchema.safeParse({ ...ok, kind: 'book' }).success).toBe(false);
    expect(resourceInputSchema.safeParse({ ...ok, language: 'fr' }).success).toBe(false);
  });
});
