import { addCommentCase } from '#domain/idea-cases.ts';
import { http } from '#http/kit.ts';
import { addCommentRoute } from '#http/routes/teams.ts';
import { ideaDeps } from './deps.ts';

export const handler = http(addCommentRoute, async ({ me, params, body, now }) => {
  const comment = await addCommentCase(ideaDeps(now), { id: me.id, staff: false }, params.id, body);
  // Location: the idea's comments, where the new one is listed (there is no GET of one comment).
  return { body: comment, version: comment.version, created: comment.id };
});
