/**
 * Text rules (docs/api-contract.md §1 and §4): `cleanText` is what we store of a client's text,
 * `fold` is what name matching compares, `words` splits a folded string into its words.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type * as z from 'zod/mini';
import { multiLine, singleLine } from '#domain/schema-kit.ts';
import {
  cleanText,
  fold,
  refusedCharacters,
  SORT_NAME_BYTES,
  sortName,
  TEXT_PATTERN,
  words,
} from '#domain/text.ts';

const cp = (from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => String.fromCodePoint(from + i));

/** Arabic letters, precomposed: ء..غ and ف..ي (includes أ إ آ ؤ ئ ة ى), plus alef wasla ٱ. */
const ARABIC_LETTERS = [...cp(0x0621, 0x063a), ...cp(0x0641, 0x064a), 'ٱ'];
/** Tashkeel as the brief defines it: U+064B–U+065F and the superscript alef U+0670. */
const TASHKEEL = [...cp(0x064b, 0x065f), '\u0670'];
const TATWEEL = '\u0640';
const VARIANTS_FOLDED_AWAY = ['أ', 'إ', 'آ', 'ٱ', 'ة', 'ى'];
/** C0 and C1 controls except tab and newline, and the bidi embeddings/overrides/isolates. */
const UNSAFE = [
  ...cp(0x00, 0x08),
  ...cp(0x0b, 0x1f),
  ...cp(0x7f, 0x9f),
  ...cp(0x202a, 0x202e),
  ...cp(0x2066, 0x2069),
];
const hex = (s: string) =>
  [...s].map((c) => `U+${c.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}`);

const arabicLetter = fc.constantFrom(...ARABIC_LETTERS);
const arabicLetters = fc.array(arabicLetter, { minLength: 1, maxLength: 12 });
const arabicWord = arabicLetters.map((ls) => ls.join(''));
const noise = fc.constantFrom(...TASHKEEL, TATWEEL);
const unsafeChar = fc.constantFrom(...UNSAFE);

/** Arabic words, Latin words (any case), digits and punctuation, separated by spaces. */
const mixedText = fc
  .array(
    fc.oneof(
      arabicWord,
      fc.stringMatching(/^[A-Za-z]{1,10}$/),
      fc.stringMatching(/^[0-9]{1,4}$/),
      fc.constantFrom('-', '.', "'", '،'),
    ),
    { maxLength: 6 },
  )
  .map((ws) => ws.join(' '));

