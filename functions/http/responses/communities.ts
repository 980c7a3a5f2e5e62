/** Community responses (docs/api-contract.md §5): see ./common.ts. */
import * as z from 'zod/mini';
import { resourceKinds } from '#domain/communities.ts';
import { communityId, count, httpsUrl, instant, language, opt, str, version } from './common.ts';
import { leaderboardEntry } from './leaderboards.ts';
import { lecture } from './lectures.ts';

export const resource = z.object({
  id: str,
  communityId,
  authorId: str,
  title: str,
  url: httpsUrl,
  kind: z.enum(resourceKinds),
  language: opt(language),
  createdAt: instant,
  version,
});

const communityFields = {
  id: communityId,
  en: str,
  ar: str,
  ambassadors: count(),
  verifiedLectures: count(),
  attendeesReached: count(),
  activeProjects: count(),
};
export const communitySummary = z.object(communityFields);
export const communities = z.object({ items: z.array(communitySummary) });
export const community = z.object({
  ...communityFields,
  topAmbassadors: z.array(leaderboardEntry),
  recentLectures: z.array(lecture),
  resources: z.array(resource),
});
