import { decideIdeaCase } from '#domain/idea-cases.ts';
import { http } from '#http/kit.ts';
import { decideIdeaRoute } from '#http/routes/ideas.ts';
import { ideaDeps } from './deps.ts';

export const handler = http(decideIdeaRoute, async ({ caller, params, body, now }) => {
  const idea = await decideIdeaCase(ideaDeps(now), caller.id, params.id, body);
  return { body: idea, version: idea.version };
});
