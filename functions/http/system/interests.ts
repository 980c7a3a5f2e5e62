import { interests } from '#domain/interests.ts';
import { tableFreeHttp } from '#http/kit-core.ts';
import { listInterestsRoute } from '#http/routes/system.ts';

const body = { items: interests };

export const handler = tableFreeHttp(listInterestsRoute, async () => ({
  body,
  headers: { 'cache-control': 'public, max-age=86400' },
}));
