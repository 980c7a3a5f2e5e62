import { describe, expect, it } from 'vitest';
import { type Certificate, certificateDates, certificateSvg, certificateView } from '#domain/certificates.ts';

const base: Certificate = {
  id: '01JDCERT0000000000000000AB',
  kind: 'attendee',
  holderName: 'Aisha Al-Balushi',
  lectureId: '01JDLECT0000000000000000AB',
  lectureTitle: 'Smart water meters in Muscat',
  lectureDate: '2026-11-05',
  organizerName: 'Salim Al-Harthy',
  issuedAt: '2026-11-06T08:00:00.000Z',
  revoked: false,
};
const qr = [
  [true, false, true],
  [false, true, false],
  [true, true, false],
];
const art = { qr, verifyUrl: 'https://api.example.om/certificates/01JDCERT0000000000000000AB' };

describe('certificate dates', () => {
  it('names the month in Arabic and English, without leading zeros', () => {
    expect(certificateDates('2026-11-05')).toEqual({ ar: '5 نوفمبر 2026', en: '5 November 2026' });
    expect(certificateDates('2027-01-31')).toEqual({ ar: '31 يناير 2027', en: '31 January 2027' });
  });
});

describe('certificate view', () => {
  it('answers what a verifier needs, and nothing of the lecture id or issue time', () => {
    expect(certificateView(base)).toEqual({
      id: base.id,
      kind: 'attendee',
      holderName: 'Aisha Al-Balushi',
      lectureTitle: 'Smart water meters in Muscat',
      date: '2026-11-05',
      organizerName: 'Salim Al-Harthy',
      revoked: false,
    });
  });
});

describe('certificate SVG', () => {
  it('is A4 landscape, in both languages, with the URL, the number and the QR modules', () => {
    const svg = certificateSvg(base, art);
    expect(svg).toContain('width="297mm" height="210mm" viewBox="0 0 1485 1050"');
    expect(svg).toContain('Certificate of Attendance');
    expect(svg).toContain('شهادة حضور');
    expect(svg).toContain('Aisha Al-Balushi');
    expect(svg).toContain('given by Salim Al-Harthy');
    expect(svg).toContain(art.verifyUrl);
    expect(svg).toContain(`No. ${base.id}`);
    // One square per dark module.
    expect(svg.match(/h1v1h-1z/g)).toHaveLength(5);
    expect(svg).not.toContain('REVOKED');
  });

  it("a lecturer's certificate says so and names no organizer", () => {
    const svg = certificateSvg({ ...base, kind: 'lecturer', holderName: 'Salim Al-Harthy' }, art);
    expect(svg).toContain('Certificate of Lecturing');
    expect(svg).toContain('شهادة تقديم محاضرة');
    expect(svg).not.toContain('given by');
  });

  it('a revoked certificate carries the stamp', () => {
    expect(certificateSvg({ ...base, revoked: true }, art)).toContain('REVOKED');
  });

  it('escapes hostile names and titles, and drops what XML cannot hold', () => {
    const svg = certificateSvg(
      {
        ...base,
        holderName: '<script>alert(1)</script> "A" & \u0007B',
        lectureTitle: "</text><image href='x'/>",
      },
      art,
    );
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<image');
    expect(svg).not.toContain('\u0007');
    expect(svg).toContain('&lt;script&gt;');
  });

  it('keeps every column line inside its column, even for very long Arabic and English names and titles', () => {
    const long = {
      ...base,
      holderName: 'عبدالرحمن بن سالم بن حمد بن سعيد بن ناصر البوسعيدي الحارثي المعمري',
      lectureTitle:
        'التحول الرقمي في البلديات: كيف تجعل إنترنت الأشياء (IoT) مدننا أكثر استدامة وأمانًا للأجيال القادمة في سلطنة عُمان',
      organizerName: 'Dr. Maryam bint Khalfan bin Saif Al-Maskari (Sultan Qaboos University)',
    };
    const svg = certificateSvg(long, art);
    // Every line of the English column starts at its left edge; nothing is set below the
    // flow's bottom but the QR code's own lines.
    const ys = [...svg.matchAll(/<text x="([\d.]+)" y="(\d+)" font-size="(\d+)"/g)].map((m) => ({
      x: Number(m[1]),
      y: Number(m[2]),
      size: Number(m[3]),
    }));
    expect(ys.length).toBeGreaterThan(20);
    for (const t of ys) {
      expect(t.x).toBeGreaterThanOrEqual(60);
      expect(t.x).toBeLessThanOrEqual(1425);
      expect(t.y).toBeLessThanOrEqual(990);
    }
    const flow = ys.filter((t) => t.y > 350 && t.y < 740 && t.size > 18);
    expect(Math.max(...flow.map((t) => t.y))).toBeLessThanOrEqual(710);
  });
});
