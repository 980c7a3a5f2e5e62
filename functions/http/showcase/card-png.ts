import { DomainError } from '#domain/errors.ts';
import { shareCardSvg } from '#domain/showcase.ts';
import { cardFont } from '#functions/render/card-font.ts';
import { renderSvg } from '#functions/render/card-png.ts';
import { http } from '#http/kit.ts';
import { getShareCardPngRoute } from '#http/routes/showcase.ts';
import { getShowcaseItem } from '#store/showcase.ts';

// resvg takes its fonts as files, not from @font-face: the SVG it draws leaves the 190 KB
// of embedded font out (parsing it would only slow the render down).
const pngFont = { ...cardFont, css: '' };

export const handler = http(getShareCardPngRoute, async ({ params }) => {
  const item = await getShowcaseItem(params.id);
  if (!item) throw new DomainError('not_found');
  const { png } = await renderSvg(shareCardSvg(item, pngFont));
  return {
    raw: { body: png, contentType: 'image/png' },
    headers: { 'cache-control': 'public, max-age=300' },
  };
});
