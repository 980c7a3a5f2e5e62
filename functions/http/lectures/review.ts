import { reviewLectureCase } from '#domain/lecture-cases.ts';
import { http } from '#http/kit.ts';
import { reviewLectureRoute } from '#http/routes/lectures.ts';
import { lectureDeps } from './deps.ts';

export const handler = http(reviewLectureRoute, async ({ caller, params, body, now }) => {
  const lecture = await reviewLectureCase(lectureDeps(now), caller.id, params.id, body);
  return { body: lecture, version: lecture.version };
});
