import { NAME_END } from '#domain/ranking.ts';

/**
 * Every key of the table is built here, and nowhere else. The README's entity chart lists
 * the same shapes.
 */
export type Key = { pk: string; sk: string };

export const ambassadorKey = (id: string): Key => ({ pk: `AMB#${id}`, sk: 'PROFILE' });

/** Holds an email for one ambassador: the uniqueness guard for `email_taken`. */
export const emailKey = (email: string): Key => ({
  pk: `EMAIL#${email.trim().toLowerCase()}`,
  sk: 'EMAIL',
});

/** A community's live counters (one per governorate, plus `abroad`). */
export const communityStatsKey = (communityId: string): Key => ({
  pk: `COMMUNITY#${communityId}`,
  sk: 'STATS',
});

/**
 * A directory entry lives in its ambassador's item collection (so erasure and export find
 * them with one query) and is listed, through the `listings` index, under one facet.
 */
export const directoryEntryKey = (ambassadorId: string, facet: string): Key => ({
  pk: `AMB#${ambassadorId}`,
  sk: `DIR#${facet}`,
});
export const directoryPartition = (facet: string): string => `DIR#${facet}`;
export const directorySortKey = (foldedName: string, ambassadorId: string): string =>
  `${foldedName}${NAME_END}${ambassadorId}`;

/** Period counters of one entity (ambassador, governorate, city) in its own collection. */
export const ambassadorStatKey = (ambassadorId: string, period: string): Key => ({
  pk: `AMB#${ambassadorId}`,
  sk: `STAT#${period}`,
});
export const governorateStatKey = (governorate: string, period: string): Key => ({
  pk: `GOV#${governorate}`,
  sk: `STAT#${period}`,
});
export const cityStatKey = (city: string, period: string): Key => ({
  pk: `CITY#${city}`,
  sk: `STAT#${period}`,
});

export const lectureKey = (id: string): Key => ({ pk: `LECT#${id}`, sk: 'LECTURE' });
/** A verified lecture's entry in one public list (`listings` index, newest first). */
export const lectureListingKey = (lectureId: string, facet: string): Key => ({
  pk: `LECT#${lectureId}`,
  sk: `LIST#${facet}`,
});
export const lectureListPartition = (facet: string): string => `LECTS#${facet}`;

/** `byOwner` index keys: what an ambassador created, by kind and time. */
export const ownerPartition = (ambassadorId: string): string => `OWNER#${ambassadorId}`;
export const ownerSortKey = (
  kind: 'LECT' | 'IDEA' | 'COMMENT' | 'RES' | 'JOIN' | 'MEMBER',
  at: string,
  id: string,
): string => `${kind}#${at}#${id}`;

/** `reviewQueue` index keys: one queue per kind of item, oldest first. */
export const queuePartition = (kind: 'lectures' | 'ideas'): string => `QUEUE#${kind}`;
export const queueSortKey = (at: string, id: string): string => `${at}#${id}`;

/** Leaderboard work queue: one marker per change, spread over shards so no key takes every write. */
export const LEADERBOARD_SHARDS = 8;
export const changeMarkerKey = (shard: number, id: string): Key => ({ pk: `LBQ#${shard}`, sk: id });

/** One entity's standing on one board in one period (`ranking` index, best first). */
export const rankKey = (board: string, period: string, entityId: string): Key => ({
  pk: `RANK#${board}#${period}`,
  sk: entityId,
});
export const rankPartition = (board: string, period: string): string => `RANK#${board}#${period}`;
/** The published snapshot of a board in a period: what reads return. */
export const boardSnapshotKey = (board: string, period: string): Key => ({
  pk: `BOARD#${board}#${period}`,
  sk: 'SNAPSHOT',
});

/** A community's shared resources, newest first. */
export const resourceKey = (communityId: string, createdAt: string, id: string): Key => ({
  pk: `COMMUNITY#${communityId}`,
  sk: `RES#${createdAt}#${id}`,
});
export const resourcePrefix = 'RES#';

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
