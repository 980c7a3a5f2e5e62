/**
 * Leaderboards in the table. Access patterns:
 * - AP12 a board's snapshot in a period (what readers get): GetItem BOARD#<board>#<period> / SNAPSHOT
 * - AP13 a board's leaders in a period: Query `ranking`, gsi4pk = RANK#<board>#<period>, ascending
 *   (the sort key puts the best score first, then name)
 * - AP14 the job's work queue: Query LBQ#<shard> for each shard
 * - AP15 an ambassador's period counters: Query AMB#<id>, sk begins_with STAT#
 */
import { brotliCompressSync, brotliDecompressSync, constants as zlibConstants } from 'node:zlib';
import { GetCommand, PutCommand, QueryCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { BoardEntry, BoardSnapshot } from '#domain/leaderboards.ts';
import { rank, type Scored } from '#domain/ranking.ts';
import type { Change } from './changes.ts';
import { db, TABLE } from './client.ts';
import { ambassadorPartition, STAT_PREFIX } from './entities/ambassadors.ts';
import { type Key, primary, ranking } from './entities/define.ts';
import { boardSnapshotEntity, changeShard, rankEntity, rankPartition } from './entities/leaderboards.ts';
import { queryAll } from './paging.ts';
import { LEADERBOARD_SHARDS } from './table.ts';

/** AP12 */
export const getSnapshot = async (
  board: string,
  period: string,
): Promise<Omit<BoardSnapshot, 'board'> | undefined> => {
  const out = await db.send(
    new GetCommand({ TableName: TABLE, Key: boardSnapshotEntity.key(board, period) }),
  );
  if (!out.Item) return undefined;
  const packed = out.Item.packed as Uint8Array | undefined;
  const entries = packed
    ? (JSON.parse(brotliDecompressSync(packed).toString('utf8')) as BoardEntry[])
    : (out.Item.entries as BoardEntry[]);
  return { period, computedAt: out.Item.computedAt as string, entries };
};

/** AP13: the first `limit` entries of a board, ranked (ties share a rank). */
export const topOfBoard = async (
  board: string,
  period: string,
  limit: number,
  /**
   * What the caller just wrote to this board: the index is eventually consistent, so the
   * job lays its own puts (by id) and deletes over what the index returns.
   */
  written?: { put: Map<string, Scored & Record<string, unknown>>; deleted: Set<string> },
): Promise<BoardEntry[]> => {
  const extra = written ? written.put.size + written.deleted.size : 0;
  const out = await db.send(
    new QueryCommand({ ...ranking.query(rankPartition(board, period)), Limit: limit + extra }),
  );
  const entries = (out.Items ?? []).map((i) => i.entry as Scored & Record<string, unknown>);
  if (!written) return rank(entries, true);
  const merged = new Map(entries.map((e) => [e.id, e]));
  for (const id of written.deleted) merged.delete(id);
  for (const [id, e] of written.put) merged.set(id, e);
  return rank([...merged.values()]).slice(0, limit);
};

/** A rank item: one entity's standing on one board in one period. */
export const rankItem = (board: string, period: string, entry: Scored & Record<string, unknown>) =>
  rankEntity.item({ board, period, entry });

export const putSnapshot = async (
  board: string,
  period: string,
  computedAt: string,
  entries: BoardEntry[],
) => {
  await db.send(
    new PutCommand({
      TableName: TABLE,
      // The 100 entries, Brotli-compressed: about 12 KB of JSON (Arabic names, repeated keys)
      // shrinks under 4 KB, so every reader pays 0.5 RCU instead of 1.5. Readers still take
      // an older snapshot's plain `entries`.
      Item: boardSnapshotEntity.item({
        board,
        period,
        computedAt,
        packed: brotliCompressSync(JSON.stringify(entries), {
          params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 },
        }),
      }),
    }),
  );
};

export interface Marker {
  key: Key;
  change: Change;
}

/**
 * AP14: the job's work queue, read in slices. Each `next(max)` returns up to `max` markers spread
 * over the given shards, continuing each shard after the last marker it returned (so a run never
 * reads a marker twice, even before its deletion shows in an eventually consistent read); a
 * shard that answered with no further page is done for this run. A marker written behind a
 * shard's position waits for the next run.
 */
export const markerQueue = (
  shards: readonly number[] = Array.from({ length: LEADERBOARD_SHARDS }, (_, s) => s),
) => {
  const after = new Map<number, Record<string, unknown> | undefined>(shards.map((s) => [s, undefined]));
  let turn = Math.floor(Math.random() * LEADERBOARD_SHARDS);
  const readShard = async (shard: number, max: number): Promise<Marker[]> => {
    const found: Marker[] = [];
    let startKey = after.get(shard);
    do {
      const out: QueryCommandOutput = await db.send(
        new QueryCommand({
          ...primary.query(changeShard(shard)),
          ExclusiveStartKey: startKey,
          Limit: Math.min(1000, max - found.length),
        }),
      );
      for (const i of out.Items ?? [])
        found.push({ key: { pk: String(i.pk), sk: String(i.sk) }, change: i.change as Change });
      startKey = out.LastEvaluatedKey;
    } while (startKey && found.length < max);
    if (startKey) after.set(shard, startKey);
    else after.delete(shard);
    return found;
  };
  return {
    /** Whether every shard has been read to its end. */
    get drained() {
      return after.size === 0;
    },
    next: async (max: number): Promise<Marker[]> => {
      const found: Marker[] = [];
      // Rounds until `max` or every shard is read to its end: a round that finds nothing has
      // read some shard to its end, so the rounds stop.
      while (found.length < max && after.size > 0) {
        const open = [...after.keys()];
        const want = max - found.length;
        // Exactly `want` between the open shards; when it is fewer than the shards, which ones
        // get a turn rotates (from a random start), so that no shard waits behind busier ones.
        turn = (turn + 1) % open.length;
        const share = (k: number) =>
          Math.floor(want / open.length) +
          ((k - turn + open.length) % open.length < want % open.length ? 1 : 0);
        const reads = open.flatMap((shard, k) => (share(k) > 0 ? [readShard(shard, share(k))] : []));
        for (const markers of await Promise.all(reads)) found.push(...markers);
      }
      return found;
    },
  };
};

/** AP15: the periods an ambassador has counters in. */
export const ambassadorPeriods = async (ambassadorId: string): Promise<string[]> =>
  (
    await queryAll({
      ...primary.query(ambassadorPartition(ambassadorId), { beginsWith: STAT_PREFIX }),
      ProjectionExpression: 'sk',
    })
  ).map((i) => String(i.sk).slice(STAT_PREFIX.length));
