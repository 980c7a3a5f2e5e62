import { hideCommentCase } from '#domain/idea-cases.ts';
import { http } from '#http/kit.ts';
import { hideCommentRoute } from '#http/routes/teams.ts';
import { ideaDeps } from './deps.ts';

export const handler = http(hideCommentRoute, async ({ caller, params, now }) => {
  const comment = await hideCommentCase(ideaDeps(now), caller.id, params.id, params.commentId);
  return { body: comment, version: comment.version };
});
