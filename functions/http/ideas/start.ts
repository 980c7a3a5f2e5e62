import { startIdeaCase } from '#domain/idea-cases.ts';
import { http } from '#http/kit.ts';
import { startProject } from '#http/routes.ts';
import { ideaDeps } from './deps.ts';

export const handler = http(startProject, async ({ me, params, now }) => {
  const idea = await startIdeaCase(ideaDeps(now), { id: me.id, staff: false }, params.id);
  return { body: idea, version: idea.version };
});
