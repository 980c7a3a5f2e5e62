/**
 * The showcase (docs/api-contract.md §9): ready-to-post texts within 280 characters with the
 * programme and city hashtags, showcase items that carry no email or phone, and the 1200×630
 * share card — well-formed, escaped, Arabic right to left.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Idea, IdeaStatus } from '#domain/ideas.ts';
import { findGovernorate, findWilayat, governorateOf, wilayatIds } from '#domain/regions.ts';
import {
  type CardFont,
  estimatedFont,
  featureSchema,
  fitText,
  POST_LIMIT,
  PROGRAMME_TAGS,
  postText,
  rtlPieces,
  type ShowcaseItem,
  shareCardSvg,
  showcaseItem,
} from '#domain/showcase.ts';

// ---------------------------------------------------------------------------------------
// fixtures and helpers

const HEADLINES = { headlineAr: 'مزارع نزوى تروي بذكاء', headlineEn: 'Nizwa farms water smarter' };

const anIdea = (over: Partial<Idea> = {}): Idea => ({
  id: 'idea-1',
  authorId: 'amb-author',
  title: 'Smart irrigation for date farms',
  summary: 'Soil sensors and a shared dashboard for the farms of the wilayat.',
  city: 'nizwa',
  tags: ['water'],
  missions: ['research'],
  teamSize: 5,
  status: 'in_progress',
  submittedAt: '2026-11-01T00:00:00.000Z',
  memberCount: 3,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-20T00:00:00.000Z',
  version: 4,
  featured: { ...HEADLINES, featuredAt: '2026-11-21T00:00:00.000Z' },
  ...over,
});

const featuring = (headlineAr: string, headlineEn: string, over: Partial<Idea> = {}): Idea =>
  anIdea({ featured: { headlineAr, headlineEn, featuredAt: '2026-11-21T00:00:00.000Z' }, ...over });

const cp = (s: string): number => [...s].length;
const firstCodePoints = (s: string, n: number): string => [...s].slice(0, n).join('');

/** A post's parts, read from the end: the hashtags, the facts, and the (maybe clipped) headline. */
const partsOf = (post: string) => {
  const lines = post.split('\n');
  const tags = lines.at(-1) ?? '';
  const body = lines.at(-2) ?? '';
  return { headline: lines.slice(0, -2).join('\n'), body, tags: tags.split(' ') };
};

/** The hashtags the contract's examples ask for, written independently of the code. */
const cityTag = (wilayatId: string, lang: 'ar' | 'en'): string => {
  const w = findWilayat(wilayatId);
  if (!w) throw new Error(wilayatId);
  return lang === 'en' ? `#${w.en.replace(/[^A-Za-z0-9]/g, '')}` : `#${w.ar.trim().split(/\s+/).join('_')}`;
};

const HASHTAG = /^#[\p{L}\p{N}_]+$/u;

// --- arbitraries

const isXmlChar = (c: number): boolean =>
  c === 0x9 ||
  c === 0xa ||
  c === 0xd ||
  (c >= 0x20 && c <= 0xd7ff) ||
  (c >= 0xe000 && c <= 0xfffd) ||
  (c >= 0x10000 && c <= 0x10ffff);

const arabicLetter = fc.integer({ min: 0x0621, max: 0x064a }).map((c) => String.fromCodePoint(c));
const tashkeel = fc.integer({ min: 0x064b, max: 0x0652 }).map((c) => String.fromCodePoint(c));
const emoji = fc.constantFrom('🌴', '😀', '🇴🇲', '👨‍👩‍👧', '🏙️', '✨', '🕌');
const latin = fc.constantFrom('a', 'Z', 'é', '9');
const markup = fc.constantFrom('<', '>', '&', "'", '"', '&amp;', '</text>', '<script>', ']]>');
const space = fc.constantFrom(' ', ' ', '\u00a0', '\n', '\t');
/** Any code point XML may carry (surrogate halves and U+FFFE/U+FFFF excluded). */
const anyXmlChar = fc
  .integer({ min: 0x9, max: 0x10ffff })
  .filter((c) => isXmlChar(c) && (c < 0xd800 || c > 0xdfff))
  .map((c) => String.fromCodePoint(c));

/** A headline of at most `max` code points, mixing Arabic, emoji, Latin, markup and anything. */
const headline = (
  max = 140,
  char = fc.oneof(arabicLetter, tashkeel, emoji, latin, markup, space, anyXmlChar),
) =>
  fc.oneof(
    fc.array(char, { maxLength: max }).map((cs) => firstCodePoints(cs.join(''), max)),
    // The worst cases: exactly `max` of the widest characters.
    fc.constantFrom('🌴'.repeat(max), 'ب'.repeat(max), 'a '.repeat(max).slice(0, max), '&'.repeat(max)),
  );

const aCity = fc.constantFrom(...wilayatIds);
const aStatus = fc.constantFrom<IdeaStatus>('in_progress', 'completed');

// --- SVG reading

const PROLOG = '<?xml version="1.0" encoding="UTF-8"?>';
const XML_TEXT = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;

