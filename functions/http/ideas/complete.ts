import { completeIdeaCase } from '#domain/idea-cases.ts';
import { http } from '#http/kit.ts';
import { completeProjectRoute } from '#http/routes/ideas.ts';
import { ideaDeps } from './deps.ts';

export const handler = http(completeProjectRoute, async ({ me, params, body, now }) => {
  const idea = await completeIdeaCase(ideaDeps(now), { id: me.id, staff: false }, params.id, body);
  return { body: idea, version: idea.version };
});
