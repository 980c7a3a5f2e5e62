/**
 * Verified attendance (docs/api-contract.md §12): this area's entries of the route table
 * (./index.ts): the organizer's check-in code and the check-ins themselves.
 */
import { claimCheckInSchema, guestCheckInSchema } from '#domain/checkin.ts';
import { memberCheckInSchema } from '#domain/checkin-cases.ts';
import { lectureIdParams, ownLecturesQuerySchema } from '#domain/lectures.ts';
import { checkIn, checkinCode, guestCheckIn } from '#http/responses/checkins.ts';
import { page } from '#http/responses/common.ts';
import { defineRoute } from '#http/route-spec.ts';
import { PK } from '#http/table-keys.ts';

export const getCheckinCodeRoute = defineRoute({
  id: 'getCheckinCode',
  method: 'GET',
  path: '/lectures/{id}/checkin-code',
  role: 'ambassador',
  handler: 'checkins/code.ts',
  access: 'read',
  keys: { reads: [PK.lecture] },
  status: 200,
  tag: 'Check-in',
  summary:
    "The lecture's current check-in code and the link for its QR code (organizer; from 30 minutes before the start to 60 after the end). The link is PUBLIC_BASE_URL's check-in page when set, else this API's origin",
  params: lectureIdParams,
  response: checkinCode,
  conflicts: ['checkin_closed'],
  ownerOnly: true,
});

export const checkInRoute = defineRoute({
  id: 'checkIn',
  method: 'POST',
  path: '/lectures/{id}/check-ins',
  role: 'member',
  handler: 'checkins/check-in.ts',
  access: 'write',
  keys: {
    reads: [PK.lecture, PK.ambassador, PK.attendance],
    writes: [PK.lecture, PK.attendance],
  },
  status: 201,
  tag: 'Check-in',
  summary:
    'Check in to a lecture with the code it shows (any signed-in person but its organizer; once each). A caller without an ambassador profile sends `name`',
  params: lectureIdParams,
  body: memberCheckInSchema,
  response: checkIn,
  // A whole hall may share one network address (§10): outside the write quota.
  quota: false,
  location: 'parent',
  conflicts: ['already_checked_in', 'checkin_closed'],
  refusals: ['invalid_code', 'forbidden'],
});

export const guestCheckInRoute = defineRoute({
  id: 'guestCheckIn',
  method: 'POST',
  path: '/lectures/{id}/guest-check-ins',
  role: 'public',
  handler: 'checkins/guest.ts',
  access: 'write',
  keys: { reads: [PK.lecture], writes: [PK.lecture, PK.claim] },
  status: 201,
  tag: 'Check-in',
  summary:
    "Check in without an account, with the code the lecture shows and a name: answers a `claimToken`, shown once, that turns it into the guest's own check-in after they sign in",
  params: lectureIdParams,
  body: guestCheckInSchema,
  response: guestCheckIn,
  quota: false,
  location: 'parent',
  conflicts: ['checkin_closed'],
  refusals: ['invalid_code'],
});

export const claimCheckInRoute = defineRoute({
  id: 'claimCheckIn',
  method: 'POST',
  path: '/me/check-ins/claim',
  role: 'member',
  handler: 'checkins/claim.ts',
  access: 'write',
  keys: {
    reads: [PK.claim, PK.lecture, PK.ambassador, PK.attendance],
    writes: [PK.claim, PK.lecture, PK.attendance],
  },
  status: 200,
  tag: 'Check-in',
  summary:
    "Turn a guest check-in into the caller's own, with the `claimToken` it answered (once; 404 for a token unknown or already claimed)",
  body: claimCheckInSchema,
  response: checkIn,
  conflicts: ['already_checked_in'],
  refusals: ['not_found', 'forbidden'],
});

export const listCheckInsRoute = defineRoute({
  id: 'listCheckIns',
  method: 'GET',
  path: '/lectures/{id}/check-ins',
  role: 'member',
  handler: 'checkins/list.ts',
  access: 'read',
  keys: { reads: [PK.lecture] },
  status: 200,
  tag: 'Check-in',
  summary:
    "A lecture's check-ins: name, when, the ambassador id of an ambassador, `guest` for a guest's (organizer, staff)",
  params: lectureIdParams,
  query: ownLecturesQuerySchema,
  response: page(checkIn),
  ownerOnly: true,
});
