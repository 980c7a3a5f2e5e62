import { readIdeaCase } from '#domain/idea-cases.ts';
import { http } from '#http/kit.ts';
import { ideaAuditRoute } from '#http/routes/ideas.ts';
import { ideaDeps } from './deps.ts';

export const handler = http(ideaAuditRoute, async ({ caller, params, now }) => {
  const deps = ideaDeps(now);
  await readIdeaCase(deps, params.id, caller);
  return { body: { items: await deps.ideas.auditTrail(params.id) } };
});
