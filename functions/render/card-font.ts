/**
 * The share card's typeface: Cairo (SIL Open Font License 1.1), one family that sets Arabic
 * and Latin alike, shipped from npm as TTF (@expo-google-fonts/cairo). The same files are
 * measured here (fontkit, so line breaks follow the real glyph widths), embedded in the SVG
 * (@font-face data URLs, so every viewer draws the card in it) and handed to resvg for the
 * PNG: the card looks the same everywhere and nothing runs off it.
 *
 * The files are read from the package at cold start (require.resolve): the Lambda bundle
 * ships the package in its node_modules (infra/constructs/bundling.ts, RENDERING_ENTRIES).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import type { CardFont } from '#domain/showcase.ts';

const require = createRequire(import.meta.url);

const FILES = {
  400: '@expo-google-fonts/cairo/400Regular/Cairo_400Regular.ttf',
  700: '@expo-google-fonts/cairo/700Bold/Cairo_700Bold.ttf',
} as const;

export type Weight = keyof typeof FILES;

/** The TTF files, as bytes (resvg takes them as they are). */
export const fontFiles: Record<Weight, Buffer> = {
  400: readFileSync(require.resolve(FILES[400])),
  700: readFileSync(require.resolve(FILES[700])),
};

const faces = {
  400: fontkit.create(fontFiles[400]),
  700: fontkit.create(fontFiles[700]),
} as Record<Weight, fontkit.Font>;

// Arabic letters with the spaces and marks between them form one run, shaped as Arabic
// (joined forms are narrower than isolated ones); anything else is shaped on its own.
const RUNS =
  /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF][\s\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]*|[^\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]+/gu;

const widths = new Map<string, number>();

/** Advance width in font units (shaped, kerned), remembered: wrapping asks again and again. */
const unitsOf = (text: string, weight: Weight): number => {
  const key = `${weight}|${text}`;
  let w = widths.get(key);
  if (w === undefined) {
    w = 0;
    for (const run of text.match(RUNS) ?? []) w += faces[weight].layout(run).advanceWidth;
    if (widths.size > 10_000) widths.clear();
    widths.set(key, w);
  }
  return w;
};

const dataUrl = (weight: Weight) => `url(data:font/ttf;base64,${fontFiles[weight].toString('base64')})`;

export const cardFont: CardFont = {
  family: 'Cairo',
  measure: (text, size, weight) => (unitsOf(text, weight) * size) / faces[weight].unitsPerEm,
  css: ([400, 700] as const)
    .map((w) => `@font-face{font-family:'Cairo';font-weight:${w};src:${dataUrl(w)} format('truetype')}`)
    .join(''),
};
