/**
 * The leaderboard job (EventBridge, every 15 minutes; locally every minute and on
 * `POST /_local/schedules/leaderboards`). Reads never compute: this job publishes snapshots.
 *
 * Each change that moves a board writes, in its own transaction, the counters it moves and
 * a marker. A run reads the markers, recomputes only the entities they name from their
 * counters (so a run is idempotent: repeating it changes nothing), rewrites their rank
 * items, republishes the snapshot of every board and period they touched, and deletes the
 * markers. Its cost follows what changed since the last run, never all lectures ever
 * delivered.
 *
 * Bounded and resumable: a run works in chunks (`chunkSize` markers), and each chunk is
 * written, published and only then has its markers deleted, so what a run finished stays
 * finished even if it stops or fails later. A run stops after `maxMarkers`, or when less than
 * `reserveMs` of its invocation is left: a backlog of any size drains over successive runs.
 *
 * The full rebuild (everything changed: a migration, a backlog) fans out over the 8 marker
 * shards (`runSegment`, one bounded invocation per shard at a time: a Step Functions Distributed
 * Map in AWS, a Promise pool locally, infra/local/leaderboard-rebuild.ts), then `settle`s what
 * the shards share. Markers are sharded by ambassador (functions/store/changes.ts), so two shards
 * never recompute the same ambassador; the governorates are the exception, and `settle`
 * recomputes them once every shard is done, then republishes every board the shards touched.
 */

import type { Context } from 'aws-lambda';
import type { Ambassador } from '#domain/ambassadors.ts';
import {
  ambassadorEntries,
  type Counters,
  communityBoard,
  type EntryDraft,
  SNAPSHOT_SIZE,
} from '#domain/leaderboards.ts';
import { cityScore } from '#domain/ranking.ts';
import { communityOf, findGovernorate, findWilayat, governorateOf } from '#domain/regions.ts';
import { periodsOfDate, periodsOfInstant } from '#domain/time.ts';
import { logger } from '#functions/log.ts';
import { MetricUnit, record } from '#functions/observability.ts';
import { refreshDirectoryStats } from '#store/ambassadors.ts';
import { batchGet, batchWrite, mapLimit } from '#store/batch.ts';
import { type CapacityMeter, metered } from '#store/client.ts';
import { ambassadorStatEntity, profileEntity } from '#store/entities/ambassadors.ts';
import { cityStatEntity, governorateStatEntity } from '#store/entities/communities.ts';
import type { Key } from '#store/entities/define.ts';
import { rankEntity } from '#store/entities/leaderboards.ts';
import {
  ambassadorPeriods,
  type Marker,
  markerQueue,
  putSnapshot,
  rankItem,
  topOfBoard,
} from '#store/leaderboards.ts';
import { pointTotalsOf } from '#store/points.ts';

/** Calls in flight at once. */
const PARALLEL = 8;

export interface RunOptions {
  now?: Date;
  /** Markers a run takes at most; more wait for the next run (default 50,000). */
  maxMarkers?: number;
  /** Markers handled together: recomputed, written, published, then deleted (default 5,000). */
  chunkSize?: number;
  /** Time left in the invocation (Lambda: `context.getRemainingTimeInMillis`). */
  remainingMs?: () => number;
  /** No new chunk starts with less than this left (default 60 s: a chunk's worst case). */
  reserveMs?: number;
  /** A fan-out segment: only these marker shards (default: all 8). */
  shards?: readonly number[];
}

/** A positive whole number from the environment, or the default (a typo must not stop the job). */
const fromEnv = (name: string, fallback: number): number => {
  const n = Number(process.env[name]);
  return Number.isInteger(n) && n > 0 ? n : fallback;
};

/** Defaults, overridable by environment for the local server (the cloud uses these). */
const DEFAULTS = {
  maxMarkers: fromEnv('LEADERBOARD_MAX_MARKERS', 50_000),
  chunkSize: fromEnv('LEADERBOARD_CHUNK_SIZE', 5_000),
  reserveMs: 60_000,
};

export interface RunSummary {
  markers: number;
  /** Chunks finished (each deleted its markers). */
  chunks: number;
  /** Whether the run read every shard to its end (false: it stopped on its budget). */
  drained: boolean;
  entitiesRecomputed: number;
  rankWrites: number;
  snapshots: number;
  directoryEntriesRefreshed: number;
  /** Every `board|period` the run published. */
  touched: string[];
  /** The governorates and periods the run recomputed (`settle` redoes them after a fan-out). */
  governorates: Record<string, string[]>;
  ms: number;
  capacity: CapacityMeter;
}

