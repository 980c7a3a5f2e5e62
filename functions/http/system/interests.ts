import { interests } from '../../../domain/interests.ts';
import { tableFreeHttp } from '../kit-core.ts';
import { listInterests } from '../routes.ts';

const body = { items: interests };

export const handler = tableFreeHttp(listInterests, async () => ({
  body,
  headers: { 'cache-control': 'public, max-age=86400' },
}));
