/**
 * The full rebuild's steps (infra/constructs/leaderboard-rebuild.ts: a Step Functions
 * Distributed Map over the 8 marker shards). One function, two steps:
 * - `segment`: one shard, one bounded invocation (it stops with a minute left and says whether
 *   the shard is drained; the state machine invokes it again until it is). It carries the
 *   boards and governorates its earlier invocations touched, so the last answer holds them all.
 * - `settle`: once every shard is drained, the governorates recomputed once and every touched
 *   board republished (functions/scheduled/leaderboards.ts, `settle`).
 * Locally the same two steps run in process: infra/local/leaderboard-rebuild.ts.
 */
import type { Context } from 'aws-lambda';
import * as z from 'zod/mini';
import { mapLimit } from '#store/batch.ts';
import type { CapacityMeter } from '#store/client.ts';
import { LEADERBOARD_SHARDS } from '#store/table.ts';
import { recordRun, runLeaderboards, type SegmentReport, settle } from './leaderboards.ts';

/**
 * For the local stand-in (infra/local/leaderboard-rebuild.ts), which may import this job but not
 * the store: it runs the segments with the same bounded pool and adds up the same meter.
 */
export { type CapacityMeter, mapLimit };

const report = {
  touched: z.array(z.string()),
  governorates: z.record(z.string(), z.array(z.string())),
};
const segmentEvent = z.strictObject({
  step: z.literal('segment'),
  shard: z.number().check(z.int(), z.minimum(0), z.maximum(LEADERBOARD_SHARDS - 1)),
  ...z.partial(z.strictObject(report)).shape,
});
const settleEvent = z.strictObject({
  step: z.literal('settle'),
  segments: z.array(z.object(report)),
});
const rebuildEvent = z.discriminatedUnion('step', [segmentEvent, settleEvent]);

export interface SegmentResult extends SegmentReport {
  step: 'segment';
  shard: number;
  /** The shard is drained: the state machine stops invoking it. */
  done: boolean;
  markers: number;
  /** This invocation's work (RunSummary's counts). */
  entitiesRecomputed: number;
  rankWrites: number;
  snapshots: number;
  directoryEntriesRefreshed: number;
  /** What this invocation consumed. */
  capacity: CapacityMeter;
}

const union = (a: readonly string[] = [], b: readonly string[] = []) => [...new Set([...a, ...b])].sort();

/** One segment's invocation: its shard until drained or out of time, reports merged with earlier ones. */
export const runSegment = async (
  event: z.infer<typeof segmentEvent>,
  remainingMs?: () => number,
  options: { maxMarkers?: number; chunkSize?: number } = {},
): Promise<SegmentResult> => {
  const s = await runLeaderboards({
    shards: [event.shard],
    // A segment is bounded by time, not by count: its invocation is its budget.
    maxMarkers: options.maxMarkers ?? Number.POSITIVE_INFINITY,
    ...(options.chunkSize ? { chunkSize: options.chunkSize } : {}),
    ...(remainingMs ? { remainingMs } : {}),
  });
  const governorates = { ...event.governorates };
  for (const [g, ps] of Object.entries(s.governorates)) governorates[g] = union(governorates[g], ps);
  return {
    step: 'segment',
    shard: event.shard,
    done: s.drained,
    markers: s.markers,
    entitiesRecomputed: s.entitiesRecomputed,
    rankWrites: s.rankWrites,
    snapshots: s.snapshots,
    directoryEntriesRefreshed: s.directoryEntriesRefreshed,
    capacity: s.capacity,
    touched: union(event.touched, s.touched),
    governorates,
  };
};

export const handler = async (event: unknown, context?: Context) => {
  const e = rebuildEvent.parse(event);
  const started = performance.now();
  if (e.step === 'settle') {
    const settled = await settle(e.segments);
    recordRun('settle', settled.ms);
    return { step: 'settle', ...settled };
  }
  const segment = await runSegment(e, context ? () => context.getRemainingTimeInMillis() : undefined);
  recordRun('segment', Math.round(performance.now() - started), segment.markers);
  return segment;
};
