import { readIdeaCase } from '#domain/idea-cases.ts';
import { http } from '#http/kit.ts';
import { listCommentsRoute } from '#http/routes/teams.ts';
import { listComments as list } from '#store/comments.ts';
import { ideaDeps } from './deps.ts';

export const handler = http(listCommentsRoute, async ({ caller, params, query, now }) => {
  await readIdeaCase(ideaDeps(now), params.id, caller);
  return { body: await list(params.id, query) };
});
