/**
 * The full leaderboard rebuild, in process: what the Step Functions state machine does in AWS
 * (infra/constructs/leaderboard-rebuild.ts), with a Promise pool for the Distributed Map. Each
 * shard is one worker invoking the same `segment` step again until its shard is drained (each
 * invocation bounded like a Lambda's: `segmentMs`), then `settle` runs once over every
 * segment's last report.
 */

import type { CapacityMeter, SegmentResult } from '#functions/scheduled/leaderboard-rebuild.ts';
import type { RunSummary } from '#functions/scheduled/leaderboards.ts';
import { LEADERBOARD_SHARDS } from '#store/table.ts';

/** Retries of a failed segment invocation (the state machine's `addRetry`: maxAttempts 2). */
const SEGMENT_RETRIES = 2;

export interface RebuildOptions {
  /** Segments in flight at once (the Map's MaxConcurrency; default every shard). */
  parallel?: number;
  /** One segment invocation's time budget, as a Lambda timeout would give (default 15 min). */
  segmentMs?: number;
  /** Markers per chunk inside a segment (default the job's). */
  chunkSize?: number;
  /** Markers per segment invocation (tests: makes invocations small without a clock). */
  maxMarkers?: number;
}

export interface RebuildSummary {
  segments: SegmentResult[];
  /** Segment invocations, all shards together. */
  invocations: number;
  markers: number;
  /** Every segment invocation's work, and the settle step's snapshots. */
  work: {
    entitiesRecomputed: number;
    rankWrites: number;
    snapshots: number;
    directoryEntriesRefreshed: number;
  };
  /** Every segment invocation's capacity, and the settle step's. */
  capacity: CapacityMeter;
  settle: Awaited<ReturnType<typeof import('#functions/scheduled/leaderboards.ts').settle>>;
  ms: number;
}

export const rebuildLeaderboards = async (options: RebuildOptions = {}): Promise<RebuildSummary> => {
  const started = performance.now();
  const { mapLimit, runSegment } = await import('#functions/scheduled/leaderboard-rebuild.ts');
  const { settle } = await import('#functions/scheduled/leaderboards.ts');
  const segmentMs = options.segmentMs ?? 15 * 60_000;
  let invocations = 0;
  const capacity: CapacityMeter = { read: 0, write: 0, calls: 0, itemsRead: 0, itemsWritten: 0 };
  const work = { entitiesRecomputed: 0, rankWrites: 0, snapshots: 0, directoryEntriesRefreshed: 0 };
  const add = (m: CapacityMeter) => {
    for (const k of ['read', 'write', 'calls', 'itemsRead', 'itemsWritten'] as const) capacity[k] += m[k];
  };
  const shards = Array.from({ length: LEADERBOARD_SHARDS }, (_, s) => s);
  const segments = await mapLimit(shards, options.parallel ?? LEADERBOARD_SHARDS, async (shard) => {
    let last: SegmentResult | undefined;
    let markers = 0;
    do {
      let deadline = 0;
      const input: Parameters<typeof runSegment>[0] = {
        step: 'segment',
        shard,
        ...(last ? { touched: last.touched, governorates: last.governorates } : {}),
      };
      const remaining = () => deadline - performance.now();
      const limits = {
        ...(options.chunkSize ? { chunkSize: options.chunkSize } : {}),
        ...(options.maxMarkers ? { maxMarkers: options.maxMarkers } : {}),
      };
      // As the state machine's Retry: a failed invocation is tried twice more (a segment redoes
      // at most its current chunk, recomputed from counters).
      for (let attempt = 0; ; attempt++) {
        // Each attempt is an invocation of its own, with Lambda's whole budget.
        deadline = performance.now() + segmentMs;
        invocations++;
        try {
          last = await runSegment(input, remaining, limits);
          break;
        } catch (err) {
          if (attempt >= SEGMENT_RETRIES) throw err;
          await new Promise((r) => setTimeout(r, 1000 * 2 ** attempt));
        }
      }
      markers += last.markers;
      add(last.capacity);
      for (const k of Object.keys(work) as (keyof typeof work)[]) work[k] += last[k];
      // A budget too small for one chunk would loop for ever: say so instead.
      if (!last.done && last.markers === 0) throw new Error(`segment ${shard} made no progress`);
    } while (!last.done);
    return { ...last, markers };
  });
  const settled = await settle(segments);
  add(settled.capacity);
  work.snapshots += settled.snapshots;
  return {
    work,
    capacity,
    segments,
    invocations,
    markers: segments.reduce((n, s) => n + s.markers, 0),
    settle: settled,
    ms: Math.round(performance.now() - started),
  };
};

export type { RunSummary };
