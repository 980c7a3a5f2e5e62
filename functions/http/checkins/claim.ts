import { type CheckIn, checkInName } from '#domain/checkin-cases.ts';
import { DomainError } from '#domain/errors.ts';
import { claimTokenHash } from '#functions/checkin/codes.ts';
import { http } from '#http/kit.ts';
import { claimCheckInRoute } from '#http/routes/checkins.ts';
import { getAmbassador } from '#store/ambassadors.ts';
import { claimGuestCheckIn, getClaim } from '#store/checkins.ts';
import { lectureRepo } from '#store/lectures.ts';

export const handler = http(claimCheckInRoute, async ({ body, caller }) => {
  const hash = claimTokenHash(body.claimToken);
  const claim = await getClaim(hash);
  if (!claim) throw new DomainError('not_found', 'No guest check-in waits for this token');
  const lecture = await lectureRepo.get(claim.lectureId, true);
  if (!lecture) throw new DomainError('not_found', 'No guest check-in waits for this token');
  if (lecture.organizerId === caller.id)
    throw new DomainError('forbidden', 'The organizer does not check in to their own lecture');
  // An ambassador is checked in under their profile name, anyone else under the guest's.
  const { name, ambassador } = checkInName(await getAmbassador(caller.id, true), claim.name);
  const checkIn: CheckIn = {
    lectureId: lecture.id,
    name,
    at: claim.at,
    ...(ambassador ? { ambassadorId: caller.id } : {}),
  };
  const outcome = await claimGuestCheckIn(lecture, hash, caller.id, checkIn);
  if (outcome === 'claimed') throw new DomainError('not_found', 'No guest check-in waits for this token');
  if (outcome === 'already_checked_in')
    throw new DomainError('already_checked_in', 'You have already checked in to this lecture');
  return { body: checkIn };
});
