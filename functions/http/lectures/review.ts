import { reviewLectureCase } from '#domain/lecture-cases.ts';
import { http } from '#http/kit.ts';
import { reviewLectureRoute } from '#http/routes/lectures.ts';
import { getCheckInCounts } from '#store/checkins.ts';
import { lectureDeps } from './deps.ts';

export const handler = http(reviewLectureRoute, async ({ caller, params, body, now }) => {
  const deps = { ...lectureDeps(now), checkInCounts: (id: string) => getCheckInCounts(id, true) };
  const lecture = await reviewLectureCase(deps, caller.id, params.id, body);
  return { body: lecture, version: lecture.version };
});
