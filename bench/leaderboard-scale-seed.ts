/**
 * Seeds N ambassadors and their lecture history for `bench/leaderboard-scale.ts`, fast:
 * straight BatchWriteItem, in the shapes the use cases write.
 *
 * The shapes come from the real code, twice over. Each ambassador is built by the real
 * registration use case (the seed library's `registerPlanned`, with a repository that
 * captures instead of storing) from the seed's `Programme`, and each lecture by the domain's own `newLecture` and `reviewLecture`; the
 * items are then laid out as the store lays them out. Before anything is bulk-written, a
 * few template ambassadors go through the real use cases end to end (registration, report,
 * staff verification) and their items are read back and compared with what this module
 * builds for them: any difference stops the benchmark.
 *
 * Written per ambassador: the profile, the directory entries, the period counters
 * (`STAT#all`, `STAT#<year>`, `STAT#<month>`) of 10 verified lectures spread over the last
 * two years, and one change marker; plus the governorates' period counters and the
 * communities' counters, summed. Not written, since the job never reads them: lecture
 * items and their list entries, email guards.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  type BatchWriteCommandOutput,
  DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { type Ambassador, communityOfProfile, nameWords, profileFor } from '#domain/ambassadors.ts';
import { ambassadorEntries, communityBoard, SNAPSHOT_SIZE } from '#domain/leaderboards.ts';
import type { Lecture, LectureInput } from '#domain/lectures.ts';
import { lectureInputSchema, newLecture, reviewLecture, reviewSchema } from '#domain/lectures.ts';
import type { AmbassadorRepo } from '#domain/ports.ts';
import { communityOf, findGovernorate } from '#domain/regions.ts';
import { fold, sortName } from '#domain/text.ts';
import { muscatDate, periodsOfDate } from '#domain/time.ts';
import { Programme } from '#scripts/seed/generate.ts';
import { DAY, HOUR } from '#scripts/seed/model.ts';
import { mulberry32 } from '#scripts/seed/random.ts';
import { loadSeedStore, registerPlanned, reportAt, reviewAt } from '#scripts/seed/run.ts';
import type { Change } from '#store/changes.ts';
import {
  ambassadorStatEntity,
  directoryEntity,
  directoryPartition,
  directorySortKey,
  profileEntity,
} from '#store/entities/ambassadors.ts';
import { communityStatsEntity, governorateStatEntity } from '#store/entities/communities.ts';
import type { Key } from '#store/entities/define.ts';
import { LEADERBOARD_SHARDS } from '#store/table.ts';

/** Lectures per ambassador, delivered over the last HISTORY_DAYS days. */
export const LECTURES_EACH = 10;
const HISTORY_DAYS = 730;
const STAFF = 'scale-staff-01';
const VERIFY = reviewSchema.parse({ decision: 'verify' });

type Item = Record<string, unknown>;

/** The seed's store and what the bulk layout needs besides: read the environment, so load late. */
export const loadStore = async () => {
  const [seed, ambassadors, changes, leaderboards] = await Promise.all([
    loadSeedStore(),
    import('#store/ambassadors.ts'),
    import('#store/changes.ts'),
    import('#store/leaderboards.ts'),
  ]);
  return {
    ...seed,
    rankItem: leaderboards.rankItem,
    topOfBoard: leaderboards.topOfBoard,
    putSnapshot: leaderboards.putSnapshot,
    directoryFacets: ambassadors.directoryFacets,
    changeMarker: changes.changeMarker,
  };
};
export type Store = Awaited<ReturnType<typeof loadStore>>;

/** One lecture of the history: its input and the clocks of its report and review. */
export interface PlannedLecture {
  id: string;
  input: LectureInput;
  reportedAt: Date;
  reviewedAt: Date;
}

