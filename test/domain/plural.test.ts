/**
 * Number agreement in generated text (docs/api-contract.md §10 "Arabic number agreement"): Arabic
 * counted nouns take the singular with one, the dual with two, the plural from three to
 * ten, the accusative singular from eleven to ninety-nine and the genitive singular from a
 * hundred (CLDR's zero/one/two/few/many/other, as `Intl.PluralRules('ar')` gives them).
 */
import { describe, expect, it } from 'vitest';
import {
  AMBASSADOR_AR,
  ambassadorsAr,
  ambassadorsEn,
  type CountedNoun,
  countAr,
  countEn,
} from '#domain/plural.ts';

describe('ambassadorsAr (after "فريق من")', () => {
  it.each([
    [0, 'zero', '0 سفير'],
    [1, 'one', 'سفير واحد'],
    [2, 'two', 'سفيرين'],
    [3, 'few', '3 سفراء'],
    [10, 'few', '10 سفراء'],
    [11, 'many', '11 سفيرًا'],
    [99, 'many', '99 سفيرًا'],
    [100, 'other', '100 سفير'],
    [101, 'other', '101 سفير'],
    [102, 'other', '102 سفير'],
    [103, 'few', '103 سفراء'],
    [111, 'many', '111 سفيرًا'],
  ])('%i (%s) → %s', (n, category, phrase) => {
    // The category column is CLDR's, checked here so the table cannot drift from it.
    expect(new Intl.PluralRules('ar').select(n)).toBe(category);
    expect(ambassadorsAr(n)).toBe(phrase);
  });
});

describe('ambassadorsEn', () => {
  it.each([
    [0, '0 ambassadors'],
    [1, '1 ambassador'],
    [2, '2 ambassadors'],
    [11, '11 ambassadors'],
    [101, '101 ambassadors'],
  ])('%i → %s', (n, phrase) => expect(ambassadorsEn(n)).toBe(phrase));
});

describe('countEn and countAr with a partial noun', () => {
  it('fall back to `other`, and to the bare number when the noun has neither form', () => {
    expect(countEn(2, { one: '# team' })).toBe('2');
    expect(countEn(1, { one: '# team' })).toBe('1 team');
    expect(countEn(2, { other: '# teams' })).toBe('2 teams');
    expect(countAr(3, { ...AMBASSADOR_AR, few: undefined } as unknown as CountedNoun)).toBe('3 سفير');
  });
});
