import { governorates } from '#domain/regions.ts';
import { tableFreeHttp } from '#http/kit-core.ts';
import { listRegions } from '#http/routes.ts';

const body = { items: governorates };

export const handler = tableFreeHttp(listRegions, async () => ({
  body,
  headers: { 'cache-control': 'public, max-age=86400' },
}));
