import { readIdeaCase } from '#domain/idea-cases.ts';
import { http } from '#http/kit.ts';
import { ideaAudit } from '#http/routes.ts';
import { ideaDeps } from './deps.ts';

export const handler = http(ideaAudit, async ({ caller, params, now }) => {
  const deps = ideaDeps(now);
  await readIdeaCase(deps, params.id, caller);
  return { body: { items: await deps.ideas.auditTrail(params.id) } };
});
