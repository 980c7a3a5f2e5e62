import { governorates } from '../../../domain/regions.ts';
import { http } from '../kit.ts';
import { listRegions } from '../routes.ts';

const body = { items: governorates };

export const handler = http(listRegions, async () => ({
  body,
  headers: { 'cache-control': 'public, max-age=86400' },
}));
