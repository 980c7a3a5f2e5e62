import { updateLectureCase } from '#domain/lecture-cases.ts';
import { http, ifMatchVersion } from '#http/kit.ts';
import { patchLectureRoute } from '#http/routes/lectures.ts';
import { lectureDeps } from './deps.ts';

export const handler = http(patchLectureRoute, async ({ me, params, body, headers, now }) => {
  const lecture = await updateLectureCase(lectureDeps(now), me, params.id, body, ifMatchVersion(headers));
  return { body: lecture, version: lecture.version };
});
