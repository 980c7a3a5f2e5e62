/**
 * Handler overhead (bench/README.md, part 3): the public profile route's handler, in process, with
 * everything on (middy, zod validation, claims, problem mapping, the capacity meter and an
 * INFO log line per request), against the same DynamoDB call made directly with the SDK
 * document client. Both hit the same DynamoDB Local, interleaved call by call, so the noise
 * of this 2-core machine falls on both alike; the figure is the ratio of their medians.
 *
 * The measuring runs in a child process whose stdout (the JSON log lines) goes nowhere, as
 * CloudWatch's agent would take it; it reports back over IPC.
 * `node bench/overhead.ts [--quick]`, or as part of `npm run bench`.
 */
import { fork } from 'node:child_process';
import { type BenchOptions, fmt, median, renderTable, round, type SectionResult } from './lib.ts';

/** The target: handler time at most this many times the raw SDK call's. */
export const TARGET = 1.2;

interface RoundResult {
  handlerMs: number;
  rawMs: number;
  ratio: number;
}

interface ChildReport {
  rounds: RoundResult[];
  iterations: number;
  status: number;
}

const measureInChild = async (rounds: number, iterations: number): Promise<ChildReport> => {
  const { freePort } = await import('#scripts/seed/local.ts');
  const { startDynamoLocal, ensureTable } = await import('#infra/local/dynamodb.ts');
  const port = await freePort();
  const dynamo = await startDynamoLocal(port);
  try {
    const tableName = 'bench-overhead';
    await ensureTable(dynamo.endpoint, tableName);
    Object.assign(process.env, {
      TABLE_NAME: tableName,
      CURSOR_SECRET: 'bench',
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      AWS_REGION: 'me-south-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      POWERTOOLS_LOG_LEVEL: 'INFO',
    });
    const { handler: register } = await import('#http/ambassadors/register.ts');
    const { handler: getAmbassador } = await import('#http/ambassadors/get.ts');
    const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
    const { DynamoDBDocumentClient, GetCommand } = await import('@aws-sdk/lib-dynamodb');

    const id = 'bench-overhead-1';
    const claims = { sub: id, email: `${id}@example.om`, 'cognito:groups': '[]' };
    const { apiGatewayEvent, lambdaContext } = await import('#infra/local/lambda-event.ts');
    const headers = { 'content-type': 'application/json', 'accept-language': 'ar' };
    const context = lambdaContext('bench');
    const registered = await register(
      apiGatewayEvent({
        method: 'POST',
        route: '/ambassadors',
        rawPath: '/ambassadors',
        headers,
        claims,
        body: JSON.stringify({
          name: 'عائشة الحارثية',
          governorate: 'OM-MA',
          wilayat: 'bawshar',
          interests: ['mobility', 'energy'],
          expertise: ['urban planning'],
          bio: 'مهندسة في مسقط تعمل على حلول النقل الذكي.',
          languages: ['ar', 'en'],
        }),
      }),
      context,
    );
    if (registered.statusCode !== 201)
      throw new Error(`register: ${registered.statusCode} ${registered.body}`);

    const getEvent = apiGatewayEvent({
      method: 'GET',
      route: '/ambassadors/{id}',
      rawPath: `/ambassadors/${id}`,
      headers,
      params: { id },
      claims,
    });
    const raw = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: dynamo.endpoint,
        region: 'me-south-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        maxAttempts: 3,
      }),
    );
    const viaHandler = async () => (await getAmbassador(getEvent, context)).statusCode ?? 0;
    const direct = async () =>
      (await raw.send(new GetCommand({ TableName: tableName, Key: { pk: `AMB#${id}`, sk: 'PROFILE' } }))).Item
        ? 200
        : 404;

    // Warm both paths (JIT, sockets), then interleave call by call.
    for (let i = 0; i < 200; i++) {
      await viaHandler();
      await direct();
    }
    const results: RoundResult[] = [];
    let status = 0;
    for (let r = 0; r < rounds; r++) {
      const h: number[] = [];
      const d: number[] = [];
      for (let i = 0; i < iterations; i++) {
        let t = performance.now();
        status = await viaHandler();
        h.push(performance.now() - t);
        t = performance.now();
        await direct();
        d.push(performance.now() - t);
      }
      results.push({ handlerMs: median(h), rawMs: median(d), ratio: median(h) / median(d) });
    }
    return { rounds: results, iterations, status };
  } finally {
    await dynamo.stop();
  }
};

export const run = async (opts: BenchOptions): Promise<SectionResult> => {
  const rounds = opts.quick ? 3 : 7;
  const iterations = opts.quick ? 300 : 1000;
  const child = fork(import.meta.filename, ['--child', String(rounds), String(iterations)], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const report = await new Promise<ChildReport>((ok, fail) => {
    child.once('message', (m) => ok(m as ChildReport));
    child.once('exit', (code) => fail(new Error(`overhead child exited (${code}) without a report`)));
  });
  const handlerMs = median(report.rounds.map((r) => r.handlerMs));
  const rawMs = median(report.rounds.map((r) => r.rawMs));
  const ratio = median(report.rounds.map((r) => r.ratio));
  const table = renderTable(
    ['GET /ambassadors/{id}', 'median ms', 'per round'],
    [
      [
        'handler (middy, zod, claims, meter, INFO log)',
        fmt(handlerMs, 3),
        report.rounds.map((r) => fmt(r.handlerMs, 3)).join(' '),
      ],
      ['raw SDK GetCommand', fmt(rawMs, 3), report.rounds.map((r) => fmt(r.rawMs, 3)).join(' ')],
      [
        `ratio (target ≤ ${TARGET}×)`,
        `${round(ratio, 3)}×`,
        report.rounds.map((r) => round(r.ratio, 2)).join(' '),
      ],
    ],
  );
  return {
    results: {
      route: 'GET /ambassadors/{id}',
      rounds,
      iterationsPerRound: iterations,
      status: report.status,
      handlerMedianMs: round(handlerMs, 4),
      rawMedianMs: round(rawMs, 4),
      ratio: round(ratio, 4),
      target: TARGET,
      perRound: report.rounds,
    },
    table,
    misses:
      ratio > TARGET
        ? [`the public profile handler takes ${round(ratio, 2)}× the raw SDK call (target ${TARGET}×)`]
        : [],
  };
};

if (import.meta.main) {
  if (process.argv[2] === '--child') {
    const report = await measureInChild(Number(process.argv[3]), Number(process.argv[4]));
    process.send?.(report, () => process.exit(0));
  } else {
    const r = await run({ quick: process.argv.includes('--quick') });
    console.log(r.table);
    for (const m of r.misses) console.log(`MISS: ${m}`);
  }
}
