import { pointRules } from '#domain/points.ts';
import { http } from '#http/kit.ts';
import { listPointRulesRoute } from '#http/routes/points.ts';

export const handler = http(listPointRulesRoute, async () => ({
  body: { items: [...pointRules] },
  headers: { 'cache-control': 'public, max-age=300' },
}));
