import { reportLectureCase } from '#domain/lecture-cases.ts';
import { http } from '#http/kit.ts';
import { reportLecture } from '#http/routes.ts';
import { lectureDeps } from './deps.ts';

export const handler = http(reportLecture, async ({ me, body, now }) => {
  const lecture = await reportLectureCase(lectureDeps(now), me, body);
  return { body: lecture, version: lecture.version, created: lecture.id };
});
