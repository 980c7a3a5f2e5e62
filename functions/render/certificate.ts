/**
 * A certificate drawn (domain/certificates.ts): measured and embedded in Cairo like the share
 * card, with the QR code of its verification URL (uqr: error correction M, so a creased or
 * smudged print still reads), as SVG or as a PNG of A4 at 200 dpi.
 */
import { encode } from 'uqr';
import { type Certificate, certificateSvg } from '#domain/certificates.ts';
import { cardFont } from './card-font.ts';
import { renderSvg } from './card-png.ts';

/** A4 landscape (297 mm) at 200 dpi: sharp in print, a few hundred KB. */
export const CERTIFICATE_PNG_WIDTH = 2339;

export const certificateArtwork = (certificate: Certificate, verifyUrl: string): string =>
  certificateSvg(certificate, {
    font: cardFont,
    qr: encode(verifyUrl, { ecc: 'M', border: 0 }).data,
    verifyUrl,
  });

// resvg takes its fonts as files, not from @font-face: the SVG it draws leaves the embedded
// font out (parsing it would only slow the render down).
const pngFont = { ...cardFont, css: '' };

export const certificatePng = async (certificate: Certificate, verifyUrl: string): Promise<Uint8Array> =>
  (
    await renderSvg(
      certificateSvg(certificate, {
        font: pngFont,
        qr: encode(verifyUrl, { ecc: 'M', border: 0 }).data,
        verifyUrl,
      }),
      CERTIFICATE_PNG_WIDTH,
    )
  ).png;
