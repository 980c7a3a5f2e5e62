import { interests } from '../../../domain/interests.ts';
import { http } from '../kit.ts';
import { listInterests } from '../routes.ts';

const body = { items: interests };

export const handler = http(listInterests, async () => ({
  body,
  headers: { 'cache-control': 'public, max-age=86400' },
}));
