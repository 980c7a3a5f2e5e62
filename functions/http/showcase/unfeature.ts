import { unfeatureIdeaCase } from '../../../domain/idea-cases.ts';
import { ideaDeps } from '../ideas/deps.ts';
import { http } from '../kit.ts';
import { unfeatureProject } from '../routes.ts';

export const handler = http(unfeatureProject, async ({ caller, params, now }) => {
  await unfeatureIdeaCase(ideaDeps(now), caller.id, params.id);
  return { status: 204 };
});
