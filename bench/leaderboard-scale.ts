/**
 * What the leaderboard job costs as history grows: 700, 10,000 and 100,000 ambassadors
 * (`--quick`: 700 and 10,000), each with 10 verified lectures over the last two years.
 * Not a test: it measures and prints.
 *
 *   ./node_modules/.bin/node bench/leaderboard-scale.ts [--quick] [--sizes 700,10000,100000]
 *     [--full-up-to 100000] [--record]
 *
 * For each size, a fresh in-memory DynamoDB Local (always on the same port: the store's
 * client is made once per process), seeded in bulk (`leaderboard-scale-seed.ts`, checked
 * against the real use cases), then:
 * - full: every ambassador has a change marker (everything changed); the full rebuild runs
 *   as in AWS, fanned out over the 8 marker shards (infra/local/leaderboard-rebuild.ts:
 *   bounded segment invocations until each shard is drained, then the settle step);
 * - incremental: the same 50 ambassadors at every size each get one more lecture, reported
 *   and verified today through the real use cases; the job runs again;
 * - idle: one more run, with nothing changed.
 * Above `--full-up-to` (under `--quick`, 10,000) the full rebuild is not run: the row shows
 * the one recorded in bench/results.json (`recordedFull`, kept there by `--record` or by
 * `npm run bench`), or else the largest measured one scaled; the seed then writes the state a
 * full run leaves instead (rank items, snapshots, refreshed directory stats), which gives the
 * same incremental figures as a real full run (checked at 700). 1,000,000 is extrapolated
 * along the line through the two largest full rebuilds recorded.
 * Capacity comes from the job's own meter (DynamoDB Local reports consumed capacity,
 * index writes included, as DynamoDB does), so it is deterministic; times are not.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { RunSummary } from '#functions/scheduled/leaderboards.ts';
import { ensureTable, type LocalDynamo, startDynamoLocal } from '#infra/local/dynamodb.ts';
import { ambassadorId, freePort } from '#scripts/seed.ts';
import { loadStore, type ScaleSeed, seedScale } from './leaderboard-scale-seed.ts';
import { type BenchOptions, fmt, renderTable, round, type SectionResult, usdPerMillion } from './lib.ts';

/** One run every 15 minutes, 30 days. */
export const RUNS_PER_MONTH = 4 * 24 * 30;

export const SIZES = [700, 10_000, 100_000];
export const QUICK_SIZES = [700, 10_000];
/** Ambassadors who each get one more verified lecture before the incremental run. */
export const CHANGED = 50;
/** Incremental capacity may grow this much from the smallest size to the largest. */
const FLAT_TOLERANCE = 0.1;

const TABLE = 'bench-leaderboard-scale';
/**
 * The largest size whose full rebuild is measured (all of SIZES). Under `--quick` only up to
 * 10,000; the 100,000 row then shows the figure recorded in bench/results.json
 * (`recordedFull`) by the last run that measured it.
 */
export const FULL_UP_TO = 100_000;
export const QUICK_FULL_UP_TO = 10_000;
/** The size the design must hold, extrapolated from the two largest full rebuilds measured. */
export const EXTRAPOLATE_TO = 1_000_000;
/**
 * Segments in flight in the bench's rebuild. In AWS all 8 shards run at once (each its own
 * Lambda); here they share DynamoDB Local's 2 cores, where more than a few segments only queue
 * (and past the SDK agent's 50 sockets a queued call misses the store client's 1-second connection timeout).
 */
const REBUILD_PARALLEL = Number(process.env.REBUILD_PARALLEL ?? 2);
const RESULTS = new URL('./results.json', import.meta.url);

/** A full rebuild measured at one size, kept in results.json across runs that do not measure it. */
export interface RecordedFull {
  measuredAt: string;
  ambassadors: number;
  full: Omit<JobFigures, 'breakdown'>;
  seedMs: number;
}

