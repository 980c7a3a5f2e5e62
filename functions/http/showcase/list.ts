import { http } from '#http/kit.ts';
import { listShowcase } from '#http/routes.ts';
import { listShowcase as list } from '#store/showcase.ts';

export const handler = http(listShowcase, async ({ query }) => ({
  body: await list(query),
  headers: { 'cache-control': 'public, max-age=60' },
}));
