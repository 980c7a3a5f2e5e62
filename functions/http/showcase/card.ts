import { DomainError } from '#domain/errors.ts';
import { shareCardSvg } from '#domain/showcase.ts';
import { cardFont } from '#functions/render/card-font.ts';
import { http } from '#http/kit.ts';
import { getShareCardRoute } from '#http/routes/showcase.ts';
import { getShowcaseItem } from '#store/showcase.ts';

export const handler = http(getShareCardRoute, async ({ params }) => {
  const item = await getShowcaseItem(params.id);
  if (!item) throw new DomainError('not_found');
  return {
    // Laid out with Cairo's own metrics and carrying Cairo (@font-face), so every viewer
    // draws the lines the layout measured.
    raw: { body: shareCardSvg(item, cardFont), contentType: 'image/svg+xml; charset=utf-8' },
    headers: { 'cache-control': 'public, max-age=300' },
  };
});
