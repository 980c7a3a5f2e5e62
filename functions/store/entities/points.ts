/**
 * Points item types (docs/api-contract.md §13): seasons, an ambassador's ledger entries and
 * their per-period totals. Ledger items live in a partition of their own (`PTS#<ambassador>`),
 * apart from the profile's collection, so the routes that read points are granted no profile.
 */
import type { LedgerEntry } from '#domain/points.ts';
import type { Season } from '#domain/seasons.ts';
import { muscatDate } from '#domain/time.ts';
import { entity, type Key, listings } from './define.ts';

/** A season as stored and answered: created once, never edited. */
export type StoredSeason = Season & { version: number };

/** The one partition of every season: a small list, read whole by one Query (AP42). */
export const SEASONS_PARTITION = 'SEASONS';

/** AP41, AP42. A season, by its id (chosen by staff: the put is conditional on its absence). */
export const seasonEntity = entity({
  type: 'Season',
  key: (id: string): Key => ({ pk: SEASONS_PARTITION, sk: id }),
  keyOf: (s: StoredSeason) => [s.id],
  attributes: (s: StoredSeason) => ({ ...s }),
});

/** The partition of one ambassador's ledger and totals. */
export const pointsPartition = (ambassadorId: string): string => `PTS#${ambassadorId}`;
/** The `listings` partition of one ambassador's ledger, in date order (AP43). */
export const ledgerListPartition = (ambassadorId: string): string => `POINTS#${ambassadorId}`;
/** The sort key prefix of ledger entries in the ledger partition. */
export const ENTRY_PREFIX = 'E#';

/**
 * The `listings` sort key of an entry: its Oman date first, so that a period's entries are one
 * `BETWEEN <from> AND <to>~` on dates (AP43), then its instant and id (unique, newest last).
 */
export const ledgerSortKey = (e: Pick<LedgerEntry, 'at' | 'id'>): string =>
  `${muscatDate(new Date(e.at))}#${e.at}#${e.id}`;

type Recorded = { recipient: string; entry: LedgerEntry };

/**
 * AP43. One ledger entry, keyed by its deterministic id (domain/points.ts `entryId`): the put
 * is conditional on its absence, so a change retried never writes a second entry.
 */
export const ledgerEntryEntity = entity({
  type: 'LedgerEntry',
  key: (ambassadorId: string, entryId: string): Key => ({
    pk: pointsPartition(ambassadorId),
    sk: `${ENTRY_PREFIX}${entryId}`,
  }),
  keyOf: (r: Recorded) => [r.recipient, r.entry.id],
  attributes: (r: Recorded) => ({
    ...r.entry,
    ...listings.keys(ledgerListPartition(r.recipient), ledgerSortKey(r.entry)),
  }),
});

/**
 * AP44. One ambassador's totals, one attribute per period (`all`, `2026`, `2026-11`), each
 * `ADD`ed with every entry: a period's total is one GetItem, exact, whatever the ledger's size.
 */
export const pointTotalsEntity = {
  type: 'PointTotals',
  key: (ambassadorId: string): Key => ({ pk: pointsPartition(ambassadorId), sk: 'TOTALS' }),
} as const;

/**
 * AP45. How many of an ambassador's resources earned points in one Oman month (`shared`): read,
 * then `ADD 1` conditional on the count read, in the share's transaction, so that at most five
 * a month earn points however many are shared at once.
 */
export const sharedCounterEntity = {
  type: 'SharedCounter',
  key: (ambassadorId: string, month: string): Key => ({
    pk: pointsPartition(ambassadorId),
    sk: `SHARED#${month}`,
  }),
} as const;
