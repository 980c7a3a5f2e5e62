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
  notFound,
];

export { none as emptyObject };
