import { decideIdeaCase } from '../../../domain/idea-cases.ts';
import { http } from '../kit.ts';
import { decideIdea } from '../routes.ts';
import { ideaDeps } from './deps.ts';

export const handler = http(decideIdea, async ({ caller, params, body, now }) => {
  const idea = await decideIdeaCase(ideaDeps(now), caller.id, params.id, body);
  return { body: idea, version: idea.version };
});
