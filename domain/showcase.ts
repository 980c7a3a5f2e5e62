/**
 * The showcase (docs/api-contract.md §9): featured projects, ready-to-post texts for social
 * media in Arabic and English, and a 1200×630 share card. Nothing here carries an email
 * or a phone number: it is built from the idea and the city only.
 */
import * as z from 'zod/mini';
import type { Idea } from './ideas.ts';
import { ambassadorsAr, ambassadorsEn } from './plural.ts';
import { findGovernorate, findWilayat, governorateOf } from './regions.ts';
import { singleLine } from './schema-kit.ts';

export const featureSchema = z.strictObject({
  headlineAr: singleLine(1, 140),
  headlineEn: singleLine(1, 140),
});
export type FeatureInput = z.infer<typeof featureSchema>;

/** The most a post may hold (X/Twitter's limit, the strictest of the platforms used). */
export const POST_LIMIT = 280;
export const PROGRAMME_TAGS = { en: '#SmartCityAmbassadors', ar: '#سفراء_المدن_الذكية' } as const;

const tagOf = (name: string, lang: 'ar' | 'en'): string =>
  `#${
    lang === 'en'
      ? name.replace(/[^\p{L}\p{N}]+/gu, '')
      : name
          .trim()
          .replace(/\s+/g, '_')
          .replace(/[^\p{L}\p{N}_]/gu, '')
  }`;

/** Cuts `s` to `max` characters (code points, so no emoji or Arabic letter is split). */
const clip = (s: string, max: number): string => {
  const chars = [...s];
  return chars.length <= max
    ? s
    : `${chars
        .slice(0, Math.max(0, max - 1))
        .join('')
        .trimEnd()}…`;
};

export interface ShowcaseItem {
  id: string;
  title: string;
  headlineAr: string;
  headlineEn: string;
  city: { id: string; en: string; ar: string; governorate?: string | undefined };
  teamSize: number;
  members: number;
  status: Idea['status'];
  featuredAt: string;
  post: { ar: string; en: string };
}

/** A post: headline, city and team, then hashtags naming the programme and the city. */
export const postText = (idea: Idea, lang: 'ar' | 'en'): string => {
  const city = findWilayat(idea.city);
  const governorate = findGovernorate(governorateOf(idea.city) ?? '');
  const cityName = city?.[lang] ?? idea.city;
  const headline = idea.featured
    ? lang === 'ar'
      ? idea.featured.headlineAr
      : idea.featured.headlineEn
    : idea.title;
  const status =
    lang === 'ar'
      ? idea.status === 'completed'
        ? 'مشروع مكتمل'
        : 'مشروع قيد التنفيذ'
      : idea.status === 'completed'
        ? 'Completed project'
        : 'Project in progress';
  const team =
    lang === 'ar'
      ? `فريق من ${ambassadorsAr(idea.memberCount)}`
      : `a team of ${ambassadorsEn(idea.memberCount)}`;
  const place = lang === 'ar' ? `في ${cityName}` : `in ${cityName}`;
  const tags = [
    PROGRAMME_TAGS[lang],
    tagOf(cityName, lang),
    ...(governorate && governorate[lang] !== cityName ? [tagOf(governorate[lang], lang)] : []),
  ].join(' ');
  const body = `${status} ${place} · ${team}`;
  // The headline gives way first: tags and facts always fit.
  const room = POST_LIMIT - [...body].length - [...tags].length - 4;
  return `${clip(headline, room)}\n${body}\n${tags}`;
};

export const showcaseItem = (idea: Idea): ShowcaseItem => {
  const city = findWilayat(idea.city);
  return {
    id: idea.id,
    title: idea.title,
    headlineAr: idea.featured?.headlineAr ?? idea.title,
    headlineEn: idea.featured?.headlineEn ?? idea.title,
    city: {
      id: idea.city,
      en: city?.en ?? idea.city,
      ar: city?.ar ?? idea.city,
      governorate: governorateOf(idea.city),
    },
    teamSize: idea.teamSize,
    members: idea.memberCount,
    status: idea.status,
    featuredAt: idea.featured?.featuredAt ?? idea.updatedAt,
    post: { ar: postText(idea, 'ar'), en: postText(idea, 'en') },
  };
};

/** Characters XML 1.0 does not allow anywhere (controls, lone surrogates, U+FFFE, U+FFFF). */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const escapeXml = (s: string): string =>
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

/** The card's geometry: text stays between the margins, above the footer band. */
export const CARD = { width: 1200, height: 630, left: 80, right: 1120, footerTop: 560 } as const;
const TEXT_WIDTH = CARD.right - CARD.left;
// In the 70-px footer band, high enough that Arabic descenders (ي، ع: about a third of an em)
// stay 20 px clear of the card's bottom edge.
const FOOTER_BASELINE = 596;

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
const sizesFrom = (max: number, min: number): number[] =>
  Array.from({ length: Math.floor((max - min) / 2) + 1 }, (_, i) => max - i * 2);

