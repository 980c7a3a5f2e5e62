import { DomainError } from '#domain/errors.ts';
import { canSeeLecture } from '#domain/lectures.ts';
import { http } from '#http/kit.ts';
import { listCheckInsRoute } from '#http/routes/checkins.ts';
import { listCheckIns } from '#store/checkins.ts';
import { lectureRepo } from '#store/lectures.ts';

export const handler = http(listCheckInsRoute, async ({ params, query, caller }) => {
  const lecture = await lectureRepo.get(params.id);
  if (!lecture || !canSeeLecture(lecture, caller)) throw new DomainError('not_found');
  if (!caller.staff && lecture.organizerId !== caller.id)
    throw new DomainError('forbidden', "Only the lecture's organizer and staff see its check-ins");
  return { body: await listCheckIns(lecture.id, query) };
});
