/**
 * The route table: every route of the API, once. The CDK stack makes one Lambda and one
 * API route from each entry, the local gateway serves them, the OpenAPI document describes
 * them. Handlers import their own entry, so what a route accepts is declared only here.
 */
import * as z from 'zod/mini';
import {
  ambassadorIdParams,
  directoryQuerySchema,
  profilePatchSchema,
  registrationSchema,
} from '../../domain/ambassadors.ts';
import { communityParams, resourceInputSchema, resourceListQuerySchema } from '../../domain/communities.ts';
import { leaderboardParams, leaderboardQuerySchema } from '../../domain/leaderboards.ts';
import {
  lectureIdParams,
  lectureInputSchema,
  lectureListQuerySchema,
  lecturePatchSchema,
  ownLecturesQuerySchema,
  reviewQueueQuerySchema,
  reviewSchema,
} from '../../domain/lectures.ts';
import { defineRoute, type RouteSpec } from './route-spec.ts';

const none = z.strictObject({});

// System and reference data
export const health = defineRoute({
  id: 'getHealth',
  method: 'GET',
  path: '/health',
  role: 'public',
  handler: 'system/health.ts',
  access: 'none',
  status: 200,
  tag: 'System',
  summary: 'Liveness check',
});
export const listRegions = defineRoute({
  id: 'listRegions',
  method: 'GET',
  path: '/regions',
  role: 'public',
  handler: 'system/regions.ts',
  access: 'none',
  status: 200,
  tag: 'Reference data',
  summary: 'The 11 governorates and their 61 wilayats',
});
export const listInterests = defineRoute({
  id: 'listInterests',
  method: 'GET',
  path: '/interests',
  role: 'public',
  handler: 'system/interests.ts',
  access: 'none',
  status: 200,
  tag: 'Reference data',
  summary: 'The interest taxonomy',
});
export const notFound = defineRoute({
  id: 'routeNotFound',
  method: 'GET',
  path: '$default',
  role: 'public',
  handler: 'system/not-found.ts',
  access: 'none',
  status: 200,
  tag: 'System',
  summary: 'Answers 404 route_not_found for any unknown route',
});

// Ambassadors (api-contract.md §4)
export const registerAmbassador = defineRoute({
  id: 'registerAmbassador',
  method: 'POST',
  path: '/ambassadors',
  role: 'member',
  handler: 'ambassadors/register.ts',
  access: 'write',
  status: 201,
  tag: 'Ambassadors',
  summary: 'Register the caller as an ambassador',
  body: registrationSchema,
});
export const getMe = defineRoute({
  id: 'getMe',
  method: 'GET',
  path: '/ambassadors/me',
  role: 'ambassador',
  handler: 'ambassadors/me-get.ts',
  access: 'read',
  status: 200,
  tag: 'Ambassadors',
  summary: "The caller's full profile",
});
export const patchMe = defineRoute({
  id: 'patchMe',
  method: 'PATCH',
  path: '/ambassadors/me',
  role: 'ambassador',
  handler: 'ambassadors/me-patch.ts',
  access: 'write',
  status: 200,
  tag: 'Ambassadors',
  summary: "Edit the caller's profile (If-Match honoured)",
  body: profilePatchSchema,
});
export const deleteMe = defineRoute({
  id: 'deleteMe',
  method: 'DELETE',
  path: '/ambassadors/me',
  role: 'ambassador',
  handler: 'ambassadors/me-delete.ts',
  access: 'write',
  status: 204,
  tag: 'Ambassadors',
  summary: "Erase the caller's personal data (Oman PDPL)",
});
export const exportMe = defineRoute({
  id: 'exportMe',
  method: 'GET',
  path: '/ambassadors/me/export',
  role: 'ambassador',
  handler: 'ambassadors/me-export.ts',
  access: 'read',
  status: 200,
  tag: 'Ambassadors',
  summary: 'Everything stored about the caller',
});
export const getAmbassador = defineRoute({
  id: 'getAmbassador',
  method: 'GET',
  path: '/ambassadors/{id}',
  role: 'member',
  handler: 'ambassadors/get.ts',
  access: 'read',
  status: 200,
  tag: 'Ambassadors',
  summary: 'Public profile',
  params: ambassadorIdParams,
});
export const listAmbassadors = defineRoute({
  id: 'listAmbassadors',
  method: 'GET',
  path: '/ambassadors',
  role: 'member',
  handler: 'ambassadors/list.ts',
  access: 'read',
  status: 200,
  tag: 'Ambassadors',
  summary: 'The directory, sorted by name',
  query: directoryQuerySchema,
});

