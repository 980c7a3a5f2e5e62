import { interests } from '#domain/interests.ts';
import { tableFreeHttp } from '#http/kit-core.ts';
import { listInterests } from '#http/routes.ts';

const body = { items: interests };

export const handler = tableFreeHttp(listInterests, async () => ({
  body,
  headers: { 'cache-control': 'public, max-age=86400' },
}));
