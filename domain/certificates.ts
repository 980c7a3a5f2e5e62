/**
 * Certificates (docs/api-contract.md §12): one per checked-in attendee of a verified lecture,
 * and a lecturer's certificate for its organizer. Publicly verifiable by id; drawn as an A4
 * landscape SVG (and the PNG made from it) in Arabic and English, with a QR code of the
 * verification URL. Pure: the font that measures the text and the QR code's modules are given.
 */
import { type CardFont, escapeXml, estimatedFont, svgText } from './svg-text.ts';

export const certificateKinds = ['attendee', 'lecturer'] as const;
export type CertificateKind = (typeof certificateKinds)[number];

export interface Certificate {
  id: string;
  kind: CertificateKind;
  /** The holder's name as it was at issue; erasure replaces it (ERASED_HOLDER). */
  holderName: string;
  lectureId: string;
  lectureTitle: string;
  /** The lecture's date in Oman, `YYYY-MM-DD`. */
  lectureDate: string;
  organizerName: string;
  issuedAt: string;
  revoked: boolean;
}

/** What the public verification answers (`GET /certificates/{id}`). */
export interface CertificateView {
  id: string;
  kind: CertificateKind;
  holderName: string;
  lectureTitle: string;
  date: string;
  organizerName: string;
  revoked: boolean;
}

export const certificateView = (c: Certificate): CertificateView => ({
  id: c.id,
  kind: c.kind,
  holderName: c.holderName,
  lectureTitle: c.lectureTitle,
  date: c.lectureDate,
  organizerName: c.organizerName,
  revoked: c.revoked,
});

/**
 * A4 landscape, 297 × 210 mm, drawn in units of 0.2 mm: every length below is in those
 * units. The frame's inner line is the limit nothing drawn may cross.
 */
export const CERTIFICATE = {
  width: 1485,
  height: 1050,
  /** The inner frame line. */
  frame: { left: 60, top: 60, right: 1425, bottom: 990 },
  /** Each language's column: English on the left, Arabic on the right. */
  en: { left: 110, right: 705 },
  ar: { left: 780, right: 1375 },
  qr: { size: 160, top: 740 },
  /** Where the columns' flow starts, and the line it may not pass (above the QR code). */
  flow: { top: 360, bottom: 710 },
} as const;

const INK = '#0b4f6c';
const ACCENT = '#01a087';
const MUTED = '#4a6572';

const AR_MONTHS = [
  'يناير',
  'فبراير',
  'مارس',
  'أبريل',
  'مايو',
  'يونيو',
  'يوليو',
  'أغسطس',
  'سبتمبر',
  'أكتوبر',
  'نوفمبر',
  'ديسمبر',
];
const EN_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** `2026-11-05` as "5 نوفمبر 2026" and "5 November 2026" (the digits Oman's forms use). */
export const certificateDates = (date: string): { ar: string; en: string } => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return { ar: `${d} ${AR_MONTHS[m - 1]} ${y}`, en: `${d} ${EN_MONTHS[m - 1]} ${y}` };
};

const TEXTS = {
  attendee: {
    titleAr: 'شهادة حضور',
    titleEn: 'Certificate of Attendance',
    didAr: 'حضر المحاضرة التوعوية',
    didEn: 'attended the awareness lecture',
  },
  lecturer: {
    titleAr: 'شهادة تقديم محاضرة',
    titleEn: 'Certificate of Lecturing',
    didAr: 'قدّم المحاضرة التوعوية',
    didEn: 'gave the awareness lecture',
  },
} as const;

/** The QR code's dark modules as one path, a module a unit, at (x, y), `size` wide. */
const qrPath = (modules: readonly (readonly boolean[])[], x: number, y: number, size: number): string => {
  const n = modules.length;
  if (n === 0) return '';
  const d: string[] = [];
  for (const [row, line] of modules.entries())
    for (const [col, dark] of line.entries()) if (dark) d.push(`M${col} ${row}h1v1h-1z`);
  const scale = size / n;
  return `<path transform="translate(${x} ${y}) scale(${scale})" fill="${INK}" shape-rendering="crispEdges" d="${d.join('')}"/>`;
};

export interface CertificateArt {
  font?: CardFont;
  /** The QR code of `verifyUrl`, row by row, without its quiet zone. */
  qr: readonly (readonly boolean[])[];
  verifyUrl: string;
}

/**
 * The certificate as SVG. Each language has its column and its own flow: the intro, the
 * holder's name (up to 2 lines, shrunk to fit), what they did, the lecture's title (up to 3
 * lines), the date and, for an attendee, who gave it. Lines are broken by the width `font`
 * measures, so nothing crosses the columns or the frame; below them the QR code of the
 * verification URL, the URL and the number. A revoked certificate carries a stamp across it.
 */
