import { withdrawIdeaCase } from '#domain/idea-cases.ts';
import { http } from '#http/kit.ts';
import { withdrawIdeaRoute } from '#http/routes/ideas.ts';
import { ideaDeps } from './deps.ts';

export const handler = http(withdrawIdeaRoute, async ({ me, params, now }) => {
  const idea = await withdrawIdeaCase(ideaDeps(now), { id: me.id, staff: false }, params.id);
  return { body: idea, version: idea.version };
});
