import { checkinUrl } from '#domain/checkin.ts';
import { assertMayShowCode } from '#domain/checkin-cases.ts';
import { DomainError } from '#domain/errors.ts';
import { canSeeLecture } from '#domain/lectures.ts';
import { lectureCodes } from '#functions/checkin/codes.ts';
import { http } from '#http/kit.ts';
import { getCheckinCodeRoute } from '#http/routes/checkins.ts';
import { requestOrigin } from '#http/system/servers.ts';
import { lectureRepo } from '#store/lectures.ts';

/**
 * Where the QR code's link points: PUBLIC_BASE_URL (the web app's origin) when set, else the
 * origin this request reached (docs/local.md: locally, the local server).
 */
const baseUrlOf = (headers: Record<string, string | undefined>): string => {
  const base = process.env.PUBLIC_BASE_URL || requestOrigin(headers);
  if (!base)
    throw new DomainError('validation_failed', 'The request has no Host to build the check-in link from');
  return base;
};

export const handler = http(getCheckinCodeRoute, async ({ params, me, headers, now }) => {
  const lecture = await lectureRepo.get(params.id);
  if (!lecture || !canSeeLecture(lecture, { id: me.id, staff: false })) throw new DomainError('not_found');
  assertMayShowCode(lecture, me.id, now);
  const { code, expiresAt } = await lectureCodes().current(lecture.id, now);
  return { body: { code, expiresAt, url: checkinUrl(baseUrlOf(headers), lecture.id, code) } };
});
