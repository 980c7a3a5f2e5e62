import { pointRules } from '#domain/points.ts';
import { tableFreeHttp } from '#http/kit-core.ts';
import { listPointRulesRoute } from '#http/routes/points.ts';

// A constant: no table, hence neither tracer nor metrics in the bundle (the table-free kit).
const body = { items: [...pointRules] };

export const handler = tableFreeHttp(listPointRulesRoute, async () => ({
  body,
  headers: { 'cache-control': 'public, max-age=300' },
}));
