/**
 * Text rules (api-contract.md §1 and §4): `cleanText` is what we store of a client's text,
 * `fold` is what name matching compares, `words` splits a folded string into its words.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanText, fold, words } from '../../domain/text.ts';

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