const readRecorded = (): Record<string, RecordedFull> => {
  if (!existsSync(RESULTS)) return {};
  const previous = JSON.parse(readFileSync(RESULTS, 'utf8')) as { leaderboards?: { recordedFull?: unknown } };
  return (previous.leaderboards?.recordedFull ?? {}) as Record<string, RecordedFull>;
};

/** US$ for one run at on-demand prices (bench/lib.ts). */
export const usd = (rcu: number, wcu: number): number => usdPerMillion(rcu, wcu) / 1e6;

/** Capacity by kind of call: which read or write takes what. */
type Breakdown = Record<string, { calls: number; rcu: number; wcu: number; items: number; ms: number }>;

/** A run's (or several runs') summary, with its capacity spelled out and priced. */
export interface JobFigures
  extends Pick<
    RunSummary,
    'markers' | 'entitiesRecomputed' | 'rankWrites' | 'snapshots' | 'directoryEntriesRefreshed' | 'ms'
  > {
  runs: number;
  rcu: number;
  wcu: number;
  calls: number;
  itemsRead: number;
  itemsWritten: number;
  usd: number;
  breakdown: Breakdown;
}

export interface SizeResult {
  ambassadors: number;
  seed: ScaleSeed;
  /** DynamoDB Local start and table creation. */
  startMs: number;
  /** The incremental change through the use cases: reports and verifications. */
  change: { lectures: number; ms: number };
  /** Absent above `fullUpTo`: the seed then writes the state a full run leaves. */
  full?: JobFigures;
  /** Above `fullUpTo`: the largest measured full run, scaled by ambassadors. */
  fullEstimate?: { from: number; ms: number; rcu: number; wcu: number; usd: number };
  incremental: JobFigures;
  idle: JobFigures;
  /** Everything for this size, seeding included. */
  totalMs: number;
}

const sum = (runs: RunSummary[], f: (r: RunSummary) => number) => runs.reduce((s, r) => s + f(r), 0);

const figures = (runs: RunSummary[], breakdown: Breakdown): JobFigures => {
  const rcu = round(
    sum(runs, (r) => r.capacity.read),
    1,
  );
  const wcu = round(
    sum(runs, (r) => r.capacity.write),
    1,
  );
  return {
    runs: runs.length,
    markers: sum(runs, (r) => r.markers),
    entitiesRecomputed: sum(runs, (r) => r.entitiesRecomputed),
    rankWrites: sum(runs, (r) => r.rankWrites),
    snapshots: sum(runs, (r) => r.snapshots),
    directoryEntriesRefreshed: sum(runs, (r) => r.directoryEntriesRefreshed),
    ms: sum(runs, (r) => r.ms),
    rcu,
    wcu,
    calls: sum(runs, (r) => r.capacity.calls),
    itemsRead: sum(runs, (r) => r.capacity.itemsRead),
    itemsWritten: sum(runs, (r) => r.capacity.itemsWritten),
    usd: usd(rcu, wcu),
    breakdown,
  };
};

// ---------------------------------------------------------------------------------------
// A per-call breakdown of the job's capacity, from a middleware on the store's client

let collecting: Breakdown | undefined;
let breakdownInstalled = false;

/** A plain or marshalled string attribute. */
const str = (v: unknown): string =>
  typeof v === 'string'
    ? v
    : typeof (v as { S?: unknown })?.S === 'string'
      ? String((v as { S: string }).S)
      : '';
const head = (s: string) => s.split('#')[0] ?? '';

