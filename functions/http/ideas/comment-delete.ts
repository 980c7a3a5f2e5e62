import { deleteCommentCase } from '#domain/idea-cases.ts';
import { http } from '#http/kit.ts';
import { deleteCommentRoute } from '#http/routes/teams.ts';
import { ideaDeps } from './deps.ts';

export const handler = http(deleteCommentRoute, async ({ me, params, now }) => {
  await deleteCommentCase(ideaDeps(now), { id: me.id, staff: false }, params.id, params.commentId);
  return { status: 204 };
});
