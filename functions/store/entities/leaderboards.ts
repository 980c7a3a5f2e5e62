/** Leaderboard item types: the job's change markers, rank entries and published snapshots. */
import { rankSortKey, type Scored } from '#domain/ranking.ts';
import { entity, type Key, ranking } from './define.ts';

/** The partition of one shard of the queue (of LEADERBOARD_SHARDS, table.ts): AP14 queries it. */
export const changeShard = (shard: number): string => `LBQ#${shard}`;

/** AP14. A change marker in one shard of the job's queue (expires after a safety period). */
export const changeMarkerEntity = entity({
  type: 'LeaderboardChange',
  key: (shard: number, id: string): Key => ({ pk: changeShard(shard), sk: id }),
  keyOf: (m: { shard: number; id: string; change: unknown; expiresAt: number }) => [m.shard, m.id],
  attributes: (m: { shard: number; id: string; change: unknown; expiresAt: number }) => ({
    change: m.change,
    expiresAt: m.expiresAt,
  }),
});

/** The `ranking` partition of one board in one period. */
export const rankPartition = (board: string, period: string): string => `RANK#${board}#${period}`;

export interface RankPlace {
  board: string;
  period: string;
  entry: Scored & Record<string, unknown>;
}

/** AP11, AP13. One entity's standing on one board in one period (`ranking`, best first). */
export const rankEntity = entity({
  type: 'RankEntry',
  key: (board: string, period: string, entityId: string): Key => ({
    pk: rankPartition(board, period),
    sk: entityId,
  }),
  keyOf: (r: RankPlace) => [r.board, r.period, r.entry.id],
  attributes: (r: RankPlace) => ({
    ...ranking.keys(rankPartition(r.board, r.period), rankSortKey(r.entry)),
    entry: r.entry,
  }),
});

export interface SnapshotValue {
  board: string;
  period: string;
  computedAt: string;
  /** The entries, Brotli-compressed JSON. */
  packed: Uint8Array;
}

/** AP12. The published snapshot of a board in a period: what reads return. */
export const boardSnapshotEntity = entity({
  type: 'BoardSnapshot',
  key: (board: string, period: string): Key => ({ pk: `BOARD#${board}#${period}`, sk: 'SNAPSHOT' }),
  keyOf: (s: SnapshotValue) => [s.board, s.period],
  attributes: (s: SnapshotValue) => ({ ...s }),
});
