import {
  ambassadorStatEntity,
  directoryEntity,
  emailGuardEntity,
  profileEntity,
} from './entities/ambassadors.ts';
import { cityStatEntity, communityStatsEntity, governorateStatEntity } from './entities/communities.ts';
import { owned, queue } from './entities/define.ts';
import { ideaEntity, joinRequestEntity } from './entities/ideas.ts';
import { boardSnapshotEntity, changeMarkerEntity, rankEntity } from './entities/leaderboards.ts';
import { lectureEntity, lectureListingEntity } from './entities/lectures.ts';

export {
  directoryPartition,
  directorySortKey,
} from './entities/ambassadors.ts';
export { RESOURCE_PREFIX as resourcePrefix } from './entities/communities.ts';
/**
 * The keys by their old names, for the code not yet moved to the declarations in
 * entities/ (scripts, bench, tests). Every key is built by its entity declaration; these are aliases only.
 */
export type { Key } from './entities/define.ts';
export { LEADERBOARD_SHARDS, rankPartition } from './entities/leaderboards.ts';
export { lectureListPartition } from './entities/lectures.ts';

export const ambassadorKey = profileEntity.key;
export const emailKey = emailGuardEntity.key;
export const communityStatsKey = communityStatsEntity.key;
export const directoryEntryKey = directoryEntity.key;
export const ambassadorStatKey = ambassadorStatEntity.key;
export const governorateStatKey = governorateStatEntity.key;
export const cityStatKey = cityStatEntity.key;
export const lectureKey = lectureEntity.key;
export const lectureListingKey = lectureListingEntity.key;
export const changeMarkerKey = changeMarkerEntity.key;
export const rankKey = rankEntity.key;
export const boardSnapshotKey = boardSnapshotEntity.key;
export const ownerPartition = owned.partition;
export const ownerSortKey = owned.sortKey;
export const queuePartition = queue.partition;
export const queueSortKey = queue.sortKey;
export const ideaKey = ideaEntity.key;
export const joinRequestKey = joinRequestEntity.key;