const addAll = <K, V>(map: Map<K, Set<V>>, key: K, values: Iterable<V>) => {
  const set = map.get(key) ?? new Set<V>();
  map.set(key, set);
  for (const v of values) set.add(v);
};

const keyId = (k: Key) => `${k.pk}|${k.sk}`;

/** One chunk of markers: recomputed, written, published, and only then deleted. */
const runChunk = async (markers: readonly Marker[], computedAt: string) => {
  const ambassadors = new Map<string, Set<string>>();
  const governorates = new Map<string, Set<string>>();
  const cities = new Map<string, Set<string>>();
  /** Ambassadors whose points moved, and in which periods (the `points` board, §13). */
  const points = new Map<string, Set<string>>();
  const everyPeriod = new Set<string>();
  /** Every community an ambassador left since the last run (markers come in no time order). */
  const previousCommunities = new Map<string, Set<string>>();
  /** Ambassadors whose stats moved: the copies on their directory entries follow. */
  const statsMoved = new Set<string>();
  for (const { change } of markers) {
    if (change.kind === 'stats') statsMoved.add(change.ambassadorId);
    else if (change.kind === 'lecture') {
      const periods = periodsOfDate(change.deliveredOn);
      statsMoved.add(change.organizerId);
      addAll(ambassadors, change.organizerId, periods);
      if (change.governorate) addAll(governorates, change.governorate, periods);
    } else if (change.kind === 'ambassador') {
      everyPeriod.add(change.ambassadorId);
      statsMoved.add(change.ambassadorId);
      if (change.previousCommunity)
        addAll(previousCommunities, change.ambassadorId, [change.previousCommunity]);
    } else if (change.kind === 'points') {
      addAll(points, change.ambassadorId, change.periods);
    } else {
      addAll(cities, change.city, periodsOfInstant(new Date(change.approvedAt)));
    }
  }
  // A renamed, moved or erased ambassador: every period they have counters in.
  await mapLimit([...everyPeriod], PARALLEL, async (id) =>
    addAll(ambassadors, id, ['all', ...(await ambassadorPeriods(id))]),
  );
  const written = await recompute(
    ambassadors,
    governorates,
    cities,
    previousCommunities,
    statsMoved,
    points,
    everyPeriod,
  );
  const snapshots = await publish(written.boards, computedAt);
  // Only now: a chunk that fails before here leaves its markers for the next run.
  await batchWrite({ delete: markers.map((m) => m.key) });
  return { ...written, snapshots, governorates };
};

