/** Communities (docs/api-contract.md §5): this area's entries of the route table (./index.ts). */
import { communityParams, resourceInputSchema, resourceListQuerySchema } from '#domain/communities.ts';
import { page } from '#http/responses/common.ts';
import { communities, community, resource } from '#http/responses/communities.ts';
import { defineRoute } from '#http/route-spec.ts';
import { INDEX_PK, PK } from '#http/table-keys.ts';

export const listCommunitiesRoute = defineRoute({
  id: 'listCommunities',
  method: 'GET',
  path: '/communities',
  role: 'public',
  handler: 'communities/list.ts',
  access: 'read',
  keys: { reads: [PK.community] },
  status: 200,
  tag: 'Communities',
  summary: 'The 12 knowledge communities and their live counts',
  response: communities,
});

export const getCommunityRoute = defineRoute({
  id: 'getCommunity',
  method: 'GET',
  path: '/communities/{id}',
  role: 'public',
  handler: 'communities/get.ts',
  access: 'read',
  keys: {
    reads: [PK.community],
    indexes: { ranking: [INDEX_PK.rank], listings: [INDEX_PK.lectureLists] },
  },
  status: 200,
  tag: 'Communities',
  summary: 'A community with its top ambassadors, recent lectures and resources',
  params: communityParams,
  response: community,
});

export const addResourceRoute = defineRoute({
  id: 'addResource',
  method: 'POST',
  path: '/communities/{id}/resources',
  role: 'ambassador',
  handler: 'communities/add-resource.ts',
  access: 'write',
  keys: { reads: [PK.community, PK.points], writes: [PK.community, PK.points, PK.changes] },
  location: 'collection',
  status: 201,
  tag: 'Communities',
  summary: 'Share a resource with a community',
  params: communityParams,
  body: resourceInputSchema,
  response: resource,
});

export const listResourcesRoute = defineRoute({
  id: 'listResources',
  method: 'GET',
  path: '/communities/{id}/resources',
  role: 'public',
  handler: 'communities/list-resources.ts',
  access: 'read',
  keys: { reads: [PK.community] },
  status: 200,
  tag: 'Communities',
  summary: "A community's resources, newest first",
  params: communityParams,
  query: resourceListQuerySchema,
  response: page(resource),
});
