/** Points and seasons (docs/api-contract.md §13): this area's entries of the route table (./index.ts). */
import { pointsQuerySchema } from '#domain/points.ts';
import { seasonInputSchema } from '#domain/seasons.ts';
import { myPoints, pointRules, season, seasons } from '#http/responses/points.ts';
import { defineRoute } from '#http/route-spec.ts';
import { INDEX_PK, PK } from '#http/table-keys.ts';

export const createSeasonRoute = defineRoute({
  id: 'createSeason',
  method: 'POST',
  path: '/staff/seasons',
  role: 'staff',
  handler: 'points/season-create.ts',
  access: 'write',
  keys: { writes: [PK.seasons] },
  location: { list: '/seasons' },
  status: 201,
  tag: 'Points',
  summary: 'Create a season: a named stretch of dates, a period of its own',
  body: seasonInputSchema,
  response: season,
  conflicts: ['already_exists'],
});

export const listSeasonsRoute = defineRoute({
  id: 'listSeasons',
  method: 'GET',
  path: '/seasons',
  role: 'public',
  handler: 'points/season-list.ts',
  access: 'read',
  keys: { reads: [PK.seasons] },
  status: 200,
  tag: 'Points',
  summary: 'Every season, earliest first',
  response: seasons,
});

export const listPointRulesRoute = defineRoute({
  id: 'listPointRules',
  method: 'GET',
  path: '/points/rules',
  role: 'public',
  handler: 'points/rules.ts',
  access: 'none',
  status: 200,
  tag: 'Points',
  summary: 'What earns points',
  response: pointRules,
});

export const myPointsRoute = defineRoute({
  id: 'myPoints',
  method: 'GET',
  path: '/ambassadors/me/points',
  role: 'ambassador',
  handler: 'points/me.ts',
  access: 'read',
  keys: { reads: [PK.points, PK.seasons], indexes: { listings: [INDEX_PK.points] } },
  status: 200,
  tag: 'Points',
  summary: "The caller's ledger entries in a period, newest first, and their total",
  query: pointsQuerySchema,
  queryNames: true,
  response: myPoints,
});
