/** The lecture use cases: each receives the repositories, the clock and ids it needs. */
import type { Ambassador } from './ambassadors.ts';
import { DomainError } from './errors.ts';
import {
  assertDeletable,
  canSeeLecture,
  editLecture,
  type Lecture,
  type LectureInput,
  type LecturePatch,
  type LectureReport,
  newLecture,
  type ReviewInput,
  reportScheduled,
  reviewLecture,
  type Viewer,
} from './lectures.ts';
import { lectureReviewed } from './notifications.ts';
import type { AmbassadorRepo, Clock, IdGenerator, LectureRepo } from './ports.ts';
import { decideAndWrite } from './races.ts';
import { assertExpectedVersion, type ExpectedVersion } from './versions.ts';

/** Optimistic writes that lose a race re-read and try again this often. */
const ATTEMPTS = 5;

export const reportLectureCase = async (
  deps: { lectures: LectureRepo } & Clock & IdGenerator,
  organizer: Ambassador,
  input: LectureInput,
): Promise<Lecture> => {
  const lecture = newLecture(input, organizer, deps.newId(), deps.now());
  if ((await deps.lectures.create(lecture)) === 'ok') return lecture;
  // The id exists already (a re-run with the same ids, as the seed does): that lecture stands.
  const existing = await deps.lectures.get(lecture.id, true);
  if (!existing) throw new DomainError('unavailable');
  return existing;
};

/** The lecture if `viewer` may see it; 404 otherwise, never revealing that it exists. */
export const readLectureCase = async (
  deps: { lectures: LectureRepo },
  id: string,
  viewer: Viewer,
): Promise<Lecture> => {
  const l = await deps.lectures.get(id);
  if (!l || !canSeeLecture(l, viewer)) throw new DomainError('not_found');
  return l;
};

/** The organizer's own lecture; others get 404 if they cannot see it, 403 if they can. */
const ownLecture = async (
  deps: { lectures: LectureRepo },
  id: string,
  me: Ambassador,
  consistent = false,
) => {
  const l = await deps.lectures.get(id, consistent);
  if (!l || !canSeeLecture(l, { id: me.id, staff: false })) throw new DomainError('not_found');
  if (l.organizerId !== me.id)
    throw new DomainError('forbidden', 'Only the organizer may change this lecture');
  return l;
};

export const updateLectureCase = (
  deps: { lectures: LectureRepo } & Clock,
  me: Ambassador,
  id: string,
  patch: LecturePatch,
  expectedVersion: ExpectedVersion,
): Promise<Lecture> =>
  decideAndWrite({
    attempts: ATTEMPTS,
    read: (consistent) => ownLecture(deps, id, me, consistent),
    decide: (current) => {
      assertExpectedVersion(expectedVersion, current.version);
      return editLecture(current, patch, me, deps.now());
    },
    write: (current, next) => deps.lectures.update(current, next),
    reasons: { changed: 'version_mismatch' },
  });

/** The organizer reports a scheduled lecture after its end (§12): 200 with it `reported`. */
export const reportScheduledCase = (
  deps: { lectures: LectureRepo } & Clock,
  me: Ambassador,
  id: string,
  report: LectureReport,
): Promise<Lecture> =>
  decideAndWrite({
    attempts: ATTEMPTS,
    read: (consistent) => ownLecture(deps, id, me, consistent),
    decide: (current) => reportScheduled(current, report, deps.now()),
    write: (current, next) => deps.lectures.update(current, next),
    reasons: { changed: 'invalid_transition' },
  });

export const deleteLectureCase = async (
  deps: { lectures: LectureRepo },
  me: Ambassador,
  id: string,
): Promise<void> => {
  await decideAndWrite({
    attempts: ATTEMPTS,
    read: (consistent) => ownLecture(deps, id, me, consistent),
    decide: (current) => assertDeletable(current),
    write: (current) => deps.lectures.remove(current),
    reasons: { changed: 'invalid_transition' },
  });
};

/**
 * Staff review, exactly once: every write is conditional on the lecture still being the
 * `reported` version that was read, so of concurrent reviews one wins and the others, on
 * re-reading, find it reviewed and get 409 `invalid_transition`. The organizer's event
 * (`lecture.verified` or `lecture.rejected`) rides in the review's write, so only the review
 * that won tells anyone.
 */
export const reviewLectureCase = (
  deps: {
    lectures: LectureRepo;
    ambassadors: AmbassadorRepo;
    /** A lecture's check-ins so far (§12): verification is capped by them. */
    checkInCounts?: (id: string) => Promise<{ checkedIn: number; guestCheckIns: number }>;
  } & Clock &
    IdGenerator,
  staffId: string,
  id: string,
  review: ReviewInput,
): Promise<Lecture> =>
  decideAndWrite({
    attempts: ATTEMPTS,
    // Always consistent: a review decides once, on the version it writes over.
    read: async () => {
      const current = await deps.lectures.get(id, true);
      if (!current) throw new DomainError('not_found');
      const checkIns = current.startsAt && deps.checkInCounts ? await deps.checkInCounts(id) : undefined;
      return { current, checkIns };
    },
    decide: ({ current, checkIns }) => {
      const now = deps.now();
      const next = reviewLecture(current, review, staffId, now, checkIns);
      return { next, event: lectureReviewed(next, staffId, { id: deps.newId(), at: now }) };
    },
    write: async ({ current }, { next, event }) => {
      if (next.status === 'rejected') return deps.lectures.reject(current, next, event);
      const organizer = await deps.ambassadors.get(current.organizerId, true);
      if (!organizer) throw new Error(`lecture ${id} has no organizer ${current.organizerId}`);
      return deps.lectures.verify(current, next, organizer, event);
    },
    reasons: {},
  }).then(({ next }) => next);
