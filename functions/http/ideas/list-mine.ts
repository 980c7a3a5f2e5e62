import { listOwnIdeas } from '../../store/ideas.ts';
import { http } from '../kit.ts';
import { listMyIdeas } from '../routes.ts';

export const handler = http(listMyIdeas, async ({ me, query }) => ({
  body: await listOwnIdeas(me.id, query),
}));