/** Ambassador `index` as the real registration use case builds it (nothing is stored). */
export const registered = async (plan: Programme, index: number, now: Date): Promise<Ambassador> => {
  let built: Ambassador | undefined;
  const capture: AmbassadorRepo = {
    get: async () => undefined,
    register: async (a) => {
      built = a;
      return 'ok';
    },
    update: async () => 'changed',
    erase: async () => 'changed',
  };
  // Joined before their first lecture.
  const joinedAt = new Date(now.getTime() - (HISTORY_DAYS + 5 + (index % 30)) * DAY);
  const p = plan.ambassador(index);
  await registerPlanned(capture, p, joinedAt);
  if (!built) throw new Error(`registration of ${p.id} built nothing`);
  return built;
};

/** LECTURES_EACH lectures of `a`, on days drawn from the last two years (none today). */
export const historyOf = (a: Ambassador, index: number, now: Date): PlannedLecture[] => {
  const r = mulberry32(0x5ca1e ^ Math.imul(index + 1, 0x9e3779b1));
  const today = Date.parse(`${muscatDate(now)}T00:00:00Z`);
  return Array.from({ length: LECTURES_EACH }, (_, k) => {
    const deliveredOn = new Date(today - (1 + Math.floor(r() * HISTORY_DAYS)) * DAY)
      .toISOString()
      .slice(0, 10);
    const inPerson = a.country === 'OM' && a.governorate !== undefined && r() < 0.85;
    const input = lectureInputSchema.parse({
      title: `Smart cities, part ${k + 1}`,
      topic: a.interests[0] ?? 'mobility',
      deliveredOn,
      format: inPerson ? 'in_person' : 'online',
      audience: 'public',
      attendees: 5 + Math.floor(r() * r() * 300),
      evidenceUrls: [],
      ...(inPerson ? { governorate: a.governorate, wilayat: a.wilayat } : {}),
    });
    // Reported at 16:00 in Oman on the day, reviewed a day later.
    const reportedAt = new Date(Date.parse(`${deliveredOn}T12:00:00Z`));
    return {
      id: `${a.id.replace('seed-amb-', 'scale-lec-')}-${String(k + 1).padStart(2, '0')}`,
      input,
      reportedAt,
      reviewedAt: new Date(reportedAt.getTime() + DAY + HOUR),
    };
  });
};

/** The lecture as the domain makes it on report, then on verification. */
const verifiedLecture = (a: Ambassador, l: PlannedLecture): Lecture =>
  reviewLecture(newLecture(l.input, a, l.id, l.reportedAt), VERIFY, STAFF, l.reviewedAt);

type Sums = Map<string, Record<string, number>>;
const add = (sums: Sums, key: Key, values: Record<string, number>) => {
  const id = `${key.pk}|${key.sk}`;
  const s = sums.get(id) ?? {};
  for (const [k, v] of Object.entries(values)) s[k] = (s[k] ?? 0) + v;
  sums.set(id, s);
};

/** Shared counters (governorates, communities), summed over every ambassador seeded. */
export class SharedCounters {
  readonly governorates: Sums = new Map();
  readonly communities: Sums = new Map();

  items(): Item[] {
    const out = (sums: Sums, type: string) =>
      [...sums].map(([id, values]) => {
        const [pk, sk] = id.split('|');
        return { pk, sk, type, ...values };
      });
    return [...out(this.governorates, 'GovernorateStat'), ...out(this.communities, 'CommunityStats')];
  }
}

/**
 * One ambassador's own items, after registration and the verification of `history`:
 * profile (stats moved by each verification), directory entries (written at registration;
 * their stats copy is the job's to refresh), period counters. Adds to `shared` what the
 * verifications add to the governorates' and communities' counters.
 */
