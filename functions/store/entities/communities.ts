/** Community item types: counters (per governorate, city, community) and shared resources. */
import type { Resource } from '#domain/communities.ts';
import { STAT_PREFIX } from './ambassadors.ts';
import { entity, type Key, owned } from './define.ts';

/** The partition holding a community's counters and resources. */
export const communityPartition = (communityId: string): string => `COMMUNITY#${communityId}`;

/** AP8, AP9. A community's live counters (one per governorate, plus `abroad`), added to only. */
export const communityStatsEntity = {
  type: 'CommunityStats',
  key: (communityId: string): Key => ({ pk: communityPartition(communityId), sk: 'STATS' }),
} as const;

/** The item collections of a governorate's and a city's counters. */
export const governoratePartition = (governorate: string): string => `GOV#${governorate}`;
export const cityPartition = (city: string): string => `CITY#${city}`;

/** Period counters of a governorate and of a city (the leaderboards' input), added to only. */
export const governorateStatEntity = {
  type: 'GovernorateStat',
  key: (governorate: string, period: string): Key => ({
    pk: governoratePartition(governorate),
    sk: `${STAT_PREFIX}${period}`,
  }),
} as const;
export const cityStatEntity = {
  type: 'CityStat',
  key: (city: string, period: string): Key => ({ pk: cityPartition(city), sk: `${STAT_PREFIX}${period}` }),
} as const;

/** The sort key prefix of a community's resources: AP10 reads them with begins_with. */
export const RESOURCE_PREFIX = 'RES#';

/** AP10. A community's shared resource, newest first; listed under its author in `byOwner`. */
export const resourceEntity = entity({
  type: 'Resource',
  key: (communityId: string, createdAt: string, id: string): Key => ({
    pk: communityPartition(communityId),
    sk: `${RESOURCE_PREFIX}${createdAt}#${id}`,
  }),
  keyOf: (r: Resource) => [r.communityId, r.createdAt, r.id],
  attributes: (r: Resource) => ({ ...r, ...owned.keys(r.authorId, 'RES', r.createdAt, r.id) }),
});