const unescapeXml = (s: string): string =>
  s.replace(
    /&(lt|gt|amp|apos|quot);/g,
    (_, e: string) => ({ lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' })[e] ?? '',
  );

/** '&' only as one of the five predefined entities. */
const entitiesOk = (s: string): boolean => !/&(?!(lt|gt|amp|apos|quot);)/.test(s);

/**
 * A small XML 1.0 well-formedness check, enough for our SVG: the declaration, legal
 * characters, tags that open and close in order under one root, attributes in double quotes,
 * no raw '<' or '>' in text, and '&' only in entities.
 */
const wellFormedProblems = (svg: string): string[] => {
  const problems: string[] = [];
  if (!svg.startsWith(PROLOG)) problems.push('no XML declaration first');
  if (!XML_TEXT.test(svg)) problems.push('a character XML 1.0 does not allow');
  const stack: string[] = [];
  let roots = 0;
  for (const [token] of svg.slice(PROLOG.length).matchAll(/<[^<>]*>|[^<>]+|[<>]/g)) {
    if (token.length > 1 && token.startsWith('<')) {
      const close = /^<\/([A-Za-z][\w.:-]*)\s*>$/.exec(token);
      const open = /^<([A-Za-z][\w.:-]*)((?:\s+[A-Za-z][\w.:-]*="[^"<]*")*)\s*(\/?)>$/.exec(token);
      if (close) {
        if (stack.pop() !== close[1]) problems.push(`mismatched ${token}`);
      } else if (open) {
        if (stack.length === 0) roots++;
        if (!entitiesOk(open[2] ?? '')) problems.push(`bare & in ${token}`);
        if (open[3] !== '/') stack.push(open[1] ?? '');
      } else problems.push(`not a tag: ${token}`);
    } else if (token === '<' || token === '>') {
      problems.push(`raw ${token} in text`);
    } else {
      if (stack.length === 0 && token.trim() !== '') problems.push(`text outside the root: ${token}`);
      if (!entitiesOk(token)) problems.push(`bare & in text: ${token}`);
    }
  }
  if (stack.length > 0) problems.push(`unclosed ${stack.join(',')}`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
};

/** Every <text> element: its attributes and its raw (still escaped) content. */
const textsOf = (svg: string): { attrs: string; raw: string; text: string }[] =>
  [...svg.matchAll(/<text(\s[^>]*)?>([\s\S]*?)<\/text>/g)].map((m) => ({
    attrs: m[1] ?? '',
    raw: m[2] ?? '',
    text: unescapeXml(m[2] ?? ''),
  }));

/** A line's font size and weight, and where its box starts and ends, measured as laid out. */
const boxOf = (t: { attrs: string; text: string }, font: CardFont = estimatedFont) => {
  const num = (name: string) => Number(new RegExp(` ${name}="([\\d.]+)"`).exec(t.attrs)?.[1]);
  const size = num('font-size');
  const weight = num('font-weight') === 700 ? 700 : 400;
  const width = font.measure(t.text, size, weight);
  const x = num('x');
  const anchor = /text-anchor="(\w+)"/.exec(t.attrs)?.[1];
  const left = anchor === 'middle' ? x - width / 2 : x;
  return { size, weight, left, right: left + width, y: num('y') };
};

const ARABIC = /[\u0600-\u06FF]/;

const card = (headlineAr: string, headlineEn: string, over: Partial<Idea> = {}): string =>
  shareCardSvg(showcaseItem(featuring(headlineAr, headlineEn, over)));

// ---------------------------------------------------------------------------------------

describe('postText', () => {
  it('reads as headline, facts, hashtags', () => {
    const i = anIdea();
    expect(postText(i, 'en')).toBe(
      'Nizwa farms water smarter\nProject in progress in Nizwa · a team of 3 ambassadors\n#SmartCityAmbassadors #Nizwa #AdDakhiliyah',
    );
    expect(postText(i, 'ar')).toBe(
      'مزارع نزوى تروي بذكاء\nمشروع قيد التنفيذ في نزوى · فريق من 3 سفراء\n#سفراء_المدن_الذكية #نزوى #الداخلية',
    );
    expect(postText(anIdea({ status: 'completed' }), 'en')).toContain('Completed project in Nizwa');
    expect(postText(anIdea({ status: 'completed' }), 'ar')).toContain('مشروع مكتمل في نزوى');
  });

  it('property: ≤ 280 code points for any headline up to 140, in any wilayat, with both hashtags', () => {
    fc.assert(
      fc.property(
        headline(),
        headline(),
        aCity,
        aStatus,
        fc.integer({ min: 1, max: 20 }),
        (ar, en, city, status, memberCount) => {
          const i = featuring(ar, en, { city, status, memberCount, teamSize: 20 });
          for (const lang of ['ar', 'en'] as const) {
            const post = postText(i, lang);
            expect(cp(post), post).toBeLessThanOrEqual(POST_LIMIT);
            const { tags, body } = partsOf(post);
            expect(tags[0]).toBe(PROGRAMME_TAGS[lang]);
            expect(tags).toContain(cityTag(city, lang));
            for (const tag of tags) expect(tag).toMatch(HASHTAG);
            expect(new Set(tags).size).toBe(tags.length);
            expect(body).toContain(findWilayat(city)?.[lang]);
            // Number agreement: "سفير واحد" and "سفيرين" carry no digits; "1 ambassador" is singular.
            if (lang === 'ar' && memberCount <= 2)
              expect(body).toContain(['سفير واحد', 'سفيرين'][memberCount - 1]);
            else expect(body).toContain(String(memberCount));
            if (lang === 'en')
              expect(body.endsWith(memberCount === 1 ? ' ambassador' : ' ambassadors')).toBe(true);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('property: the headline is kept whole when short, and otherwise clipped to a prefix with …', () => {
    fc.assert(
      fc.property(headline(), aCity, (h, city) => {
        for (const lang of ['ar', 'en'] as const) {
          const i = featuring(h, h, { city, memberCount: 20, teamSize: 20 });
          const kept = partsOf(postText(i, lang)).headline;
          if (cp(h) <= 100) expect(kept).toBe(h);
          else if (kept !== h) {
            expect(kept.endsWith('…')).toBe(true);
            expect(h.startsWith(kept.slice(0, -1))).toBe(true);
            // Whole code points only: no half of a surrogate pair is left behind.
            expect(kept).toMatch(/^(?:[^\uD800-\uDFFF]|[\uD800-\uDBFF][\uDC00-\uDFFF])*$/);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a not-featured project posts its title', () => {
    const post = postText(anIdea({ featured: undefined, title: 'Shaded bus stops for Muttrah' }), 'en');
    expect(partsOf(post).headline).toBe('Shaded bus stops for Muttrah');
  });

  it('the longest city names still fit, with a 140-emoji headline', () => {
    const longest = [...wilayatIds].sort(
      (a, b) => cp(findWilayat(b)?.en ?? '') - cp(findWilayat(a)?.en ?? ''),
    )[0];
    expect(longest).toBe('shalim-hallaniyat');
    for (const lang of ['ar', 'en'] as const) {
      const post = postText(
        featuring('🌴'.repeat(140), '👨‍👩‍👧'.repeat(28), {
          city: 'shalim-hallaniyat',
          memberCount: 20,
          teamSize: 20,
        }),
        lang,
      );
      expect(cp(post)).toBeLessThanOrEqual(280);
      expect(post).toContain(cityTag('shalim-hallaniyat', lang));
    }
  });
});

describe('city hashtags, for every wilayat', () => {
  it('#Nizwa / #نزوى, and names joined without spaces', () => {
    expect(cityTag('nizwa', 'en')).toBe('#Nizwa');
    expect(cityTag('nizwa', 'ar')).toBe('#نزوى');
    expect(cityTag('shalim-hallaniyat', 'en')).toBe('#ShalimandtheHallaniyatIslands');
    expect(cityTag('shalim-hallaniyat', 'ar')).toBe('#شليم_وجزر_الحلانيات');
  });

  it.each(wilayatIds)('%s', (city) => {
    const i = anIdea({ city });
    const governorate = findGovernorate(governorateOf(city) ?? '');
    expect(governorate).toBeDefined();
    for (const lang of ['ar', 'en'] as const) {
      const { tags } = partsOf(postText(i, lang));
      expect(tags[0]).toBe(PROGRAMME_TAGS[lang]);
      expect(tags[1]).toBe(cityTag(city, lang));
      for (const tag of tags) expect(tag).toMatch(HASHTAG);
      // The governorate too, unless it has the city's name (Muscat, Al Buraimi).
      if (governorate && governorate[lang] !== findWilayat(city)?.[lang]) expect(tags).toHaveLength(3);
      else expect(tags).toHaveLength(2);
    }
  });
});

describe('showcaseItem', () => {
  it('carries the title, headlines, city, team and status, and the two posts', () => {
    const i = anIdea();
    const item = showcaseItem(i);
    expect(item).toEqual({
      id: 'idea-1',
      title: i.title,
      headlineAr: HEADLINES.headlineAr,
      headlineEn: HEADLINES.headlineEn,
      city: { id: 'nizwa', en: 'Nizwa', ar: 'نزوى', governorate: 'OM-DA' },
      teamSize: 5,
      members: 3,
      status: 'in_progress',
      featuredAt: '2026-11-21T00:00:00.000Z',
      post: { ar: postText(i, 'ar'), en: postText(i, 'en') },
    });
  });

  it('falls back to the title and updatedAt when not featured', () => {
    const item = showcaseItem(anIdea({ featured: undefined }));
    expect(item.headlineAr).toBe(item.title);
    expect(item.headlineEn).toBe(item.title);
    expect(item.featuredAt).toBe('2026-11-20T00:00:00.000Z');
  });

  it("property: never an '@' or '+968', whatever the idea's private fields hold", () => {
    const noContact = fc.oneof(arabicLetter, emoji, latin, markup, space, fc.constantFrom('9', '6', '8'));
    fc.assert(
      fc.property(
        headline(140, noContact),
        headline(140, noContact),
        headline(120, noContact),
        aCity,
        aStatus,
        (ar, en, title, city, status) => {
          const i = featuring(ar, en, {
            title,
            city,
            status,
            authorId: 'salim@example.om',
            summary: 'Call Salim on +968 9123 4567 or write to salim@example.om for the sensor list.',
            problem: 'WhatsApp +96891234567',
            decisionNote: 'Approved by fatma@smartcity.om',
            outcome: 'Report sent to +968 2460 0000 and ops@muscat.gov.om',
            links: ['https://example.om/?contact=ali@example.om&tel=+96890000000'],
          });
          const item = showcaseItem(i);
          const everything = `${JSON.stringify(item)}\n${shareCardSvg(item)}`;
          expect(everything).not.toContain('@');
          expect(everything).not.toContain('+968');
          expect(everything).not.toContain('sensor list');
        },
      ),
      { numRuns: 200 },
    );
  });

  it('holds exactly the public fields', () => {
    expect(Object.keys(showcaseItem(anIdea())).sort()).toEqual(
      [
        'city',
        'featuredAt',
        'headlineAr',
        'headlineEn',
        'id',
        'members',
        'post',
        'status',
        'teamSize',
        'title',
      ].sort(),
    );
  });
});

describe('shareCardSvg', () => {
  it('is a 1200×630 SVG document', () => {
    const svg = card(HEADLINES.headlineAr, HEADLINES.headlineEn);
    expect(svg.startsWith('<?xml')).toBe(true);
    expect(svg.startsWith(PROLOG)).toBe(true);
    expect(svg).toMatch(/<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toMatch(/<svg [^>]*width="1200" height="630"/);
    expect(svg).toContain('viewBox="0 0 1200 630"');
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(wellFormedProblems(svg)).toEqual([]);
  });

  it('shows the headlines, the city and the team', () => {
    const texts = textsOf(card(HEADLINES.headlineAr, HEADLINES.headlineEn)).map((t) => t.text);
    expect(texts).toContain(HEADLINES.headlineAr);
    expect(texts).toContain(HEADLINES.headlineEn);
    expect(texts.some((t) => t.includes('نزوى') && t.includes('قيد التنفيذ'))).toBe(true);
    expect(texts.some((t) => t.includes('Nizwa') && t.includes('Team of 3/5'))).toBe(true);
    expect(texts.some((t) => t.includes('نزوى') && t.includes('فريق من 3 سفراء'))).toBe(true);
  });

  it('Arabic lines carry direction="rtl", English ones do not', () => {
    const texts = textsOf(card(HEADLINES.headlineAr, HEADLINES.headlineEn));
    const ar = texts.find((t) => t.text === HEADLINES.headlineAr);
    const en = texts.find((t) => t.text === HEADLINES.headlineEn);
    expect(ar?.attrs).toContain('direction="rtl"');
    expect(en?.attrs).not.toContain('direction="rtl"');
    for (const t of texts) expect(t.attrs.includes('direction="rtl"')).toBe(ARABIC.test(t.text));
  });

  it('escapes < > & \' " in the headlines', () => {
    const svg = card(`<b>"قال" & 'مضى'</b>`, `<script>alert("x") & 'y'</script>`);
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;) &amp; &apos;y&apos;&lt;/script&gt;');
    // The Arabic line is drawn in pieces of one direction (rtlPieces), each escaped.
    expect(svg).toContain('قال&quot; &amp; &apos;مضى');
    expect(svg).toContain('&quot;&lt;');
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<b>');
    expect(wellFormedProblems(svg)).toEqual([]);
    // The aria-label holds the English headline too, escaped as an attribute.
    expect(svg).toMatch(/aria-label="&lt;script&gt;alert\(&quot;x&quot;\)/);
  });

  it("property: any headline string never leaves an unescaped '<' inside text content", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 140 }), fc.string({ unit: 'binary', maxLength: 140 }), headline()),
        fc.oneof(fc.string({ maxLength: 140 }), fc.string({ unit: 'binary', maxLength: 140 }), headline()),
        (ar, en) => {
          const svg = card(ar, en);
          const texts = textsOf(svg);
          expect(texts.length).toBeGreaterThanOrEqual(4);
          for (const t of texts) {
            expect(t.raw).not.toContain('<');
            expect(t.raw).not.toContain('>');
            expect(entitiesOk(t.raw), t.raw).toBe(true);
          }
          const aria = /aria-label="([^"]*)"/.exec(svg);
          expect(aria).not.toBeNull();
          expect(aria?.[1]).not.toMatch(/[<>]/);
          // Nothing a headline holds can open an element of its own.
          for (const m of svg.matchAll(/<\/?([A-Za-z?][\w:-]*)/g))
            expect(['?xml', 'svg', 'style', 'defs', 'linearGradient', 'stop', 'rect', 'text']).toContain(
              m[1],
            );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: well-formed for any headline the feature schema accepts, in any wilayat', () => {
    fc.assert(
      fc.property(headline(), headline(), aCity, aStatus, (ar, en, city, status) => {
        const parsed = featureSchema.safeParse({ headlineAr: ar, headlineEn: en });
        fc.pre(parsed.success);
        if (!parsed.data) return;
        const svg = shareCardSvg(
          showcaseItem(featuring(parsed.data.headlineAr, parsed.data.headlineEn, { city, status })),
        );
        expect(wellFormedProblems(svg)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('property: Arabic headlines of short words wrap into at most 3 right-to-left lines inside the margins', () => {
    const word = fc.array(arabicLetter, { minLength: 1, maxLength: 10 }).map((cs) => cs.join(''));
    const english = fc.array(fc.constantFrom('smart', 'farms', 'of', 'Nizwa', 'water'), { maxLength: 25 });
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 30 }), english, (words, enWords) => {
        const headlineAr = firstCodePoints(words.join(' '), 140).trim();
        const headlineEn = enWords.join(' ') || 'Smart farms';
        const texts = textsOf(card(headlineAr, headlineEn));
        const rtl = texts.filter((t) => t.attrs.includes('direction="rtl"'));
        // The programme name and the footer line, plus the headline's lines.
        const lines = rtl.slice(1, -1);
        expect(lines.length).toBeGreaterThanOrEqual(1);
        expect(lines.length).toBeLessThanOrEqual(3);
        for (const l of lines) {
          const box = boxOf(l);
          expect(box.left, l.text).toBeGreaterThanOrEqual(80 - 0.5);
          expect(box.right, l.text).toBeLessThanOrEqual(1120 + 0.5);
        }
        const shown = lines.map((l) => l.text).join(' ');
        // A cut glued to an Arabic letter ends the line with '…' as a neutral piece of its own,
        // drawn without direction="rtl" (rtlPieces), so it is not among `lines`.
        const cut = shown.endsWith('…') || texts.some((t) => t.text === '…');
        if (lines.length < 3 || !cut) expect(shown).toBe(headlineAr);
        for (const t of texts) if (ARABIC.test(t.text)) expect(t.attrs).toContain('direction="rtl"');
      }),
      { numRuns: 200 },
    );
  });

  // The card's layout used to count characters, so its fit depended on the viewer's font:
  // a long mixed headline ran off the card. Now lines break, and shrink, by measured width.
  it('property: every line of any headlines, city and team stays inside the 80-px margins, headlines above the footer', () => {
    const mixedWord = fc.oneof(
      fc.array(arabicLetter, { minLength: 1, maxLength: 12 }).map((cs) => cs.join('')),
      fc.constantFrom('Smart', 'IoT', 'WWWWWWWW', '2026', 'dashboard-for-every-farm', 'https://example.om/x'),
      fc.string({ minLength: 1, maxLength: 60 }).map((w) => w.replace(/\s/g, '') || 'x'),
    );
    const mixed = fc
      .array(mixedWord, { minLength: 1, maxLength: 40 })
      .map((ws) => firstCodePoints(ws.join(' '), 140).trim() || 'x');
    fc.assert(
      fc.property(
        mixed,
        mixed,
        aCity,
        aStatus,
        fc.integer({ min: 0, max: 1000 }),
        (ar, en, city, status, members) => {
          const svg = shareCardSvg({
            ...showcaseItem(featuring(ar, en, { city, status })),
            members,
            teamSize: 1000,
          });
          for (const t of textsOf(svg)) {
            const box = boxOf(t);
            expect(box.left, t.text).toBeGreaterThanOrEqual(80 - 0.5);
            expect(box.right, t.text).toBeLessThanOrEqual(1120 + 0.5);
            // Headlines end (descenders included) above the footer band at 560.
            if (box.y < 560) expect(box.y + box.size * 0.45, t.text).toBeLessThanOrEqual(560);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('140-character headlines shrink before they are cut, and are cut with …', () => {
    const words = 'بيت '.repeat(30).trim();
    const texts = textsOf(card(words, 'home '.repeat(28).trim()));
    const ar = texts.filter(
      (t) => t.attrs.includes('font-weight="700"') && t.attrs.includes('fill="#ffffff"'),
    );
    expect(ar.length).toBeLessThanOrEqual(3);
    expect(boxOf(ar[0] ?? { attrs: '', text: '' }).size).toBeLessThan(56);
    expect(ar.map((t) => t.text).join(' ')).toBe(words);
    const long = textsOf(card('ب'.repeat(140), '🌴'.repeat(140)));
    const enLong = long.filter((t) => t.attrs.includes('fill="#d8f3ee"'));
    expect(enLong).toHaveLength(3);
    expect(enLong.at(-1)?.text.endsWith('…')).toBe(true);
    for (const t of long) expect(boxOf(t).right).toBeLessThanOrEqual(1120.5);
  });

  it('breaks a long hyphenated word after a hyphen, and keeps the hyphen with its word in Arabic lines', () => {
    const headlineEn = 'Nizwa-smart-irrigation-project-for-date-farms-goes-live-in-2026-and-beyond-for-all';
    const texts = textsOf(card(`مشروع ${headlineEn} في نزوى`, headlineEn));
    const enLines = texts.filter((t) => t.attrs.includes('fill="#d8f3ee"'));
    expect(enLines.length).toBeGreaterThan(1);
    for (const l of enLines.slice(0, -1)) expect(l.text.endsWith('-'), l.text).toBe(true);
    expect(enLines.map((l) => l.text).join('')).toBe(headlineEn);
    // In the Arabic headline the Latin word is a left-to-right piece of its own, its
    // trailing hyphen included (not a neutral left at the line's far end).
    const latin = texts.filter(
      (t) => t.attrs.includes('font-weight="700"') && /^Nizwa|^[a-z0-9]/.test(t.text),
    );
    expect(latin.length).toBeGreaterThan(1);
    for (const l of latin.slice(0, -1)) {
      expect(l.text.endsWith('-'), l.text).toBe(true);
      expect(l.attrs).not.toContain('direction="rtl"');
    }
  });

  it('carries no bidi control characters (U+202A–U+202E, U+2066–U+2069), whatever the headlines', () => {
    const svg = card('مشروع (IoT) Smart-Nizwa 2026! في «نزوى»', 'Smart (مزارع) 2026');
    expect(svg).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
  });

  it('the team agrees with its number in Arabic: سفير واحد, سفيرين, 3 سفراء, 11 سفيرًا, 100 سفير', () => {
    const footer = (members: number) =>
      textsOf(shareCardSvg({ ...showcaseItem(anIdea()), members, teamSize: 120 })).at(-2)?.text;
    expect(footer(1)).toContain('فريق من سفير واحد');
    expect(footer(2)).toContain('فريق من سفيرين');
    expect(footer(3)).toContain('فريق من 3 سفراء');
    expect(footer(11)).toContain('فريق من 11 سفيرًا');
    expect(footer(100)).toContain('فريق من 100 سفير');
    expect(footer(2)).not.toMatch(/\d/);
  });

  it('measures with the font it is given, and embeds that font', () => {
    const wide: CardFont = {
      family: 'Wide',
      css: '@font-face{font-family:Wide}',
      measure: (t, size) => [...t].length * size,
    };
    const svg = shareCardSvg(showcaseItem(anIdea()), wide);
    expect(svg).toContain('<style>@font-face{font-family:Wide}</style>');
    expect(svg).toContain('font-family="Wide,');
    for (const t of textsOf(svg)) {
      const box = boxOf(t, wide);
      expect(box.left, t.text).toBeGreaterThanOrEqual(79.5);
      expect(box.right, t.text).toBeLessThanOrEqual(1120.5);
    }
  });

  // BUG (domain/showcase.ts escapeXml, with schema-kit text()): U+FFFE and U+FFFF pass the
  // feature schema and reach the SVG verbatim, but XML 1.0 does not allow them, so a strict
  // parser (an <img> loading image/svg+xml) rejects the whole card.
  it('a headline with U+FFFF that the schema accepts still yields well-formed XML', () => {
    const parsed = featureSchema.safeParse({
      headlineAr: 'مزارع\uFFFF نزوى',
      headlineEn: 'Nizwa\uFFFE farms',
    });
    expect(parsed.success).toBe(true);
    if (!parsed.data) return;
    const svg = shareCardSvg(showcaseItem(featuring(parsed.data.headlineAr, parsed.data.headlineEn)));
    expect(wellFormedProblems(svg)).toEqual([]);
  });
});

describe('rtlPieces: a right-to-left line in pieces of one direction, in logical order', () => {
  it.each([
    ['مزارع نزوى تروي بذكاء', [['R', 'مزارع نزوى تروي بذكاء']]],
    ['فريق من 11 سفيرًا', [['R', 'فريق من 11 سفيرًا']]],
    [
      'مشروع Smart Irrigation لمزارع نزوى 2026',
      [
        ['R', 'مشروع'],
        ['N', ' '],
        ['L', 'Smart Irrigation'],
        ['N', ' '],
        ['R', 'لمزارع نزوى 2026'],
      ],
    ],
    // Digits after Latin are Latin; a broken word keeps its hyphen.
    [
      'مع IoT 2026 every-',
      [
        ['R', 'مع'],
        ['N', ' '],
        ['L', 'IoT 2026 every-'],
      ],
    ],
    // A neutral at either end is its own piece, in right-to-left order with brackets mirrored.
    [
      '(مشروع نزوى)!',
      [
        ['N', ')'],
        ['R', 'مشروع نزوى'],
        ['N', '!('],
      ],
    ],
    // A number opening a line is a left-to-right piece of its own, drawn at the right end.
    [
      '2026 مشروع',
      [
        ['L', '2026'],
        ['N', ' '],
        ['R', 'مشروع'],
      ],
    ],
    // Digits joined to Latin letters are one Latin word, wherever the line puts them.
    [
      'شبكات 5G في صحار',
      [
        ['R', 'شبكات'],
        ['N', ' '],
        ['L', '5G'],
        ['N', ' '],
        ['R', 'في صحار'],
      ],
    ],
    [
      'رقم الشهادة 01JDCERT00AB',
      [
        ['R', 'رقم الشهادة'],
        ['N', ' '],
        ['L', '01JDCERT00AB'],
      ],
    ],
    // A bracket pair around Latin after Latin stays in the Latin piece.
    [
      'مشروع Smart (IoT) لمزارع',
      [
        ['R', 'مشروع'],
        ['N', ' '],
        ['L', 'Smart (IoT)'],
        ['N', ' '],
        ['R', 'لمزارع'],
      ],
    ],
  ])('%s', (line, pieces) => {
    expect(rtlPieces(line).map((p) => [p.dir, p.text])).toEqual(pieces);
  });
});

describe('the feature schema', () => {
  it('takes both headlines, 1–140 characters each, and nothing else', () => {
    expect(featureSchema.safeParse(HEADLINES).success).toBe(true);
    expect(
      featureSchema.safeParse({ headlineAr: 'ب'.repeat(140), headlineEn: '🌴'.repeat(140) }).success,
    ).toBe(true);
    expect(featureSchema.safeParse({ ...HEADLINES, headlineEn: 'a'.repeat(141) }).success).toBe(false);
    expect(featureSchema.safeParse({ ...HEADLINES, headlineAr: '   ' }).success).toBe(false);
    expect(featureSchema.safeParse({ headlineAr: 'x' }).success).toBe(false);
    expect(featureSchema.safeParse({ ...HEADLINES, featuredAt: '2026-01-01' }).success).toBe(false);
  });
});

/** Keeps the type import honest: a ShowcaseItem built by hand renders too. */
describe('a hand-built item', () => {
  it('renders its numbers', () => {
    const item: ShowcaseItem = {
      ...showcaseItem(anIdea()),
      members: 7,
      teamSize: 9,
      status: 'completed',
    };
    const svg = shareCardSvg(item);
    expect(svg).toContain('Team of 7/9');
    expect(svg).toContain('Completed');
    expect(svg).toContain('مشروع مكتمل');
  });
});

describe('the text fitting, exactly', () => {
  /** A font in which every code point is 1 px wide at any size: widths are lengths. */
  const mono: CardFont = { family: 'mono', css: '', measure: (t) => [...t].length };
  const linesOf = (s: string, width: number, maxLines: number) =>
    fitText(s, { font: mono, width, maxLines, sizes: [10], weight: 400 }).lines;

  it('breaks at spaces, and a word too long for a line into pieces that fill it', () => {
    expect(linesOf('aaaa bbbb cccc', 9, 2)).toEqual(['aaaa bbbb', 'cccc']);
    expect(linesOf('abcdefgh', 3, 3)).toEqual(['abc', 'def', 'gh']);
  });

  it('cuts the last line to the longest start that fits with …, without a space before it', () => {
    expect(linesOf('aaaa bbbb', 6, 1)).toEqual(['aaaa…']);
    expect(linesOf('aaaa bbbb cccc', 9, 1)).toEqual(['aaaa bbb…']);
    expect(linesOf('aaaa bbbb', 1, 1)).toEqual(['…']);
  });

  it('estimatedFont: widths per kind of character, bold 6 % wider', () => {
    expect(estimatedFont.measure(' ', 10, 400)).toBeCloseTo(3);
    expect(estimatedFont.measure('a', 10, 400)).toBeCloseTo(6);
    expect(estimatedFont.measure('a', 10, 700)).toBeCloseTo(6.36);
    expect(estimatedFont.measure('M', 10, 400)).toBeCloseTo(7.5);
    expect(estimatedFont.measure('中', 10, 400)).toBeCloseTo(10.5);
    expect(estimatedFont.measure('\u0301', 10, 400)).toBe(0);
  });
});

describe('the post headline at its limit', () => {
  const roomOf = () => {
    const { body, tags } = partsOf(postText(featuring('x', 'x'), 'en'));
    return POST_LIMIT - cp(body) - cp(tags.join(' ')) - 4;
  };

  it('a headline of exactly the room left is kept whole; one more character and it is cut with …', () => {
    const room = roomOf();
    const exact = 'a'.repeat(room);
    expect(partsOf(postText(featuring('x', exact), 'en')).headline).toBe(exact);
    expect(partsOf(postText(featuring('x', 'a'.repeat(room + 1)), 'en')).headline).toBe(
      `${'a'.repeat(room - 1)}…`,
    );
    // A cut right after a space drops the space before the …
    expect(partsOf(postText(featuring('x', `${'a'.repeat(room - 2)} bbbb`), 'en')).headline).toBe(
      `${'a'.repeat(room - 2)}…`,
    );
  });

  it('the card drops characters XML cannot hold, and keeps the rest of the headline', () => {
    const svg = shareCardSvg(showcaseItem(featuring('مزارع نزوى', 'Farms\uFFFFwater\u0001now')));
    expect(svg).toContain('>Farmswaternow<');
  });
});

/**
 * Goldens: the exact card for two fixed inputs, pinning what the properties above leave free:
 * baselines and line steps, the pieces of a mixed Arabic line and their x, the font stack,
 * the footer side by side and, when too long, in halves cut with …, and the SVG literals.
 * The font-family attribute is checked once and left out of the lines.
 */
describe('the share card, exactly', () => {
  const linesOf = (svg: string) => svg.replace(/ font-family="[^"]*"/g, '').split('\n');
  const familiesOf = (svg: string) => new Set([...svg.matchAll(/font-family="([^"]*)"/g)].map((m) => m[1]));

  it('a short card in the estimated font: one line per headline, the footer side by side', () => {
    const svg = shareCardSvg(showcaseItem(anIdea()));
    expect(familiesOf(svg)).toEqual(
      new Set(["sans-serif,'Noto Naskh Arabic','Noto Sans Arabic','Noto Sans','DejaVu Sans'"]),
    );
    expect(linesOf(svg)).toEqual([
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" viewBox="0 0 1200 630" role="img"',
      ' aria-label="Nizwa farms water smarter — Nizwa">',
      '<defs><linearGradient id="bg" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#0b4f6c"/><stop offset="1" stop-color="#01a087"/></linearGradient></defs>',
      '<rect width="1200" height="630" fill="url(#bg)"/>',
      '<rect x="0" y="560" width="1200" height="70" fill="#00000033"/>',
      '<text x="946.6" y="90" font-size="34" direction="rtl" text-anchor="middle" font-weight="400" fill="#ffe08a">سفراء المدن الذكية</text>',
      '<text x="80" y="90" font-size="30" text-anchor="start" font-weight="700" fill="#ffe08a">Smart City Ambassadors</text>',
      '<text x="772.7" y="186" font-size="56" direction="rtl" text-anchor="middle" font-weight="700" fill="#ffffff">مزارع نزوى تروي بذكاء</text>',
      '<text x="80" y="258" font-size="38" text-anchor="start" font-weight="400" fill="#d8f3ee">Nizwa farms water smarter</text>',
      '<text x="868.4" y="596" font-size="26" direction="rtl" text-anchor="middle" font-weight="400" fill="#ffffff">نزوى · قيد التنفيذ · فريق من 3 سفراء</text>',
      '<text x="80" y="596" font-size="26" text-anchor="start" font-weight="400" fill="#ffffff">Nizwa · In progress · Team of 3/5</text>',
      '</svg>',
    ]);
  });

  it('a long card in a given font: shrunk Arabic in mixed pieces, three English lines, the footer in halves', () => {
    /** Every code point half an em wide, bold 0.6 em: positions are easy to check by hand. */
    const font: CardFont = {
      family: "'Card'",
      css: '@font-face{}',
      measure: (t, size, weight) => [...t].length * size * (weight === 700 ? 0.6 : 0.5),
    };
    const item: ShowcaseItem = {
      ...showcaseItem(anIdea()),
      headlineAr:
        'حساسات (IoT) للري الذكي في مزارع نزوى القديمة والجديدة مع لوحة بيانات مشتركة للجميع في كل الولايات 2026',
      headlineEn:
        'Soil sensors and one shared dashboard for every date farm of the oasis, each one watered by need alone and never more than the palms can drink',
      city: {
        id: 'x',
        en: 'Wilayat of the very long name',
        ar: 'ولاية ذات اسم طويل جدا جدا جدا',
        governorate: undefined,
      },
      members: 12,
      teamSize: 12,
      status: 'completed',
    };
    const svg = shareCardSvg(item, font);
    expect(familiesOf(svg)).toEqual(
      new Set(["'Card','Noto Naskh Arabic','Noto Sans Arabic','Noto Sans','DejaVu Sans',sans-serif"]),
    );
    expect(linesOf(svg)).toEqual([
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" viewBox="0 0 1200 630" role="img"',
      ' aria-label="Soil sensors and one shared dashboard for every date farm of the oasis, each one watered by need alone and never more than the palms can drink — Wilayat of the very long name">',
      '<style>@font-face{}</style>',
      '<defs><linearGradient id="bg" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#0b4f6c"/><stop offset="1" stop-color="#01a087"/></linearGradient></defs>',
      '<rect width="1200" height="630" fill="url(#bg)"/>',
      '<rect x="0" y="560" width="1200" height="70" fill="#00000033"/>',
      '<text x="967.0" y="90" font-size="34" direction="rtl" text-anchor="middle" font-weight="400" fill="#ffe08a">سفراء المدن الذكية</text>',
      '<text x="80" y="90" font-size="30" text-anchor="start" font-weight="700" fill="#ffe08a">Smart City Ambassadors</text>',
      '<text x="1033.6" y="178" font-size="48" direction="rtl" text-anchor="middle" font-weight="700" fill="#ffffff">حساسات</text>',
      '<text x="918.4" y="178" font-size="48" text-anchor="middle" font-weight="700" fill="#ffffff">) </text>',
      '<text x="846.4" y="178" font-size="48" text-anchor="middle" font-weight="700" fill="#ffffff">IoT</text>',
      '<text x="774.4" y="178" font-size="48" text-anchor="middle" font-weight="700" fill="#ffffff"> (</text>',
      '<text x="472.0" y="178" font-size="48" direction="rtl" text-anchor="middle" font-weight="700" fill="#ffffff">للري الذكي في مزارع</text>',
      '<text x="601.6" y="240" font-size="48" direction="rtl" text-anchor="middle" font-weight="700" fill="#ffffff">نزوى القديمة والجديدة مع لوحة بيانات</text>',
      '<text x="644.8" y="302" font-size="48" direction="rtl" text-anchor="middle" font-weight="700" fill="#ffffff">مشتركة للجميع في كل الولايات 2026</text>',
      '<text x="80" y="369" font-size="38" text-anchor="start" font-weight="400" fill="#d8f3ee">Soil sensors and one shared dashboard for every date</text>',
      '<text x="80" y="418" font-size="38" text-anchor="start" font-weight="400" fill="#d8f3ee">farm of the oasis, each one watered by need alone and</text>',
      '<text x="80" y="467" font-size="38" text-anchor="start" font-weight="400" fill="#d8f3ee">never more than the palms can drink</text>',
      '<text x="875.0" y="596" font-size="20" direction="rtl" text-anchor="middle" font-weight="400" fill="#ffffff">ولاية ذات اسم طويل جدا جدا جدا · مشروع مكتمل · فر</text>',
      '<text x="625.0" y="596" font-size="20" text-anchor="middle" font-weight="400" fill="#ffffff">…</text>',
      '<text x="80" y="596" font-size="20" text-anchor="start" font-weight="400" fill="#ffffff">Wilayat of the very long name · Completed · Team…</text>',
      '</svg>',
    ]);
  });
});

describe('the layout rules, case by case', () => {
  /** A font in which every code point is 1 px wide at any size: widths are lengths. */
  const mono: CardFont = { family: 'mono', css: '', measure: (t) => [...t].length };
  const layout = (s: string, width: number, maxLines: number, sizes: number[] = [10]) =>
    fitText(s, { font: mono, width, maxLines, sizes, weight: 400 });
  const pieces = (line: string) => rtlPieces(line).map((p) => [p.dir, p.text]);

  it('no sizes: the default 16 px, and a text that fits is not cut', () => {
    expect(layout('aaaa', 9, 1, [])).toEqual({ size: 16, lines: ['aaaa'] });
    expect(layout('aaaa bbbb', 5, 1, [])).toEqual({ size: 16, lines: ['aaaa…'] });
  });

  it('no words, no lines; spaces at either end are dropped', () => {
    expect(layout('', 9, 2).lines).toEqual([]);
    expect(layout(' aaaa ', 9, 2).lines).toEqual(['aaaa']);
  });

  it('a combining mark stays with its letter when a word is cut', () => {
    expect(layout('ab\u0301c', 2, 3).lines).toEqual(['ab\u0301', 'c']);
  });

  it('a mark takes the direction of its letter, also at the end of a line', () => {
    expect(pieces('abc\u0301')).toEqual([['L', 'abc\u0301']]);
  });

  it('a hyphen between Arabic words stays in the Arabic piece', () => {
    expect(pieces('عربي-عربي')).toEqual([['R', 'عربي-عربي']]);
  });

  it('an opening bracket takes the direction of its closing one, and keeps its own when it has one', () => {
    expect(pieces('(IoT) abc')).toEqual([['L', '(IoT) abc']]);
    expect(pieces('a(b عـ)ع')).toEqual([
      ['L', 'a(b'],
      ['N', ' '],
      ['R', 'عـ)ع'],
    ]);
  });

  it('the card draws no piece that is only spaces', () => {
    const item: ShowcaseItem = { ...showcaseItem(anIdea()), headlineAr: 'مزارع Nizwa الذكية' };
    const svg = shareCardSvg(item);
    expect(svg).toContain('>Nizwa</text>');
    expect(svg).not.toMatch(/>\s*<\/text>/);
  });

  it('a footer exactly as wide as the text area stays side by side at that size', () => {
    /** Every code point half an em wide. */
    const half: CardFont = { family: 'half', css: '', measure: (t, size) => [...t].length * size * 0.5 };
    const base = showcaseItem(anIdea());
    const footerLength = (en: string) =>
      [...`${base.city.ar} · قيد التنفيذ · فريق من 3 سفراء`].length +
      [...`${en} · In progress · Team of 3/5`].length;
    // At 20 px, (length × 10) + the 40-px gutter = 1040 px, the width between the margins.
    const en = 'x'.repeat(100 - footerLength(''));
    expect(footerLength(en)).toBe(100);
    const svg = shareCardSvg({ ...base, city: { ...base.city, en } }, half);
    expect(svg).toContain(`font-size="20" text-anchor="start" font-family="half,`);
    expect(svg).toContain(`>${en} · In progress · Team of 3/5</text>`);
  });
});
