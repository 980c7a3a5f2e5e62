import { readIdeaCase } from '#domain/idea-cases.ts';
import { http } from '#http/kit.ts';
import { listComments } from '#http/routes.ts';
import { listComments as list } from '#store/comments.ts';
import { ideaDeps } from './deps.ts';

export const handler = http(listComments, async ({ caller, params, query, now }) => {
  await readIdeaCase(ideaDeps(now), params.id, caller);
  return { body: await list(params.id, query) };
});
