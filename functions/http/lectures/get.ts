import { readLecture } from '../../../domain/lecture-cases.ts';
import { lectureView } from '../../../domain/lectures.ts';
import { http } from '../kit.ts';
import { getLecture } from '../routes.ts';
import { lectureDeps } from './deps.ts';

export const handler = http(getLecture, async ({ params, caller, now }) => {
  const lecture = await readLecture(lectureDeps(now), params.id, caller);
  return { body: lectureView(lecture, caller), version: lecture.version };
});
