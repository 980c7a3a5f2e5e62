import { randomBytes } from 'node:crypto';
import { CLAIM_TOKEN_BYTES, formatClaimToken } from '#domain/checkin.ts';
import { assertMayCheckIn } from '#domain/checkin-cases.ts';
import { DomainError } from '#domain/errors.ts';
import { claimTokenHash, lectureCodes } from '#functions/checkin/codes.ts';
import { http } from '#http/kit.ts';
import { guestCheckInRoute } from '#http/routes/checkins.ts';
import { recordCheckIn } from '#store/checkins.ts';
import { lectureRepo } from '#store/lectures.ts';

export const handler = http(guestCheckInRoute, async ({ params, body, now }) => {
  const lecture = await lectureRepo.get(params.id);
  if (!lecture) throw new DomainError('not_found');
  assertMayCheckIn(lecture, undefined, now);
  if (!(await lectureCodes().accepts(lecture.id, body.code, now))) throw new DomainError('invalid_code');
  const claimToken = formatClaimToken(new Uint8Array(randomBytes(CLAIM_TOKEN_BYTES)));
  const at = now.toISOString();
  const outcome = await recordCheckIn(
    lecture,
    { kind: 'guest', tokenHash: claimTokenHash(claimToken), name: body.name, at },
    now,
  );
  if (outcome !== 'ok') throw new DomainError('not_found');
  return { body: { lectureId: lecture.id, name: body.name, at, claimToken }, created: lecture.id };
});
