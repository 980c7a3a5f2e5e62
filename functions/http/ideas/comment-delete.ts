import { deleteCommentCase } from '#domain/idea-cases.ts';
import { http } from '#http/kit.ts';
import { deleteComment } from '#http/routes.ts';
import { ideaDeps } from './deps.ts';

export const handler = http(deleteComment, async ({ me, params, now }) => {
  await deleteCommentCase(ideaDeps(now), { id: me.id, staff: false }, params.id, params.commentId);
  return { status: 204 };
});
