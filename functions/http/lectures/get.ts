import { readLectureCase } from '#domain/lecture-cases.ts';
import { lectureView } from '#domain/lectures.ts';
import { http } from '#http/kit.ts';
import { getLectureRoute } from '#http/routes/lectures.ts';
import { lectureDeps } from './deps.ts';

export const handler = http(getLectureRoute, async ({ params, caller, now }) => {
  const lecture = await readLectureCase(lectureDeps(now), params.id, caller);
  return { body: lectureView(lecture, caller), version: lecture.version };
});
