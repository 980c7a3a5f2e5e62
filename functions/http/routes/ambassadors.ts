/** Ambassadors (docs/api-contract.md §4): this area's entries of the route table (./index.ts). */
import {
  ambassadorIdParams,
  directoryQuerySchema,
  profilePatchSchema,
  registrationSchema,
} from '#domain/ambassadors.ts';
import { exportQuerySchema } from '#domain/export.ts';
import { ambassador, ambassadorExport, profile, publicProfile } from '#http/responses/ambassadors.ts';
import { page } from '#http/responses/common.ts';
import { defineRoute } from '#http/route-spec.ts';
import { INDEX_PK, PK } from '#http/table-keys.ts';

export const registerAmbassadorRoute = defineRoute({
  id: 'registerAmbassador',
  method: 'POST',
  path: '/ambassadors',
  role: 'member',
  handler: 'ambassadors/register.ts',
  access: 'write',
  keys: { reads: [PK.ambassador, PK.email], writes: [PK.ambassador, PK.email, PK.community, PK.changes] },
  status: 201,
  tag: 'Ambassadors',
  summary: 'Register the caller as an ambassador',
  body: registrationSchema,
  response: ambassador,
  conflicts: ['already_registered', 'email_taken'],
  requestExample: 'Registration',
});

export const getMeRoute = defineRoute({
  id: 'getMe',
  method: 'GET',
  path: '/ambassadors/me',
  role: 'ambassador',
  handler: 'ambassadors/me-get.ts',
  access: 'read',
  keys: { reads: [PK.ambassador] },
  status: 200,
  tag: 'Ambassadors',
  summary: "The caller's full profile",
  response: ambassador,
});

export const patchMeRoute = defineRoute({
  id: 'patchMe',
  method: 'PATCH',
  path: '/ambassadors/me',
  role: 'ambassador',
  handler: 'ambassadors/me-patch.ts',
  access: 'write',
  keys: { reads: [PK.ambassador, PK.email], writes: [PK.ambassador, PK.email, PK.community, PK.changes] },
  status: 200,
  tag: 'Ambassadors',
  summary: "Edit the caller's profile (If-Match honoured)",
  body: profilePatchSchema,
  response: ambassador,
});

export const deleteMeRoute = defineRoute({
  id: 'deleteMe',
  method: 'DELETE',
  path: '/ambassadors/me',
  role: 'ambassador',
  handler: 'ambassadors/me-delete.ts',
  access: 'write',
  keys: {
    reads: [PK.ambassador, PK.idea, PK.idempotency, PK.inbox, PK.points],
    writes: [
      PK.points,
      PK.ambassador,
      PK.email,
      PK.idea,
      PK.community,
      PK.city,
      PK.changes,
      PK.idempotency,
      PK.event,
      PK.inbox,
      PK.digestQueue,
    ],
    indexes: { byOwner: [INDEX_PK.owner] },
  },
  status: 204,
  tag: 'Ambassadors',
  summary: "Erase the caller's personal data and sign-in account (Oman PDPL)",
  finishesErasure: true,
});

export const exportMeRoute = defineRoute({
  id: 'exportMe',
  method: 'GET',
  path: '/ambassadors/me/export',
  role: 'ambassador',
  handler: 'ambassadors/me-export.ts',
  access: 'read',
  keys: { reads: [PK.ambassador], indexes: { byOwner: [INDEX_PK.owner] } },
  status: 200,
  tag: 'Ambassadors',
  summary: 'Everything stored about the caller, in pages of at most 1 MB',
  query: exportQuerySchema,
  response: ambassadorExport,
});

export const getAmbassadorRoute = defineRoute({
  id: 'getAmbassador',
  method: 'GET',
  path: '/ambassadors/{id}',
  role: 'member',
  handler: 'ambassadors/get.ts',
  access: 'read',
  keys: { reads: [PK.ambassador] },
  status: 200,
  tag: 'Ambassadors',
  summary: 'Public profile',
  params: ambassadorIdParams,
  response: profile,
});

export const listAmbassadorsRoute = defineRoute({
  id: 'listAmbassadors',
  method: 'GET',
  path: '/ambassadors',
  role: 'member',
  handler: 'ambassadors/list.ts',
  access: 'read',
  keys: { indexes: { listings: [INDEX_PK.directory] } },
  status: 200,
  tag: 'Ambassadors',
  summary: 'The directory, sorted by name',
  query: directoryQuerySchema,
  response: page(publicProfile),
});
