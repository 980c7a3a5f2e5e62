import { listShowcase as list } from '../../store/ideas.ts';
import { http } from '../kit.ts';
import { listShowcase } from '../routes.ts';

export const handler = http(listShowcase, async ({ query }) => ({
  body: await list(query),
  headers: { 'cache-control': 'public, max-age=60' },
}));
