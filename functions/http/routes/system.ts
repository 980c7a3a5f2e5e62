/** System and reference data (docs/api-contract.md §3): this area's entries of the route table (./index.ts). */
import { health, interests, openApiDocument, regions } from '#http/responses/system.ts';
import { defineRoute } from '#http/route-spec.ts';

export const getHealthRoute = defineRoute({
  id: 'getHealth',
  method: 'GET',
  path: '/health',
  role: 'public',
  handler: 'system/health.ts',
  access: 'none',
  status: 200,
  tag: 'System',
  summary: 'Liveness check',
  response: health,
});

export const listRegionsRoute = defineRoute({
  id: 'listRegions',
  method: 'GET',
  path: '/regions',
  role: 'public',
  handler: 'system/regions.ts',
  access: 'none',
  status: 200,
  tag: 'Reference data',
  summary: 'The 11 governorates and their 61 wilayats',
  response: regions,
});

export const listInterestsRoute = defineRoute({
  id: 'listInterests',
  method: 'GET',
  path: '/interests',
  role: 'public',
  handler: 'system/interests.ts',
  access: 'none',
  status: 200,
  tag: 'Reference data',
  summary: 'The interest taxonomy',
  response: interests,
});

export const getOpenApiRoute = defineRoute({
  id: 'getOpenApi',
  method: 'GET',
  path: '/openapi.json',
  role: 'public',
  handler: 'system/openapi.ts',
  access: 'none',
  status: 200,
  tag: 'System',
  summary: 'This OpenAPI 3.1 document',
  response: openApiDocument,
});

export const routeNotFoundRoute = defineRoute({
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
