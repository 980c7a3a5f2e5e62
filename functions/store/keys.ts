import {
  ambassadorStatEntity,
  directoryEntity,
  emailGuardEntity,
  profileEntity,
} from './entities/ambassadors.ts';
import { cityStatEntity, communityStatsEntity, governorateStatEntity } from './entities/communities.ts';
import { type Key, owned, queue } from './entities/define.ts';
import { boardSnapshotEntity, changeMarkerEntity, rankEntity } from './entities/leaderboards.ts';
import { lectureEntity, lectureListingEntity } from './entities/lectures.ts';

export {
  directoryPartition,
  directorySortKey,
} from './entities/ambassadors.ts';
export { RESOURCE_PREFIX as resourcePrefix } from './entities/communities.ts';
/**
 * The keys by their old names, for the code not yet moved to the declarations in
 * entities/ (scripts, bench, tests, and the idea keys below until they are declared there
 * too). Every key is built by its entity declaration; these are aliases only.
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

export const ideaKey = (id: string): Key => ({ pk: `IDEA#${id}`, sk: 'IDEA' });
/** A public idea's entry in one list (`listings` index, newest first). */
export const ideaListingKey = (ideaId: string, facet: string): Key => ({
  pk: `IDEA#${ideaId}`,
  sk: `LIST#${facet}`,
});
export const ideaListPartition = (facet: string): string => `IDEAS#${facet}`;
/** A featured project's showcase entry (`listings` index, gsi1pk = SHOWCASE). */
export const showcaseKey = (ideaId: string): Key => ({ pk: `IDEA#${ideaId}`, sk: 'FEATURE' });
export const SHOWCASE_PARTITION = 'SHOWCASE';
/** Append-only audit trail of an idea: time-ordered by ulid. */
export const auditKey = (ideaId: string, id: string): Key => ({ pk: `IDEA#${ideaId}`, sk: `AUDIT#${id}` });
/** Comments of an idea: the ulid id sorts them oldest first. */
export const commentKey = (ideaId: string, commentId: string): Key => ({
  pk: `IDEA#${ideaId}`,
  sk: `COMMENT#${commentId}`,
});
export const joinRequestKey = (ideaId: string, ambassadorId: string): Key => ({
  pk: `IDEA#${ideaId}`,
  sk: `JOIN#${ambassadorId}`,
});
export const memberKey = (ideaId: string, ambassadorId: string): Key => ({
  pk: `IDEA#${ideaId}`,
  sk: `MEMBER#${ambassadorId}`,
});