/** Rank items for the named entities and periods, from their counters; directory copies follow. */
const recompute = async (
  ambassadors: Map<string, Set<string>>,
  governorates: Map<string, Set<string>>,
  cities: Map<string, Set<string>>,
  previousCommunities: Map<string, Set<string>>,
  statsMoved: Set<string>,
  points: Map<string, Set<string>> = new Map(),
  /** Renamed, moved or erased: their `points` entries in every period follow too. */
  everyPeriod: Set<string> = new Set(),
) => {
  const statKeys: Key[] = [
    ...[...ambassadors].flatMap(([id, ps]) => [...ps].map((p) => ambassadorStatEntity.key(id, p))),
    ...[...governorates].flatMap(([g, ps]) => [...ps].map((p) => governorateStatEntity.key(g, p))),
    ...[...cities].flatMap(([c, ps]) => [...ps].map((p) => cityStatEntity.key(c, p))),
  ];
  const pointsIds = [...new Set([...points.keys(), ...everyPeriod])];
  const [profiles, counters, totals] = await Promise.all([
    batchGet(
      [...new Set([...ambassadors.keys(), ...statsMoved, ...pointsIds])].map(profileEntity.key),
      undefined,
      4,
      true,
    ),
    batchGet(statKeys, undefined, 4, true),
    pointTotalsOf(pointsIds),
  ]);
  const profileOf = new Map(profiles.map((p) => [String(p.id), p as unknown as Ambassador]));
  const countersOf = new Map(
    counters.map((c) => [keyId({ pk: String(c.pk), sk: String(c.sk) }), c as Counters]),
  );
  const countersAt = (k: Key) => countersOf.get(keyId(k));

  const puts: Record<string, unknown>[] = [];
  const deletes: Key[] = [];
  const touched = new Set<string>();
  /** What this run wrote to each board and period, laid over the index when publishing. */
  const written = new Map<string, { put: Map<string, EntryDraft>; deleted: Set<string> }>();
  const place = (board: string, period: string, id: string, entry: EntryDraft | null, publish = true) => {
    if (entry) puts.push(rankItem(board, period, entry));
    else deletes.push(rankEntity.key(board, period, id));
    if (!publish) return;
    const bp = `${board}|${period}`;
    touched.add(bp);
    const w = written.get(bp) ?? { put: new Map(), deleted: new Set<string>() };
    written.set(bp, w);
    if (entry) {
      w.put.set(id, entry);
      w.deleted.delete(id);
    } else {
      w.deleted.add(id);
      w.put.delete(id);
    }
  };

  for (const [id, periods] of ambassadors) {
    const profile = profileOf.get(id);
    for (const period of periods) {
      const e = ambassadorEntries(profile, countersAt(ambassadorStatEntity.key(id, period)));
      place('lectures', period, id, e.lectures);
      place('attendance', period, id, e.attendance);
      if (period !== 'all') continue;
      // The community page's top ambassadors: their community's board, all time.
      const community = profile && !profile.erased ? communityOf(profile) : undefined;
      for (const before of previousCommunities.get(id) ?? [])
        if (before !== community) place(communityBoard(before), 'all', id, null, false);
      if (community) place(communityBoard(community), 'all', id, e.attendance, false);
    }
  }
  // The `points` board (docs/api-contract.md §13): an ambassador's totals, exact counters moved
  // with every ledger entry; erased ambassadors and scores of 0 or less are left out.
  for (const id of pointsIds) {
    const profile = profileOf.get(id);
    const mine = totals.get(id) ?? {};
    const periods = new Set([...(points.get(id) ?? []), ...(everyPeriod.has(id) ? Object.keys(mine) : [])]);
    for (const period of periods) {
      const score = mine[period] ?? 0;
      place(
        'points',
        period,
        id,
        profile && !profile.erased && score > 0
          ? {
              id,
              name: profile.name,
              score,
              country: profile.country,
              ...(profile.governorate ? { governorate: profile.governorate } : {}),
              ...(profile.wilayat ? { wilayat: profile.wilayat } : {}),
            }
          : null,
      );
    }
  }
  for (const [g, periods] of governorates) {
    const info = findGovernorate(g);
    for (const period of periods) {
      const c = countersAt(governorateStatEntity.key(g, period));
      const score = c?.attendance ?? 0;
      place(
        'governorates',
        period,
        g,
        info && score > 0
          ? { id: g, name: info.en, nameAr: info.ar, score, lectures: c?.lectures ?? 0 }
          : null,
      );
    }
  }
  for (const [city, periods] of cities) {
    const info = findWilayat(city);
    for (const period of periods) {
      const c = countersAt(cityStatEntity.key(city, period));
      const score = cityScore(c ?? {});
      place(
        'cities',
        period,
        city,
        info && score > 0
          ? {
              id: city,
              name: info.en,
              nameAr: info.ar,
              governorate: governorateOf(city),
              score,
              completed: c?.completed ?? 0,
              inProgress: c?.inProgress ?? 0,
              approved: c?.approved ?? 0,
            }
          : null,
      );
    }
  }
  await batchWrite({ put: puts, delete: deletes });
  const profilesToRefresh = [...statsMoved].flatMap((id) => profileOf.get(id) ?? []);
  const entriesRefreshed = (await mapLimit(profilesToRefresh, PARALLEL, refreshDirectoryStats)).reduce(
    (a, b) => a + b,
    0,
  );
  return {
    entitiesRecomputed: statKeys.length + pointsIds.length,
    rankWrites: puts.length + deletes.length,
    directoryEntriesRefreshed: entriesRefreshed,
    boards: new Map([...touched].map((bp) => [bp, written.get(bp)])),
  };
};

type Written = { put: Map<string, EntryDraft>; deleted: Set<string> };

/** Republishes each board and period (its top, from the index, with what was just written laid over). */
const publish = async (boards: Map<string, Written | undefined>, computedAt: string): Promise<number> => {
  await mapLimit([...boards], PARALLEL, async ([bp, written]) => {
    const [board = '', period = ''] = bp.split('|');
    await putSnapshot(board, period, computedAt, await topOfBoard(board, period, SNAPSHOT_SIZE, written));
  });
  return boards.size;
};

