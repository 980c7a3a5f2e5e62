/** Showcase posts and share cards: within 280 characters, hashtagged, nothing private. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Idea } from '../../domain/ideas.ts';
import { wilayatIds } from '../../domain/regions.ts';
import { POST_LIMIT, PROGRAMME_TAGS, postText, shareCardSvg, showcaseItem } from '../../domain/showcase.ts';

const idea = (over: Partial<Idea> = {}): Idea => ({
  id: 'i1',
  authorId: 'a1',
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
  featured: {
    headlineAr: 'مزارع نزوى تروي بذكاء',
    headlineEn: 'Nizwa farms water smarter',
    featuredAt: '2026-11-20T00:00:00.000Z',
  },
  ...over,
});

const headline = fc.string({
  unit: fc.constantFrom('ا', 'ب', 'ة', 'ى', 'َ', ' ', 'a', 'Z', '🌴', '&', '<', '#', '"'),
  minLength: 1,
  maxLength: 140,
});

describe('posts', () => {
  it('fit in 280 characters and carry the programme and city hashtags, for any headline and city', () => {
    fc.assert(
      fc.property(
        headline,
        headline,
        fc.constantFrom(...wilayatIds),
        fc.constantFrom('in_progress', 'completed'),
        (ar, en, city, status) => {
          const i = idea({
            city,
            status: status as Idea['status'],
            featured: { headlineAr: ar, headlineEn: en, featuredAt: 'x' },
          });
          for (const lang of ['ar', 'en'] as const) {
            const post = postText(i, lang);
            expect([...post].length).toBeLessThanOrEqual(POST_LIMIT);
            expect(post).toContain(PROGRAMME_TAGS[lang]);
            const tags = post.split('\n').at(-1)?.split(' ') ?? [];
            expect(tags.length).toBeGreaterThanOrEqual(2);
            for (const tag of tags) expect(tag).toMatch(/^#[\p{L}\p{N}_]+$/u);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('name the city in each language', () => {
    const item = showcaseItem(idea());
    expect(item.post.en).toContain('#Nizwa');
    expect(item.post.ar).toContain('#نزوى');
    expect(item.post.ar).toContain('مزارع نزوى تروي بذكاء');
  });

  it('carry no email or phone', () => {
    const json = JSON.stringify(showcaseItem(idea()));
    expect(json).not.toMatch(/@|\+968/);
  });
});

describe('the share card', () => {
  it('is a 1200×630 SVG with the Arabic laid out right to left', () => {
    const svg = shareCardSvg(showcaseItem(idea()));
    expect(svg.startsWith('<?xml')).toBe(true);
    expect(svg).toContain('width="1200" height="630"');
    expect(svg).toMatch(/<text [^>]*direction="rtl"[^>]*>مزارع نزوى تروي بذكاء<\/text>/);
    expect(svg).toContain('Team of 3/5');
  });

  it('escapes whatever the headlines hold', () => {
    fc.assert(
      fc.property(headline, headline, (ar, en) => {
        const svg = shareCardSvg(
          showcaseItem(idea({ featured: { headlineAr: ar, headlineEn: en, featuredAt: 'x' } })),
        );
        // Inside text content no raw markup survives: every < starts one of our own tags.
        for (const m of svg.matchAll(/<(\/?)(\w+|\?xml)/g))
          expect(['svg', 'defs', 'linearGradient', 'stop', 'rect', 'text', '?xml']).toContain(m[2]);
        expect(svg).not.toMatch(/&(?!(lt|gt|amp|apos|quot);)/);
      }),
      { numRuns: 200 },
    );
  });
});