/**
 * A right-to-left line cut into pieces of one direction each, in logical order, which the
 * card lays out itself from the right margin leftwards. Renderers disagree on `direction`
 * (resvg ignores it, browsers honour it) and the answer may not carry bidi controls
 * (U+202A–U+202E, U+2066–U+2069), so no renderer is left to order a mixed line:
 *  - letters of right-to-left scripts are R, other letters L;
 *  - digits take the direction of the letter before them (at the line's start they are a
 *    left-to-right number of their own: a renderer reading the line left to right would
 *    otherwise put them on the wrong side), and so does a hyphen, slash or underscore right
 *    after an L (a long word broken there keeps its mark);
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
 * The share card: 1200×630 SVG, Arabic headline right-aligned and laid out right-to-left,
 * English below it left-to-right, then the city and the team. Lines are broken, and sizes
 * shrunk, by the width `font` measures, so nothing runs past the 80-px margins; Arabic
 * lines are laid out from the right margin in pieces of one direction (rtlPieces), each
 * centred on its measured middle (`text-anchor="middle"` means the same in both
 * directions, where "start" flips with `direction` and resvg does not flip it).
 */
export const shareCardSvg = (item: ShowcaseItem, font: CardFont = estimatedFont): string => {
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
    width = TEXT_WIDTH,
    maxLines = 3,
  ) => fitText(s, { font, width, maxLines, sizes: sizesFrom(max, min), weight });
  // An Arabic line, from `right` leftwards, piece by piece (rtlPieces); each piece centred
  // on its measured middle, as `text-anchor="middle"` means the same in both directions.
  const rtl = (
    t: string,
    y: number,
    size: number,
    weight: 400 | 700,
    fill: string,
    right: number = CARD.right,
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
  const ltr = (t: string, y: number, size: number, weight: 400 | 700, fill: string) =>
    `<text x="${CARD.left}" y="${y}" font-size="${size}" text-anchor="start" font-family="${family}" font-weight="${weight}" fill="${fill}">${escapeXml(t)}</text>`;

  const ar = setText(item.headlineAr, 56, 40, 700);
  const arStep = Math.round(ar.size * 1.3);
  const arLines = ar.lines.flatMap((t, i) => rtl(t, 130 + ar.size + i * arStep, ar.size, 700, '#ffffff'));
  const arBottom = 130 + ar.size + (ar.lines.length - 1) * arStep;
  const en = setText(item.headlineEn, 38, 28, 400);
  const enStep = Math.round(en.size * 1.3);
  const enLines = en.lines.map((t, i) =>
    ltr(t, arBottom + Math.round(ar.size * 0.6) + en.size + i * enStep, en.size, 400, '#d8f3ee'),
  );

  const status =
    item.status === 'completed'
      ? { ar: 'مشروع مكتمل', en: 'Completed' }
      : { ar: 'قيد التنفيذ', en: 'In progress' };
  // The footer: both languages on one baseline, at the largest size at which both fit
  // side by side; failing that each keeps to its half, cut short at the smallest size.
  const footer = {
    ar: `${item.city.ar} · ${status.ar} · فريق من ${ambassadorsAr(item.members)}`,
    en: `${item.city.en} · ${status.en} · Team of ${item.members}/${item.teamSize}`,
  };
  const GUTTER = 40;
  const footSize = sizesFrom(28, 20).find(
    (size) => font.measure(footer.ar, size, 400) + font.measure(footer.en, size, 400) + GUTTER <= TEXT_WIDTH,
  );
  const half = (TEXT_WIDTH - GUTTER) / 2;
  const foot = (t: string) => (footSize ? { size: footSize, lines: [t] } : setText(t, 20, 20, 400, half, 1));
  const footAr = foot(footer.ar);
  const footEn = foot(footer.en);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" viewBox="0 0 1200 630" role="img"',
    ` aria-label="${escapeXml(`${item.headlineEn} — ${item.city.en}`)}">`,
    ...(font.css ? [`<style>${font.css}</style>`] : []),
    '<defs><linearGradient id="bg" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#0b4f6c"/><stop offset="1" stop-color="#01a087"/></linearGradient></defs>',
    '<rect width="1200" height="630" fill="url(#bg)"/>',
    '<rect x="0" y="560" width="1200" height="70" fill="#00000033"/>',
    ...rtl('سفراء المدن الذكية', 90, 34, 400, '#ffe08a'),
    ltr('Smart City Ambassadors', 90, 30, 700, '#ffe08a'),
    ...arLines,
    ...enLines,
    ...footAr.lines.flatMap((t) => rtl(t, FOOTER_BASELINE, footAr.size, 400, '#ffffff')),
    ...footEn.lines.map((t) => ltr(t, FOOTER_BASELINE, footEn.size, 400, '#ffffff')),
    '</svg>',
  ].join('\n');
};
