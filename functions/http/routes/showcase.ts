/** The showcase (docs/api-contract.md §9): this area's entries of the route table (./index.ts). */
import { ideaIdParams } from '#domain/ideas.ts';
import { featureSchema } from '#domain/showcase.ts';
import { commentListQuerySchema } from '#domain/teams.ts';
import { page } from '#http/responses/common.ts';
import { featuredIdea, shareCard, showcaseItem } from '#http/responses/showcase.ts';
import { defineRoute } from '#http/route-spec.ts';
import { IDEA_TRANSITION_KEYS, INDEX_PK, PK, TELLING_TRANSITION_KEYS } from '#http/table-keys.ts';

export const featureProjectRoute = defineRoute({
  id: 'featureProject',
  method: 'POST',
  path: '/staff/ideas/{id}/feature',
  role: 'staff',
  handler: 'showcase/feature.ts',
  access: 'write',
  keys: TELLING_TRANSITION_KEYS,
  status: 200,
  tag: 'Showcase',
  summary: 'Feature a project on the showcase (audited)',
  params: ideaIdParams,
  body: featureSchema,
  response: featuredIdea,
  conflicts: ['invalid_transition'],
  ownWork: true,
});

export const unfeatureProjectRoute = defineRoute({
  id: 'unfeatureProject',
  method: 'DELETE',
  path: '/staff/ideas/{id}/feature',
  role: 'staff',
  handler: 'showcase/unfeature.ts',
  access: 'write',
  keys: IDEA_TRANSITION_KEYS,
  status: 204,
  tag: 'Showcase',
  summary: 'Take a project off the showcase (audited)',
  params: ideaIdParams,
});

export const listShowcaseRoute = defineRoute({
  id: 'listShowcase',
  method: 'GET',
  path: '/showcase',
  role: 'public',
  handler: 'showcase/list.ts',
  access: 'read',
  keys: { indexes: { listings: [INDEX_PK.showcase] } },
  status: 200,
  tag: 'Showcase',
  summary: 'Featured projects with ready-to-post texts',
  query: commentListQuerySchema,
  response: page(showcaseItem),
});

export const getShareCardRoute = defineRoute({
  id: 'getShareCard',
  method: 'GET',
  path: '/showcase/{id}/card.svg',
  role: 'public',
  handler: 'showcase/card.ts',
  access: 'read',
  keys: { reads: [PK.idea] },
  status: 200,
  tag: 'Showcase',
  summary: 'A 1200×630 SVG share card',
  params: ideaIdParams,
  response: shareCard,
  responseContentType: 'image/svg+xml',
});

export const getShareCardPngRoute = defineRoute({
  id: 'getShareCardPng',
  method: 'GET',
  path: '/showcase/{id}/card.png',
  role: 'public',
  handler: 'showcase/card-png.ts',
  access: 'read',
  keys: { reads: [PK.idea] },
  status: 200,
  tag: 'Showcase',
  summary: 'The share card as a 1200×630 PNG, for social-media previews',
  params: ideaIdParams,
  response: shareCard,
  responseContentType: 'image/png',
});
