import { readLectureCase } from '#domain/lecture-cases.ts';
import { lectureView } from '#domain/lectures.ts';
import { http } from '#http/kit.ts';
import { getLecture } from '#http/routes.ts';
import { lectureDeps } from './deps.ts';

export const handler = http(getLecture, async ({ params, caller, now }) => {
  const lecture = await readLectureCase(lectureDeps(now), params.id, caller);
  return { body: lectureView(lecture, caller), version: lecture.version };
});
