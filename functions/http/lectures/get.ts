import { readLectureCase } from '#domain/lecture-cases.ts';
import { lectureView } from '#domain/lectures.ts';
import { http } from '#http/kit.ts';
import { getLectureRoute } from '#http/routes/lectures.ts';
import { getCheckInCounts } from '#store/checkins.ts';
import { lectureDeps } from './deps.ts';

export const handler = http(getLectureRoute, async ({ params, caller, now }) => {
  const lecture = await readLectureCase(lectureDeps(now), params.id, caller);
  // A lecture that offered check-in (§12) shows its counts, exact once a check-in has answered.
  const counts = lecture.startsAt ? await getCheckInCounts(lecture.id, true) : undefined;
  return {
    body: {
      ...lectureView(lecture, caller),
      ...(counts ? { checkedIn: counts.checkedIn, guestCheckIns: counts.guestCheckIns } : {}),
    },
    version: lecture.version,
  };
});
