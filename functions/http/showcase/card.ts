import { DomainError } from '../../../domain/errors.ts';
import { shareCardSvg } from '../../../domain/showcase.ts';
import { getShowcaseItem } from '../../store/ideas.ts';
import { http } from '../kit.ts';
import { getShareCard } from '../routes.ts';

export const handler = http(getShareCard, async ({ params }) => {
  const item = await getShowcaseItem(params.id);
  if (!item) throw new DomainError('not_found');
  return {
    raw: { body: shareCardSvg(item), contentType: 'image/svg+xml; charset=utf-8' },
    headers: { 'cache-control': 'public, max-age=300' },
  };
});
