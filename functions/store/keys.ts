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
 * them with one query) and is listed, through the `directory` index, under one facet.
 */
export const directoryEntryKey = (ambassadorId: string, facet: string): Key => ({
  pk: `AMB#${ambassadorId}`,
  sk: `DIR#${facet}`,
});
export const directoryPartition = (facet: string): string => `DIR#${facet}`;
export const directorySortKey = (foldedName: string, ambassadorId: string): string =>
  `${foldedName}#${ambassadorId}`;
