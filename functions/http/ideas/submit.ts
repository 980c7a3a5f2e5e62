import { submitIdeaCase } from '#domain/idea-cases.ts';
import { http } from '#http/kit.ts';
import { submitIdeaRoute } from '#http/routes/ideas.ts';
import { ideaDeps } from './deps.ts';

export const handler = http(submitIdeaRoute, async ({ me, body, now }) => {
  const idea = await submitIdeaCase(ideaDeps(now), me, body);
  return { body: idea, version: idea.version, created: idea.id };
});
