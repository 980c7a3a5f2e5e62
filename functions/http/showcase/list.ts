import { http } from '#http/kit.ts';
import { listShowcaseRoute } from '#http/routes/showcase.ts';
import { listShowcase as list } from '#store/showcase.ts';

export const handler = http(listShowcaseRoute, async ({ query }) => ({
  body: await list(query),
  headers: { 'cache-control': 'public, max-age=60' },
}));
