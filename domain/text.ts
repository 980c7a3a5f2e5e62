/**
 * Text rules shared by every entity: cleaning what clients send, and the folding used to
 * match names (api-contract.md §4): Latin case, Arabic tashkeel and tatweel are ignored,
 * أ إ آ ٱ match ا, ة matches ه, ى matches ي.
 */

// C0/C1 controls except tab and newline, plus the bidi overrides that can spoof text direction.
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
const UNSAFE_CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/** What we store of a client's text: NFC, without control characters; Arabic left intact. */
// Controls go first: removing one between a letter and its mark could otherwise leave non-NFC text.
export const cleanText = (s: string): string => s.replace(UNSAFE_CONTROLS, '').normalize('NFC');

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