export const ambassadorItems = (
  store: Store,
  a: Ambassador,
  history: readonly PlannedLecture[],
  shared: SharedCounters,
  /** As a full run leaves them: directory entries' stats refreshed, rank items in `rankPeriods`. */
  settled?: { rankPeriods: readonly string[] },
): Item[] => {
  const own: Sums = new Map();
  const stats = { ...a.stats };
  add(shared.communities, communityStatsEntity.key(communityOfProfile(a)), { ambassadors: 1 });
  for (const planned of history) {
    const l = verifiedLecture(a, planned);
    const attendance = l.verifiedAttendees ?? 0;
    stats.verifiedLectures += 1;
    stats.attendeesReached += attendance;
    add(shared.communities, communityStatsEntity.key(l.community), {
      verifiedLectures: 1,
      attendeesReached: attendance,
    });
    for (const p of periodsOfDate(l.deliveredOn)) {
      add(own, ambassadorStatEntity.key(a.id, p), { lectures: 1, attendance });
      if (l.governorate)
        add(shared.governorates, governorateStatEntity.key(l.governorate, p), { lectures: 1, attendance });
    }
  }
  const entryProfile = profileFor(settled ? { ...a, stats } : a, undefined);
  const sortKey = directorySortKey(sortName(a.name), a.id);
  const words = nameWords(a.name);
  const ranks: Item[] = [];
  for (const p of settled?.rankPeriods ?? []) {
    // As the job places them (functions/scheduled/leaderboards.ts).
    const e = ambassadorEntries(a, own.get(`${ambassadorStatEntity.key(a.id, p).pk}|STAT#${p}`));
    if (e.lectures) ranks.push(store.rankItem('lectures', p, e.lectures));
    if (e.attendance) ranks.push(store.rankItem('attendance', p, e.attendance));
    if (p === 'all' && e.attendance)
      ranks.push(store.rankItem(communityBoard(communityOf(a)), 'all', e.attendance));
  }
  return [
    ...ranks,
    { ...profileEntity.key(a.id), type: 'Ambassador', ...a, stats, nameFolded: fold(a.name) },
    ...store.directoryFacets(a).map((facet) => ({
      ...directoryEntity.key(a.id, facet),
      type: 'DirectoryEntry',
      gsi1pk: directoryPartition(facet),
      gsi1sk: sortKey,
      words,
      profile: entryProfile,
    })),
    ...[...own].map(([id, values]) => {
      const [pk, sk] = id.split('|');
      return { pk, sk, type: 'AmbassadorStat', ...values };
    }),
  ];
};

export const markerItem = (store: Store, change: Change): Item => {
  const put = store.changeMarker(change).Put;
  if (!put?.Item) throw new Error('changeMarker wrote no item');
  return put.Item;
};

// ---------------------------------------------------------------------------------------
// Writing and reading back

export const seedClient = (endpoint: string) =>
  DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint,
      region: 'me-south-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 10,
    }),
    // As the store's client marshals.
    { marshallOptions: { removeUndefinedValues: true } },
  );
export type SeedClient = ReturnType<typeof seedClient>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type WriteRequest = { PutRequest: { Item: Item } } | { DeleteRequest: { Key: Key } };

/** BatchWriteItem, 25 a call, `parallel` calls in flight, unprocessed items asked again. */
export const batchWriteAll = async (
  doc: SeedClient,
  table: string,
  requests: readonly WriteRequest[],
  parallel = 12,
): Promise<void> => {
  let next = 0;
  const worker = async () => {
    for (let start = next; start < requests.length; start = next) {
      next += 25;
      let pending = requests.slice(start, start + 25) as WriteRequest[];
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt >= 12) throw new Error('BatchWriteItem left items unprocessed 12 times');
        if (attempt > 0) await sleep(Math.min(2000, 20 * 2 ** attempt));
        const out: BatchWriteCommandOutput = await doc.send(
          new BatchWriteCommand({ RequestItems: { [table]: pending } }),
        );
        pending = (out.UnprocessedItems?.[table] ?? []) as WriteRequest[];
      }
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
};

export const queryAllItems = async (
  doc: SeedClient,
  table: string,
  pk: string,
  skPrefix?: string,
): Promise<Item[]> => {
  const items: Item[] = [];
  let startKey: Item | undefined;
  do {
    const out: QueryCommandOutput = await doc.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: skPrefix ? 'pk = :p AND begins_with(sk, :s)' : 'pk = :p',
        ExpressionAttributeValues: { ':p': pk, ...(skPrefix ? { ':s': skPrefix } : {}) },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(out.Items ?? []));
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return items;
};

