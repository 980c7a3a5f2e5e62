/**
 * Points in the table (docs/api-contract.md §13): seasons, and each ambassador's ledger with
 * its totals. The item types are declared in entities/points.ts. Access patterns:
 * - AP41 a new season: PutItem SEASONS / <id>, `attribute_not_exists(pk)` (a taken id: already_exists)
 * - AP42 every season: Query pk = SEASONS (one partition, a few dozen items)
 * - AP43 an ambassador's ledger, newest first, for a period: Query `listings`,
 *   gsi1pk = POINTS#<id> [AND gsi1sk BETWEEN <from> AND <to>~] (Oman dates), descending
 * - AP44 an ambassador's total for `all`, a year or a month: GetItem PTS#<id> / TOTALS (consistent)
 * A season's total is AP43 over its dates, summed (a season is at most 366 days).
 * Entries are written by the change that earns them, in its own transaction (`ledgerItems`).
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '#domain/errors.ts';
import type { LedgerEntry } from '#domain/points.ts';
import { datesOfPeriod, parsePeriod, type Season } from '#domain/seasons.ts';
import { muscatDate, type Period, periodsOfDate } from '#domain/time.ts';
import { batchGet } from './batch.ts';
import { changeMarker } from './changes.ts';
import { db, TABLE } from './client.ts';
import { creationPut } from './creation.ts';
import { type Key, listings, primary, strip } from './entities/define.ts';
import {
  ledgerEntryEntity,
  ledgerListPartition,
  pointsPartition,
  pointTotalsEntity,
  SEASONS_PARTITION,
  type StoredSeason,
  seasonEntity,
} from './entities/points.ts';
import type { TxItem } from './items.ts';
import { type Page, type PageQuery, queryAll, queryPage } from './paging.ts';

/** AP41. A taken id is 409 already_exists. */
export const createSeason = async (season: StoredSeason): Promise<void> => {
  const { failed } = await creationPut(
    'season',
    { TableName: TABLE, Item: seasonEntity.item(season), ConditionExpression: 'attribute_not_exists(pk)' },
    { body: season, id: season.id, version: season.version },
  );
  if (failed.size > 0) throw new DomainError('already_exists', `Season ${season.id} exists`);
};

/** AP42. Every season, earliest first. */
export const listSeasons = async (): Promise<StoredSeason[]> =>
  (await queryAll(primary.query(SEASONS_PARTITION)))
    .map((i) => strip<StoredSeason>(i))
    .sort((a, b) => a.startsOn.localeCompare(b.startsOn) || a.id.localeCompare(b.id));

/** One season, or undefined. */
export const getSeason = async (id: string): Promise<Season | undefined> => {
  const out = await db.send(new GetCommand({ TableName: TABLE, Key: seasonEntity.key(id) }));
  return out.Item ? strip<StoredSeason>(out.Item) : undefined;
};

/** An entry a change writes into `recipient`'s ledger. */
export interface Earned {
  recipient: string;
  entry: LedgerEntry;
}

const totalsUpdate = (key: Key, byPeriod: Map<Period, number>): TxItem => {
  const periods = [...byPeriod].filter(([, n]) => n !== 0);
  return {
    Update: {
      TableName: TABLE,
      Key: key,
      UpdateExpression: `SET #type = :type ADD ${periods.map((_, i) => `#p${i} :p${i}`).join(', ')}`,
      ExpressionAttributeNames: {
        '#type': 'type',
        ...Object.fromEntries(periods.map(([p], i) => [`#p${i}`, p])),
      },
      ExpressionAttributeValues: {
        ':type': pointTotalsEntity.type,
        ...Object.fromEntries(periods.map(([, n], i) => [`:p${i}`, n])),
      },
    },
  };
};

/**
 * The transaction items that record `earned`: each entry, put only if its id is new (a change
 * retried never writes it twice: the whole transaction is cancelled), and one `ADD` per
 * recipient to their totals of `all`, the entry's year and its month (Oman dates), with a
 * leaderboard change marker naming them. A transaction touches an item once, so a recipient's
 * entries share one totals update: at most entries + 2 × recipients items.
 */
