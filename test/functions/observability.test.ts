/**
 * Traces and metrics (functions/observability.ts, functions/http/observe.ts), with the real
 * handlers called in process against DynamoDB Local, as in Lambda: this file's worker starts
 * with Lambda's environment (function name, execution environment, task root, a sampled trace
 * header), so Powertools traces and writes metrics as it would there, and the X-Ray SDK runs in
 * its Lambda mode, sending each closed subsegment over UDP to the daemon address, where a
 * socket of the test's own stands in for the daemon.
 *
 * - Metrics: the EMF lines on stdout: names, units, namespace and dimensions (service, stage,
 *   route; decision on deciding routes), the capacity units per route, none on failure.
 * - Traces: the `## <route id>` subsegment with its annotations, and the DynamoDB calls inside it.
 * - Outside Lambda both are off unless asked (a fresh Node process per environment).
 * - Bundles: the table-free routes' bundles hold neither Powertools Tracer nor Metrics.
 */
import { execFileSync } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  Object.assign(process.env, {
    AWS_LAMBDA_FUNCTION_NAME: 'observability-test',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    LAMBDA_TASK_ROOT: process.cwd(),
    _X_AMZN_TRACE_ID: 'Root=1-6745b3a1-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1',
    POWERTOOLS_METRICS_NAMESPACE: 'SmartCityAmbassadors',
    STAGE: 'test',
  });
});

const { tracer, metricsEnabled } = await import('#functions/observability.ts');
const { handler: getLectureHandler } = await import('#http/lectures/get.ts');
const { handler: reviewHandler } = await import('#http/lectures/review.ts');
const { routes } = await import('#http/routes/index.ts');
const { getLectureRoute, reviewLectureRoute } = await import('#http/routes/lectures.ts');
const { handler: jobHandler } = await import('#functions/scheduled/leaderboards.ts');
const { bundlingFor, projectRoot } = await import('#infra/constructs/bundling.ts');
const { invoke } = await import('#support/faults.ts');
const { lectureReview } = await import('#support/fixtures.ts');
const scenes = await import('#support/in-process-scenes.ts');

interface Emf {
  _aws: {
    CloudWatchMetrics: {
      Namespace: string;
      Dimensions: string[][];
      Metrics: { Name: string; Unit: string }[];
    }[];
  };
  [key: string]: unknown;
}

/** EMF lines written to stdout while `fn` runs. */
const emfOf = async (fn: () => Promise<unknown>): Promise<Emf[]> => {
  const lines: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk, ...rest) => {
    lines.push(String(chunk));
    return String(chunk).includes('"_aws"') ? true : write(chunk, ...(rest as []));
  });
  try {
    await fn();
  } finally {
    spy.mockRestore();
  }
  return lines
    .flatMap((l) => l.split('\n'))
    .filter((l) => l.includes('"_aws"'))
    .map((l) => JSON.parse(l) as Emf);
};

/** The EMF entries that carry metric `name`: its value and its dimensions. */
const metric = (emf: Emf[], name: string) =>
  emf.flatMap((e) =>
    e._aws.CloudWatchMetrics.filter((d) => d.Metrics.some((m) => m.Name === name)).map((d) => ({
      namespace: d.Namespace,
      unit: d.Metrics.find((m) => m.Name === name)?.Unit,
      value: e[name],
      dimensions: Object.fromEntries((d.Dimensions[0] ?? []).map((k) => [k, e[k]])),
    })),
  );

const base = { service: 'smart-city-ambassadors', stage: 'test' };