/** Everything fast-check can throw at a string function, weighted towards Arabic and Latin. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  mixedText,
  fc
    .array(fc.oneof(arabicLetter, noise, fc.constantFrom('A', 'Z', 'É', ' ', '\t')), { maxLength: 30 })
    .map((a) => a.join('')),
);

describe('fold — the contract examples (api-contract.md §4)', () => {
  it('q=احمد matches أحمد and أَحْمَد', () => {
    expect(fold('أحمد')).toBe('احمد');
    expect(fold('أَحْمَد')).toBe('احمد');
    expect(fold('احمد')).toBe(fold('أَحْمَد'));
  });

  it.each([
    ['أ', 'ا'],
    ['إ', 'ا'],
    ['آ', 'ا'],
    ['ٱ', 'ا'],
    ['ة', 'ه'],
    ['ى', 'ي'],
  ])('folds %s to %s', (variant, base) => {
    expect(fold(variant)).toBe(base);
    expect(fold(`ب${variant}ب`)).toBe(`ب${base}ب`);
  });

  it('folds names using those variants', () => {
    expect(fold('إبراهيم')).toBe('ابراهيم');
    expect(fold('آمنة')).toBe('امنه');
    expect(fold('فاطمة')).toBe(fold('فاطمه'));
    expect(fold('مصطفى')).toBe(fold('مصطفي'));
    expect(fold('عبد ٱلله')).toBe('عبد الله');
  });

  it('removes tatweel and every tashkeel mark', () => {
    expect(fold('محـــمد')).toBe('محمد');
    expect(fold('مُحَمَّد')).toBe('محمد');
    expect(fold('سَلِيمٌ')).toBe('سليم');
    expect(fold('رَحْمٰن')).toBe('رحمن'); // superscript alef U+0670
    for (const mark of TASHKEEL) expect(fold(`ب${mark}ت`), hex(mark).join()).toBe('بت');
  });

  it('folds Latin case and diacritics', () => {
    expect(fold('Ahmed AL-BALUSHI')).toBe('ahmed al-balushi');
    expect(fold('ÉLODIE Zoë')).toBe('elodie zoe');
  });

  it('collapses white space and trims it', () => {
    expect(fold('  أحمد \t\n  البلوشي  ')).toBe('احمد البلوشي');
    expect(fold('')).toBe('');
    expect(fold(' \t ')).toBe('');
  });

  it('ignores format characters such as zero-width joiners and direction marks', () => {
    expect(fold('اح\u200Cمد')).toBe('احمد');
    expect(fold('\u200Fأحمد\u200E')).toBe('احمد');
  });

  it('keeps letters that are not variants of one another apart', () => {
    expect(fold('احمد')).not.toBe(fold('محمد'));
    expect(fold('ه')).not.toBe(fold('ت')); // ة folds to ه, not to ت
    expect(fold('ي')).not.toBe(fold('ا')); // ى folds to ي, not to ا
  });
});

describe('fold — properties', () => {
  it('is idempotent', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        expect(fold(fold(s))).toBe(fold(s));
      }),
      { numRuns: 2000 },
    );
  });

  it('never leaves tashkeel, tatweel, أ إ آ ٱ ة ى or upper-case Latin in its output', () => {
    const forbidden = new Set([...TASHKEEL, TATWEEL, ...VARIANTS_FOLDED_AWAY]);
    const upperLatin = /(?=\p{Lu})\p{Script=Latin}/u;
    fc.assert(
      fc.property(anyText, (s) => {
        const f = fold(s);
        const left = [...f].filter((c) => forbidden.has(c));
        expect(left, `fold(${JSON.stringify(s)}) = ${hex(f).join(' ')}`).toEqual([]);
        expect(upperLatin.test(f), `fold(${JSON.stringify(s)}) = ${JSON.stringify(f)}`).toBe(false);
        expect(f).toBe(f.trim());
        expect(f).not.toMatch(/\s\s/);
      }),
      { numRuns: 2000 },
    );
  });

  it('does not change when tashkeel and tatweel are inserted between the letters of an Arabic word', () => {
    fc.assert(
      fc.property(
        arabicLetters,
        fc.array(fc.array(noise, { maxLength: 3 }), { minLength: 13, maxLength: 13 }),
        (letters, gaps) => {
          const plain = letters.join('');
          const decorated =
            letters.map((l, i) => (gaps[i] ?? []).join('') + l).join('') + (gaps[12] ?? []).join('');
          expect(fold(decorated)).toBe(fold(plain));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('maps every Arabic letter variant of a word to the same fold', () => {
    const toVariant: Record<string, string[]> = { ا: ['أ', 'إ', 'آ', 'ٱ'], ه: ['ة'], ي: ['ى'] };
    fc.assert(
      fc.property(arabicLetters, fc.infiniteStream(fc.nat()), (letters, picks) => {
        const base = letters.join('');
        const varied = letters
          .map((l) => {
            const vs = toVariant[l];
            return vs ? (vs[picks.next().value % vs.length] ?? l) : l;
          })
          .join('');
        expect(fold(varied)).toBe(fold(base));
      }),
      { numRuns: 500 },
    );
  });

  it('does not depend on Latin case', () => {
    fc.assert(
      fc.property(mixedText, (s) => {
        expect(fold(s.toUpperCase())).toBe(fold(s));
        expect(fold(s.toLowerCase())).toBe(fold(s));
      }),
    );
  });
});

describe('words', () => {
  it('splits a folded string into runs of letters and digits', () => {
    expect(words('ahmed al-balushi')).toEqual(['ahmed', 'al', 'balushi']);
    expect(words("o'brien, 2nd")).toEqual(['o', 'brien', '2nd']);
    expect(words('احمد البلوشي')).toEqual(['احمد', 'البلوشي']);
    expect(words('عبد، الله')).toEqual(['عبد', 'الله']);
  });

  it('keeps each word once, in first-seen order', () => {
    expect(words('said bin ali bin said')).toEqual(['said', 'bin', 'ali']);
  });

  it('returns nothing for text without letters or digits', () => {
    expect(words('')).toEqual([]);
    expect(words(' - . ')).toEqual([]);
  });

  it('returns non-empty, distinct words made only of letters and digits', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const ws = words(fold(s));
        expect(new Set(ws).size).toBe(ws.length);
        for (const w of ws) expect(w).toMatch(/^[\p{L}\p{N}]+$/u);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('cleanText', () => {
  it('keeps Arabic, Latin and mixed text as sent', () => {
    for (const s of ['أحمد البلوشي', 'سفراء المدن الذكية', 'Ahmed أحمد 2026', 'مُحَمَّد', 'line 1\nline 2\tend'])
      expect(cleanText(s)).toBe(s);
  });

  it('removes control characters and bidi overrides, keeping tab and newline', () => {
    expect(cleanText('a\u0000b\u0007c\rd\u007Fe\u0085f\u009Fg')).toBe('abcdefg');
    expect(cleanText('\u202Eأحمد\u202C')).toBe('أحمد');
    expect(cleanText('\u2066x\u2067y\u2068z\u2069')).toBe('xyz');
    expect(cleanText('a\tb\nc')).toBe('a\tb\nc');
  });

  it('normalises to NFC', () => {
    expect(cleanText('e\u0301')).toBe('é');
    expect(cleanText('ا\u0654')).toBe('أ');
  });

  it('keeps any string of Arabic letters intact', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(arabicWord, fc.constant(' ')), { maxLength: 10 }), (parts) => {
        const s = parts.join('');
        expect(cleanText(s)).toBe(s);
      }),
    );
  });

  it('keeps Arabic text with tashkeel canonically equivalent to what was sent', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(arabicLetter, noise, fc.constant(' ')), { maxLength: 30 }), (chars) => {
        const s = chars.join('');
        expect(cleanText(s).normalize('NFD')).toBe(s.normalize('NFD'));
        expect(fold(cleanText(s))).toBe(fold(s));
      }),
    );
  });

  it('strips controls inserted anywhere in Arabic, Latin or mixed text, and nothing else', () => {
    fc.assert(
      fc.property(mixedText, fc.array(fc.tuple(fc.nat(), unsafeChar), { maxLength: 8 }), (s, inserts) => {
        const chars = [...s];
        for (const [at, c] of inserts) chars.splice(at % (chars.length + 1), 0, c);
        expect(cleanText(chars.join(''))).toBe(s);
      }),
    );
  });

  it('never returns a control character or bidi override, whatever it is given', () => {
    const unsafe = new Set(UNSAFE);
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (s) => {
        const c = cleanText(s);
        const left = [...c].filter((ch) => unsafe.has(ch));
        expect(hex(left.join('')), `cleanText(${JSON.stringify(s)}) = ${JSON.stringify(c)}`).toEqual([]);
        const count = (t: string, ch: string) => t.split(ch).length - 1;
        expect(count(c, '\n')).toBe(count(s, '\n'));
        expect(count(c, '\t')).toBe(count(s, '\t'));
      }),
      { numRuns: 2000 },
    );
  });

  // The doc comment promises "NFC, without control characters". Normalising before the
  // controls are removed lets a control that separated a letter from its combining mark
  // leave an un-normalised pair behind.
  it('returns NFC text even when a removed control separated a letter from its mark', () => {
    const c = cleanText('ا\u0000\u0654');
    expect(hex(c)).toEqual(hex('أ'));
    expect(cleanText('e\u202E\u0301')).toBe('é');
  });

  it('is idempotent', () => {
    const once = cleanText('ا\u0007\u0653');
    expect(hex(cleanText(once))).toEqual(hex(once));
    fc.assert(
      fc.property(
        fc.array(fc.oneof(arabicLetter, noise, unsafeChar, fc.constantFrom('e', '\u0301', ' ')), {
          maxLength: 20,
        }),
        (chars) => {
          const first = cleanText(chars.join(''));
          expect(hex(cleanText(first))).toEqual(hex(first));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

/**
 * What client text may not hold (domain/text.ts): it is refused, not silently cleaned, when
 * it holds a control character, a line or paragraph separator, or a bidi
 * embedding/override/isolate.
 * Single-line fields (names, titles, roles, headlines, venue…) refuse every line break;
 * multi-line fields (bio, description, summary, comment body…) accept LF (CRLF arrives as LF).
 */