// Lectures (api-contract.md §6)
export const reportLecture = defineRoute({
  id: 'reportLecture',
  method: 'POST',
  path: '/lectures',
  role: 'ambassador',
  handler: 'lectures/report.ts',
  access: 'write',
  status: 201,
  tag: 'Lectures',
  summary: 'Report a lecture the caller delivered',
  body: lectureInputSchema,
});
export const getLecture = defineRoute({
  id: 'getLecture',
  method: 'GET',
  path: '/lectures/{id}',
  role: 'member',
  handler: 'lectures/get.ts',
  access: 'read',
  status: 200,
  tag: 'Lectures',
  summary: 'A lecture (reported and rejected ones only for the organizer and staff)',
  params: lectureIdParams,
});
export const listLectures = defineRoute({
  id: 'listLectures',
  method: 'GET',
  path: '/lectures',
  role: 'member',
  handler: 'lectures/list.ts',
  access: 'read',
  status: 200,
  tag: 'Lectures',
  summary: 'Verified lectures, newest first',
  query: lectureListQuerySchema,
});
export const listMyLectures = defineRoute({
  id: 'listMyLectures',
  method: 'GET',
  path: '/ambassadors/me/lectures',
  role: 'ambassador',
  handler: 'lectures/list-mine.ts',
  access: 'read',
  status: 200,
  tag: 'Lectures',
  summary: "The caller's lectures, any status, newest first",
  query: ownLecturesQuerySchema,
});
export const patchLecture = defineRoute({
  id: 'patchLecture',
  method: 'PATCH',
  path: '/lectures/{id}',
  role: 'ambassador',
  handler: 'lectures/patch.ts',
  access: 'write',
  status: 200,
  tag: 'Lectures',
  summary: 'Edit a reported lecture (organizer)',
  params: lectureIdParams,
  body: lecturePatchSchema,
});
export const deleteLecture = defineRoute({
  id: 'deleteLecture',
  method: 'DELETE',
  path: '/lectures/{id}',
  role: 'ambassador',
  handler: 'lectures/delete.ts',
  access: 'write',
  status: 204,
  tag: 'Lectures',
  summary: 'Delete a reported lecture (organizer)',
  params: lectureIdParams,
});
export const lectureQueue = defineRoute({
  id: 'lectureQueue',
  method: 'GET',
  path: '/staff/lectures',
  role: 'staff',
  handler: 'lectures/queue.ts',
  access: 'read',
  status: 200,
  tag: 'Staff',
  summary: 'The lecture review queue, oldest first',
  query: reviewQueueQuerySchema,
});
export const reviewLecture = defineRoute({
  id: 'reviewLecture',
  method: 'POST',
  path: '/staff/lectures/{id}/review',
  role: 'staff',
  handler: 'lectures/review.ts',
  access: 'write',
  status: 200,
  tag: 'Staff',
  summary: 'Verify or reject a reported lecture, exactly once',
  params: lectureIdParams,
  body: reviewSchema,
});

// Communities (api-contract.md §5)
export const listCommunities = defineRoute({
  id: 'listCommunities',
  method: 'GET',
  path: '/communities',
  role: 'public',
  handler: 'communities/list.ts',
  access: 'read',
  status: 200,
  tag: 'Communities',
  summary: 'The 12 knowledge communities and their live counts',
});
export const getCommunity = defineRoute({
  id: 'getCommunity',
  method: 'GET',
  path: '/communities/{id}',
  role: 'public',
  handler: 'communities/get.ts',
  access: 'read',
  status: 200,
  tag: 'Communities',
  summary: 'A community with its top ambassadors, recent lectures and resources',
  params: communityParams,
});
export const addResource = defineRoute({
  id: 'addResource',
  method: 'POST',
  path: '/communities/{id}/resources',
  role: 'ambassador',
  handler: 'communities/add-resource.ts',
  access: 'write',
  status: 201,
  tag: 'Communities',
  summary: 'Share a resource with a community',
  params: communityParams,
  body: resourceInputSchema,
});
export const listResources = defineRoute({
  id: 'listResources',
  method: 'GET',
  path: '/communities/{id}/resources',
  role: 'public',
  handler: 'communities/list-resources.ts',
  access: 'read',
  status: 200,
  tag: 'Communities',
  summary: "A community's resources, newest first",
  params: communityParams,
  query: resourceListQuerySchema,
});

// Leaderboards (api-contract.md §7)
export const getLeaderboard = defineRoute({
  id: 'getLeaderboard',
  method: 'GET',
  path: '/leaderboards/{board}',
  role: 'public',
  handler: 'leaderboards/get.ts',
  access: 'read',
  status: 200,
  tag: 'Leaderboards',
  summary: "A board's latest snapshot for a period",
  params: leaderboardParams,
  query: leaderboardQuerySchema,
});

export const routes: readonly RouteSpec[] = [
  health,
  listRegions,
  listInterests,
  registerAmbassador,
  getMe,
  patchMe,
  deleteMe,
  exportMe,
  getAmbassador,
  listAmbassadors,
  reportLecture,
  getLecture,
  listLectures,
  listMyLectures,
  patchLecture,
  deleteLecture,
  lectureQueue,
  reviewLecture,
  listCommunities,
  getCommunity,
  addResource,
  listResources,
  getLeaderboard,
  notFound,
];

export { none as emptyObject };
