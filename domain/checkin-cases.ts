/**
 * Verified attendance (docs/api-contract.md §12): who may show a lecture's check-in code, who
 * may check in and when, in which order the refusals come, and what a check-in records.
 * The codes themselves are domain/checkin.ts's; the store keeps one check-in per person and
 * lecture with a condition, so a duplicate is decided there, not here.
 */
import * as z from 'zod/mini';
import { personName } from './ambassadors.ts';
import { checkInSchema, isCheckinOpen } from './checkin.ts';
import { DomainError } from './errors.ts';
import type { Lecture } from './lectures.ts';

/**
 * `POST /lectures/{id}/check-ins`: `code`, and `name` (2–100) when the caller has no ambassador
 * profile; an ambassador's profile name is used, and a `name` they send is ignored.
 */
export const memberCheckInSchema = z
  .strictObject({ ...checkInSchema.shape, name: z.optional(personName) })
  .check(
    z.describe(
      '`name` (2–100) is required when the caller has no ambassador profile; an ambassador is checked in under their profile name.',
    ),
  );
export type MemberCheckIn = z.infer<typeof memberCheckInSchema>;

/** One check-in, as its lecture's organizer and staff see it (`GET /lectures/{id}/check-ins`). */
export interface CheckIn {
  lectureId: string;
  name: string;
  at: string;
  /** When the attendee is a registered ambassador. */
  ambassadorId?: string | undefined;
}

/**
 * The organizer asks for the code to show: only the organizer (403 `forbidden` to others who can
 * see the lecture), only within the check-in window (409 `checkin_closed`).
 */
export const assertMayShowCode = (lecture: Lecture, callerId: string, now: Date): void => {
  if (lecture.organizerId !== callerId)
    throw new DomainError('forbidden', "Only the lecture's organizer shows its check-in code");
  if (!isCheckinOpen(lecture, now))
    throw new DomainError(
      'checkin_closed',
      'Check-in is open from 30 minutes before the start to 60 after the end',
    );
};

/**
 * Whether `callerId` (undefined for a guest) may check in now, before the code is looked at:
 * the organizer never (403 `forbidden`), anyone only within the window (409 `checkin_closed`).
 * A lecture reported after the fact has no window. The code comes next (400 `invalid_code`),
 * then the store's one-per-person condition (409 `already_checked_in`).
 */
export const assertMayCheckIn = (lecture: Lecture, callerId: string | undefined, now: Date): void => {
  if (callerId !== undefined && lecture.organizerId === callerId)
    throw new DomainError('forbidden', 'The organizer does not check in to their own lecture');
  if (!isCheckinOpen(lecture, now))
    throw new DomainError('checkin_closed', 'Check-in is not open for this lecture');
};

/** The name a signed-in check-in records: the ambassador's profile name, else the one sent. */
export const checkInName = (
  profile: { name: string; erased?: boolean | undefined } | undefined,
  sent: string | undefined,
): { name: string; ambassador: boolean } => {
  if (profile && !profile.erased) return { name: profile.name, ambassador: true };
  if (sent === undefined)
    throw new DomainError('validation_failed', 'A caller without an ambassador profile sends their name', [
      { path: 'name', message: 'Required without an ambassador profile' },
    ]);
  return { name: sent, ambassador: false };
};