export const ledgerItems = (earned: readonly Earned[]): TxItem[] => {
  const totals = new Map<string, Map<Period, number>>();
  const items: TxItem[] = [];
  for (const { recipient, entry } of earned) {
    items.push({
      Put: {
        TableName: TABLE,
        Item: ledgerEntryEntity.item({ recipient, entry }),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
    const mine = totals.get(recipient) ?? new Map<Period, number>();
    for (const p of periodsOfDate(muscatDate(new Date(entry.at))))
      mine.set(p, (mine.get(p) ?? 0) + entry.points);
    totals.set(recipient, mine);
  }
  for (const [recipient, byPeriod] of totals)
    if ([...byPeriod.values()].some((n) => n !== 0))
      items.push(
        totalsUpdate(pointTotalsEntity.key(recipient), byPeriod),
        // The `points` board follows (functions/scheduled/leaderboards.ts).
        changeMarker({ kind: 'points', ambassadorId: recipient, periods: [...byPeriod.keys()] }),
      );
  return items;
};

/** The entries of `recipient` with these ids that exist (consistent reads), for reversals. */
export const ledgerEntries = async (recipient: string, ids: readonly string[]): Promise<LedgerEntry[]> => {
  const found = await Promise.all(
    ids.map((id) =>
      db.send(
        new GetCommand({ TableName: TABLE, Key: ledgerEntryEntity.key(recipient, id), ConsistentRead: true }),
      ),
    ),
  );
  return found.flatMap((o) => (o.Item ? [strip<LedgerEntry>(o.Item)] : []));
};

/** The earnings whose entry is not written yet (consistent reads, one per entry). */
export const unwritten = async (earned: readonly Earned[]): Promise<Earned[]> => {
  const found = await Promise.all(
    earned.map(async (e) => (await ledgerEntries(e.recipient, [e.entry.id])).length > 0),
  );
  return earned.filter((_, i) => !found[i]);
};

const DATE_END = '~';

/** The key condition of AP43 for a period; `all` reads the whole ledger. */
const ledgerQuery = (ambassadorId: string, period: Period, seasons: readonly Season[]) => {
  if (period === 'all') return listings.query(ledgerListPartition(ambassadorId));
  const { from, to } = datesOfPeriod(period, seasons);
  return listings.query(ledgerListPartition(ambassadorId), { between: [from, `${to}${DATE_END}`] });
};

/** (job) Ambassadors' totals, every period they have points in (AP44 in a batch). */
export const pointTotalsOf = async (ids: readonly string[]): Promise<Map<string, Record<string, number>>> => {
  const items = await batchGet(
    ids.map((id) => pointTotalsEntity.key(id)),
    undefined,
    4,
    true,
  );
  return new Map(
    items.map((i) => [
      String(i.pk).slice(pointsPartition('').length),
      Object.fromEntries(
        Object.entries(strip<Record<string, unknown>>(i)).map(([p, n]) => [p, Number(n)]),
      ) as Record<string, number>,
    ]),
  );
};

/** AP43. One page of an ambassador's entries in a period, newest first. */
export const ledgerPage = (
  ambassadorId: string,
  period: Period,
  seasons: readonly Season[],
  q: PageQuery,
): Promise<Page<LedgerEntry>> =>
  queryPage({
    fingerprint: `points|${ambassadorId}|${period}`,
    input: { ...ledgerQuery(ambassadorId, period, seasons), ScanIndexForward: false },
    keyAttributes: listings.keyAttributes,
    limit: q.limit,
    cursor: q.cursor,
    map: (i) => strip<LedgerEntry>(i),
  });

/**
 * An ambassador's total in a period: AP44 for `all`, a year or a month (the counter, exact at
 * once); a season sums AP43 over its dates (its `points` only).
 */
export const ledgerPeriodTotal = async (
  ambassadorId: string,
  period: Period,
  seasons: readonly Season[],
): Promise<number> => {
  if (parsePeriod(period)?.kind === 'season') {
    const items = await queryAll({
      ...ledgerQuery(ambassadorId, period, seasons),
      ProjectionExpression: '#points',
      ExpressionAttributeNames: { '#points': 'points' },
    });
    return items.reduce((sum, i) => sum + Number(i.points ?? 0), 0);
  }
  const out = await db.send(
    new GetCommand({
      TableName: TABLE,
      Key: pointTotalsEntity.key(ambassadorId),
      ConsistentRead: true,
      ProjectionExpression: '#p',
      ExpressionAttributeNames: { '#p': period },
    }),
  );
  return Number(out.Item?.[period] ?? 0);
};