const label = (command: string, input: Record<string, any>): string => {
  const name = command.replace(/Command$/, '');
  if (name === 'Query') {
    const values = input.ExpressionAttributeValues ?? {};
    const sk = str(values[':s']);
    return `Query ${input.IndexName ?? 'table'} ${head(str(values[':p']))}#${sk ? ` sk ${sk}` : ''}`;
  }
  if (name === 'UpdateItem' || name === 'PutItem' || name === 'GetItem' || name === 'DeleteItem') {
    const key = input.Key ?? input.Item ?? {};
    return `${name} ${head(str(key.pk))}# ${head(str(key.sk))}`;
  }
  if (name === 'BatchWriteItem') {
    const requests = Object.values(input.RequestItems ?? {}).flat() as Record<string, any>[];
    const kinds = new Set(
      requests.map((r) =>
        r.PutRequest
          ? `put ${head(str(r.PutRequest.Item.pk))}#`
          : `delete ${head(str(r.DeleteRequest.Key.pk))}#`,
      ),
    );
    return `BatchWriteItem ${[...kinds].sort().join(', ')}`;
  }
  if (name === 'BatchGetItem') {
    const keys = Object.values(input.RequestItems ?? {}).flatMap((r: any) => r.Keys ?? []);
    const kinds = new Set(keys.map((k: Record<string, unknown>) => `${head(str(k.pk))}# ${head(str(k.sk))}`));
    return `BatchGetItem ${[...kinds].sort().join(', ')}`;
  }
  return name;
};

const installBreakdown = async () => {
  if (breakdownInstalled) return;
  breakdownInstalled = true;
  const { db } = await import('#store/client.ts');
  db.middlewareStack.add(
    (next, context) => async (args) => {
      const t0 = performance.now();
      const out = await next(args);
      const b = collecting;
      if (!b) return out;
      const command = context.commandName ?? '';
      const input = args.input as Record<string, any>;
      const output = out.output as Record<string, any>;
      const key = label(command, input);
      const entry = b[key] ?? { calls: 0, rcu: 0, wcu: 0, items: 0, ms: 0 };
      b[key] = entry;
      entry.calls++;
      entry.ms += performance.now() - t0;
      const cc = output.ConsumedCapacity;
      const units = (Array.isArray(cc) ? cc : cc ? [cc] : []).reduce(
        (s: number, c: { CapacityUnits?: number }) => s + (c.CapacityUnits ?? 0),
        0,
      );
      if (/^(Put|Update|Delete|BatchWrite|TransactWrite)/.test(command)) entry.wcu += units;
      else entry.rcu += units;
      entry.items +=
        command === 'QueryCommand'
          ? Number(output.Count ?? 0)
          : command === 'BatchGetItemCommand'
            ? Object.values((output.Responses ?? {}) as Record<string, unknown[]>).reduce(
                (n, l) => n + l.length,
                0,
              )
            : command === 'BatchWriteItemCommand'
              ? (Object.values(input.RequestItems ?? {}).flat() as unknown[]).length
              : 1;
      return out;
    },
    { step: 'initialize', name: 'leaderboardScaleBreakdown' },
  );
};

// ---------------------------------------------------------------------------------------
// One size

const log = (s: string) => process.stderr.write(`${s}\n`);

/** Runs the job until a run finds no markers: the runs that handled some, and that empty one. */
const drain = async (
  runLeaderboards: () => Promise<RunSummary>,
  what: string,
): Promise<{ runs: RunSummary[]; empty: RunSummary; breakdown: Breakdown }> => {
  const runs: RunSummary[] = [];
  const breakdown: Breakdown = {};
  collecting = breakdown;
  try {
    for (;;) {
      const s = await runLeaderboards();
      if (s.markers === 0) {
        collecting = undefined;
        return { runs, empty: s, breakdown };
      }
      runs.push(s);
      log(`  ${what} run ${runs.length}: ${fmt(s.markers)} markers in ${fmt(s.ms)} ms`);
    }
  } finally {
    collecting = undefined;
  }
};

/**
 * The full rebuild as AWS runs it (functions/scheduled/leaderboard-rebuild.ts): the 8 marker
 * shards in parallel, each segment invocation bounded (infra/local/leaderboard-rebuild.ts), then
 * the settle step. `runs` counts segment invocations.
 */
