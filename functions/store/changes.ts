/**
 * The leaderboard job's work queue. A change that moves a board also writes, in its own
 * transaction, one marker naming what changed. The job reads the markers, recomputes the
 * named entities from their counters, and deletes the markers it handled: its cost follows
 * what changed, never the whole history. Markers are spread over shards so that no
 * partition key takes every write.
 *
 * The shard is a hash of the ambassador (or city) the change is about, not a random draw: every
 * marker about one ambassador lands in one shard, so when the job fans out one worker per shard
 * (the full rebuild), no two workers ever recompute the same ambassador at once, and a worker
 * that read older counters cannot overwrite the rank items of one that read newer ones. The
 * governorates are the one entity several shards name; the rebuild settles them once, after every
 * shard (functions/scheduled/leaderboards.ts).
 */
import { createHash } from 'node:crypto';
import { ulid } from 'ulid';
import { TABLE } from './client.ts';
import { ambassadorPartition } from './entities/ambassadors.ts';
import { cityPartition } from './entities/communities.ts';
import { changeMarkerEntity } from './entities/leaderboards.ts';
import type { TxItem } from './items.ts';
import { LEADERBOARD_SHARDS } from './table.ts';

export type Change =
  /** A lecture was verified: the organizer's and the governorate's standings moved. */
  | {
      kind: 'lecture';
      lectureId: string;
      organizerId: string;
      governorate?: string | undefined;
      deliveredOn: string;
    }
  /** An ambassador's name, community or existence changed: their entries must follow. */
  | { kind: 'ambassador'; ambassadorId: string; previousCommunity?: string | undefined }
  /** An ambassador's stats moved (teams, ideas): their directory entries must follow. */
  | { kind: 'stats'; ambassadorId: string }
  /** A project moved: its city's standing in the period of its approval moved. */
  | { kind: 'project'; ideaId: string; city: string; approvedAt: string }
  /** An ambassador's points moved in these periods (ledger entries, docs/api-contract.md §13). */
  | { kind: 'points'; ambassadorId: string; periods: string[] };

/** Thirty days: a safety net only, since the job deletes what it handled. */
const MARKER_TTL_SECONDS = 30 * 24 * 3600;

/** The entity a change is about, whose markers all share one shard. */
const subjectOf = (change: Change): string =>
  change.kind === 'lecture'
    ? ambassadorPartition(change.organizerId)
    : change.kind === 'project'
      ? cityPartition(change.city)
      : ambassadorPartition(change.ambassadorId);

/** The shard of a change: spread evenly over ambassadors, the same for every change to one. */
export const shardOf = (change: Change): number =>
  createHash('sha256').update(subjectOf(change)).digest().readUInt32BE(0) % LEADERBOARD_SHARDS;

export const changeMarker = (change: Change): TxItem => ({
  Put: {
    TableName: TABLE,
    Item: changeMarkerEntity.item({
      shard: shardOf(change),
      id: ulid(),
      change,
      expiresAt: Math.floor(Date.now() / 1000) + MARKER_TTL_SECONDS,
    }),
  },
});
