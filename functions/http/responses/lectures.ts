/** Lecture responses (docs/api-contract.md §6): see ./common.ts. */
import * as z from 'zod/mini';
import { audiences, lectureFormats, lectureStatuses } from '#domain/lectures.ts';
import {
  communityId,
  count,
  governorateId,
  httpsUrl,
  instant,
  interestId,
  opt,
  str,
  version,
  wilayatId,
} from './common.ts';

const lectureFields = {
  id: str,
  organizerId: str,
  /** The knowledge community credited: where it was delivered, or the organizer's for online ones. */
  community: communityId,
  title: str,
  topic: interestId,
  description: opt(str),
  deliveredOn: z.iso.date(),
  format: z.enum(lectureFormats),
  /** In person only. */
  governorate: opt(governorateId),
  wilayat: opt(wilayatId),
  venue: opt(str),
  audience: z.enum(audiences),
  /** Claimed attendees; absent while scheduled (§12). */
  attendees: opt(count(1)),
  evidenceUrls: z.array(httpsUrl),
  /** A scheduled lecture's start and length (§12); absent on one reported after the fact. */
  startsAt: opt(instant),
  durationMinutes: opt(count(15)),
  /**
   * A lecture that offered check-in (§12), in `GET /lectures/{id}` and the staff queue: people
   * checked in with an account (claimed guests included), and guests not claimed yet.
   */
  checkedIn: opt(count()),
  guestCheckIns: opt(count()),
  status: z.enum(lectureStatuses),
  /** Once verified. */
  verifiedAttendees: opt(count(1)),
  /** The review's public note (§10), for everyone who can see the lecture. */
  publicNote: opt(str),
  reviewedAt: opt(instant),
  reportedAt: instant,
  updatedAt: instant,
  version,
};
/** The review's note (§10): for the organizer and staff only. */
const ownLectureFields = { ...lectureFields, reviewNote: opt(str) };
/** The reviewer: for staff only. */
const staffLectureFields = { ...ownLectureFields, reviewedBy: opt(str) };
/** A lecture as every reader sees it (lists, community pages): no internal note, no reviewer. */
export const lecture = z.object(lectureFields);
/** A lecture as its organizer sees it: with the review's note, never the reviewer. */
export const ownLecture = z.object(ownLectureFields);
/**
 * A lecture as staff see it: with the note and the reviewer. `GET /lectures/{id}` answers
 * this shape to staff, `OwnLecture` to the organizer and `Lecture` to everyone else.
 */
export const staffLecture = z.object(staffLectureFields);
/** A lecture in the staff review queue. */
export const queuedLecture = z.object({
  ...staffLectureFields,
  waitingSeconds: count(),
  /** What the check-ins suggest a reviewer look at (§12): `burst`, `recycled_audience`, `claim_gap`. */
  flags: z.array(z.object({ flag: z.enum(['burst', 'recycled_audience', 'claim_gap']), reason: str })),
});