describe('metrics (EMF on stdout), in Lambda', () => {
  it('is on in Lambda', () => {
    expect(metricsEnabled).toBe(true);
  });

  it('a verification counts LectureReviewed by decision, and the route its capacity units', async () => {
    const organizer = await scenes.registerAmbassador();
    const id = await scenes.reportLecture(organizer);
    const emf = await emfOf(async () => {
      const res = await invoke(reviewLectureRoute, reviewHandler, {
        caller: scenes.staff,
        params: { id },
        body: lectureReview.verify(),
      });
      expect(res.status).toBe(200);
    });
    expect(metric(emf, 'LectureReviewed')).toEqual([
      {
        namespace: 'SmartCityAmbassadors',
        unit: 'Count',
        value: 1,
        dimensions: { ...base, decision: 'verify' },
      },
    ]);
    const [read] = metric(emf, 'ReadCapacityUnits');
    const [write] = metric(emf, 'WriteCapacityUnits');
    expect(read?.dimensions).toEqual({ ...base, route: 'reviewLecture' });
    expect(write?.dimensions).toEqual({ ...base, route: 'reviewLecture' });
    expect(read?.value).toBeGreaterThan(0);
    // The verification's transaction: the capacity benchmark's 39 WCU on its seeded programme.
    expect(write?.value).toBeGreaterThanOrEqual(10);
  });

  it('registration, a report, an idea decision and a join decision count under their names', async () => {
    const emf = await emfOf(async () => {
      const { id } = await scenes.teamOfTwo();
      await scenes.must(
        'reject',
        scenes.decide(await scenes.submitIdea((await scenes.teamOfTwo()).leader), 'reject'),
        200,
      );
      expect(id).toBeTruthy();
    });
    const counts = (name: string) => metric(emf, name).map((m) => m.dimensions);
    expect(counts('AmbassadorRegistered')).toEqual(Array(4).fill(base));
    expect(counts('IdeaDecided')).toEqual([
      { ...base, decision: 'approve' },
      { ...base, decision: 'approve' },
      { ...base, decision: 'reject' },
    ]);
    expect(counts('JoinDecided')).toEqual([
      { ...base, decision: 'accept' },
      { ...base, decision: 'accept' },
    ]);
    const organizer = await scenes.registerAmbassador();
    const reported = await emfOf(() => scenes.reportLecture(organizer));
    expect(metric(reported, 'LectureReported').map((m) => m.dimensions)).toEqual([base]);
  });

  it('a failed request counts nothing but its capacity', async () => {
    const emf = await emfOf(async () => {
      const res = await invoke(reviewLectureRoute, reviewHandler, {
        caller: scenes.staff,
        params: { id: '01JNOSUCHLECTURE0000000000' },
        body: lectureReview.verify(),
      });
      expect(res.status).toBe(404);
    });
    expect(metric(emf, 'LectureReviewed')).toEqual([]);
    expect(metric(emf, 'ReadCapacityUnits').map((m) => m.dimensions)).toEqual([
      { ...base, route: 'reviewLecture' },
    ]);
  });

  it('the leaderboard job writes the markers it took and its duration', async () => {
    const organizer = await scenes.registerAmbassador();
    const id = await scenes.reportLecture(organizer);
    await scenes.must(
      'verify',
      invoke(reviewLectureRoute, reviewHandler, {
        caller: scenes.staff,
        params: { id },
        body: lectureReview.verify(),
      }),
      200,
    );
    let summary: { markers: number; ms: number } | undefined;
    const emf = await emfOf(async () => {
      summary = await jobHandler({}, {
        getRemainingTimeInMillis: () => 60_000,
      } as never);
    });
    expect(summary?.markers).toBeGreaterThan(0);
    expect(metric(emf, 'LeaderboardMarkers')).toEqual([
      {
        namespace: 'SmartCityAmbassadors',
        unit: 'Count',
        value: summary?.markers,
        dimensions: { ...base, job: 'incremental' },
      },
    ]);
    expect(metric(emf, 'LeaderboardRunDuration')).toEqual([
      expect.objectContaining({
        unit: 'Milliseconds',
        value: summary?.ms,
        dimensions: { ...base, job: 'incremental' },
      }),
    ]);
  });
});

describe('traces (X-Ray, Lambda mode), in Lambda', () => {
  let daemon: Socket;
  const received: Record<string, unknown>[] = [];

  beforeAll(async () => {
    daemon = createSocket('udp4');
    daemon.on('message', (msg) => {
      // "{"format":"json","version":1}\n{…the document…}"
      const doc = msg.toString().split('\n')[1];
      if (doc) received.push(JSON.parse(doc) as Record<string, unknown>);
    });
    await new Promise<void>((ok) => daemon.bind(0, '127.0.0.1', ok));
    tracer.provider.setDaemonAddress(`127.0.0.1:${daemon.address().port}`);
  });
  afterEach(() => {
    received.length = 0;
  });
  afterAll(() => daemon.close());

  /** Every document received, with the subsegments nested in each, flattened. */
  const documents = () => {
    const all: Record<string, unknown>[] = [];
    const walk = (d: Record<string, unknown>, parent?: string) => {
      all.push({ ...d, parent_id: d.parent_id ?? parent });
      for (const s of (d.subsegments ?? []) as Record<string, unknown>[]) walk(s, d.id as string);
    };
    for (const d of received) walk(d);
    return all;
  };

  const settle = () => new Promise((ok) => setTimeout(ok, 200));

  it('tracing is on in Lambda', () => {
    expect(tracer.isTracingEnabled()).toBe(true);
  });

  it('a route runs in `## <route id>` annotated route, role and status, its DynamoDB calls inside', async () => {
    const organizer = await scenes.registerAmbassador();
    const id = await scenes.reportLecture(organizer);
    await settle();
    received.length = 0;
    const res = await invoke(getLectureRoute, getLectureHandler, { caller: organizer, params: { id } });
    expect(res.status).toBe(200);
    await settle();
    const docs = documents();
    const route = docs.filter((d) => d.name === '## getLecture');
    expect(route).toHaveLength(1);
    expect(route[0]?.trace_id).toBe('1-6745b3a1-0123456789abcdef01234567');
    expect(route[0]?.annotations).toMatchObject({ route: 'getLecture', role: 'member', status: 200 });
    const calls = docs.filter((d) => d.name === 'DynamoDB');
    expect(calls.length).toBeGreaterThanOrEqual(1);
    for (const c of calls) {
      expect(c.parent_id).toBe(route[0]?.id);
      expect((c.aws as { operation?: string }).operation).toBe('GetItem');
    }
  });

  it('an answer other than 2xx is annotated with its status', async () => {
    const res = await invoke(getLectureRoute, getLectureHandler, {
      caller: { sub: scenes.newSub() },
      params: { id: '01JNOSUCHLECTURE0000000000' },
    });
    expect(res.status).toBe(404);
    await settle();
    const route = documents().filter((d) => d.name === '## getLecture');
    expect(route.map((d) => d.annotations)).toEqual([
      expect.objectContaining({ route: 'getLecture', role: 'member', status: 404 }),
    ]);
  });
});

