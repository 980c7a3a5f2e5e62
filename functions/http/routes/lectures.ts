/** Lectures (docs/api-contract.md §6): this area's entries of the route table (./index.ts). */
import {
  lectureIdParams,
  lectureInputSchema,
  lectureListQuerySchema,
  lecturePatchSchema,
  lectureReportSchema,
  ownLecturesQuerySchema,
  reviewQueueQuerySchema,
  reviewSchema,
  upcomingQuerySchema,
} from '#domain/lectures.ts';
import { page } from '#http/responses/common.ts';
import { lecture, ownLecture, queuedLecture, staffLecture } from '#http/responses/lectures.ts';
import { defineRoute } from '#http/route-spec.ts';
import { INDEX_PK, PK } from '#http/table-keys.ts';

export const reportLectureRoute = defineRoute({
  id: 'reportLecture',
  method: 'POST',
  path: '/lectures',
  role: 'ambassador',
  handler: 'lectures/report.ts',
  access: 'write',
  keys: { reads: [PK.lecture], writes: [PK.lecture] },
  status: 201,
  tag: 'Lectures',
  summary: 'Report a lecture the caller delivered, or schedule one ahead (`startsAt`)',
  body: lectureInputSchema,
  response: ownLecture,
  requestExample: 'Lecture',
});

export const getLectureRoute = defineRoute({
  id: 'getLecture',
  method: 'GET',
  path: '/lectures/{id}',
  role: 'member',
  handler: 'lectures/get.ts',
  access: 'read',
  keys: { reads: [PK.lecture] },
  status: 200,
  tag: 'Lectures',
  summary: 'A lecture (reported and rejected ones only for the organizer and staff)',
  params: lectureIdParams,
  response: staffLecture,
});

export const listLecturesRoute = defineRoute({
  id: 'listLectures',
  method: 'GET',
  path: '/lectures',
  role: 'member',
  handler: 'lectures/list.ts',
  access: 'read',
  keys: { indexes: { listings: [INDEX_PK.lectureLists] } },
  status: 200,
  tag: 'Lectures',
  summary: 'Verified lectures, newest first',
  query: lectureListQuerySchema,
  response: page(lecture),
});

export const listUpcomingLecturesRoute = defineRoute({
  id: 'listUpcomingLectures',
  method: 'GET',
  path: '/lectures/upcoming',
  role: 'public',
  handler: 'lectures/upcoming.ts',
  access: 'read',
  keys: { indexes: { listings: [INDEX_PK.upcoming] } },
  status: 200,
  tag: 'Lectures',
  summary: 'Scheduled lectures that have not started yet, soonest first',
  query: upcomingQuerySchema,
  response: page(lecture),
});

export const reportScheduledLectureRoute = defineRoute({
  id: 'reportScheduledLecture',
  method: 'POST',
  path: '/lectures/{id}/report',
  role: 'ambassador',
  handler: 'lectures/report-scheduled.ts',
  access: 'write',
  keys: { reads: [PK.lecture], writes: [PK.lecture] },
  status: 200,
  tag: 'Lectures',
  summary: 'Report the attendees of a scheduled lecture after its end (organizer)',
  params: lectureIdParams,
  body: lectureReportSchema,
  response: ownLecture,
  conflicts: ['invalid_transition'],
  ownerOnly: true,
});

export const listMyLecturesRoute = defineRoute({
  id: 'listMyLectures',
  method: 'GET',
  path: '/ambassadors/me/lectures',
  role: 'ambassador',
  handler: 'lectures/list-mine.ts',
  access: 'read',
  keys: { indexes: { byOwner: [INDEX_PK.owner] } },
  status: 200,
  tag: 'Lectures',
  summary: "The caller's lectures, any status, newest first",
  query: ownLecturesQuerySchema,
  response: page(ownLecture),
});

export const patchLectureRoute = defineRoute({
  id: 'patchLecture',
  method: 'PATCH',
  path: '/lectures/{id}',
  role: 'ambassador',
  handler: 'lectures/patch.ts',
  access: 'write',
  keys: { reads: [PK.lecture], writes: [PK.lecture] },
  status: 200,
  tag: 'Lectures',
  summary: 'Edit a scheduled or reported lecture (organizer)',
  params: lectureIdParams,
  body: lecturePatchSchema,
  response: ownLecture,
  conflicts: ['invalid_transition'],
  ownerOnly: true,
});

export const deleteLectureRoute = defineRoute({
  id: 'deleteLecture',
  method: 'DELETE',
  path: '/lectures/{id}',
  role: 'ambassador',
  handler: 'lectures/delete.ts',
  access: 'write',
  keys: { reads: [PK.lecture], writes: [PK.lecture] },
  status: 204,
  tag: 'Lectures',
  summary: 'Delete a scheduled or reported lecture (organizer)',
  params: lectureIdParams,
  conflicts: ['invalid_transition'],
  ownerOnly: true,
});

export const lectureQueueRoute = defineRoute({
  id: 'lectureQueue',
  method: 'GET',
  path: '/staff/lectures',
  role: 'staff',
  handler: 'lectures/queue.ts',
  access: 'read',
  // The page's check-in counters (AP47) beside the lectures, one BatchGetItem.
  keys: { reads: [PK.lecture], indexes: { reviewQueue: [INDEX_PK.lectureQueue] } },
  status: 200,
  tag: 'Staff',
  summary: 'The lecture review queue, oldest first',
  query: reviewQueueQuerySchema,
  response: page(queuedLecture),
});

export const reviewLectureRoute = defineRoute({
  id: 'reviewLecture',
  method: 'POST',
  path: '/staff/lectures/{id}/review',
  role: 'staff',
  handler: 'lectures/review.ts',
  access: 'write',
  keys: {
    reads: [PK.lecture, PK.ambassador],
    writes: [PK.lecture, PK.ambassador, PK.community, PK.governorate, PK.changes, PK.event, PK.points],
  },
  status: 200,
  tag: 'Staff',
  summary: 'Verify or reject a reported lecture, exactly once',
  params: lectureIdParams,
  body: reviewSchema,
  response: staffLecture,
  conflicts: ['invalid_transition'],
  ownWork: true,
});