/** JSON with sorted keys and without undefined: an item as DynamoDB keeps it. */
const canonical = (v: unknown): unknown => {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v as Item)
        .filter(([, x]) => x !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, x]) => [k, canonical(x)]),
    );
  return v;
};
const same = (a: Item, b: Item) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

// ---------------------------------------------------------------------------------------
// The seed

export interface ScaleSeed {
  ambassadors: number;
  lectures: number;
  itemsWritten: number;
  markers: number;
  /** Templates through the real use cases, read back and compared. */
  templates: { ambassadors: number; itemsCompared: number; ms: number };
  ms: number;
  /** Items written per second by the bulk write. */
  itemsPerSecond: number;
}

/**
 * Seeds `count` ambassadors with their history and one change marker each (kind
 * `ambassador`: every period of theirs is recomputed, as for a rebuild), plus one `lecture`
 * marker per governorate and month with lectures (the governorates board has no other
 * marker naming it). Leaves the table as if every change since the start waits for the job.
 */
export const seedScale = async (opts: {
  count: number;
  endpoint: string;
  table: string;
  now: Date;
  /**
   * Seed the state a full run leaves instead of the markers that ask for one: no markers,
   * directory stats refreshed, and rank items and snapshots for `all`, this year and this
   * month (the boards today's changes touch; the job reads no other).
   */
  settled?: boolean;
  onProgress?: (done: number, total: number) => void;
}): Promise<ScaleSeed> => {
  const started = performance.now();
  const { count, table, now } = opts;
  const store = await loadStore();
  const doc = seedClient(opts.endpoint);
  const plan = new Programme({ ambassadors: count, lectures: 0, now });

  // 1. Templates: three in Oman, one abroad, through the real use cases.
  const abroad = Array.from({ length: count }, (_, i) => i).find(
    (i) => i >= 61 && plan.ambassador(i).input.country !== 'OM',
  );
  const templateIds = [0, 1, 2, ...(abroad === undefined ? [] : [abroad])].filter((i) => i < count);
  const templatesStarted = performance.now();
  const templateShared = new SharedCounters();
  let itemsCompared = 0;
  for (const i of templateIds) {
    const built = await registered(plan, i, now);
    const me = await registerPlanned(store.ambassadors, plan.ambassador(i), new Date(built.joinedAt));
    const history = historyOf(me, i, now);
    for (const l of history) {
      await reportAt(store.lectures, me, l.id, l.input, l.reportedAt);
      await reviewAt(store, STAFF, l.id, VERIFY, l.reviewedAt);
    }
    const expected = ambassadorItems(store, built, history, templateShared);
    const actual = new Map(
      (await queryAllItems(doc, table, profileEntity.key(me.id).pk)).map((x) => [`${x.pk}|${x.sk}`, x]),
    );
    for (const e of expected) {
      const a = actual.get(`${e.pk}|${e.sk}`);
      if (!a || !same(a, e))
        throw new Error(
          `The bulk seed's ${e.pk} ${e.sk} differs from what the use cases wrote:\n  bulk:      ${JSON.stringify(canonical(e))}\n  use cases: ${JSON.stringify(a ? canonical(a) : null)}`,
        );
      actual.delete(`${e.pk}|${e.sk}`);
      itemsCompared++;
    }
    if (actual.size > 0)
      throw new Error(`The use cases wrote items the bulk seed does not: ${[...actual.keys()].join(', ')}`);
  }
  for (const e of templateShared.items()) {
    const [a] = await queryAllItems(doc, table, String(e.pk), String(e.sk));
    if (!a || !same(a, e))
      throw new Error(
        `The bulk seed's ${e.pk} ${e.sk} differs from what the use cases wrote: ${JSON.stringify(canonical(e))} vs ${JSON.stringify(a ? canonical(a) : null)}`,
      );
    itemsCompared++;
  }
  // Their verifications' markers go: the seed writes one marker per ambassador instead.
  const templateMarkers = (
    await Promise.all(
      Array.from({ length: LEADERBOARD_SHARDS }, (_, s) => queryAllItems(doc, table, `LBQ#${s}`)),
    )
  ).flat();
  await batchWriteAll(
    doc,
    table,
    templateMarkers.map((m) => ({ DeleteRequest: { Key: { pk: String(m.pk), sk: String(m.sk) } } })),
  );
  const templates = {
    ambassadors: templateIds.length,
    itemsCompared,
    ms: Math.round(performance.now() - templatesStarted),
  };

  // 2. Everyone (templates again: the same items), streamed in chunks.
  const bulkStarted = performance.now();
  const shared = new SharedCounters();
  const settled = opts.settled ? { rankPeriods: periodsOfDate(muscatDate(now)) } : undefined;
  /** One lecture per governorate and month: the marker that names that board's entry. */
  const governorateMonths = new Map<string, Change>();
  let itemsWritten = 0;
  let markers = 0;
  const CHUNK = 2000;
  for (let from = 0; from < count; from += CHUNK) {
    const items: Item[] = [];
    for (let i = from; i < Math.min(count, from + CHUNK); i++) {
      const a = await registered(plan, i, now);
      const history = historyOf(a, i, now);
      items.push(...ambassadorItems(store, a, history, shared, settled));
      if (settled) continue;
      items.push(markerItem(store, { kind: 'ambassador', ambassadorId: a.id }));
      markers++;
      for (const l of history) {
        const g = l.input.governorate;
        const deliveredOn = l.input.deliveredOn ?? '';
        const key = `${g}|${deliveredOn.slice(0, 7)}`;
        if (g && !governorateMonths.has(key))
          governorateMonths.set(key, {
            kind: 'lecture',
            lectureId: l.id,
            organizerId: a.id,
            governorate: g,
            deliveredOn,
          });
      }
    }
    await batchWriteAll(
      doc,
      table,
      items.map((Item) => ({ PutRequest: { Item } })),
    );
    itemsWritten += items.length;
    opts.onProgress?.(Math.min(count, from + CHUNK), count);
  }
  const governorateRanks = (settled?.rankPeriods ?? []).flatMap((p) =>
    [...shared.governorates].flatMap(([id, c]) => {
      const [pk = '', sk] = id.split('|');
      const g = pk.slice('GOV#'.length);
      const info = findGovernorate(g);
      const score = c.attendance ?? 0;
      // As the job places a governorate.
      return sk === `STAT#${p}` && info && score > 0
        ? [
            store.rankItem('governorates', p, {
              id: g,
              name: info.en,
              nameAr: info.ar,
              score,
              lectures: c.lectures ?? 0,
            }),
          ]
        : [];
    }),
  );
  const tail = [
    ...shared.items(),
    ...governorateRanks,
    ...(settled ? [] : [...governorateMonths.values()].map((change) => markerItem(store, change))),
  ];
  if (!settled) markers += governorateMonths.size;
  await batchWriteAll(
    doc,
    table,
    tail.map((Item) => ({ PutRequest: { Item } })),
  );
  itemsWritten += tail.length;
  // The snapshots a full run publishes for those boards, by the job's own functions.
  for (const p of settled?.rankPeriods ?? [])
    for (const board of ['lectures', 'attendance', 'governorates']) {
      await store.putSnapshot(board, p, now.toISOString(), await store.topOfBoard(board, p, SNAPSHOT_SIZE));
      itemsWritten++;
    }
  const bulkMs = performance.now() - bulkStarted;
  doc.destroy();
  return {
    ambassadors: count,
    lectures: count * LECTURES_EACH,
    itemsWritten,
    markers,
    templates,
    ms: Math.round(performance.now() - started),
    itemsPerSecond: Math.round(itemsWritten / Math.max(0.001, bulkMs / 1000)),
  };
};
