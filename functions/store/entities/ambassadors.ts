/** The ambassador's item types: profile, email guard, directory entries, period counters. */
import type { Ambassador, PublicProfile } from '#domain/ambassadors.ts';
import { NAME_END } from '#domain/ranking.ts';
import { fold } from '#domain/text.ts';
import { entity, type Key, listings } from './define.ts';

/** The partition of one ambassador's item collection (profile, directory entries, counters). */
export const ambassadorPartition = (id: string): string => `AMB#${id}`;
const partition = ambassadorPartition;

/** AP1. The profile; tombstones (erased) included. */
export const profileEntity = entity({
  type: 'Ambassador',
  key: (id: string): Key => ({ pk: partition(id), sk: 'PROFILE' }),
  keyOf: (a: Ambassador) => [a.id],
  attributes: (a: Ambassador) => ({ ...a, nameFolded: fold(a.name) }),
});

/** Holds an email for one ambassador: the uniqueness guard for `email_taken`. */
export const emailGuardEntity = entity({
  type: 'EmailGuard',
  key: (email: string): Key => ({ pk: `EMAIL#${email.trim().toLowerCase()}`, sk: 'EMAIL' }),
  keyOf: (g: { email: string; ambassadorId: string }) => [g.email],
  attributes: (g: { email: string; ambassadorId: string }) => ({ ambassadorId: g.ambassadorId }),
});

/** A directory entry's sort key prefix in its ambassador's collection. */
export const DIRECTORY_PREFIX = 'DIR#';
export const directoryPartition = (facet: string): string => `${DIRECTORY_PREFIX}${facet}`;
export const directorySortKey = (sortName: string, ambassadorId: string): string =>
  `${sortName}${NAME_END}${ambassadorId}`;

export interface DirectoryCard {
  ambassadorId: string;
  facet: string;
  /** `sortName` of the name: the directory's order. */
  sortName: string;
  words: string[];
  profile: PublicProfile;
}

/**
 * AP2. A directory entry lives in its ambassador's item collection (so erasure and export
 * find them with one query) and is listed, through `listings`, under one facet, in name order.
 */
export const directoryEntity = entity({
  type: 'DirectoryEntry',
  key: (ambassadorId: string, facet: string): Key => ({
    pk: partition(ambassadorId),
    sk: directoryPartition(facet),
  }),
  keyOf: (d: DirectoryCard) => [d.ambassadorId, d.facet],
  attributes: (d: DirectoryCard) => ({
    ...listings.keys(directoryPartition(d.facet), directorySortKey(d.sortName, d.ambassadorId)),
    words: d.words,
    profile: d.profile,
  }),
});

/** The sort key prefix of period counters (`STAT#<period>`), in the counted entity's collection. */
export const STAT_PREFIX = 'STAT#';

/** AP15. One ambassador's counters in one period (added to, never put). */
export const ambassadorStatEntity = {
  type: 'AmbassadorStat',
  key: (ambassadorId: string, period: string): Key => ({
    pk: partition(ambassadorId),
    sk: `${STAT_PREFIX}${period}`,
  }),
  partition,
} as const;
