import { http } from '#http/kit.ts';
import { listSeasonsRoute } from '#http/routes/points.ts';
import { listSeasons } from '#store/points.ts';

export const handler = http(listSeasonsRoute, async () => ({
  body: { items: await listSeasons() },
  headers: { 'cache-control': 'public, max-age=60' },
}));
