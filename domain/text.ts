/**
 * Text rules shared by every entity: cleaning what clients send, and the folding used to
 * match names (docs/api-contract.md §4): Latin case, Arabic tashkeel and tatweel are ignored,
 * أ إ آ ٱ match ا, ة matches ه, ى matches ي.
 */

// C0/C1 controls except tab and newline, plus the bidi overrides that can spoof text direction.
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
const UNSAFE_CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/**
 * Text without control characters, NFC; Arabic left intact. Request schemas no longer use it:
 * they refuse such text (singleLine/multiLine in schema-kit.ts, REFUSED below); it remains for
 * text that does not come from a request.
 */
// Controls go first: removing one between a letter and its mark could otherwise leave non-NFC text.
export const cleanText = (s: string): string => s.replace(UNSAFE_CONTROLS, '').normalize('NFC');

/**
 * What client text may not hold: refused with 400, never silently removed.
 * - C0 and C1 controls: everywhere but LF, and LF only in multi-line fields;
 * - the line and paragraph separators U+2028/U+2029 (a line break by another name);
 * - bidi embeddings, overrides and isolates U+202A–U+202E, U+2066–U+2069: they reorder a
 *   whole run up to their pop, so a name or title can show other text than it holds;
 *   U+206A–U+206F, deprecated controls of shaping and digit forms, for the same reason;
 * - U+FEFF (a byte order mark inside text) and the interlinear annotation controls
 *   U+FFF9–U+FFFB, which hide text from display;
 * - lone surrogates (not Unicode text: DynamoDB refuses them as UTF-8).
 * Invisible characters that stay, because real Arabic, Persian and emoji text needs them and
 * none reorders more than the neutral characters next to it: RLM U+200F, LRM U+200E, ALM
 * U+061C, ZWNJ U+200C, ZWJ U+200D, ZWSP U+200B, word joiner U+2060, soft hyphen U+00AD, and
 * variation selectors. `fold` drops them for matching, so they cannot make a name unfindable.
 */
// As a regex class body. LF is not in it: multi-line fields accept LF, single-line ones add it.
const REFUSED_CLASS =
  '\\u0000-\\u0009\\u000B-\\u001F\\u007F-\\u009F\\u2028\\u2029\\u202A-\\u202E\\u2066-\\u206F\\uFEFF\\uFFF9-\\uFFFB';
// In a `u` regex a surrogate pair is one code point, so \uD800-\uDFFF finds lone surrogates only.
const REFUSED = new RegExp(`[${REFUSED_CLASS}\\uD800-\\uDFFF]`, 'gu');

/**
 * The same rule as JSON Schema patterns, for the OpenAPI document: a generated client can
 * check text before sending it. (Lone surrogates cannot be said in a pattern; they are also refused.)
 */
export const TEXT_PATTERN = {
  singleLine: `^[^\\u000A${REFUSED_CLASS}]*$`,
  multiLine: `^[^${REFUSED_CLASS}]*$`,
} as const;

const codePoint = (c: string) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * The characters of `s` a text field refuses, as `U+XXXX`, each once: see REFUSED; LF is
 * refused too unless the field is multi-line.
 */
export const refusedCharacters = (s: string, multiLine: boolean): string[] => {
  const found = new Set<string>();
  for (const m of s.matchAll(REFUSED)) found.add(codePoint(m[0]));
  if (!multiLine && s.includes('\n')) found.add('U+000A');
  return [...found];
};

/**
 * Characters that show nothing by themselves: white space, default-ignorable code points
 * (zero-width spaces and joiners, direction marks, soft hyphen, variation selectors, tag
 * characters, Hangul fillers), combining marks, tatweel and the blank Braille pattern. Text may
 * hold them, but not only them: a title made of them passes every length rule and shows blank.
 */
const INVISIBLE = /[\s\p{Default_Ignorable_Code_Point}\p{M}\u0640\u2800]/gu;

/** The characters of `s` that show something. */
export const visibleText = (s: string): string => s.replace(INVISIBLE, '');

/** Line ends as multi-line fields store them: CRLF (Windows clients) becomes LF; a lone CR stays, to be refused. */
export const unixLines = (s: string): string => s.replace(/\r\n/g, '\n');

const ARABIC_LETTER_VARIANTS: Record<string, string> = {
  ٱ: 'ا', // alef wasla (no canonical decomposition, so map it by hand)
  ة: 'ه',
  ى: 'ي',
};

/**
 * Folds a string for matching and sorting. NFKD splits أ إ آ into ا plus a combining hamza
 * or madda, and Latin accents into base letter plus mark; removing every combining mark then
 * drops those, the tashkeel and Latin diacritics alike. Format characters (zero-width joiners,
 * direction marks) and tatweel are removed; white space collapses to one space.
 */
export const fold = (s: string): string =>
  s
    .normalize('NFKD')
    .replace(/[\p{M}\p{Cf}\u0640]/gu, '')
    .replace(/[ٱةى]/g, (c) => ARABIC_LETTER_VARIANTS[c] ?? c)
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();

/** The distinct words of a folded string, in order: runs of letters and digits. */
export const words = (folded: string): string[] => [
  ...new Set(folded.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0)),
];

/** How much of a folded name a sort key keeps: DynamoDB caps sort keys at 1024 bytes. */
export const SORT_NAME_BYTES = 200;

/**
 * The folded name as sort keys carry it: cut to SORT_NAME_BYTES of UTF-8 on a character
 * boundary (NFKD can expand one character, such as U+FDFA, into many). The id that follows
 * it in every key still tells names apart.
 */
export const sortName = (name: string): string => {
  let out = '';
  let bytes = 0;
  for (const ch of fold(name)) {
    const cp = ch.codePointAt(0) ?? 0;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (bytes > SORT_NAME_BYTES) break;
    out += ch;
  }
  return out;
};
