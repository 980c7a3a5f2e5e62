import { updateLectureCase } from '#domain/lecture-cases.ts';
import { http, ifMatchVersion } from '#http/kit.ts';
import { patchLecture } from '#http/routes.ts';
import { lectureDeps } from './deps.ts';

export const handler = http(patchLecture, async ({ me, params, body, headers, now }) => {
  const lecture = await updateLectureCase(lectureDeps(now), me, params.id, body, ifMatchVersion(headers));
  return { body: lecture, version: lecture.version };
});
