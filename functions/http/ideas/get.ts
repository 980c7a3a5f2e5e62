import { readIdeaCase } from '#domain/idea-cases.ts';
import { ideaView } from '#domain/ideas.ts';
import { http } from '#http/kit.ts';
import { getIdeaRoute } from '#http/routes/ideas.ts';
import { ideaDeps } from './deps.ts';

export const handler = http(getIdeaRoute, async ({ params, caller, now }) => {
  const idea = await readIdeaCase(ideaDeps(now), params.id, caller);
  return { body: ideaView(idea, caller), version: idea.version };
});