/**
 * One bounded run: chunk after chunk, until the queue (of the given shards) is empty, the
 * marker budget is spent, or the invocation is nearly out of time.
 */
export const runLeaderboards = async (options: RunOptions = {}): Promise<RunSummary> => {
  const started = performance.now();
  const maxMarkers = options.maxMarkers ?? DEFAULTS.maxMarkers;
  const chunkSize = Math.min(options.chunkSize ?? DEFAULTS.chunkSize, maxMarkers);
  const reserveMs = options.reserveMs ?? DEFAULTS.reserveMs;
  const computedAt = (options.now ?? new Date()).toISOString();
  const run = metered(async () => {
    const queue = markerQueue(options.shards);
    const totals = {
      markers: 0,
      chunks: 0,
      entitiesRecomputed: 0,
      rankWrites: 0,
      snapshots: 0,
      directoryEntriesRefreshed: 0,
    };
    const touched = new Set<string>();
    const governorates = new Map<string, Set<string>>();
    while (totals.markers < maxMarkers && !(options.remainingMs && options.remainingMs() < reserveMs)) {
      const markers = await queue.next(Math.min(chunkSize, maxMarkers - totals.markers));
      if (markers.length === 0) break;
      const done = await runChunk(markers, computedAt);
      totals.markers += markers.length;
      totals.chunks++;
      totals.entitiesRecomputed += done.entitiesRecomputed;
      totals.rankWrites += done.rankWrites;
      totals.snapshots += done.snapshots;
      totals.directoryEntriesRefreshed += done.directoryEntriesRefreshed;
      for (const bp of done.boards.keys()) touched.add(bp);
      for (const [g, ps] of done.governorates) addAll(governorates, g, ps);
    }
    return {
      ...totals,
      drained: queue.drained,
      touched: [...touched].sort(),
      governorates: Object.fromEntries([...governorates].map(([g, ps]) => [g, [...ps].sort()])),
    };
  });
  const result = await run;
  const summary = { ...result, ms: Math.round(performance.now() - started), capacity: run.meter };
  logger.info('leaderboards computed', { ...summary, touched: summary.touched.length });
  return summary;
};

/** What a fan-out segment reports: the boards it published and the governorates it recomputed. */
export type SegmentReport = Pick<RunSummary, 'touched' | 'governorates'>;

/**
 * After a fan-out, once every segment is done: the governorates (the one entity several shards
 * name, so two segments may have raced on them) recomputed once from their counters, and every
 * board any segment touched republished from the index, so that no snapshot is one a segment
 * published while another was still writing the same board.
 */
export const settle = async (
  segments: readonly SegmentReport[],
  now: Date = new Date(),
): Promise<{ governorates: number; snapshots: number; ms: number; capacity: CapacityMeter }> => {
  const started = performance.now();
  const run = metered(async () => {
    const governorates = new Map<string, Set<string>>();
    for (const s of segments)
      for (const [g, ps] of Object.entries(s.governorates)) addAll(governorates, g, ps);
    const none = new Map<string, Set<string>>();
    const written = await recompute(none, governorates, none, none, new Set());
    const boards = new Map<string, Written | undefined>(
      segments.flatMap((s) => s.touched.map((bp) => [bp, undefined])),
    );
    for (const [bp, w] of written.boards) boards.set(bp, w);
    return { governorates: written.entitiesRecomputed, snapshots: await publish(boards, now.toISOString()) };
  });
  const result = await run;
  return { ...result, ms: Math.round(performance.now() - started), capacity: run.meter };
};

/**
 * A run's metrics (functions/observability.ts), under the dimension `job`: the markers it took
 * from the queue (the backlog it worked off; a run that stops at its budget leaves the rest for
 * the next) and how long it ran.
 */
export const recordRun = (job: 'incremental' | 'segment' | 'settle', ms: number, markers?: number): void =>
  record({ job }, [
    ...(markers === undefined
      ? []
      : [{ name: 'LeaderboardMarkers', unit: MetricUnit.Count, value: markers }]),
    { name: 'LeaderboardRunDuration', unit: MetricUnit.Milliseconds, value: ms },
  ]);

export const handler = async (_event: unknown, context?: Context): Promise<RunSummary> => {
  const summary = await runLeaderboards(
    context ? { remainingMs: () => context.getRemainingTimeInMillis() } : {},
  );
  recordRun('incremental', summary.ms, summary.markers);
  return summary;
};
