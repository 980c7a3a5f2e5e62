/**
 * Load (issue "performance budget", part 4): autocannon drives the local server at 50
 * connections for 30 s with a mixed workload (bench/load-workload.ts): 50 % profile reads,
 * 25 % directory pages, 15 % lecture reports, 10 % join requests, each request built when it
 * is sent. Then the writes are counted in the table (Query only) and matched one by one with
 * what was sent. Targets: zero errors and zero lost writes.
 *
 * `./node_modules/.bin/node bench/load.ts [--quick] [--seconds N] [--connections N]`
 */

import { createRequire } from 'node:module';
import { availableParallelism, loadavg } from 'node:os';
import { DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { localClient } from '#infra/local/dynamodb.ts';
import { type LocalServer, spawnLocalServer } from '#infra/local/spawn.ts';
import { queue } from '#store/entities/define.ts';
import { ideaEntity, joinRequestEntity } from '#store/entities/ideas.ts';
import { type BenchOptions, fmt, median, renderTable, round, type SectionResult } from './lib.ts';
import {
  type Api,
  buildWorld,
  httpApi,
  KIND_LABEL,
  KINDS,
  type Kind,
  MIX,
  pool,
  type Request,
  type World,
  workload,
} from './load-workload.ts';

/** The part of autocannon 9 this script uses (the package has no types). */
interface AcRequest {
  setupRequest: (req: Record<string, unknown>, context: Record<string, unknown>) => Record<string, unknown>;
  onResponse: (status: number, body: string, context: Record<string, unknown>) => void;
}
interface AcResult {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  latency: { p50: number; p90: number; p99: number; max: number; mean: number };
  requests: { total: number; sent: number };
}
interface AcInstance {
  on: (event: 'reqError', fn: (err: Error) => void) => void;
  stop: () => void;
}
type Autocannon = (
  opts: { url: string; connections: number; duration: number; timeout: number; requests: AcRequest[] },
  done: (err: Error | null, result: AcResult) => void,
) => AcInstance;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const AMBASSADORS = 300;
const IDEAS = 40;
const TEAM_SIZE = 20;
const SEED = 20_251_104;
/** autocannon's per-request timeout, seconds. */
const TIMEOUT = 10;
const WRITES = ['lecture', 'join'] as const;
type WriteKind = (typeof WRITES)[number];

const NOTE =
  'The local server runs every Lambda in one Node process on this machine with DynamoDB Local (Java) beside it: the throughput is a floor for the machine, not a figure for AWS.';

interface Tally {
  sent: number;
  ok: number;
  errors: number;
  statuses: Record<string, number>;
  ms: number[];
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted.length
    ? (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number)
    : 0;

const is2xx = (s: number | undefined) => s !== undefined && s >= 200 && s < 300;

/** Sends a request outside the timed window (warm-up); returns its status. */
const sendOnce = async (api: Api, r: Request) => {
  const res = await api.call(r.method, r.path, {
    token: r.token,
    ...(r.body ? { body: JSON.parse(r.body) } : {}),
  });
  return { status: res.status, body: res.body as unknown };
};

/** Every lecture title and join request (idea|ambassador) in the table, with how often each occurs. */
const storedWrites = async (server: LocalServer, db: DynamoDBDocumentClient, world: World) => {
  const all = async (input: QueryCommandInput, key: (item: Record<string, any>) => string) => {
    const found = new Map<string, number>();
    let start: Record<string, unknown> | undefined;
    do {
      const out = await db.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
      for (const item of out.Items ?? []) found.set(key(item), (found.get(key(item)) ?? 0) + 1);
      start = out.LastEvaluatedKey;
    } while (start);
    return found;
  };
  const merge = (maps: Map<string, number>[]) => {
    const out = new Map<string, number>();
    for (const m of maps) for (const [k, n] of m) out.set(k, (out.get(k) ?? 0) + n);
    return out;
  };
  const TableName = server.tableName;
  // Every lecture of the run is still `reported`: all of them are in the review queue, one partition.
  const lecture = await all(
    {
      TableName,
      IndexName: 'reviewQueue',
      KeyConditionExpression: 'gsi3pk = :p',
      ExpressionAttributeValues: { ':p': queue.partition('lectures') },
      ExpressionAttributeNames: { '#t': 'title' },
      ProjectionExpression: '#t',
    },
    (i) => String(i.title),
  );
  const join = merge(
    await pool(world.ideas, 8, (idea) =>
      all(
        {
          TableName,
          ConsistentRead: true,
          KeyConditionExpression: 'pk = :p AND begins_with(sk, :k)',
          ExpressionAttributeValues: {
            ':p': ideaEntity.key(idea.id).pk,
            ':k': joinRequestEntity.key(idea.id, '').sk,
          },
          ProjectionExpression: 'ambassadorId',
        },
        (i) => `${idea.id}|${String(i.ambassadorId)}`,
      ),
    ),
  );
  return { lecture, join } satisfies Record<WriteKind, Map<string, number>>;
};

const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

/**
 * Matches what was sent (key → status; undefined when no answer came) with what is stored.
 * Lost: answered 2xx, not stored. Duplicates: a key stored more than once, or never sent.
 */
const reconcile = (sent: Map<string, number | undefined>, stored: Map<string, number>) => {
  let acknowledged = 0;
  let lost = 0;
  let duplicates = 0;
  let storedAfterError = 0;
  let storedUnanswered = 0;
  for (const [key, status] of sent) {
    const n = stored.get(key) ?? 0;
    if (is2xx(status)) {
      acknowledged++;
      if (n === 0) lost++;
    } else if (n > 0 && status === undefined) storedUnanswered++;
    else if (n > 0) storedAfterError++;
    if (n > 1) duplicates += n - 1;
  }
  for (const [key, n] of stored) if (!sent.has(key)) duplicates += n;
  return { acknowledged, stored: total(stored), lost, duplicates, storedAfterError, storedUnanswered };
};

export const run = async (
  opts: BenchOptions & { seconds?: number; connections?: number },
): Promise<SectionResult> => {
  const seconds = opts.seconds ?? (opts.quick ? 5 : 30);
  const connections = opts.connections ?? 50;
  const t0 = performance.now();
  const server = await spawnLocalServer({ tableName: 'bench-load' });
  const startMs = performance.now() - t0;
  const db = DynamoDBDocumentClient.from(localClient(server.dynamoEndpoint));
  let cannon: AcInstance | undefined;
  const onSignal = () => {
    cannon?.stop();
    void server.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const api = httpApi(server.baseUrl);
    const worldStart = performance.now();
    const world = await buildWorld(api, {
      ambassadors: AMBASSADORS,
      ideas: IDEAS,
      teamSize: TEAM_SIZE,
      seed: SEED,
    });
    const worldMs = performance.now() - worldStart;
    const wl = workload(world, SEED);

    // What each write sent: key → status of its answer (undefined: none came).
    const writes: Record<WriteKind, Map<string, number | undefined>> = {
      lecture: new Map(),
      join: new Map(),
    };

    // Warm-up, outside the window: the server imports each handler on its first request.
    const warmed = new Set<Kind>();
    let warmups = 0;
    const warmupErrors: string[] = [];
    while (warmed.size < KINDS.length) {
      const r = wl.next();
      const { status, body } = await sendOnce(api, r);
      if (r.key) writes[r.kind as WriteKind].set(r.key, status);
      if (!is2xx(status)) warmupErrors.push(`${r.method} ${r.path} → ${status} ${JSON.stringify(body)}`);
      warmed.add(r.kind);
      warmups++;
    }
    const setupMs = performance.now() - t0;

    const tallies = Object.fromEntries(
      KINDS.map((k) => [k, { sent: 0, ok: 0, errors: 0, statuses: {}, ms: [] } as Tally]),
    ) as Record<Kind, Tally>;
    const inflight = new Map<number, { r: Request; at: number }>();
    const errorSamples: string[] = [];
    const socketErrors = new Map<string, number>();
    let seq = 0;

    // Every answer, for the slowest ones and the answers per second.
    const answers: { kind: Kind; at: number; ms: number }[] = [];

    const request: AcRequest = {
      setupRequest: (req, context) => {
        const r = wl.next();
        const id = ++seq;
        context.id = id;
        inflight.set(id, { r, at: performance.now() });
        tallies[r.kind].sent++;
        if (r.key) writes[r.kind as WriteKind].set(r.key, undefined);
        return {
          ...req,
          method: r.method,
          path: r.path,
          headers: {
            authorization: `Bearer ${r.token}`,
            ...(r.body ? { 'content-type': 'application/json' } : {}),
          },
          body: r.body,
        };
      },
      onResponse: (status, body, context) => {
        const f = inflight.get(context.id as number);
        if (!f) return;
        inflight.delete(context.id as number);
        const t = tallies[f.r.kind];
        const now = performance.now();
        t.ms.push(now - f.at);
        answers.push({ kind: f.r.kind, at: f.at, ms: now - f.at });
        t.statuses[status] = (t.statuses[status] ?? 0) + 1;
        if (is2xx(status)) t.ok++;
        else {
          t.errors++;
          if (errorSamples.length < 5)
            errorSamples.push(`${f.r.method} ${f.r.path} → ${status} ${body.slice(0, 300)}`);
        }
        if (f.r.key) writes[f.r.kind as WriteKind].set(f.r.key, status);
      },
    };

    // Other processes on the machine take CPU from the server: the 1-minute load average says how much.
    const loadBefore = loadavg()[0] ?? 0;
    const windowStart = performance.now();
    const ac = await new Promise<AcResult>((resolve, reject) => {
      cannon = autocannon(
        { url: server.baseUrl, connections, duration: seconds, timeout: TIMEOUT, requests: [request] },
        (err, result) => (err ? reject(err) : resolve(result)),
      );
      cannon.on('reqError', (err) => socketErrors.set(err.message, (socketErrors.get(err.message) ?? 0) + 1));
    });
    const windowMs = performance.now() - windowStart;
    const loadAfter = loadavg()[0] ?? 0;

    // Requests still open when the window closed may yet be written: count until every
    // unanswered write is in or the counts hold still for a second (at most 15 s).
    const countStart = performance.now();
    const expected = WRITES.reduce((n, k) => n + writes[k].size, 0);
    let stored = await storedWrites(server, db, world);
    for (let still = 0; still < 2 && performance.now() - countStart < 15_000; ) {
      if (WRITES.reduce((n, k) => n + total(stored[k]), 0) >= expected) break;
      await new Promise((r) => setTimeout(r, 500));
      const again = await storedWrites(server, db, world);
      still = WRITES.every((k) => total(again[k]) === total(stored[k])) ? still + 1 : 0;
      stored = again;
    }
    const countMs = performance.now() - countStart;

    const unanswered = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Kind, number>;
    for (const { r } of inflight.values()) unanswered[r.kind]++;
    const writeCheck = {
      lecture: reconcile(writes.lecture, stored.lecture),
      join: reconcile(writes.join, stored.join),
    };

    const answered = KINDS.reduce((n, k) => n + tallies[k].ms.length, 0);
    const slowest = [...answers].sort((a, b) => b.ms - a.ms).slice(0, 5);
    const perSecond = new Array<number>(Math.max(1, Math.floor(ac.duration))).fill(0);
    for (const a of answers) {
      const sec = Math.floor((a.at + a.ms - windowStart) / 1000);
      if (sec < perSecond.length) perSecond[sec] = (perSecond[sec] ?? 0) + 1;
    }
    const sent = KINDS.reduce((n, k) => n + tallies[k].sent, 0);
    const non2xx = KINDS.reduce((n, k) => n + tallies[k].errors, 0);
    // A timed-out or reset request gets no answer; so do the ones open when the window closed.
    const cutOff = Math.max(0, inflight.size - ac.errors);
    const errors = non2xx + ac.errors;
    const lost = writeCheck.lecture.lost + writeCheck.join.lost;
    const duplicates = writeCheck.lecture.duplicates + writeCheck.join.duplicates;
    const storedAfterError = writeCheck.lecture.storedAfterError + writeCheck.join.storedAfterError;
    const throughput = answered / ac.duration;
    const totalMs = performance.now() - t0;

    const ms = (n: number) => fmt(round(n, 1));
    const secs = (n: number) => fmt(round(n / 1000, 1));
    const rows = KINDS.map((k) => {
      const t = tallies[k];
      const sorted = [...t.ms].sort((a, b) => a - b);
      const w = k === 'lecture' || k === 'join' ? writeCheck[k] : undefined;
      return [
        KIND_LABEL[k],
        fmt(t.sent),
        `${round((100 * t.sent) / Math.max(1, sent), 1)} %`,
        fmt(t.ok),
        fmt(t.errors),
        fmt(unanswered[k]),
        ms(median(t.ms)),
        ms(percentile(sorted, 99)),
        ms(sorted.at(-1) ?? 0),
        w ? fmt(w.stored) : '',
        w ? fmt(w.lost) : '',
        w ? fmt(w.duplicates) : '',
      ];
    });
    rows.push([
      'all (latency: autocannon)',
      fmt(sent),
      '100 %',
      fmt(answered - non2xx),
      fmt(non2xx),
      fmt(inflight.size),
      fmt(ac.latency.p50),
      fmt(ac.latency.p99),
      fmt(ac.latency.max),
      fmt(writeCheck.lecture.stored + writeCheck.join.stored),
      fmt(lost),
      fmt(duplicates),
    ]);
    const table = [
      renderTable(
        [
          'request',
          'sent',
          'share',
          '2xx',
          'non-2xx',
          'no answer',
          'p50 ms',
          'p99 ms',
          'max ms',
          'stored',
          'lost',
          'dup',
        ],
        rows,
      ),
      '',
      `${fmt(seconds)} s at ${connections} connections: ${fmt(answered)} answers, ${fmt(round(throughput, 1))} req/s; ` +
        `latency p50 ${fmt(ac.latency.p50)} ms, p90 ${fmt(ac.latency.p90)} ms, p99 ${fmt(ac.latency.p99)} ms, max ${fmt(ac.latency.max)} ms.`,
      `Errors: ${fmt(errors)} (non-2xx ${fmt(non2xx)}, socket errors ${fmt(ac.errors - ac.timeouts)}, timeouts ${fmt(ac.timeouts)}); ` +
        `lost writes: ${fmt(lost)}; duplicates: ${fmt(duplicates)}; written despite an error: ${fmt(storedAfterError)}.`,
      `${fmt(cutOff)} requests were still open when the window closed (no answer); ` +
        `${fmt(writeCheck.lecture.storedUnanswered + writeCheck.join.storedUnanswered)} of their writes were stored.`,
      ...(wl.state.exhausted
        ? [`The join queue ran out: ${fmt(wl.state.exhausted)} join slots were sent as profile reads.`]
        : []),
      `Slowest answers: ${slowest.map((a) => `${fmt(Math.round(a.ms))} ms (${a.kind}, sent at ${round((a.at - windowStart) / 1000, 1)} s)`).join(', ')}; ` +
        `answers per second: min ${fmt(Math.min(...perSecond))}, median ${fmt(median(perSecond))}, max ${fmt(Math.max(...perSecond))}.`,
      ...errorSamples.map((e) => `  error: ${e}`),
      ...[...socketErrors].map(([m, n]) => `  socket error ×${n}: ${m}`),
      ...warmupErrors.map((e) => `  warm-up error: ${e}`),
      `Setup: ${AMBASSADORS} ambassadors in 11 governorates, ${IDEAS} approved ideas (team size ${TEAM_SIZE}; ` +
        `${world.retries} setup calls retried after a 503), ${warmups} warm-up requests. ` +
        `Time: server start ${secs(startMs)} s, population ${secs(worldMs)} s, all setup ${secs(setupMs)} s; ` +
        `window ${secs(windowMs)} s; counting ${secs(countMs)} s; total ${secs(totalMs)} s (server stop apart).`,
      `${NOTE} Load average (1 min) before and after the window: ${round(loadBefore, 1)}, ${round(loadAfter, 1)} on ${availableParallelism()} cores.`,
    ].join('\n');

    const misses: string[] = [];
    if (errors > 0)
      misses.push(
        `${fmt(errors)} of ${fmt(sent)} requests failed (${fmt(non2xx)} non-2xx, ${fmt(ac.errors)} socket errors or timeouts); the target is zero.`,
      );
    if (lost > 0)
      misses.push(`${fmt(lost)} acknowledged writes are not in the table; the target is zero lost writes.`);
    if (duplicates > 0)
      misses.push(`${fmt(duplicates)} writes are in the table more often than they were sent.`);
    if (storedAfterError > 0)
      misses.push(
        `${fmt(storedAfterError)} writes are in the table although their request was answered with an error.`,
      );

    return {
      results: {
        seconds,
        connections,
        mix: MIX,
        world: { ambassadors: AMBASSADORS, ideas: IDEAS, teamSize: TEAM_SIZE, joinPairs: wl.state.pairs },
        setupRetries: world.retries,
        warmups,
        warmupErrors,
        requests: { sent, answered, unanswered: inflight.size, cutOff },
        throughput: round(throughput, 1),
        answersPerSecond: perSecond,
        slowest: slowest.map((a) => ({
          kind: a.kind,
          sentAtMs: Math.round(a.at - windowStart),
          ms: round(a.ms, 1),
        })),
        latencyMs: {
          p50: ac.latency.p50,
          p90: ac.latency.p90,
          p99: ac.latency.p99,
          max: ac.latency.max,
          mean: round(ac.latency.mean, 2),
        },
        errors: {
          total: errors,
          non2xx,
          socket: ac.errors - ac.timeouts,
          timeouts: ac.timeouts,
          samples: errorSamples,
        },
        kinds: Object.fromEntries(
          KINDS.map((k) => {
            const t = tallies[k];
            const sorted = [...t.ms].sort((a, b) => a - b);
            return [
              k,
              {
                route: KIND_LABEL[k],
                sent: t.sent,
                ok: t.ok,
                errors: t.errors,
                unanswered: unanswered[k],
                statuses: t.statuses,
                latencyMs: {
                  p50: round(median(t.ms), 1),
                  p90: round(percentile(sorted, 90), 1),
                  p99: round(percentile(sorted, 99), 1),
                  max: round(sorted.at(-1) ?? 0, 1),
                },
              },
            ];
          }),
        ),
        writes: Object.fromEntries(
          WRITES.map((k) => [
            k,
            { ...writeCheck[k], storedMinus2xx: writeCheck[k].stored - writeCheck[k].acknowledged },
          ]),
        ),
        lostWrites: lost,
        duplicates,
        timingsMs: {
          serverStart: Math.round(startMs),
          population: Math.round(worldMs),
          setup: Math.round(setupMs),
          window: Math.round(windowMs),
          count: Math.round(countMs),
          total: Math.round(totalMs),
        },
        note: NOTE,
        loadAverage: {
          before: round(loadBefore, 2),
          after: round(loadAfter, 2),
          cores: availableParallelism(),
        },
      },
      table,
      misses,
    };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    cannon?.stop();
    db.destroy();
    await server.stop();
  }
};

const numberFlag = (args: readonly string[], name: string): number | undefined => {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const n = Number(args[i + 1]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} takes a whole number, got ${args[i + 1]}`);
  return n;
};

if (import.meta.main) {
  const args = process.argv.slice(2);
  const seconds = numberFlag(args, 'seconds');
  const connections = numberFlag(args, 'connections');
  const r = await run({
    quick: args.includes('--quick'),
    ...(seconds ? { seconds } : {}),
    ...(connections ? { connections } : {}),
  });
  console.log(r.table);
  for (const m of r.misses) console.log(`MISS: ${m}`);
}
