/**
 * Number agreement in generated text (docs/api-contract.md §10 "Arabic number agreement").
 *
 * An Arabic counted noun changes with its number: سفير واحد (1), سفيرين (2, the dual, here
 * genitive as after "من"), 3 سفراء (3–10, plural), 11 سفيرًا (11–99, accusative singular),
 * 100 سفير (100, 101, 102…, genitive singular). CLDR names these categories
 * zero/one/two/few/many/other and `Intl.PluralRules` picks one for any number, so 103 is
 * "few" and 111 "many" without rules of our own. Pure: Intl is data, not environment.
 */

type Category = Intl.LDMLPluralRule;

/** A noun's phrase per category; `#` stands for the number, in Western digits as elsewhere. */
export type CountedNoun = Record<Category, string>;

const arabicRules = new Intl.PluralRules('ar');
const englishRules = new Intl.PluralRules('en');

const phrase = (rules: Intl.PluralRules, noun: Partial<CountedNoun>, n: number): string =>
  (noun[rules.select(n)] ?? noun.other ?? '#').replace('#', String(n));

/** Arabic "ambassador" counted, in the genitive (the form after "فريق من"). */
export const AMBASSADOR_AR: CountedNoun = {
  zero: '# سفير',
  one: 'سفير واحد',
  two: 'سفيرين',
  few: '# سفراء',
  many: '# سفيرًا',
  other: '# سفير',
};

export const AMBASSADOR_EN: Partial<CountedNoun> = { one: '# ambassador', other: '# ambassadors' };

export const countAr = (n: number, noun: CountedNoun): string => phrase(arabicRules, noun, n);
export const countEn = (n: number, noun: Partial<CountedNoun>): string => phrase(englishRules, noun, n);

export const ambassadorsAr = (n: number): string => countAr(n, AMBASSADOR_AR);
export const ambassadorsEn = (n: number): string => countEn(n, AMBASSADOR_EN);