const rebuild = async (): Promise<JobFigures> => {
  const { rebuildLeaderboards } = await import('#infra/local/leaderboard-rebuild.ts');
  const breakdown: Breakdown = {};
  collecting = breakdown;
  try {
    const r = await rebuildLeaderboards({ parallel: REBUILD_PARALLEL });
    log(
      `  full rebuild: ${fmt(r.markers)} markers, ${r.segments.length} segments, ${fmt(r.invocations)} invocations, ${fmt(r.ms)} ms`,
    );
    const rcu = round(r.capacity.read, 1);
    const wcu = round(r.capacity.write, 1);
    return {
      runs: r.invocations,
      markers: r.markers,
      ...r.work,
      ms: r.ms,
      rcu,
      wcu,
      calls: r.capacity.calls,
      itemsRead: r.capacity.itemsRead,
      itemsWritten: r.capacity.itemsWritten,
      usd: usd(rcu, wcu),
      breakdown,
    };
  } finally {
    collecting = undefined;
  }
};

/** The same CHANGED ambassadors at every size (indexes within the smallest size). */
const changedIndexes = (size: number) =>
  Array.from({ length: CHANGED }, (_, k) => Math.floor(((k + 0.5) * Math.min(size, 700)) / CHANGED));

/** Each changed ambassador reports a lecture given today, and staff verify it. */
const changeSome = async (size: number, now: Date) => {
  const started = performance.now();
  const store = await loadStore();
  const { reportLectureCase, reviewLectureCase } = await import('#domain/lecture-cases.ts');
  const { lectureInputSchema, reviewSchema } = await import('#domain/lectures.ts');
  const { muscatDate } = await import('#domain/time.ts');
  const deps = { lectures: store.lectureRepo, ambassadors: store.ambassadorRepo };
  const indexes = changedIndexes(size);
  let next = 0;
  const worker = async () => {
    for (let k = next++; k < indexes.length; k = next++) {
      const me = await store.ambassadorRepo.get(ambassadorId(indexes[k] ?? 0), true);
      if (!me) throw new Error(`${ambassadorId(indexes[k] ?? 0)} was not seeded`);
      const inPerson = me.country === 'OM' && me.governorate !== undefined;
      const input = lectureInputSchema.parse({
        title: 'Smart cities today',
        topic: me.interests[0] ?? 'mobility',
        deliveredOn: muscatDate(now),
        format: inPerson ? 'in_person' : 'online',
        audience: 'school',
        attendees: 40,
        evidenceUrls: [],
        ...(inPerson ? { governorate: me.governorate, wilayat: me.wilayat } : {}),
      });
      const id = `scale-new-${String(k + 1).padStart(3, '0')}`;
      await reportLectureCase({ ...deps, now: () => now, newId: () => id }, me, input);
      await reviewLectureCase(
        { ...deps, now: () => now },
        'scale-staff-01',
        id,
        reviewSchema.parse({ decision: 'verify' }),
      );
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return { lectures: indexes.length, ms: Math.round(performance.now() - started) };
};

/** The DynamoDB Local running now, stopped on Ctrl-C. */
let running: LocalDynamo | undefined;

const measureSize = async (size: number, port: number, runFull: boolean): Promise<SizeResult> => {
  const started = performance.now();
  log(`\n${fmt(size)} ambassadors: fresh DynamoDB Local on port ${port}`);
  let dynamo: LocalDynamo | undefined = await startDynamoLocal(port);
  running = dynamo;
  try {
    await ensureTable(dynamo.endpoint, TABLE);
    const startMs = Math.round(performance.now() - started);
    const now = new Date();
    let lastShown = 0;
    const seed = await seedScale({
      count: size,
      endpoint: dynamo.endpoint,
      table: TABLE,
      now,
      settled: !runFull,
      onProgress: (done, total) => {
        if (done === total || performance.now() - lastShown > 10_000) {
          lastShown = performance.now();
          log(
            `  seeding ${fmt(done)}/${fmt(total)} ambassadors, ${fmt(round((performance.now() - started) / 1000))} s`,
          );
        }
      },
    });
    log(
      `  seeded ${fmt(seed.itemsWritten)} items (${fmt(seed.markers)} markers) in ${fmt(round(seed.ms / 1000))} s, ` +
        `${fmt(seed.itemsPerSecond)} items/s; ${seed.templates.ambassadors} templates matched the use cases (${seed.templates.itemsCompared} items)`,
    );

    const { runLeaderboards } = await import('#functions/scheduled/leaderboards.ts');
    await installBreakdown();
    const full = runFull ? await rebuild() : undefined;
    if (!runFull) log('  full run skipped (above --full-up-to): seeded the state it leaves');
    const change = await changeSome(size, new Date());
    log(`  ${change.lectures} lectures reported and verified in ${fmt(change.ms)} ms`);
    const incremental = await drain(() => runLeaderboards(), 'incremental');
    const idleBreakdown: Breakdown = {};
    collecting = idleBreakdown;
    const idle = await runLeaderboards().finally(() => {
      collecting = undefined;
    });
    await dynamo.stop();
    dynamo = undefined;
    return {
      ambassadors: size,
      seed,
      startMs,
      change,
      ...(full ? { full } : {}),
      incremental: figures(incremental.runs, incremental.breakdown),
      idle: figures([idle], idleBreakdown),
      totalMs: Math.round(performance.now() - started),
    };
  } finally {
    await dynamo?.stop();
    running = undefined;
  }
};

/** One port for the process: the store's client keeps the endpoint it was loaded with. */
let port: number | undefined;

// ---------------------------------------------------------------------------------------
// The section

const usdText = (x: number) => (x === 0 ? '0' : x >= 1 ? x.toFixed(2) : x.toPrecision(2));

/** What grows in the incremental run from the smallest size to the largest, by breakdown key. */
const growth = (small: JobFigures, large: JobFigures): string[] =>
  Object.entries(large.breakdown)
    .map(([k, v]) => {
      const s = small.breakdown[k] ?? { calls: 0, rcu: 0, wcu: 0, items: 0, ms: 0 };
      return { k, d: v.rcu - s.rcu + (v.wcu - s.wcu), v, s };
    })
    .filter((x) => Math.abs(x.d) >= 1)
    .sort((a, b) => Math.abs(b.d) - Math.abs(a.d))
    .slice(0, 3)
    .map(
      ({ k, v, s }) =>
        `${k}: ${fmt(s.rcu + s.wcu)} → ${fmt(v.rcu + v.wcu)} units, ${fmt(s.items)} → ${fmt(v.items)} items, ${fmt(s.calls)} → ${fmt(v.calls)} calls`,
    );

/** `--record`: the full rebuilds measured so far into bench/results.json, so that `--quick` shows them. */
const saveRecorded = (recorded: Record<string, RecordedFull>) => {
  const previous = existsSync(RESULTS) ? JSON.parse(readFileSync(RESULTS, 'utf8')) : {};
  previous.leaderboards = { ...previous.leaderboards, recordedFull: recorded };
  writeFileSync(RESULTS, `${JSON.stringify(previous, null, 2)}\n`);
  log(
    `  recorded the full rebuilds at ${Object.keys(recorded).join(', ')} ambassadors in bench/results.json`,
  );
};

/**
 * The full rebuild at EXTRAPOLATE_TO ambassadors, on the line through the two largest full
 * rebuilds measured (time, RCU and WCU each; a full rebuild's work is per ambassador).
 */
const extrapolate = (recorded: Record<string, RecordedFull>) => {
  const points = Object.values(recorded)
    .filter((r) => r.ambassadors < EXTRAPOLATE_TO)
    .sort((a, b) => a.ambassadors - b.ambassadors)
    .slice(-2);
  const [a, b] = points;
  if (!a || !b) return undefined;
  const at = (f: (r: RecordedFull) => number) =>
    Math.round(f(b) + ((f(b) - f(a)) / (b.ambassadors - a.ambassadors)) * (EXTRAPOLATE_TO - b.ambassadors));
  const rcu = at((r) => r.full.rcu);
  const wcu = at((r) => r.full.wcu);
  return {
    ambassadors: EXTRAPOLATE_TO,
    from: [a.ambassadors, b.ambassadors],
    ms: at((r) => r.full.ms),
    rcu,
    wcu,
    usd: usd(rcu, wcu),
  };
};

export const run = async (
  opts: BenchOptions & {
    sizes?: number[];
    fullUpTo?: number;
    /** Keep each full rebuild measured in bench/results.json at once (the rest of it as it was). */
    record?: boolean;
  },
): Promise<SectionResult> => {
  const sizes = opts.sizes ?? (opts.quick ? QUICK_SIZES : SIZES);
  const fullUpTo = opts.fullUpTo ?? (opts.quick ? QUICK_FULL_UP_TO : FULL_UP_TO);
  port ??= await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  Object.assign(process.env, {
    TABLE_NAME: TABLE,
    DYNAMODB_ENDPOINT: endpoint,
    CURSOR_SECRET: 'bench-cursor-secret',
    AWS_REGION: process.env.AWS_REGION ?? 'me-south-1',
    POWERTOOLS_LOG_LEVEL: 'WARN',
  });
  const { config } = await import('#functions/config.ts');
  if (config.tableName !== TABLE || config.dynamodbEndpoint !== endpoint)
    throw new Error(
      'The store modules were loaded before this section set its table and endpoint: run it in its own process.',
    );

  const results: SizeResult[] = [];
  const recorded = readRecorded();
  for (const size of sizes) {
    const r = await measureSize(size, port, size <= fullUpTo);
    if (r.full) {
      const { breakdown: _, ...full } = r.full;
      recorded[String(size)] = {
        measuredAt: new Date().toISOString(),
        ambassadors: size,
        full,
        seedMs: r.seed.ms,
      };
      if (opts.record) saveRecorded(recorded);
    }
    const measured = results.filter((x) => x.full).at(-1);
    if (!r.full && !recorded[String(size)] && measured?.full) {
      const k = r.ambassadors / measured.ambassadors;
      const f = measured.full;
      r.fullEstimate = {
        from: measured.ambassadors,
        ms: Math.round(f.ms * k),
        rcu: Math.round(f.rcu * k),
        wcu: Math.round(f.wcu * k),
        usd: f.usd * k,
      };
    }
    results.push(r);
  }
  const extrapolated = extrapolate(recorded);

  const figureRow = (
    ambassadors: number,
    kind: string,
    f: Omit<JobFigures, 'breakdown'>,
    monthly: boolean,
  ) => [
    fmt(ambassadors),
    kind,
    fmt(f.runs),
    fmt(f.markers),
    fmt(f.ms),
    fmt(f.rcu),
    fmt(f.wcu),
    fmt(f.itemsRead),
    fmt(f.itemsWritten),
    fmt(f.calls),
    usdText(f.usd),
    monthly ? usdText(f.usd * RUNS_PER_MONTH) : '',
  ];
  const rows = results.flatMap((r) =>
    (['full', 'incremental', 'idle'] as const).map((kind) => {
      const f = r[kind];
      if (f) return figureRow(r.ambassadors, kind, f, kind !== 'full');
      const kept = recorded[String(r.ambassadors)];
      if (kept) return figureRow(r.ambassadors, `full (${kept.measuredAt.slice(0, 10)})`, kept.full, false);
      const e = r.fullEstimate;
      return [
        fmt(r.ambassadors),
        'full, not run',
        '',
        '',
        e ? `~${fmt(e.ms)}` : '',
        e ? `~${fmt(e.rcu)}` : '',
        e ? `~${fmt(e.wcu)}` : '',
        '',
        '',
        '',
        e ? `~${usdText(e.usd)}` : '',
        '',
      ];
    }),
  );
  if (extrapolated)
    rows.push([
      fmt(extrapolated.ambassadors),
      'full, extrapolated',
      '',
      `~${fmt(extrapolated.ambassadors)}`,
      `~${fmt(extrapolated.ms)}`,
      `~${fmt(extrapolated.rcu)}`,
      `~${fmt(extrapolated.wcu)}`,
      '',
      '',
      '',
      `~${usdText(extrapolated.usd)}`,
      '',
    ]);
  const table = [
    renderTable(
      [
        'ambassadors',
        'run',
        'job runs',
        'markers',
        'ms',
        'RCU',
        'WCU',
        'items read',
        'items written',
        'calls',
        'US$/run',
        'US$/month',
      ],
      rows,
    ),
    '',
    `US$ at on-demand prices (us-east-1; me-south-1 ~10–15 % more); a month = ${fmt(RUNS_PER_MONTH)} runs (every 15 minutes).`,
    `Incremental: ${CHANGED} ambassadors each verified one more lecture today. Seeding (bulk, checked against the use cases):`,
    ...(results.some((r) => !r.full && recorded[String(r.ambassadors)])
      ? [
          'A dated full row was not run now: it is the figure recorded in bench/results.json by the last run that measured it (npm run bench, or npm run bench:leaderboards -- --sizes 100000 --record).',
        ]
      : []),
    ...(extrapolated
      ? [
          `${fmt(extrapolated.ambassadors)}: extrapolated along the line through the full rebuilds measured at ${extrapolated.from.map(fmt).join(' and ')} ambassadors (each ambassador costs the same items and calls: one marker, its own period counters and rank items; the shared boards' snapshots are a constant).`,
        ]
      : []),
    ...(results.some((r) => !r.full && !recorded[String(r.ambassadors)])
      ? [
          `Full runs above ${fmt(fullUpTo)} ambassadors not run (--full-up-to): "~" scales the largest measured one by ambassadors; the seed wrote the state a full run leaves.`,
        ]
      : []),
    ...results.map(
      (r) =>
        `  ${fmt(r.ambassadors)}: ${fmt(r.seed.itemsWritten)} items in ${fmt(round(r.seed.ms / 1000))} s (${fmt(r.seed.itemsPerSecond)} items/s); whole size ${fmt(round(r.totalMs / 1000))} s`,
    ),
  ].join('\n');

  const misses: string[] = [];
  const first = results[0];
  const last = results.at(-1);
  if (first && last && last !== first) {
    for (const unit of ['rcu', 'wcu'] as const) {
      const a = first.incremental[unit];
      const b = last.incremental[unit];
      if (b > a * (1 + FLAT_TOLERANCE))
        misses.push(
          `The incremental run's ${unit.toUpperCase()} grows from ${fmt(a)} at ${fmt(first.ambassadors)} ambassadors to ${fmt(b)} at ${fmt(last.ambassadors)} (+${fmt(round(((b - a) / a) * 100))} %, more than ${FLAT_TOLERANCE * 100} %); it grows in: ${growth(first.incremental, last.incremental).join('; ')}.`,
        );
    }
  }
  return {
    results: {
      sizes: results,
      changed: CHANGED,
      runsPerMonth: RUNS_PER_MONTH,
      recordedFull: recorded,
      ...(extrapolated ? { extrapolatedFull: extrapolated } : {}),
    },
    table,
    misses,
  };
};

const sizesFlag = (args: readonly string[]): number[] | undefined => {
  const i = args.indexOf('--sizes');
  const inline = args.find((a) => a.startsWith('--sizes='));
  const raw = inline ? inline.slice('--sizes='.length) : i >= 0 ? args[i + 1] : undefined;
  if (raw === undefined) return undefined;
  const sizes = raw.split(',').map((s) => Number(s.replaceAll('_', '')));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error(`--sizes takes whole numbers: ${raw}`);
  return sizes;
};

if (import.meta.main) {
  const onSignal = () => void (running?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const args = process.argv.slice(2);
  const upTo = args.find((a) => a.startsWith('--full-up-to'));
  const fullUpTo = upTo
    ? Number((upTo.includes('=') ? upTo.split('=')[1] : args[args.indexOf(upTo) + 1])?.replaceAll('_', ''))
    : undefined;
  const result = await run({
    quick: args.includes('--quick'),
    sizes: sizesFlag(args),
    fullUpTo,
    record: args.includes('--record'),
  });
  console.log(result.table);
  for (const m of result.misses) console.log(`MISS: ${m}`);
  if (process.env.BREAKDOWN) console.log(JSON.stringify(result.results, null, 1));
}
