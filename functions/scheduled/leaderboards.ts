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
 */

import type { Ambassador } from '../../domain/ambassadors.ts';
import {
  ambassadorEntries,
  type Counters,
  communityBoard,
  type EntryDraft,
  SNAPSHOT_SIZE,
} from '../../domain/leaderboards.ts';
import { cityScore } from '../../domain/ranking.ts';
import { communityOf, findGovernorate, findWilayat, governorateOf } from '../../domain/regions.ts';
import { periodsOfDate, periodsOfInstant } from '../../domain/time.ts';
import { logger } from '../log.ts';
import { refreshDirectoryStats } from '../store/ambassadors.ts';
import { batchGet, batchWrite, mapLimit } from '../store/batch.ts';
import { type CapacityMeter, metered } from '../store/client.ts';
import {
  ambassadorKey,
  ambassadorStatKey,
  cityStatKey,
  governorateStatKey,
  type Key,
  rankKey,
} from '../store/keys.ts';
import { ambassadorPeriods, putSnapshot, rankItem, readMarkers, topOfBoard } from '../store/leaderboards.ts';

/** Calls in flight at once. */
const PARALLEL = 8;

/** Markers handled per run; more wait for the next run (the work stays bounded). */
const MAX_MARKERS_PER_RUN = 50_000;

export interface RunSummary {
  markers: number;
  entitiesRecomputed: number;
  rankWrites: number;
  snapshots: number;
  directoryEntriesRefreshed: number;
  ms: number;
  capacity: CapacityMeter;
}

const addAll = <K, V>(map: Map<K, Set<V>>, key: K, values: Iterable<V>) => {
  const set = map.get(key) ?? new Set<V>();
  map.set(key, set);
  for (const v of values) set.add(v);
};

const keyId = (k: Key) => `${k.pk}|${k.sk}`;

export const runLeaderboards = async (now: Date = new Date()): Promise<RunSummary> => {
  const started = performance.now();
  const run = metered(async () => {
    const markers = await readMarkers(MAX_MARKERS_PER_RUN);
    const ambassadors = new Map<string, Set<string>>();
    const governorates = new Map<string, Set<string>>();
    const cities = new Map<string, Set<string>>();
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
      } else {
        addAll(cities, change.city, periodsOfInstant(new Date(change.approvedAt)));
      }
    }
    // A renamed, moved or erased ambassador: every period they have counters in.
    await mapLimit([...everyPeriod], PARALLEL, async (id) =>
      addAll(ambassadors, id, ['all', ...(await ambassadorPeriods(id))]),
    );

    const statKeys: Key[] = [
      ...[...ambassadors].flatMap(([id, ps]) => [...ps].map((p) => ambassadorStatKey(id, p))),
      ...[...governorates].flatMap(([g, ps]) => [...ps].map((p) => governorateStatKey(g, p))),
      ...[...cities].flatMap(([c, ps]) => [...ps].map((p) => cityStatKey(c, p))),
    ];
    const [profiles, counters] = await Promise.all([
      batchGet([...new Set([...ambassadors.keys(), ...statsMoved])].map(ambassadorKey), undefined, 4, true),
      batchGet(statKeys, undefined, 4, true),
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
      else deletes.push(rankKey(board, period, id));
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
        const e = ambassadorEntries(profile, countersAt(ambassadorStatKey(id, period)));
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
    for (const [g, periods] of governorates) {
      const info = findGovernorate(g);
      for (const period of periods) {
        const c = countersAt(governorateStatKey(g, period));
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
        const c = countersAt(cityStatKey(city, period));
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

    // Publish every board and period this run touched.
    const computedAt = now.toISOString();
    await mapLimit([...touched], PARALLEL, async (bp) => {
      const [board = '', period = ''] = bp.split('|');
      await putSnapshot(
        board,
        period,
        computedAt,
        await topOfBoard(board, period, SNAPSHOT_SIZE, written.get(bp)),
      );
    });
    // Only now: a run that fails before here leaves its markers for the next run.
    await batchWrite({ delete: markers.map((m) => m.key) });
    return {
      markers: markers.length,
      entitiesRecomputed: statKeys.length,
      rankWrites: puts.length + deletes.length,
      snapshots: touched.size,
      directoryEntriesRefreshed: entriesRefreshed,
    };
  });
  const result = await run;
  const summary = { ...result, ms: Math.round(performance.now() - started), capacity: run.meter };
  logger.info('leaderboards computed', { ...summary });
  return summary;
};

export const handler = async (): Promise<RunSummary> => runLeaderboards();
