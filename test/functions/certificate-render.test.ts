/**
 * The certificate as people get it: the PNG is A4 landscape at 200 dpi and its QR code reads
 * back as the verification URL (decoded with jsQR from the rendered pixels); in Chromium the
 * SVG's every line of text stays inside the frame and no two lines overlap, with long Arabic,
 * English and mixed names and titles. Screenshots are kept in the temporary directory.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQRModule from 'jsqr';
import { describe, expect, it } from 'vitest';
import { CERTIFICATE, type Certificate } from '#domain/certificates.ts';
import { renderSvg } from '#functions/render/card-png.ts';
import { CERTIFICATE_PNG_WIDTH, certificateArtwork, certificatePng } from '#functions/render/certificate.ts';
import { chromiumMissing, withPage } from '../support/chromium.ts';

// jsqr's types describe an ES default export; the package is CommonJS.
const jsQR = ((jsQRModule as unknown as { default?: typeof jsQRModule }).default ??
  jsQRModule) as unknown as (
  data: Uint8ClampedArray,
  width: number,
  height: number,
) => { data: string } | null;
const SHOTS = join(tmpdir(), 'certificate-screenshots');
const url = 'https://api.example.om/certificates/01JDCERT0000000000000000AB';
const base: Certificate = {
  id: '01JDCERT0000000000000000AB',
  kind: 'attendee',
  holderName: 'عائشة بنت سالم البلوشية',
  lectureId: '01JDLECT0000000000000000AB',
  lectureTitle: 'العدادات الذكية للمياه في مسقط',
  lectureDate: '2026-11-05',
  organizerName: 'سالم بن خميس الحارثي',
  issuedAt: '2026-11-06T08:00:00.000Z',
  revoked: false,
};
const cases: [string, Certificate][] = [
  ['short-arabic', base],
  [
    'long-arabic',
    {
      ...base,
      holderName: 'عبدالرحمن بن سالم بن حمد بن سعيد بن ناصر بن خلفان البوسعيدي الحارثي المعمري الهنائي',
      lectureTitle:
        'التحول الرقمي في البلديات: كيف تجعل إنترنت الأشياء (IoT) والذكاء الاصطناعي مدننا أكثر استدامة وأمانًا للأجيال القادمة في سلطنة عُمان وخارجها',
      organizerName: 'الدكتورة مريم بنت خلفان بن سيف المسكرية من جامعة السلطان قابوس',
    },
  ],
  [
    'long-english-lecturer',
    {
      ...base,
      kind: 'lecturer',
      holderName: 'Dr. Maximilian Alexander Montgomery-Fitzgerald Al-Zadjali of Sohar University',
      lectureTitle:
        'Digital twins, LoRaWAN sensor networks and open data platforms for resilient, low-carbon municipal services across the wilayats',
    },
  ],
  ['revoked-mixed', { ...base, holderName: 'Fatma الراشدية (فاطمة) Al-Rashdi', revoked: true }],
];

describe('certificate PNG', () => {
  it('is A4 landscape at 200 dpi, and its QR code reads as the verification URL', async () => {
    const svg = certificateArtwork(base, url);
    const { png, width, height, pixels } = await renderSvg(svg, CERTIFICATE_PNG_WIDTH);
    expect(width).toBe(CERTIFICATE_PNG_WIDTH);
    expect(height).toBe(Math.round((CERTIFICATE_PNG_WIDTH * CERTIFICATE.height) / CERTIFICATE.width));
    expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
    const decoded = jsQR(new Uint8ClampedArray(pixels), width, height);
    expect(decoded?.data).toBe(url);
    mkdirSync(SHOTS, { recursive: true });
    writeFileSync(join(SHOTS, 'resvg-short-arabic.png'), await certificatePng(base, url));
  });
});

describe('certificate in Chromium', () => {
  it.each(cases)('%s: every line inside the frame, none overlapping another', async (name, certificate) => {
    expect(chromiumMissing()).toBeUndefined();
    const svg = certificateArtwork(certificate, url).replace(/^<\?xml[^>]*>\n/, '');
    const html = `<!doctype html><html><body style="margin:0">${svg.replace('width="297mm" height="210mm"', 'width="1485" height="1050"')}</body></html>`;
    const { boxes, frame } = await withPage(html, 1485, async (page) => {
      const result = await page.evaluate<{
        boxes: { text: string; x: number; y: number; w: number; h: number }[];
        frame: { x: number; y: number; w: number; h: number };
      }>(`(() => {
        const box = (e) => { const r = e.getBoundingClientRect(); return { x: r.x, y: r.y, w: r.width, h: r.height }; };
        const stamp = document.querySelector('g[transform]');
        return {
          boxes: [...document.querySelectorAll('text')].filter((t) => !stamp || !stamp.contains(t))
            .map((t) => ({ text: t.textContent, ...box(t) })),
          frame: box(document.querySelectorAll('rect')[2]),
        };
      })()`);
      mkdirSync(SHOTS, { recursive: true });
      writeFileSync(join(SHOTS, `chromium-${name}.png`), await page.screenshot());
      return result;
    });
    expect(boxes.length).toBeGreaterThan(15);
    // Nothing is cut short but an over-long title.
    expect(boxes.filter((b) => b.text.includes('…')).map((b) => b.text)).toEqual([]);
    for (const b of boxes) {
      expect(b.x, b.text).toBeGreaterThanOrEqual(frame.x);
      expect(b.x + b.w, b.text).toBeLessThanOrEqual(frame.x + frame.w);
      expect(b.y, b.text).toBeGreaterThanOrEqual(frame.y);
      expect(b.y + b.h, b.text).toBeLessThanOrEqual(frame.y + frame.h);
    }
    // Lines of one row are pieces of one line: only lines on different baselines may not overlap.
    const lines = new Map<number, { x: number; y: number; w: number; h: number; text: string }>();
    for (const b of boxes) {
      const key = Math.round(b.y + b.h);
      const same = lines.get(key);
      if (same) {
        const x = Math.min(same.x, b.x);
        lines.set(key, {
          ...same,
          x,
          w: Math.max(same.x + same.w, b.x + b.w) - x,
          text: `${same.text}|${b.text}`,
        });
      } else lines.set(key, { ...b });
    }
    const all = [...lines.values()];
    for (const [i, a] of all.entries())
      for (const b of all.slice(i + 1)) {
        const overlapX = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
        const overlapY = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
        // Line boxes include the font's ascent and descent: a few px of shared leading is not an overlap.
        // Cairo's line boxes reach well above and below the letters (about 1.9 em in all): a
        // third of the smaller box is leading, not letters.
        expect(overlapX > 0 && overlapY > Math.min(a.h, b.h) / 3, `${a.text} / ${b.text}`).toBe(false);
      }
  });
});
