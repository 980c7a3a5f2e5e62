/** The real repositories and ids the lecture handlers wire into the use cases. */
import { ulid } from 'ulid';
import { ambassadorRepo } from '#store/ambassadors.ts';
import { lectureRepo } from '#store/lectures.ts';

export const lectureDeps = (now: Date) => ({
  lectures: lectureRepo,
  ambassadors: ambassadorRepo,
  now: () => now,
  newId: ulid,
});
