import { unfeatureIdeaCase } from '#domain/idea-cases.ts';
import { ideaDeps } from '#http/ideas/deps.ts';
import { http } from '#http/kit.ts';
import { unfeatureProject } from '#http/routes.ts';

export const handler = http(unfeatureProject, async ({ caller, params, now }) => {
  await unfeatureIdeaCase(ideaDeps(now), caller.id, params.id);
  return { status: 204 };
});