export const certificateSvg = (c: Certificate, art: CertificateArt): string => {
  const font = art.font ?? estimatedFont;
  const C = CERTIFICATE;
  const t = TEXTS[c.kind];
  const dates = certificateDates(c.lectureDate);
  const ar = svgText(font, C.ar);
  const en = svgText(font, C.en);
  const page = svgText(font, { left: C.frame.left + 40, right: C.frame.right - 40 });
  const mid = C.width / 2;

  type Block = { text: string; max: number; min: number; weight: 400 | 700; lines: number; fill: string };
  /**
   * One column's flow from the top: blocks of fitted text, each a little below the last, at
   * `scale` of their sizes; and where it ends.
   */
  const column = (
    kit: ReturnType<typeof svgText>,
    side: 'ar' | 'en',
    blocks: Block[],
    scale: number,
  ): { parts: string[]; bottom: number } => {
    let y = C.flow.top;
    const parts: string[] = [];
    for (const b of blocks) {
      const max = Math.round(b.max * scale);
      const fitted = kit.setText(
        b.text,
        max,
        Math.min(max, Math.round(b.min * scale)),
        b.weight,
        undefined,
        b.lines,
      );
      const step = Math.round(fitted.size * 1.35);
      for (const line of fitted.lines) {
        y += step;
        if (side === 'ar') parts.push(...kit.rtl(line, y, fitted.size, b.weight, b.fill));
        else parts.push(kit.ltr(line, y, fitted.size, b.weight, b.fill));
      }
      y += Math.round(fitted.size * 0.45);
    }
    // The last line's descenders (about a third of its size) are part of it.
    return { parts, bottom: y };
  };
  /** The largest scale at which both columns end above the QR code. */
  const columns = (): string[] => {
    for (const scale of [1, 0.92, 0.84, 0.76, 0.68, 0.6]) {
      const right = column(ar, 'ar', blocksOf('ar'), scale);
      const left = column(en, 'en', blocksOf('en'), scale);
      if (Math.max(right.bottom, left.bottom) <= C.flow.bottom || scale === 0.6)
        return [...right.parts, ...left.parts];
    }
    return [];
  };
  // Quotation marks of the column's language, around a title in its script only: marks of one
  // direction around a run of the other land on the wrong sides of it.
  const arabic = /\p{Script_Extensions=Arabic}/u;
  const quoted = (s: string, side: 'ar' | 'en') =>
    arabic.test(s) === (side === 'ar') ? (side === 'ar' ? `«${s}»` : `“${s}”`) : s;
  const blocksOf = (side: 'ar' | 'en'): Block[] => [
    {
      text: side === 'ar' ? 'تشهد منصة سفراء المدن الذكية بأنّ' : 'Smart City Ambassadors certifies that',
      max: 26,
      min: 22,
      weight: 400 as const,
      lines: 2,
      fill: MUTED,
    },
    // A name is never cut short: up to 3 lines (100 characters at most), smaller if need be.
    { text: c.holderName, max: 54, min: 26, weight: 700 as const, lines: 3, fill: INK },
    {
      text: side === 'ar' ? t.didAr : t.didEn,
      max: 26,
      min: 22,
      weight: 400 as const,
      lines: 1,
      fill: MUTED,
    },
    { text: quoted(c.lectureTitle, side), max: 34, min: 22, weight: 700 as const, lines: 3, fill: ACCENT },
    {
      text: side === 'ar' ? `بتاريخ ${dates.ar}` : `on ${dates.en}`,
      max: 26,
      min: 22,
      weight: 400 as const,
      lines: 1,
      fill: MUTED,
    },
    ...(c.kind === 'attendee'
      ? [
          {
            text: side === 'ar' ? `قدّمها ${c.organizerName}` : `given by ${c.organizerName}`,
            max: 26,
            min: 20,
            weight: 400 as const,
            lines: 2,
            fill: MUTED,
          },
        ]
      : []),
  ];
  const qrLeft = mid - C.qr.size / 2;
  const qrBottom = C.qr.top + C.qr.size;
  const urlWidth = C.frame.right - C.frame.left - 80;
  const url = page.setText(art.verifyUrl, 20, 14, 400, urlWidth, 1);
  const stamp = c.revoked
    ? [
        `<g transform="rotate(-18 ${mid} ${C.height / 2})" opacity="0.85">`,
        `<rect x="${mid - 330}" y="${C.height / 2 - 70}" width="660" height="140" rx="16" fill="none" stroke="#b3261e" stroke-width="8"/>`,
        ...page.centre('ملغاة · REVOKED', mid, C.height / 2 + 24, 64, 700, '#b3261e'),
        '</g>',
      ]
    : [];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="297mm" height="210mm" viewBox="0 0 ${C.width} ${C.height}" role="img"`,
    ` aria-label="${escapeXml(`${t.titleEn}: ${c.holderName}, ${c.lectureTitle}, ${dates.en}`)}">`,
    ...(font.css ? [`<style>${font.css}</style>`] : []),
    `<rect width="${C.width}" height="${C.height}" fill="#fffdf7"/>`,
    `<rect x="36" y="36" width="${C.width - 72}" height="${C.height - 72}" fill="none" stroke="${INK}" stroke-width="8"/>`,
    `<rect x="${C.frame.left}" y="${C.frame.top}" width="${C.frame.right - C.frame.left}" height="${C.frame.bottom - C.frame.top}" fill="none" stroke="${ACCENT}" stroke-width="2"/>`,
    ...ar.rtl('سفراء المدن الذكية', 130, 32, 700, INK),
    en.ltr('Smart City Ambassadors', 130, 30, 700, INK),
    ...page.centre(t.titleAr, mid, 225, 60, 700, INK),
    ...page.centre(t.titleEn, mid, 290, 38, 400, ACCENT),
    `<line x1="${mid}" y1="350" x2="${mid}" y2="${C.qr.top - 30}" stroke="${ACCENT}" stroke-width="2" opacity="0.5"/>`,
    ...columns(),
    `<rect x="${qrLeft - 20}" y="${C.qr.top - 20}" width="${C.qr.size + 40}" height="${C.qr.size + 40}" fill="#ffffff"/>`,
    qrPath(art.qr, qrLeft, C.qr.top, C.qr.size),
    en.ltr(`No. ${c.id}`, qrBottom - 10, 18, 400, MUTED),
    ...ar.rtl(`رقم الشهادة ${c.id}`, qrBottom - 10, 18, 400, MUTED),
    ...url.lines.flatMap((line) => page.centre(line, mid, qrBottom + 50, url.size, 400, MUTED)),
    ...stamp,
    '</svg>',
  ].join('\n');
};
