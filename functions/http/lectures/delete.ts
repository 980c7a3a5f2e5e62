import { deleteLectureCase } from '#domain/lecture-cases.ts';
import { http } from '#http/kit.ts';
import { deleteLectureRoute } from '#http/routes/lectures.ts';
import { lectureDeps } from './deps.ts';

export const handler = http(deleteLectureRoute, async ({ me, params, now }) => {
  await deleteLectureCase(lectureDeps(now), me, params.id);
  return { status: 204 };
});