describe('outside Lambda', () => {
  /** `[tracing, metrics]` as a fresh Node process with this environment sees them. */
  const flags = (env: Record<string, string>) => {
    const out = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "const o = await import('#functions/observability.ts'); console.log(JSON.stringify([o.tracer.isTracingEnabled(), o.metricsEnabled]));",
      ],
      { cwd: projectRoot, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' },
    );
    return JSON.parse(out.trim().split('\n').at(-1) ?? '') as [boolean, boolean];
  };

  it('both are off locally, metrics on when POWERTOOLS_METRICS_DISABLED=false', () => {
    expect(flags({})).toEqual([false, false]);
    expect(flags({ POWERTOOLS_METRICS_DISABLED: 'false' })).toEqual([false, true]);
    const lambda = { AWS_LAMBDA_FUNCTION_NAME: 'f', AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x' };
    expect(flags(lambda)).toEqual([true, true]);
    expect(
      flags({ ...lambda, POWERTOOLS_METRICS_DISABLED: 'true', POWERTOOLS_TRACE_ENABLED: 'false' }),
    ).toEqual([false, false]);
  });
});

describe('bundles', () => {
  /** The bundle's metafile inputs of `entry`, built as the stack builds it. */
  const metafileInputs = async (entry: string) => {
    const { nodeModules: _, ...options } = bundlingFor(entry);
    const built = await esbuild.build({
      ...options,
      bundle: true,
      entryPoints: [resolve(projectRoot, entry)],
      write: false,
      outdir: '/tmp/observability-test',
      absWorkingDir: projectRoot,
      metafile: true,
      logLevel: 'error',
    });
    return built.metafile.inputs;
  };
  /** The inputs of the bundle of `entry`. */
  const inputsOf = async (entry: string) => Object.keys(await metafileInputs(entry));
  /** Each input of the bundle of `entry` with the inputs that import it. */
  const importersOf = async (entry: string, input: RegExp) =>
    Object.entries(await metafileInputs(entry))
      .filter(([, v]) => v.imports.some((i) => input.test(i.path)))
      .map(([k]) => k.replace(/^.*node_modules\//, ''));

  it('semver is replaced by a stub that only the X-Ray SDK v2 patcher imports, and nothing calls that', async () => {
    for (const entry of ['functions/http/ideas/decide.ts', 'functions/scheduled/leaderboards.ts'])
      expect(await importersOf(entry, /functions\/no-semver\.ts$/), entry).toEqual([
        'aws-xray-sdk-core/dist/lib/patchers/aws_p.js',
      ]);
    // That patcher serves SDK v2 clients only (captureAWS, captureAWSClient); no function calls it.
    const dir = resolve(projectRoot, 'functions');
    const callers = readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .filter((f) => /\.captureAWS(Client)?\(/.test(readFileSync(resolve(dir, f), 'utf8')));
    expect(callers).toEqual([]);
    const { gte } = await import('#functions/no-semver.ts');
    expect(() => gte()).toThrow(/semver is not bundled/);
  }, 60_000);

  const OBSERVABILITY =
    /@aws-lambda-powertools\/(tracer|metrics)|aws-xray-sdk-core|functions\/observability\.ts/;

  it('routes that never touch the table bundle neither Tracer nor Metrics; the others both', async () => {
    const tableFree = routes.filter((r) => r.access === 'none');
    expect(tableFree.map((r) => r.id).sort()).toEqual(
      ['getHealth', 'getOpenApi', 'listInterests', 'listPointRules', 'listRegions', 'routeNotFound'].sort(),
    );
    for (const r of tableFree)
      expect(
        (await inputsOf(`functions/http/${r.handler}`)).filter((i) => OBSERVABILITY.test(i)),
        r.id,
      ).toEqual([]);
    const traced = await inputsOf('functions/http/lectures/get.ts');
    for (const p of [
      '@aws-lambda-powertools/tracer',
      '@aws-lambda-powertools/metrics',
      'functions/observability.ts',
    ])
      expect(
        traced.some((i) => i.includes(p)),
        p,
      ).toBe(true);
  }, 60_000);
});
