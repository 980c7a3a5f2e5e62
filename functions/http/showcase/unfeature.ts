import { unfeatureIdeaCase } from '#domain/idea-cases.ts';
import { ideaDeps } from '#http/ideas/deps.ts';
import { http } from '#http/kit.ts';
import { unfeatureProjectRoute } from '#http/routes/showcase.ts';

export const handler = http(unfeatureProjectRoute, async ({ caller, params, now }) => {
  await unfeatureIdeaCase(ideaDeps(now), caller.id, params.id);
  return { status: 204 };
});
