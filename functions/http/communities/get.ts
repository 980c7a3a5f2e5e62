import { COMMUNITY_PAGE, findCommunity } from '#domain/communities.ts';
import { DomainError } from '#domain/errors.ts';
import { communityBoard } from '#domain/leaderboards.ts';
import { http } from '#http/kit.ts';
import { getCommunityRoute } from '#http/routes/communities.ts';
import { communityCounts, listResources } from '#store/communities.ts';
import { topOfBoard } from '#store/leaderboards.ts';
import { listFacet } from '#store/lectures.ts';

export const handler = http(getCommunityRoute, async ({ params }) => {
  const community = findCommunity(params.id);
  if (!community) throw new DomainError('not_found');
  // Four independent reads, in parallel.
  const [counts, top, lectures, resources] = await Promise.all([
    communityCounts(community.id),
    topOfBoard(communityBoard(community.id), 'all', COMMUNITY_PAGE.topAmbassadors),
    listFacet(`community#${community.id}`, { limit: COMMUNITY_PAGE.recentLectures }),
    listResources(community.id, { limit: COMMUNITY_PAGE.resources }),
  ]);
  return {
    body: {
      ...community,
      ...counts,
      topAmbassadors: top,
      recentLectures: lectures.items,
      resources: resources.items,
    },
  };
});
