import { featureIdeaCase } from '#domain/idea-cases.ts';
import { showcaseItem } from '#domain/showcase.ts';
import { ideaDeps } from '#http/ideas/deps.ts';
import { http } from '#http/kit.ts';
import { featureProjectRoute } from '#http/routes/showcase.ts';

export const handler = http(featureProjectRoute, async ({ caller, params, body, now }) => {
  const idea = await featureIdeaCase(ideaDeps(now), caller.id, params.id, body);
  return { body: { ...idea, showcase: showcaseItem(idea) }, version: idea.version };
});
