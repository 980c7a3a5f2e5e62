import { assertMayCheckIn, type CheckIn, checkInName } from '#domain/checkin-cases.ts';
import { DomainError } from '#domain/errors.ts';
import { lectureCodes } from '#functions/checkin/codes.ts';
import { http } from '#http/kit.ts';
import { checkInRoute } from '#http/routes/checkins.ts';
import { getAmbassador } from '#store/ambassadors.ts';
import { recordCheckIn } from '#store/checkins.ts';
import { lectureRepo } from '#store/lectures.ts';

export const handler = http(checkInRoute, async ({ params, body, caller, now }) => {
  const lecture = await lectureRepo.get(params.id);
  if (!lecture) throw new DomainError('not_found');
  assertMayCheckIn(lecture, caller.id, now);
  if (!(await lectureCodes().accepts(lecture.id, body.code, now))) throw new DomainError('invalid_code');
  const { name, ambassador } = checkInName(await getAmbassador(caller.id, true), body.name);
  const checkIn: CheckIn = {
    lectureId: lecture.id,
    name,
    at: now.toISOString(),
    ...(ambassador ? { ambassadorId: caller.id } : {}),
  };
  const outcome = await recordCheckIn(lecture, { kind: 'person', attendee: caller.id, checkIn }, now);
  if (outcome === 'already_checked_in')
    throw new DomainError('already_checked_in', 'You have already checked in to this lecture');
  if (outcome === 'gone') throw new DomainError('not_found');
  return { body: checkIn, created: lecture.id };
});
