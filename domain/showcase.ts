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
import { type CardFont, escapeXml, estimatedFont, sizesFrom, svgText } from './svg-text.ts';

export { type CardFont, estimatedFont, fitText, type Piece, rtlPieces } from './svg-text.ts';

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

/** The card's geometry: text stays between the margins, above the footer band. */
export const CARD = { width: 1200, height: 630, left: 80, right: 1120, footerTop: 560 } as const;
const TEXT_WIDTH = CARD.right - CARD.left;
// In the 70-px footer band, high enough that Arabic descenders (ي، ع: about a third of an em)
// stay 20 px clear of the card's bottom edge.
const FOOTER_BASELINE = 596;

/**
 * The share card: 1200×630 SVG, Arabic headline right-aligned and laid out right-to-left,
 * English below it left-to-right, then the city and the team. Lines are broken, and sizes
 * shrunk, by the width `font` measures, so nothing runs past the 80-px margins; Arabic
 * lines are laid out from the right margin in pieces of one direction (rtlPieces), each
 * centred on its measured middle (`text-anchor="middle"` means the same in both
 * directions, where "start" flips with `direction` and resvg does not flip it).
 */
export const shareCardSvg = (item: ShowcaseItem, font: CardFont = estimatedFont): string => {
  const { setText, rtl, ltr } = svgText(font, { left: CARD.left, right: CARD.right });

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
