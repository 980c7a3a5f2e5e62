/** Leaderboards (docs/api-contract.md §7): this area's entries of the route table (./index.ts). */
import { leaderboardParams, leaderboardQuerySchema } from '#domain/leaderboards.ts';
import { leaderboard } from '#http/responses/leaderboards.ts';
import { defineRoute } from '#http/route-spec.ts';
import { PK } from '#http/table-keys.ts';

export const getLeaderboardRoute = defineRoute({
  id: 'getLeaderboard',
  method: 'GET',
  path: '/leaderboards/{board}',
  role: 'public',
  handler: 'leaderboards/get.ts',
  access: 'read',
  keys: { reads: [PK.board] },
  status: 200,
  tag: 'Leaderboards',
  summary: "A board's latest snapshot for a period",
  params: leaderboardParams,
  query: leaderboardQuerySchema,
  response: leaderboard,
});
