import { http } from '#http/kit.ts';
import { listMyIdeasRoute } from '#http/routes/ideas.ts';
import { listOwnIdeas } from '#store/ideas.ts';

export const handler = http(listMyIdeasRoute, async ({ me, query }) => ({
  body: await listOwnIdeas(me.id, query),
}));
