import { http } from '#http/kit.ts';
import { listMyIdeas } from '#http/routes.ts';
import { listOwnIdeas } from '#store/ideas.ts';

export const handler = http(listMyIdeas, async ({ me, query }) => ({
  body: await listOwnIdeas(me.id, query),
}));
