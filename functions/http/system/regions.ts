import { governorates } from '#domain/regions.ts';
import { tableFreeHttp } from '#http/kit-core.ts';
import { listRegionsRoute } from '#http/routes/system.ts';

const body = { items: governorates };

export const handler = tableFreeHttp(listRegionsRoute, async () => ({
  body,
  headers: { 'cache-control': 'public, max-age=86400' },
}));
