/**
 * The showcase (api-contract.md §9): featured projects, ready-to-post texts for social
 * media in Arabic and English, and a 1200×630 share card. Nothing here carries an email
 * or a phone number: it is built from the idea and the city only.
 */
import * as z from 'zod/mini';
import type { Idea } from './ideas.ts';
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
    lang === 'ar' ? `فريق من ${idea.memberCount} سفراء` : `a team of ${idea.memberCount} ambassadors`;
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

/** Greedy word wrap into at most `lines` lines of about `width` characters. */
const wrap = (s: string, width: number, lines: number): string[] => {
  const out: string[] = [];
  let line = '';
  // A word longer than a line (a URL, a hyphenated run) is cut into line-long pieces.
  const pieces = s
    .split(/\s+/)
    .filter(Boolean)
    .flatMap((w) => {
      const chars = [...w];
      return Array.from({ length: Math.ceil(chars.length / width) }, (_, i) =>
        chars.slice(i * width, (i + 1) * width).join(''),
      );
    });
  for (const word of pieces) {
    if (line && [...`${line} ${word}`].length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  if (out.length > lines) {
    const kept = out.slice(0, lines);
    kept[lines - 1] = clip(`${kept[lines - 1]} ${out.slice(lines).join(' ')}`, width);
    return kept;
  }
  return out;
};

/**
 * The share card: 1200×630 SVG, Arabic headline right-aligned and laid out right-to-left
 * (`direction="rtl"`), English below it left-to-right, then the city and the team.
 */
export const shareCardSvg = (item: ShowcaseItem): string => {
  const ar = wrap(item.headlineAr, 34, 2);
  const en = wrap(item.headlineEn, 44, 2);
  const arabicFont = "'Noto Naskh Arabic','Noto Sans Arabic','Amiri','Tahoma','DejaVu Sans',sans-serif";
  const latinFont = "'Noto Sans','Helvetica Neue','Arial','DejaVu Sans',sans-serif";
  const line = (t: string, x: number, y: number, size: number, opts: string) =>
    `<text x="${x}" y="${y}" font-size="${size}" ${opts}>${escapeXml(t)}</text>`;
  const arLines = ar.map((t, i) =>
    line(
      t,
      1120,
      190 + i * 72,
      56,
      `direction="rtl" text-anchor="start" unicode-bidi="embed" font-family="${arabicFont}" font-weight="700" fill="#ffffff"`,
    ),
  );
  const enTop = 190 + ar.length * 72 + 20;
  const enLines = en.map((t, i) =>
    line(t, 80, enTop + i * 50, 38, `text-anchor="start" font-family="${latinFont}" fill="#d8f3ee"`),
  );
  const status =
    item.status === 'completed'
      ? { ar: 'مشروع مكتمل', en: 'Completed' }
      : { ar: 'قيد التنفيذ', en: 'In progress' };
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" viewBox="0 0 1200 630" role="img"',
    ` aria-label="${escapeXml(`${item.headlineEn} — ${item.city.en}`)}">`,
    '<defs><linearGradient id="bg" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#0b4f6c"/><stop offset="1" stop-color="#01a087"/></linearGradient></defs>',
    '<rect width="1200" height="630" fill="url(#bg)"/>',
    '<rect x="0" y="560" width="1200" height="70" fill="#00000033"/>',
    line(
      'سفراء المدن الذكية',
      1120,
      90,
      34,
      `direction="rtl" text-anchor="start" font-family="${arabicFont}" fill="#ffe08a"`,
    ),
    line(
      'Smart City Ambassadors',
      80,
      90,
      30,
      `text-anchor="start" font-family="${latinFont}" font-weight="700" fill="#ffe08a"`,
    ),
    ...arLines,
    ...enLines,
    line(
      `${item.city.ar} · ${status.ar}`,
      1120,
      605,
      30,
      `direction="rtl" text-anchor="start" font-family="${arabicFont}" fill="#ffffff"`,
    ),
    line(
      `${item.city.en} · ${status.en} · Team of ${item.members}/${item.teamSize}`,
      80,
      605,
      28,
      `text-anchor="start" font-family="${latinFont}" fill="#ffffff"`,
    ),
    '</svg>',
  ].join('\n');
};
