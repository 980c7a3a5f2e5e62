import { editIdeaCase } from '#domain/idea-cases.ts';
import { http, ifMatchVersion } from '#http/kit.ts';
import { patchIdeaRoute } from '#http/routes/ideas.ts';
import { ideaDeps } from './deps.ts';

export const handler = http(patchIdeaRoute, async ({ me, params, body, headers, now }) => {
  const idea = await editIdeaCase(
    ideaDeps(now),
    { id: me.id, staff: false },
    params.id,
    body,
    ifMatchVersion(headers),
  );
  return { body: idea, version: idea.version };
});
