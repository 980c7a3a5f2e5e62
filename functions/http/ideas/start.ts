import { startIdeaCase } from '#domain/idea-cases.ts';
import { http } from '#http/kit.ts';
import { startProjectRoute } from '#http/routes/ideas.ts';
import { ideaDeps } from './deps.ts';

export const handler = http(startProjectRoute, async ({ me, params, now }) => {
  const idea = await startIdeaCase(ideaDeps(now), { id: me.id, staff: false }, params.id);
  return { body: idea, version: idea.version };
});