describe('singleLine and multiLine', () => {
  const one = singleLine(1, 200);
  const many = multiLine(0, 2000);
  const ok = (s: z.ZodMiniType, v: string) => s.safeParse(v);
  /** Refused everywhere: C0 (but LF) and C1 controls, separators, bidi controls, BOM, annotations. */
  const REFUSED = [
    ...cp(0x00, 0x09),
    ...cp(0x0b, 0x1f),
    ...cp(0x7f, 0x9f),
    '\u2028',
    '\u2029',
    ...cp(0x202a, 0x202e),
    ...cp(0x2066, 0x206f),
    '\uFEFF',
    ...cp(0xfff9, 0xfffb),
    '\uD800',
    '\uDFFF',
  ];
  /** Invisible characters that stay: direction marks, joiners, word joiner, soft hyphen. */
  const ALLOWED_INVISIBLE = ['\u200B', '\u200C', '\u200D', '\u200E', '\u200F', '\u061C', '\u2060', '\u00AD'];
  const refusedChar = fc.constantFrom(...REFUSED);
  /** Arabic words with tashkeel and tatweel, Latin, digits, allowed invisibles. */
  const goodText = fc
    .array(
      fc.oneof(
        arabicLetter,
        noise,
        fc.constantFrom(...ALLOWED_INVISIBLE),
        fc.stringMatching(/^[A-Za-z0-9]{1,6}$/),
        fc.constantFrom(' ', '-', '،', '🌴', '👩🏽‍💻', '🇴🇲'),
      ),
      { minLength: 1, maxLength: 30 },
    )
    .map((a) => `ب${a.join('')}ت`);

  it('refuses a line break or tab inside a single-line field, and the bidi controls that spoof', () => {
    for (const bad of [
      'Ahmed\nAli',
      'Ahmed\r\nAli',
      'Ahmed\rAli',
      'Ahmed\tAli',
      'Ahmed\u2028Ali',
      '\u202Eحمد',
    ])
      expect(ok(one, bad).success, hex(bad).join(' ')).toBe(false);
    expect(ok(one, 'Ahmed\u0000').success).toBe(false);
    expect(ok(one, 'a\u2067b\u2069').success).toBe(false);
  });

  it('accepts LF inside a multi-line field, turns CRLF into LF, and refuses every other control', () => {
    expect(ok(many, 'line 1\nline 2\n\nline 4').data).toBe('line 1\nline 2\n\nline 4');
    expect(ok(many, 'line 1\r\nline 2').data).toBe('line 1\nline 2');
    for (const bad of ['a\rb', 'a\tb', 'a\u0007b', 'a\u2029b', 'a\u202Db', 'a\u0085b'])
      expect(ok(many, bad).success, hex(bad).join(' ')).toBe(false);
  });

  it('names the refused character in its message', () => {
    const r = one.safeParse('Ahmed\nAli');
    expect(r.error?.issues.map((i) => i.message).join()).toContain('U+000A');
  });

  it('trims white space at both ends first: a trailing newline is not an error', () => {
    expect(ok(one, '  أحمد البلوشي \n').data).toBe('أحمد البلوشي');
    expect(ok(many, '\r\n نص \n').data).toBe('نص');
  });

  it('always accepts Arabic with tashkeel and tatweel, RLM/LRM/ALM, joiners and emoji, as NFC', () => {
    fc.assert(
      fc.property(goodText, (s) => {
        expect(ok(one, s).data, hex(s).join(' ')).toBe(s.normalize('NFC'));
        expect(ok(many, s).data, hex(s).join(' ')).toBe(s.normalize('NFC'));
        expect(ok(many, `${s}\n${s}`).data).toBe(`${s}\n${s}`.normalize('NFC'));
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses any text with a refused character inside, whatever surrounds it', () => {
    fc.assert(
      fc.property(goodText, fc.nat(), refusedChar, (s, at, c) => {
        const chars = [...s];
        chars.splice(1 + (at % (chars.length - 1)), 0, c);
        const bad = chars.join('');
        expect(ok(one, bad).success, hex(bad).join(' ')).toBe(false);
        expect(ok(many, bad).success, hex(bad).join(' ')).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('never lets a control, separator or bidi control through, whatever it is given', () => {
    const refused = new Set(REFUSED);
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (s) => {
        for (const [schema, lf] of [
          [one, false],
          [many, true],
        ] as const) {
          const r = schema.safeParse(s);
          if (!r.success) continue;
          const left = [...r.data].filter((ch) => refused.has(ch) || (!lf && ch === '\n'));
          expect(hex(left.join('')), JSON.stringify(s)).toEqual([]);
          expect(r.data.isWellFormed()).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('counts length in characters after trimming, as before', () => {
    expect(singleLine(2, 3).safeParse(' ab ').success).toBe(true);
    expect(singleLine(2, 3).safeParse('a').success).toBe(false);
    expect(singleLine(2, 3).safeParse('abcd').success).toBe(false);
  });
});

describe('TEXT_PATTERN: the rule as the OpenAPI document states it', () => {
  it('refuses exactly what refusedCharacters finds, in any well-formed text', () => {
    const single = new RegExp(TEXT_PATTERN.singleLine, 'u');
    const multi = new RegExp(TEXT_PATTERN.multiLine, 'u');
    fc.assert(
      // Lone surrogates are refused too, but a JSON Schema pattern cannot say so (see text.ts).
      fc.property(
        fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => s.isWellFormed()),
        (s) => {
          expect(single.test(s), JSON.stringify(s)).toBe(refusedCharacters(s, false).length === 0);
          expect(multi.test(s), JSON.stringify(s)).toBe(refusedCharacters(s, true).length === 0);
        },
      ),
      { numRuns: 3000 },
    );
    expect(single.test('أَحْمَد\u200F البلوشي')).toBe(true);
    expect(multi.test('a\nb')).toBe(true);
    expect(single.test('a\nb')).toBe(false);
  });
});

describe('sortName: the folded name cut to SORT_NAME_BYTES of UTF-8, on a character boundary', () => {
  const utf8 = (s: string) => new TextEncoder().encode(s).length;

  it.each([
    ['1-byte', 'a', 200],
    ['2-byte (U+0080)', '\u0080', 100],
    ['2-byte (U+07FF)', '\u07FF', 100],
    ['3-byte (U+0800)', '\u0800', 66],
    ['3-byte (U+FFFD)', '\uFFFD', 66],
    ['4-byte (U+10000)', '\u{10000}', 50],
    ['4-byte', '\u{1F600}', 50],
  ])('%s characters', (_, ch, kept) => {
    const name = sortName(ch.repeat(300));
    expect([...name]).toHaveLength(kept);
    expect(utf8(name)).toBeLessThanOrEqual(SORT_NAME_BYTES);
  });

  it('keeps a name of exactly the limit whole, and a short name as folded', () => {
    expect(sortName('a'.repeat(SORT_NAME_BYTES))).toBe('a'.repeat(SORT_NAME_BYTES));
    expect(sortName('a'.repeat(SORT_NAME_BYTES + 1))).toBe('a'.repeat(SORT_NAME_BYTES));
    expect(sortName('  Aḥmad  ')).toBe('ahmad');
  });
});
