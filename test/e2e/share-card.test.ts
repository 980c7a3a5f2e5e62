/**
 * The share card (docs/api-contract.md §9, §10 "Cards"): `card.svg` and `card.png` draw the same
 * 1200×630 card in the embedded Cairo font, laid out by that font's real widths, so no
 * headline (140 characters of Arabic, English or both, unbroken words, long names) runs
 * off it. The PNG is decoded and its outer band compared, pixel by pixel, with the card's
 * background drawn alone: any text there would show as a difference.
 */
import { decode } from 'fast-png';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderSvg } from '#functions/render/card-png.ts';
import { baseUrl, call, newAmbassador, staffToken } from '#support/api.ts';
import { validIdea } from '#support/fixtures.ts';

const HEADLINES = {
  arabic: {
    headlineAr:
      'مشروع الري الذكي لمزارع النخيل في ولاية نزوى يستخدم أجهزة استشعار رطوبة التربة ولوحة معلومات مشتركة لتوفير المياه وزيادة الإنتاج',
    headlineEn: 'Nizwa farms water smarter',
  },
  english: {
    headlineAr: 'مزارع نزوى تروي بذكاء',
    headlineEn:
      'Smart irrigation for the date farms of Nizwa: soil sensors, a shared dashboard and SMS alerts that tell farmers when',
  },
  mixed: {
    headlineAr:
      'مشروع Smart Irrigation لمزارع نزوى 2026 مع IoT-sensors-and-dashboards-for-every-farm في ولايات عبري والبريمي ومسقط وصلالة',
    headlineEn:
      'Smart irrigation مزارع نزوى for the date farms of Nizwa with soil sensors, a shared dashboard and alerts in عبري',
  },
  unbroken: { headlineAr: 'ب'.repeat(140), headlineEn: 'W'.repeat(140) },
  hyphenated: {
    headlineAr: `مشروع ${'https://example.om/'.repeat(6)}`.slice(0, 140),
    headlineEn: 'Nizwa-smart-irrigation-project-for-date-farms-goes-live-in-2026-'.repeat(3).slice(0, 140),
  },
} as const;

type Case = keyof typeof HEADLINES;

const ids = {} as Record<Case, string>;
let approvedId = '';

/** An in-progress project with a team of two, featured with `headlines`. */
const featuredProject = async (staff: string, headlines: { headlineAr: string; headlineEn: string }) => {
  const leader = await newAmbassador({ governorate: 'OM-DA', wilayat: 'nizwa' });
  const member = await newAmbassador({ governorate: 'OM-DA', wilayat: 'bahla' });
  const idea = await call('POST', '/ideas', {
    token: leader.token,
    body: validIdea({ city: 'shalim-hallaniyat', tags: ['water'], missions: ['research'] }),
  });
  expect(idea.status).toBe(201);
  const id: string = idea.body.id;
  expect(
    (await call('POST', `/staff/ideas/${id}/decision`, { token: staff, body: { decision: 'approve' } }))
      .status,
  ).toBe(200);
  expect((await call('POST', `/ideas/${id}/join-requests`, { token: member.token, body: {} })).status).toBe(
    201,
  );
  const accept = await call('POST', `/ideas/${id}/join-requests/${member.id}/decision`, {
    token: leader.token,
    body: { decision: 'accept' },
  });
  expect(accept.status).toBe(200);
  expect((await call('POST', `/ideas/${id}/start`, { token: leader.token })).status).toBe(200);
  expect((await call('POST', `/staff/ideas/${id}/feature`, { token: staff, body: headlines })).status).toBe(
    200,
  );
  return id;
};

const getBytes = async (path: string) => {
  const res = await fetch(`${baseUrl()}${path}`);
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
};

beforeAll(async () => {
  const staff = await staffToken();
  for (const name of Object.keys(HEADLINES) as Case[])
    ids[name] = await featuredProject(staff, HEADLINES[name]);
  const leader = await newAmbassador();
  const idea = await call('POST', '/ideas', {
    token: leader.token,
    body: {
      title: 'Shaded bus stops for Muttrah',
      summary: 'Shade and water at the bus stops along the corniche, where people wait in the sun.',
      city: 'muttrah',
      tags: ['mobility'],
      missions: ['engagement'],
      teamSize: 3,
    },
  });
  approvedId = idea.body.id;
  expect(
    (
      await call('POST', `/staff/ideas/${approvedId}/decision`, {
        token: staff,
        body: { decision: 'approve' },
      })
    ).status,
  ).toBe(200);
});

describe('GET /showcase/{id}/card.png', () => {
  it('is a 1200×630 PNG, cacheable, for anyone', async () => {
    const res = await getBytes(`/showcase/${ids.arabic}/card.png`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    // The PNG signature, then IHDR's width and height.
    expect([...res.bytes.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const image = decode(res.bytes);
    expect([image.width, image.height]).toEqual([1200, 630]);
  });

  it('404 problem+json for an unknown id and for a project that is not featured', async () => {
    for (const id of ['01ARZ3NDEKTSV4RRFFQ69G5FAV', approvedId]) {
      const res = await call('GET', `/showcase/${id}/card.png`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.code).toBe('not_found');
    }
  });

  it.each(Object.keys(HEADLINES) as Case[])(
    '%s headlines: no text in the outer band of the PNG (20 px top and bottom, 40 px left and right)',
    async (name) => {
      const png = decode((await getBytes(`/showcase/${ids[name]}/card.png`)).bytes);
      expect([png.width, png.height, png.channels]).toEqual([1200, 630, 4]);
      // The same card with its texts taken out: the background the band must match.
      const svg = (await call('GET', `/showcase/${ids[name]}/card.svg`)).body as string;
      const background = await renderSvg(
        svg.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<text[\s\S]*?<\/text>/g, ''),
      );
      const differs: string[] = [];
      for (let y = 0; y < 630; y++)
        for (let x = 0; x < 1200; x++) {
          if (y >= 20 && y < 610 && x >= 40 && x < 1160) continue;
          const i = (y * 1200 + x) * 4;
          for (let c = 0; c < 4; c++)
            if (Math.abs((png.data[i + c] ?? 0) - (background.pixels[i + c] ?? 0)) > 8)
              differs.push(`${x},${y}`);
        }
      expect(differs.slice(0, 10), `${differs.length} pixels differ`).toEqual([]);
      // And there is text at all: the card differs from its background inside the band.
      let inside = 0;
      for (let i = 0; i < png.data.length; i += 4) if (png.data[i] !== background.pixels[i]) inside++;
      expect(inside).toBeGreaterThan(10_000);
    },
  );

  it('draws what card.svg draws, in the same embedded font', async () => {
    const svg = (await call('GET', `/showcase/${ids.mixed}/card.svg`)).body as string;
    expect(svg).toContain("@font-face{font-family:'Cairo';font-weight:400;src:url(data:font/ttf;base64,");
    expect(svg).toContain("@font-face{font-family:'Cairo';font-weight:700;src:url(data:font/ttf;base64,");
    expect(svg).toContain('font-family="Cairo,');
    const png = decode((await getBytes(`/showcase/${ids.mixed}/card.png`)).bytes);
    const fromSvg = await renderSvg(svg);
    let differ = 0;
    for (let i = 0; i < png.data.length; i++)
      if (Math.abs((png.data[i] ?? 0) - (fromSvg.pixels[i] ?? 0)) > 8) differ++;
    expect(differ).toBe(0);
  });
});
