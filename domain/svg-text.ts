/**
 * Text in SVG that every renderer draws alike (the share card, the certificates): lines
 * broken and sizes shrunk by the width the real font measures, Arabic laid out right to left
 * piece by piece, XML escaped. Pure: the font is a port (CardFont).
 */

/** Characters XML 1.0 does not allow anywhere (controls, lone surrogates, U+FFFE, U+FFFF). */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export const escapeXml = (s: string): string =>
  s
    .replace(NOT_XML, '')
    .replace(
      /[<>&'"]/g,
      (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c,
    );

/**
 * The typeface the card is set in, behind a port so this module stays pure: the functions
 * layer measures with the real font file (the one it embeds and renders with), so the line
 * breaks here are the ones a viewer sees; `css` embeds that font in the SVG (@font-face).
 */
export interface CardFont {
  /** The font-family named first on every line. */
  family: string;
  /** Width in px of `text` set at `size` px in `weight`, as the renderer shapes it. */
  measure: (text: string, size: number, weight: 400 | 700) => number;
  /** @font-face rules for the SVG's <style>, or '' to rely on the viewer's fonts. */
  css: string;
}

const MARK = /\p{M}|[\u200B-\u200F\u202A-\u202E\u2066-\u2069]/u;
const WIDE =
  /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\u{1F000}-\u{1FAFF}]/u;

/**
 * A cautious guess at widths, for when no font is at hand (unit tests of the text): wider
 * than most fonts set these characters, so a guessed layout errs towards shorter lines.
 */
export const estimatedFont: CardFont = {
  family: 'sans-serif',
  css: '',
  measure: (text, size, weight) => {
    let em = 0;
    for (const c of text)
      em += MARK.test(c) ? 0 : c === ' ' ? 0.3 : WIDE.test(c) ? 1.05 : /[A-Z0-9MWmw@%]/.test(c) ? 0.75 : 0.6;
    return em * size * (weight === 700 ? 1.06 : 1);
  },
};

type Fit = (s: string) => boolean;

/** Cuts `s` (at code points) to the longest start that, with '…', still fits. */
const ellipsize = (s: string, fits: Fit): string => {
  if (fits(s)) return s;
  const chars = [...s];
  for (let n = chars.length - 1; n > 0; n--) {
    const cut = `${chars.slice(0, n).join('').trimEnd()}…`;
    if (fits(cut)) return cut;
  }
  return '…';
};

/** Splits a piece too wide for a line into pieces that fit, at code points. */
const breakWord = (word: string, fits: Fit): string[] => {
  if (fits(word)) return [word];
  const pieces: string[] = [];
  let piece = '';
  for (const c of word) {
    if (piece && !MARK.test(c) && !fits(piece + c)) {
      pieces.push(piece);
      piece = c;
    } else piece += c;
  }
  return piece ? [...pieces, piece] : pieces;
};

/**
 * A headline's pieces: its words, and a long word's parts after a hyphen, slash or
 * underscore (a line may end there), then cut to the line where nothing else would do.
 * `space` says whether a space goes before the piece when it shares a line.
 */
const piecesOf = (s: string, fits: Fit): { text: string; space: boolean }[] =>
  s
    .split(/\s+/)
    .filter(Boolean)
    .flatMap((word) =>
      (fits(word) ? [word] : (word.match(/[^-/_]*(?:[-/_]+|$)/g) ?? []).filter(Boolean))
        .flatMap((part) => breakWord(part, fits))
        .map((text, i) => ({ text, space: i === 0 })),
    );

/** Greedy line breaking by measured width; `undefined` when it takes more than `maxLines`. */
const wrapWidth = (s: string, fits: Fit, maxLines: number): string[] | undefined => {
  const out: string[] = [];
  let line = '';
  for (const { text, space } of piecesOf(s, fits)) {
    const joined = line && space ? `${line} ${text}` : line + text;
    if (line && !fits(joined)) {
      out.push(line);
      line = text;
      if (out.length >= maxLines) return undefined;
    } else line = joined;
  }
  if (line) out.push(line);
  return out;
};

/**
 * Sets `s` in at most `maxLines` lines of `width` px: at the largest size from `sizes` at
 * which it fits, or at the smallest with the last line cut short ('…').
 */
export const fitText = (
  s: string,
  opts: { font: CardFont; width: number; maxLines: number; sizes: readonly number[]; weight: 400 | 700 },
): { size: number; lines: string[] } => {
  const fitsAt =
    (size: number): Fit =>
    (t) =>
      opts.font.measure(t, size, opts.weight) <= opts.width;
  for (const size of opts.sizes) {
    const lines = wrapWidth(s, fitsAt(size), opts.maxLines);
    if (lines) return { size, lines };
  }
  const size = opts.sizes.at(-1) ?? 16;
  const fits = fitsAt(size);
  const all = wrapWidth(s, fits, Number.MAX_SAFE_INTEGER) ?? [];
  const kept = all.slice(0, opts.maxLines);
  if (all.length > opts.maxLines)
    kept[opts.maxLines - 1] = ellipsize(
      `${kept[opts.maxLines - 1]} ${all.slice(opts.maxLines).join(' ')}`,
      fits,
    );
  return { size, lines: kept };
};

/** Font sizes from `max` down to `min`, 2 px apart. */
export const sizesFrom = (max: number, min: number): number[] =>
  Array.from({ length: Math.floor((max - min) / 2) + 1 }, (_, i) => max - i * 2);

/**
 * A right-to-left line cut into pieces of one direction each, in logical order, which the
 * card lays out itself from the right margin leftwards. Renderers disagree on `direction`
 * (resvg ignores it, browsers honour it) and the answer may not carry bidi controls
 * (U+202A–U+202E, U+2066–U+2069), so no renderer is left to order a mixed line:
 *  - letters of right-to-left scripts are R, other letters L;
 *  - digits take the direction of the letter before them (at the line's start they are a
 *    left-to-right number of their own: a renderer reading the line left to right would
 *    otherwise put them on the wrong side), unless a Latin letter follows them with no space
 *    ("5G", "01JD…": one word); a hyphen, slash or underscore right after an L is L too (a
 *    long word broken there keeps its mark);
 *  - other characters between two letters of one direction take it; those between two
 *    directions, or at either end, are pieces of their own (N), shown in right-to-left order
 *    with brackets mirrored.
 * Each piece is then drawn alone and is the same in every renderer: an R piece has no L
 * letters, an L piece no R letters, and neither starts or ends in a neutral.
 */
export type Piece = { text: string; dir: 'R' | 'L' | 'N' };

const RTL_LETTER =
  /[\p{Script_Extensions=Arabic}\p{Script_Extensions=Hebrew}\p{Script_Extensions=Syriac}\p{Script_Extensions=Thaana}\p{Script_Extensions=Nko}]/u;
const MIRROR: Record<string, string> = {
  '(': ')',
  ')': '(',
  '[': ']',
  ']': '[',
  '{': '}',
  '}': '{',
  '<': '>',
  '>': '<',
  '«': '»',
  '»': '«',
};

export const rtlPieces = (line: string): Piece[] => {
  const chars = [...line];
  const dirs: ('R' | 'L' | undefined)[] = [];
  // Digits before any letter are a number of their own, left to right.
  let lastStrong: 'R' | 'L' = 'L';
  for (const [i, c] of chars.entries()) {
    if (/\p{L}/u.test(c)) dirs[i] = lastStrong = RTL_LETTER.test(c) ? 'R' : 'L';
    else if (/\p{M}/u.test(c)) dirs[i] = dirs[i - 1];
    else if (/\p{N}/u.test(c)) dirs[i] = lastStrong;
    else if (/[-/_]/.test(c) && dirs[i - 1] === 'L') dirs[i] = 'L';
  }
  // Digits joined to a Latin letter after them are part of its word ("5G", an id "01JD…").
  for (let i = chars.length - 2; i >= 0; i--)
    if (/\p{N}/u.test(chars[i] ?? '') && dirs[i + 1] === 'L' && /[\p{L}\p{N}]/u.test(chars[i + 1] ?? ''))
      dirs[i] = 'L';
  // Neutrals between two characters of one direction take it.
  for (let i = 0; i < chars.length; ) {
    if (dirs[i] !== undefined) {
      i++;
      continue;
    }
    let j = i;
    while (j < chars.length && dirs[j] === undefined) j++;
    const before = dirs[i - 1];
    if (before !== undefined && before === dirs[j]) for (let k = i; k < j; k++) dirs[k] = before;
    i = j;
  }
  // A bracket pair takes the direction of whichever side has one: "(IoT)" after Latin
  // stays one Latin piece (the Unicode bidi rules' bracket pairs, N0, in short).
  const open: number[] = [];
  for (const [i, c] of chars.entries()) {
    if ('([{«'.includes(c)) open.push(i);
    else if (')]}»'.includes(c) && open.length) {
      const o = open.pop() ?? 0;
      dirs[i] ??= dirs[o];
      dirs[o] ??= dirs[i];
    }
  }
  const pieces: Piece[] = [];
  for (const [i, c] of chars.entries()) {
    const dir = dirs[i] ?? 'N';
    const last = pieces.at(-1);
    if (last && last.dir === dir) last.text += c;
    else pieces.push({ text: c, dir });
  }
  return pieces.map((p) =>
    p.dir === 'N'
      ? {
          ...p,
          text: [...p.text]
            .reverse()
            .map((c) => MIRROR[c] ?? c)
            .join(''),
        }
      : p,
  );
};

/**
 * Lines of text for an SVG set in `font` between `left` and `right`: `setText` fits a text,
 * `rtl` lays an Arabic line out from a right edge leftwards, piece by piece (rtlPieces), each
 * centred on its measured middle (`text-anchor="middle"` means the same in both directions,
 * where "start" flips with `direction` and resvg does not flip it); `ltr` starts a line at a
 * left edge; `centre` centres a line of one direction.
 */
export const svgText = (font: CardFont, box: { left: number; right: number }) => {
  const family = [
    ...new Set([
      font.family,
      "'Noto Naskh Arabic'",
      "'Noto Sans Arabic'",
      "'Noto Sans'",
      "'DejaVu Sans'",
      'sans-serif',
    ]),
  ].join(',');
  const setText = (
    s: string,
    max: number,
    min: number,
    weight: 400 | 700,
    width = box.right - box.left,
    maxLines = 3,
  ) => fitText(s, { font, width, maxLines, sizes: sizesFrom(max, min), weight });
  const rtl = (
    t: string,
    y: number,
    size: number,
    weight: 400 | 700,
    fill: string,
    right: number = box.right,
  ): string[] => {
    let cursor = right;
    const out: string[] = [];
    for (const piece of rtlPieces(t)) {
      const width = font.measure(piece.text, size, weight);
      if (piece.text.trim())
        out.push(
          `<text x="${(cursor - width / 2).toFixed(1)}" y="${y}" font-size="${size}"${piece.dir === 'R' ? ' direction="rtl"' : ''} text-anchor="middle" font-family="${family}" font-weight="${weight}" fill="${fill}">${escapeXml(piece.text)}</text>`,
        );
      cursor -= width;
    }
    return out;
  };
  const ltr = (
    t: string,
    y: number,
    size: number,
    weight: 400 | 700,
    fill: string,
    left: number = box.left,
  ) =>
    `<text x="${left}" y="${y}" font-size="${size}" text-anchor="start" font-family="${family}" font-weight="${weight}" fill="${fill}">${escapeXml(t)}</text>`;
  /** A line centred on `x`: an Arabic one laid out from its right edge, so it keeps its order. */
  const centre = (
    t: string,
    x: number,
    y: number,
    size: number,
    weight: 400 | 700,
    fill: string,
  ): string[] => {
    const width = font.measure(t, size, weight);
    return /\p{Script_Extensions=Arabic}/u.test(t)
      ? rtl(t, y, size, weight, fill, x + width / 2)
      : [ltr(t, y, size, weight, fill, x - width / 2)];
  };
  return { family, setText, rtl, ltr, centre };
};
