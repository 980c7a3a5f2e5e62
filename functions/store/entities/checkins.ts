/**
 * Check-in item types (docs/api-contract.md §12): a person's check-in and a guest's in the
 * lecture's item collection, the lecture's check-in counters and burst buckets beside them, a
 * guest's claim by the hash of its token, and the counter of one attendee's check-ins to one
 * organizer's lectures (recycled_audience).
 */
import type { CheckIn } from '#domain/checkin-cases.ts';
import { entity, type Key } from './define.ts';

const lecturePartition = (lectureId: string) => `LECT#${lectureId}`;

/** The sort key prefixes of a lecture's check-ins: AP48 reads each with begins_with. */
export const CHECKIN_PREFIX = 'CHECKIN#';
export const GUEST_PREFIX = 'GUEST#';

/** AP47, AP48. One signed-in person's check-in to one lecture: its key makes it one per person. */
export const checkInEntity = entity({
  type: 'CheckIn',
  key: (lectureId: string, attendee: string): Key => ({
    pk: lecturePartition(lectureId),
    sk: `${CHECKIN_PREFIX}${attendee}`,
  }),
  keyOf: (c: CheckIn & { attendee: string }) => [c.lectureId, c.attendee],
  attributes: (c: CheckIn & { attendee: string }) => ({ ...c }),
});

/** AP48. A guest's check-in, by the hash of its claim token, until claimed. */
export const guestCheckInEntity = entity({
  type: 'GuestCheckIn',
  key: (lectureId: string, tokenHash: string): Key => ({
    pk: lecturePartition(lectureId),
    sk: `${GUEST_PREFIX}${tokenHash}`,
  }),
  keyOf: (g: { lectureId: string; name: string; at: string; tokenHash: string }) => [
    g.lectureId,
    g.tokenHash,
  ],
  attributes: (g: { lectureId: string; name: string; at: string; tokenHash: string }) => ({ ...g }),
});

/** AP49. A guest check-in's claim, found by the SHA-256 of its token (never the token itself). */
export const claimEntity = entity({
  type: 'CheckInClaim',
  key: (tokenHash: string): Key => ({ pk: `CLAIM#${tokenHash}`, sk: 'CLAIM' }),
  keyOf: (c: { lectureId: string; name: string; at: string; tokenHash: string }) => [c.tokenHash],
  attributes: (c: { lectureId: string; name: string; at: string; tokenHash: string }) => ({ ...c }),
});

/**
 * AP47. A lecture's check-in counters, added to only: `checkedIn`, `guestCheckIns`,
 * `returning`, and `largestBucket` (raised, never lowered). Apart from the lecture item, which
 * edits and reviews put whole: a check-in never races an edit.
 */
export const checkInCountsEntity = {
  type: 'CheckInCounts',
  key: (lectureId: string): Key => ({ pk: lecturePartition(lectureId), sk: 'COUNTS' }),
} as const;

/** AP47. One 10-second burst bucket of a lecture (domain/checkin.ts checkinBuckets). */
export const burstBucketEntity = {
  type: 'BurstBucket',
  key: (lectureId: string, bucket: string): Key => ({
    pk: lecturePartition(lectureId),
    sk: `BUCKET#${bucket}`,
  }),
} as const;

/** AP47. How many of `organizerId`'s lectures `attendee` checked in to (recycled_audience). */
export const attendanceEntity = {
  type: 'Attendance',
  key: (organizerId: string, attendee: string): Key => ({
    pk: `ATTEND#${organizerId}#${attendee}`,
    sk: 'COUNT',
  }),
} as const;
