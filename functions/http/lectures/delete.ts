import { deleteLectureCase } from '#domain/lecture-cases.ts';
import { http } from '#http/kit.ts';
import { deleteLecture } from '#http/routes.ts';
import { lectureDeps } from './deps.ts';

export const handler = http(deleteLecture, async ({ me, params, now }) => {
  await deleteLectureCase(lectureDeps(now), me, params.id);
  return { status: 204 };
});
