import { reportScheduledCase } from '#domain/lecture-cases.ts';
import { http } from '#http/kit.ts';
import { reportScheduledLectureRoute } from '#http/routes/lectures.ts';
import { lectureDeps } from './deps.ts';

export const handler = http(reportScheduledLectureRoute, async ({ me, params, body, now }) => {
  const lecture = await reportScheduledCase(lectureDeps(now), me, params.id, body);
  return { body: lecture, version: lecture.version };
});
