/**
 * Cold start of every function against its floor (issue "performance budget", part 2).
 *
 * Bundles each function as the CDK does (infra/constructs/bundling.ts) and, for each, a
 * floor: a handler bundled the same way that only makes the route's DynamoDB call(s) with the
 * SDK document client, captured for X-Ray by Powertools Tracer (a constant answer for routes
 * without one). Samples run with Lambda's environment: tracing and metrics on. Each sample is a fresh Node
 * process that times `await import(bundle)` and one real first request against DynamoDB Local
 * (seeded through the local API); function and floor samples alternate, and the figures are
 * medians. Targets: init ≤ 1.3× the floor's, bundle ≤ the floor's + 150 KB.
 *
 * `./node_modules/.bin/node bench/cold-start.ts [--quick]`
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import type { RouteSpec } from '#http/route-spec.ts';
import { type RouteId, routes } from '#http/routes/index.ts';
import { bundlingFor, type LambdaBundling } from '#infra/constructs/bundling.ts';
import { LOCAL_USER_POOL_ID } from '#infra/local/cognito.ts';
import { apiGatewayEvent, lambdaContext } from '#infra/local/lambda-event.ts';
import { type LocalServer, spawnLocalServer } from '#infra/local/spawn.ts';
import { LOCAL_AUDIENCE, LOCAL_STAFF_AUDIENCE } from '#infra/local/tokens.ts';
import { cursorRouteIds } from '#infra/stacks/cursor-routes.ts';
import { type BenchOptions, fmt, httpClient, median, renderTable, round, type SectionResult } from './lib.ts';

const ROOT = resolve(import.meta.dirname, '..');
const INIT_RATIO = 1.3;
const EXTRA_KB = 150;

type Command =
  | 'Get'
  | 'Query'
  | 'QueryShards'
  | 'Put'
  | 'Update'
  | 'Delete'
  | 'TransactWrite'
  | 'BatchGet'
  | 'BatchWrite'
  /** No call: the floor returns the committed OpenAPI document (what the route serves). */
  | 'Document'
  /**
   * The cursor secret read at run time (routes that take a cursor): the Secrets Manager
   * client and GetSecretValue, called when CURSOR_SECRET_ARN is set (in AWS; locally the
   * functions read the secret from the environment, and so does the floor).
   */
  | 'Secret'
  /** The erasure's AdminDeleteUser (deleteMe): the Cognito client, called when USER_POOL_ID is set. */
  | 'DeleteUser';

export const JOB = { id: 'leaderboardJob', entry: 'functions/scheduled/leaderboards.ts' } as const;

/**
 * The DynamoDB calls each function makes to serve its request (from the handler and its
 * store calls, checked against the `calls` column): `Update` first on every writing route
 * is the kit's write-quota counter (functions/http/kit-core.ts, before the profile read),
 * then `Get` on every `ambassador` route is the kit's profile read. The floor makes the same calls one after another (getCommunity
 * makes its queries in parallel, so its floor is generous); `[]` is the constant handler.
 * Same list, same floor bundle.
 */
const FLOOR_COMMANDS: Record<RouteId | typeof JOB.id, readonly Command[]> = {
  getHealth: [],
  listRegions: [],
  listInterests: [],
  getOpenApi: ['Document'],
  routeNotFound: [],
  registerAmbassador: ['Update', 'Get', 'TransactWrite'],
  getMe: ['Get'],
  patchMe: ['Update', 'Get', 'TransactWrite'],
  deleteMe: ['Update', 'Get', 'TransactWrite', 'Query', 'Query', 'BatchWrite'],
  exportMe: ['Get', 'Query'],
  getAmbassador: ['Get'],
  listAmbassadors: ['Query'],
  reportLecture: ['Update', 'Get', 'Put'],
  getLecture: ['Get'],
  listLectures: ['Query'],
  listUpcomingLectures: ['Query'],
  reportScheduledLecture: ['Update', 'Get', 'Get', 'Put'],
  getCheckinCode: ['Get', 'Get', 'Secret'],
  checkIn: ['Get', 'Secret', 'Get', 'Get', 'TransactWrite', 'BatchGet', 'Update'],
  guestCheckIn: ['Get', 'Secret', 'TransactWrite', 'BatchGet', 'Update'],
  claimCheckIn: ['Get', 'Get', 'Get', 'Get', 'TransactWrite'],
  listCheckIns: ['Get', 'Query'],
  listMyLectures: ['Get', 'Query'],
  patchLecture: ['Update', 'Get', 'Get', 'Put'],
  deleteLecture: ['Update', 'Get', 'Get', 'Delete'],
  lectureQueue: ['Query'],
  reviewLecture: ['Update', 'Get', 'Get', 'TransactWrite'],
  listCommunities: ['BatchGet'],
  getCommunity: ['Get', 'Query', 'Query', 'Query'],
  // The sharer's monthly count of resources that earned points, then the resource (and its points).
  addResource: ['Update', 'Get', 'Get', 'TransactWrite'],
  listResources: ['Query'],
  getLeaderboard: ['Get'],
  submitIdea: ['Update', 'Get', 'TransactWrite'],
  getIdea: ['Get'],
  listIdeas: ['Query'],
  listMyIdeas: ['Get', 'Query'],
  patchIdea: ['Update', 'Get', 'Get', 'TransactWrite'],
  withdrawIdea: ['Update', 'Get', 'Get', 'TransactWrite'],
  ideaQueue: ['Query'],
  decideIdea: ['Update', 'Get', 'Get', 'TransactWrite'],
  ideaAudit: ['Get', 'Query'],
  addComment: ['Update', 'Get', 'Get', 'TransactWrite'],
  listComments: ['Get', 'Query'],
  deleteComment: ['Update', 'Get', 'Get', 'Get', 'TransactWrite'],
  hideComment: ['Update', 'Get', 'Get', 'TransactWrite'],
  requestJoin: ['Update', 'Get', 'TransactWrite'],
  listJoinRequests: ['Get', 'Query'],
  decideJoin: ['Update', 'Get', 'Get', 'Get', 'TransactWrite'],
  getTeam: ['Get', 'Query', 'BatchGet'],
  leaveTeam: ['Update', 'Get', 'Get', 'Get', 'TransactWrite'],
  // A change told to the team reads it (one Query) before its transaction.
  handOverTeam: ['Update', 'Get', 'Get', 'Query', 'TransactWrite', 'Query', 'BatchGet'],
  staffHandOverTeam: ['Update', 'Get', 'Query', 'TransactWrite', 'Query', 'BatchGet'],
  // The team again (consistent, for each member's points) before the transaction.
  startProject: ['Update', 'Get', 'Get', 'Query', 'Query', 'TransactWrite'],
  completeProject: ['Update', 'Get', 'Get', 'Query', 'Query', 'TransactWrite'],
  // ... and whether each member's featuring entry exists (a re-featuring earns nothing twice).
  featureProject: ['Update', 'Get', 'Query', 'Query', 'Get', 'Get', 'TransactWrite'],
  unfeatureProject: ['Update', 'Get', 'TransactWrite'],
  listShowcase: ['Query'],
  getShareCard: ['Get'],
  getShareCardPng: ['Get'],
  listNotifications: ['Query', 'Get', 'Get'],
  readNotifications: ['Update', 'BatchGet', 'Get'],
  getPreferences: ['Get'],
  putPreferences: ['Update', 'Get', 'Put'],
  unsubscribePage: ['Get'],
  unsubscribe: ['Update', 'Get', 'Put'],
  staffQueues: ['Query', 'Query', 'Query', 'Query'],
  createSeason: ['Update', 'Put'],
  listSeasons: ['Query'],
  listPointRules: [],
  // The ledger page and the period's total (a season: a second query instead).
  myPoints: ['Get', 'Query', 'Get'],
  // An idle run (the seed's markers are consumed first): one query per marker shard.
  leaderboardJob: ['QueryShards'],
};

/**
 * Items in the route's transaction (the capacity benchmark's `items written`): the floor's
 * transaction writes as many. Routes not named write 2. A change that tells people of itself
 * counts its event item (the outbox).
 */
const TX_ITEMS: Partial<Record<RouteId, number>> = {
  registerAmbassador: 13,
  patchMe: 12,
  deleteMe: 14,
  // A change that earns points adds an entry, the totals and a board marker per recipient (§13).
  reviewLecture: 20,
  decideIdea: 21,
  requestJoin: 4,
  decideJoin: 6,
  leaveTeam: 6,
  startProject: 21,
  completeProject: 22,
  featureProject: 17,
  unfeatureProject: 10,
  addResource: 5,
};

// The tables are keyed by the route table's ids (a missing or misspelt one fails the type
// check); the functions measured are looked up by the id they carry at run time.
// A route's own calls beyond DynamoDB come from the same facts the stack grants them by: the
// cursor routes read the secret, the erasure deletes the Cognito user.
const CURSOR_ROUTES = new Set(cursorRouteIds(routes));
const ERASURE_ROUTES = new Set(routes.filter((r) => r.finishesErasure).map((r) => r.id as string));
export const floorOf = (id: string): readonly Command[] | undefined => {
  const table = (FLOOR_COMMANDS as Partial<Record<string, readonly Command[]>>)[id];
  if (!table) return undefined;
  return [
    ...table,
    ...(CURSOR_ROUTES.has(id) ? (['Secret'] as const) : []),
    ...(ERASURE_ROUTES.has(id) ? (['DeleteUser'] as const) : []),
  ];
};
export const txItemsOf = (id: string): number => (TX_ITEMS as Partial<Record<string, number>>)[id] ?? 2;

/**
 * Builds the bundles as the stack does (infra/constructs/bundling.ts): entries with the same
 * options in one esbuild run, and the packages an entry reads at run time (`nodeModules`)
 * linked into <outdir>/node_modules, where NodejsFunction installs them beside the bundle.
 */
export const buildBundles = async (entries: Record<string, string>, outdir: string) => {
  const groups = new Map<
    string,
    { options: Omit<LambdaBundling, 'nodeModules'>; entries: [string, string][] }
  >();
  const shipped = new Set<string>();
  for (const [name, path] of Object.entries(entries)) {
    const { nodeModules, ...options } = bundlingFor(relative(ROOT, path));
    for (const p of nodeModules) shipped.add(p);
    const key = JSON.stringify(options);
    const group = groups.get(key) ?? { options, entries: [] };
    group.entries.push([name, path]);
    groups.set(key, group);
  }
  const builds = await Promise.all(
    [...groups.values()].map(({ options, entries: list }) =>
      esbuild.build({
        ...options,
        bundle: true,
        entryPoints: Object.fromEntries(list),
        // The floors live in the temp dir: find the project's packages for them.
        nodePaths: [join(ROOT, 'node_modules')],
        outdir,
        outExtension: { '.js': '.mjs' },
        absWorkingDir: ROOT,
        metafile: true,
        logLevel: 'error',
      }),
    ),
  );
  for (const p of shipped) {
    const link = join(outdir, 'node_modules', p);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', p), link, 'dir');
  }
  const metafile: esbuild.Metafile = { inputs: {}, outputs: {} };
  for (const b of builds) {
    Object.assign(metafile.inputs, b.metafile.inputs);
    Object.assign(metafile.outputs, b.metafile.outputs);
  }
  return { metafile };
};

const CALL: Record<Command, string> = {
  Get: 'await db.send(new GetCommand({ TableName, Key: { pk: "BENCH#floor", sk: "GET" }, ConsistentRead: true }));',
  Query:
    'await db.send(new QueryCommand({ TableName, KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": "BENCH#floor" }, Limit: 20 }));',
  QueryShards:
    'await Promise.all(Array.from({ length: 8 }, (_, s) => db.send(new QueryCommand({ TableName, KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": "LBQ#" + s }, Limit: 1000 }))));',
  Put: 'await db.send(new PutCommand({ TableName, Item: { pk: "BENCH#floor", sk: "PUT#" + id, at: new Date().toISOString() } }));',
  Update:
    'await db.send(new UpdateCommand({ TableName, Key: { pk: "BENCH#floor", sk: "UPDATE" }, UpdateExpression: "SET #at = :at", ExpressionAttributeNames: { "#at": "at" }, ExpressionAttributeValues: { ":at": Date.now() } }));',
  Delete: 'await db.send(new DeleteCommand({ TableName, Key: { pk: "BENCH#floor", sk: "PUT#" + id } }));',
  // One conditional put and one counter, plus (TX_ITEMS) as many ~600-byte items as the
  // route's own transaction writes: the same call, not a smaller one.
  TransactWrite:
    'await db.send(new TransactWriteCommand({ TransactItems: [{ Put: { TableName, Item: { pk: "BENCH#floor", sk: "TX#" + id }, ConditionExpression: "attribute_not_exists(pk)" } }, { Update: { TableName, Key: { pk: "BENCH#floor", sk: "COUNT" }, UpdateExpression: "ADD n :one", ExpressionAttributeValues: { ":one": 1 } } }, ...Array.from({ length: TX_EXTRA }, (_, i) => ({ Put: { TableName, Item: { pk: "BENCH#floor", sk: "TX#" + id + "#" + i, card: "x".repeat(600) } } }))] }));',
  BatchGet:
    'await db.send(new BatchGetCommand({ RequestItems: { [TableName]: { Keys: [{ pk: "BENCH#floor", sk: "GET" }, { pk: "BENCH#floor", sk: "COUNT" }] } } }));',
  BatchWrite:
    'await db.send(new BatchWriteCommand({ RequestItems: { [TableName]: [{ PutRequest: { Item: { pk: "BENCH#floor", sk: "BATCH#" + id } } }] } }));',
  Document: '',
  Secret:
    'if (process.env.CURSOR_SECRET_ARN) await sm.send(new GetSecretValueCommand({ SecretId: process.env.CURSOR_SECRET_ARN }));',
  DeleteUser:
    'if (process.env.USER_POOL_ID) await idp.send(new AdminDeleteUserCommand({ UserPoolId: process.env.USER_POOL_ID, Username: id }));',
};

const NOT_DYNAMODB: readonly Command[] = ['Secret', 'DeleteUser', 'Document'];

/**
 * The floor's source: the client as functions/store/client.ts builds it, captured for X-Ray
 * by Powertools Tracer as the issue asks of every function (the tracer is to the trace what
 * the AWS SDK is to the calls: part of making a traced call at all), then the calls.
 */
export const floorSource = (commands: readonly Command[], txItems = 2): string => {
  if (commands.includes('Document'))
    return `import document from ${JSON.stringify(join(ROOT, 'openapi.json'))} with { type: 'json' };
export const handler = async () => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(document) });
`;
  if (commands.length === 0)
    return 'export const handler = async () => ({ statusCode: 200, headers: { "content-type": "application/json" }, body: \'{"status":"ok"}\' });\n';
  return `import { Tracer } from '@aws-lambda-powertools/tracer';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ${[...new Set(commands.filter((c) => !NOT_DYNAMODB.includes(c)).map((c) => (c === 'QueryShards' ? 'Query' : c)))].map((c) => `${c}Command`).join(', ')} } from '@aws-sdk/lib-dynamodb';
${commands.includes('Secret') ? "import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';\nconst sm = new SecretsManagerClient({});\n" : ''}${commands.includes('DeleteUser') ? "import { AdminDeleteUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';\nconst idp = new CognitoIdentityProviderClient({});\n" : ''}const TableName = process.env.TABLE_NAME;
const endpoint = process.env.DYNAMODB_ENDPOINT;
const tracer = new Tracer({ captureHTTPsRequests: false });
const db = DynamoDBDocumentClient.from(
  tracer.captureAWSv3Client(new DynamoDBClient({
    ...(endpoint ? { endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, region: process.env.AWS_REGION ?? 'me-south-1' } : {}),
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 1000, requestTimeout: 3000, throwOnRequestTimeout: true },
  })),
  { marshallOptions: { removeUndefinedValues: true } },
);
const TX_EXTRA = ${Math.max(0, txItems - 2)};
export const handler = async (event, context) => {
  const id = context.awsRequestId;
  ${commands.map((c) => CALL[c]).join('\n  ')}
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{}' };
};
`;
};

/** Times the import and the first request in a fresh process; prints one JSON line. */
const RUNNER = `const [bundle, input] = process.argv.slice(2);
const { event, context } = JSON.parse(input);
const deadline = Date.now() + 10000;
Object.assign(context, { getRemainingTimeInMillis: () => deadline - Date.now(), done() {}, fail() {}, succeed() {} });
const t0 = performance.now();
const mod = await import(bundle);
const t1 = performance.now();
let status;
let calls;
try {
  const res = await mod.handler(event, context);
  status = res && typeof res === 'object' && 'statusCode' in res ? res.statusCode : 'ok';
  calls = /calls=(\\d+)/.exec(res?.headers?.['x-consumed-capacity'] ?? '')?.[1] ?? res?.capacity?.calls;
} catch (err) {
  status = 'threw ' + (err && err.name);
}
const t2 = performance.now();
process.stdout.write('\\n@@' + JSON.stringify({ importMs: t1 - t0, firstMs: t2 - t1, status, calls: calls === undefined ? undefined : Number(calls) }) + '\\n');
process.exit(0);
`;

interface Sample {
  importMs: number;
  firstMs: number;
  status: number | string;
  /** DynamoDB calls the request made (the kit's capacity meter; the job's run summary). */
  calls?: number;
}

interface Fn {
  id: string;
  entry: string;
  /** The floor bundle's name. */
  floor: string;
}

/** Runs one child; resolves with its figures. */
const sample = (bundle: string, input: unknown, env: NodeJS.ProcessEnv, runner: string): Promise<Sample> =>
  new Promise((ok, fail) => {
    const child = spawn(process.execPath, [runner, bundle, JSON.stringify(input)], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', fail);
    child.once('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('@@'));
      if (!line) return fail(new Error(`${bundle} exited ${code} without figures:\n${out}\n${err}`));
      ok(JSON.parse(line.slice(2)) as Sample);
    });
  });

// ---- The requests -------------------------------------------------------------------------

interface Caller {
  sub: string;
  staff?: boolean;
}

let requestNo = 0;
const apiEvent = (
  spec: { id: string; method: string; path: string },
  opts: {
    params?: Record<string, string>;
    query?: Record<string, string>;
    body?: unknown;
    caller?: Caller | undefined;
    headers?: Record<string, string>;
  } = {},
) => {
  const params = opts.params ?? {};
  const rawPath =
    spec.path === '$default'
      ? '/no/such/route'
      : spec.path.replace(/\{(\w+)\}/g, (_, n: string) => encodeURIComponent(params[n] ?? ''));
  const query = opts.query ?? {};
  const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  const headers: Record<string, string> = {
    host: 'api.example.om',
    'user-agent': 'bench',
    accept: 'application/json',
    'accept-language': 'en',
    ...(opts.caller ? { authorization: 'Bearer bench' } : {}),
    ...(body
      ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }
      : {}),
    ...opts.headers,
  };
  const claims = opts.caller
    ? {
        sub: opts.caller.sub,
        email: `${opts.caller.sub}@example.om`,
        ...(opts.caller.staff ? { 'cognito:groups': '[staff]' } : {}),
        // The app client: staff come from the internal tool's (docs/identity.md).
        aud: opts.caller.staff ? LOCAL_STAFF_AUDIENCE : LOCAL_AUDIENCE,
        iss: 'https://cognito-idp.me-south-1.amazonaws.com/local',
        token_use: 'id',
      }
    : undefined;
  const requestId = `bench-${process.pid}-${++requestNo}`;
  return {
    event: apiGatewayEvent({
      method: spec.method,
      route: spec.path,
      rawPath,
      headers,
      query,
      params,
      ...(claims ? { claims } : {}),
      ...(body ? { body } : {}),
      requestId,
    }),
    // Sent to the child as JSON: the runner adds the context's functions back.
    context: lambdaContext(spec.id, requestId),
  };
};

const today = (daysAgo = 0) =>
  new Date(Date.now() + 4 * 3600_000 - daysAgo * 86_400_000).toISOString().slice(0, 10);
const profile = (name: string) => ({
  name,
  governorate: 'OM-MA',
  wilayat: 'bawshar',
  interests: ['mobility', 'energy'],
  expertise: ['urban planning'],
  bio: 'Engineer in Muscat.',
  languages: ['ar', 'en'],
});
const lecture = () => ({
  title: 'Smart water meters for Bawshar homes',
  topic: 'water',
  description: 'How smart meters cut household water use.',
  deliveredOn: today(1),
  format: 'in_person',
  governorate: 'OM-MA',
  wilayat: 'bawshar',
  venue: 'Bawshar community hall',
  audience: 'public',
  attendees: 40,
  evidenceUrls: ['https://example.om/photo.jpg'],
});
const idea = () => ({
  title: 'Smart irrigation for Nizwa date farms',
  summary: 'Soil sensors and a shared dashboard so farmers water only when the palms need it.',
  problem: 'Falaj water is scarce in summer.',
  city: 'nizwa',
  tags: ['water', 'iot'],
  missions: ['research', 'engagement'],
  teamSize: 5,
});
const FEATURE = { headlineAr: 'ري ذكي', headlineEn: 'Smart irrigation' };
const OUTCOME = { outcome: 'Sensors installed on twelve farms; water use fell by a fifth.' };

/** The data the first requests read: seeded through the running local API. */
const seed = async (server: LocalServer, samples: number) => {
  const api = httpClient(server.baseUrl);
  const call = async (method: string, path: string, sub?: string, body?: unknown, groups?: string[]) => {
    const res = await api.call(method, path, {
      ...(sub ? { token: await api.token(sub, groups) } : {}),
      ...(body !== undefined ? { body } : {}),
    });
    if (res.status >= 300)
      throw new Error(`seed ${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return (res.body && typeof res.body === 'object' ? res.body : {}) as { id: string };
  };
  const staff = 'bench-staff';
  const author = 'bench-author';
  const member = 'bench-member';
  const range = (label: string) => Array.from({ length: samples }, (_, i) => `${label}-${i}`);
  for (const sub of [author, member, ...range('bench-leaver'), ...range('bench-erased')])
    await call('POST', '/ambassadors', sub, profile('Aisha Al-Harthy'));
  const lectureId = (await call('POST', '/lectures', author, lecture())).id;
  const newLectures = async () => {
    const ids: string[] = [];
    for (let i = 0; i < samples; i++) ids.push((await call('POST', '/lectures', author, lecture())).id);
    return ids;
  };
  const toDelete = await newLectures();
  const toReview = await newLectures();
  const submitted = async () => (await call('POST', '/ideas', author, idea())).id;
  const approved = async (teamSize = 5) => {
    const id = (await call('POST', '/ideas', author, { ...idea(), teamSize })).id;
    await call('POST', `/staff/ideas/${id}/decision`, staff, { decision: 'approve' }, ['staff']);
    return id;
  };
  const patchable = await submitted();
  const toWithdraw: string[] = [];
  const toDecide: string[] = [];
  for (let i = 0; i < samples; i++) {
    toWithdraw.push(await submitted());
    toDecide.push(await submitted());
  }
  // An approved idea with a team: the member and one leaver per sample joined it.
  const teamIdea = await approved(20);
  for (const sub of [member, ...range('bench-leaver')]) {
    await call('POST', `/ideas/${teamIdea}/join-requests`, sub, {});
    await call('POST', `/ideas/${teamIdea}/join-requests/${sub}/decision`, author, { decision: 'accept' });
  }
  const commentId = (await call('POST', `/ideas/${teamIdea}/comments`, member, { body: 'Count me in.' })).id;
  const comments: string[] = [];
  for (let i = 0; i < samples; i++)
    comments.push((await call('POST', `/ideas/${teamIdea}/comments`, author, { body: 'Draft note.' })).id);
  // Join requests waiting for the leader's decision, one per sample.
  const joiners = range('bench-joiner');
  for (const sub of joiners) {
    await call('POST', '/ambassadors', sub, profile('Salim Al-Busaidi'));
    await call('POST', `/ideas/${teamIdea}/join-requests`, sub, {});
  }
  // Projects to start (approved, with a team), complete (in progress), feature and unfeature.
  const withTeam = async () => {
    const id = await approved();
    await call('POST', `/ideas/${id}/join-requests`, member, {});
    await call('POST', `/ideas/${id}/join-requests/${member}/decision`, author, { decision: 'accept' });
    return id;
  };
  const toStart: string[] = [];
  const toComplete: string[] = [];
  const toFeature: string[] = [];
  const toUnfeature: string[] = [];
  const toHandOver: string[] = [];
  const toHandOverAsStaff: string[] = [];
  for (let i = 0; i < samples; i++) {
    toHandOver.push(await withTeam());
    toHandOverAsStaff.push(await withTeam());
    toStart.push(await withTeam());
    const started = await withTeam();
    await call('POST', `/ideas/${started}/start`, author);
    toComplete.push(started);
    for (const list of [toFeature, toUnfeature]) {
      const done = await withTeam();
      await call('POST', `/ideas/${done}/start`, author);
      await call('POST', `/ideas/${done}/complete`, author, OUTCOME);
      list.push(done);
    }
  }
  for (const id of toUnfeature)
    await call(
      'POST',
      `/staff/ideas/${id}/feature`,
      staff,
      { headlineAr: 'ري ذكي', headlineEn: 'Smart irrigation' },
      ['staff'],
    );
  const showcased = await withTeam();
  await call('POST', `/ideas/${showcased}/start`, author);
  await call('POST', `/ideas/${showcased}/complete`, author, OUTCOME);
  await call('POST', `/staff/ideas/${showcased}/feature`, staff, FEATURE, ['staff']);
  // Publish what the seed changed, so that every run the job samples make is an idle one.
  await call('POST', '/_local/schedules/leaderboards');
  return {
    staff: { sub: staff, staff: true } as Caller,
    author: { sub: author } as Caller,
    member: { sub: member } as Caller,
    stranger: { sub: 'bench-stranger' } as Caller,
    leavers: range('bench-leaver'),
    erased: range('bench-erased'),
    joiners,
    lectureId,
    toDelete,
    toReview,
    patchable,
    toWithdraw,
    toDecide,
    teamIdea,
    commentId,
    comments,
    toStart,
    toComplete,
    toFeature,
    toUnfeature,
    toHandOver,
    toHandOverAsStaff,
    showcased,
  };
};

type Seeded = Awaited<ReturnType<typeof seed>>;

/** The first request each route serves in sample i: one that succeeds where seeding allows. */
const requestFor = (spec: RouteSpec, s: Seeded, i: number): Parameters<typeof apiEvent>[1] => {
  const at = <T>(xs: T[]) => xs[i % xs.length] as T;
  const { author, member, staff } = s;
  switch (spec.id) {
    case 'registerAmbassador':
      return { caller: { sub: `bench-new-${process.pid}-${i}` }, body: profile('Maryam Al-Lawati') };
    case 'getMe':
    case 'exportMe':
      return { caller: author };
    case 'patchMe':
      return { caller: author, body: { bio: `Engineer in Muscat (${i}).` } };
    case 'deleteMe':
      return { caller: { sub: at(s.erased) } };
    case 'getAmbassador':
      return { caller: member, params: { id: author.sub } };
    case 'listAmbassadors':
      return { caller: member, query: { governorate: 'OM-MA', limit: '20' } };
    case 'reportLecture':
      return { caller: author, body: lecture() };
    case 'getLecture':
      return { caller: author, params: { id: s.lectureId } };
    case 'listLectures':
      return { caller: member, query: { limit: '20' } };
    case 'listUpcomingLectures':
      return { query: { limit: '20' } };
    case 'listMyLectures':
      return { caller: author, query: { limit: '20' } };
    case 'patchLecture':
      return { caller: author, params: { id: s.lectureId }, body: { attendees: 40 + i } };
    case 'deleteLecture':
      return { caller: author, params: { id: at(s.toDelete) } };
    case 'lectureQueue':
      return { caller: staff, query: { limit: '20' } };
    case 'reviewLecture':
      return { caller: staff, params: { id: at(s.toReview) }, body: { decision: 'verify' } };
    case 'getCommunity':
      return { params: { id: 'OM-MA' } };
    case 'addResource':
      return {
        caller: author,
        params: { id: 'OM-MA' },
        body: { title: 'Bawshar water survey', url: 'https://example.om/survey.pdf', kind: 'dataset' },
      };
    case 'listResources':
      return { params: { id: 'OM-MA' }, query: { limit: '20' } };
    case 'getLeaderboard':
      return { params: { board: 'lectures' }, query: { period: 'all' } };
    case 'submitIdea':
      return { caller: author, body: idea() };
    case 'getIdea':
    case 'getTeam':
      return { caller: member, params: { id: s.teamIdea } };
    case 'listIdeas':
      return { caller: member, query: { limit: '20' } };
    case 'listMyIdeas':
      return { caller: author, query: { limit: '20' } };
    case 'patchIdea':
      return {
        caller: author,
        params: { id: s.patchable },
        body: { problem: `Falaj water is scarce (${i}).` },
      };
    case 'withdrawIdea':
      return { caller: author, params: { id: at(s.toWithdraw) } };
    case 'ideaQueue':
      return { caller: staff, query: { limit: '20' } };
    case 'decideIdea':
      return { caller: staff, params: { id: at(s.toDecide) }, body: { decision: 'approve' } };
    case 'ideaAudit':
      return { caller: staff, params: { id: s.teamIdea } };
    case 'addComment':
      return {
        caller: member,
        params: { id: s.teamIdea },
        body: { body: 'Happy to help with the sensors.' },
      };
    case 'listComments':
      return { caller: member, params: { id: s.teamIdea }, query: { limit: '20' } };
    case 'deleteComment':
      return { caller: author, params: { id: s.teamIdea, commentId: at(s.comments) } };
    case 'hideComment':
      return { caller: staff, params: { id: s.teamIdea, commentId: s.commentId } };
    case 'requestJoin':
      return { caller: author, params: { id: at(s.toWithdraw) }, body: {} };
    case 'listJoinRequests':
      return { caller: author, params: { id: s.teamIdea } };
    case 'decideJoin':
      return {
        caller: author,
        params: { id: s.teamIdea, ambassadorId: at(s.joiners) },
        body: { decision: 'accept' },
      };
    case 'leaveTeam':
      return { caller: { sub: at(s.leavers) }, params: { id: s.teamIdea } };
    case 'handOverTeam':
      return { caller: author, params: { id: at(s.toHandOver) }, body: { ambassadorId: member.sub } };
    case 'staffHandOverTeam':
      return { caller: staff, params: { id: at(s.toHandOverAsStaff) }, body: { ambassadorId: member.sub } };
    case 'startProject':
      return { caller: author, params: { id: at(s.toStart) } };
    case 'completeProject':
      return { caller: author, params: { id: at(s.toComplete) }, body: OUTCOME };
    case 'featureProject':
      return {
        caller: staff,
        params: { id: at(s.toFeature) },
        body: FEATURE,
      };
    case 'unfeatureProject':
      return { caller: staff, params: { id: at(s.toUnfeature) } };
    case 'listShowcase':
      return { query: { limit: '20' } };
    case 'getShareCard':
    case 'getShareCardPng':
      return { params: { id: s.showcased } };
    default:
      // Reference data, health, the OpenAPI document, not-found, communities list.
      return {};
  }
};

// ---- The run ------------------------------------------------------------------------------

/** Bytes of each input in one output, summed by package (or by top folder of ours). */
const contributors = (meta: esbuild.Metafile, output: string, top = 8): string[] => {
  const inputs = meta.outputs[output]?.inputs ?? {};
  const by = new Map<string, number>();
  for (const [path, { bytesInOutput }] of Object.entries(inputs)) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
    const group = m?.[1] ?? path.split('/').slice(0, 2).join('/');
    by.set(group, (by.get(group) ?? 0) + bytesInOutput);
  }
  const total = [...by.values()].reduce((a, b) => a + b, 0);
  return [...by]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([g, b]) => `${g}: ${fmt(round(b / 1024))} KB (${Math.round((100 * b) / total)} %)`);
};

export const run = async (opts: BenchOptions & { only?: string[] }): Promise<SectionResult> => {
  const started = performance.now();
  const samples = opts.quick ? 3 : 5;
  const dir = mkdtempSync(join(tmpdir(), 'sca-cold-start-'));
  let server: LocalServer | undefined;
  try {
    const only = opts.only;
    const fns: Fn[] = [
      ...routes.map((r) => ({ id: r.id, entry: `functions/http/${r.handler}`, floor: '' })),
      { ...JOB, floor: '' },
    ].filter((f) => !only || only.includes(f.id));
    const floorSets = new Map<string, readonly Command[]>();
    const floorTx = new Map<string, number>();
    for (const fn of fns) {
      const commands = floorOf(fn.id);
      if (!commands) throw new Error(`no floor for ${fn.id}: add it to FLOOR_COMMANDS`);
      const tx = commands.includes('TransactWrite') ? txItemsOf(fn.id) : 0;
      fn.floor = `floor-${commands.length ? [...commands].sort().join('-') : 'constant'}${tx > 2 ? `-tx${tx}` : ''}`;
      floorSets.set(fn.floor, commands);
      floorTx.set(fn.floor, tx);
    }
    for (const [name, commands] of floorSets)
      writeFileSync(join(dir, `${name}.mjs`), floorSource(commands, floorTx.get(name)));
    const runner = join(dir, 'runner.mjs');
    writeFileSync(runner, RUNNER);

    const buildStarted = performance.now();
    const built = await buildBundles(
      {
        ...Object.fromEntries(fns.map((f) => [f.id, join(ROOT, f.entry)])),
        ...Object.fromEntries([...floorSets.keys()].map((n) => [n, join(dir, `${n}.mjs`)])),
      },
      join(dir, 'out'),
    );
    const buildMs = performance.now() - buildStarted;
    const bytesOf = new Map<string, number>();
    for (const [out, o] of Object.entries(built.metafile.outputs))
      if (out.endsWith('.mjs')) bytesOf.set(resolve(ROOT, out), o.bytes);
    const bundleOf = (name: string) => join(dir, 'out', `${name}.mjs`);
    const kb = (name: string) => (bytesOf.get(bundleOf(name)) ?? Number.NaN) / 1024;

    server = await spawnLocalServer({ tableName: 'sca-bench', cursorSecret: 'bench-cursor-secret' });
    const seeded = await seed(server, samples);
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      TABLE_NAME: server.tableName,
      CURSOR_SECRET: server.cursorSecret,
      DYNAMODB_ENDPOINT: server.dynamoEndpoint,
      // As the API stack sets them: the staff client, and the user pool the erasure deletes from
      // (the local server's stand-in for Cognito).
      STAFF_CLIENT_ID: LOCAL_STAFF_AUDIENCE,
      USER_POOL_ID: LOCAL_USER_POOL_ID,
      COGNITO_ENDPOINT: `${server.baseUrl}/_local/cognito/`,
      AWS_REGION: 'me-south-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      LOG_LEVEL: 'SILENT',
      // The samples write as a few callers, many times a minute: the quota's counter write is
      // still made (and counted), but never refuses.
      WRITE_QUOTA_PER_MINUTE: '1000000',
      // Answers carry the meter (x-consumed-capacity), so the table shows the calls made.
      EXPOSE_CAPACITY: '1',
      POWERTOOLS_SERVICE_NAME: 'smart-city-ambassadors',
      // As in Lambda with active tracing: Powertools traces and writes metrics (EMF lines on
      // stdout), and the X-Ray SDK runs in its Lambda mode with a sampled trace, sending each
      // subsegment over UDP to a daemon address where nothing listens (as cheap as the real one).
      AWS_LAMBDA_FUNCTION_NAME: 'cold-start-bench',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
      LAMBDA_TASK_ROOT: ROOT,
      _X_AMZN_TRACE_ID: 'Root=1-6745b3a1-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1',
      AWS_XRAY_DAEMON_ADDRESS: '127.0.0.1:2000',
      AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
      POWERTOOLS_METRICS_NAMESPACE: 'SmartCityAmbassadors',
      STAGE: 'bench',
    };
    const inputOf = (id: string, i: number) => {
      const spec = routes.find((r) => r.id === id);
      return spec
        ? apiEvent(spec, requestFor(spec, seeded, i))
        : {
            event: { 'detail-type': 'Scheduled Event', source: 'aws.events' },
            context: { awsRequestId: `job-${i}` },
          };
    };

    // Function and floor alternate, round after round, so drift hits both alike.
    const fnSamples = new Map<string, Sample[]>(fns.map((f) => [f.id, []]));
    const floorSamples = new Map<string, Sample[]>(fns.map((f) => [f.id, []]));
    const measureStarted = performance.now();
    for (let i = 0; i < samples; i++)
      for (const fn of fns) {
        const input = inputOf(fn.id, i);
        // Each job sample is an idle run: publish what the functions before it changed.
        if (fn.id === JOB.id)
          await fetch(`${server.baseUrl}/_local/schedules/leaderboards`, { method: 'POST' });
        const order = i % 2 ? ['floor', 'fn'] : ['fn', 'floor'];
        for (const which of order)
          if (which === 'fn') fnSamples.get(fn.id)?.push(await sample(bundleOf(fn.id), input, env, runner));
          else floorSamples.get(fn.id)?.push(await sample(bundleOf(fn.floor), input, env, runner));
      }
    const measureMs = performance.now() - measureStarted;

    const init = (s: Sample) => s.importMs + s.firstMs;
    const rows = fns.map((fn) => {
      const f = fnSamples.get(fn.id) ?? [];
      const fl = floorSamples.get(fn.id) ?? [];
      const initMs = median(f.map(init));
      const floorInitMs = median(fl.map(init));
      const statuses = [...new Set(f.map((s) => String(s.status)))].join('/');
      const calls = [...new Set(f.map((s) => String(s.calls ?? 0)))].join('/');
      return {
        id: fn.id,
        status: statuses,
        calls,
        floor: fn.floor,
        floorCommands: floorOf(fn.id) ?? [],
        bundleKB: round(kb(fn.id)),
        floorKB: round(kb(fn.floor)),
        deltaKB: round(kb(fn.id) - kb(fn.floor)),
        importMs: round(median(f.map((s) => s.importMs))),
        firstRequestMs: round(median(f.map((s) => s.firstMs))),
        initMs: round(initMs),
        floorImportMs: round(median(fl.map((s) => s.importMs))),
        floorInitMs: round(floorInitMs),
        // Per sample: function init over the floor init measured next to it.
        ratio: round(median(f.map((s, k) => init(s) / init(fl[k] ?? s))), 2),
        floorStatus: [...new Set(fl.map((s) => String(s.status)))].join('/'),
        samples: { fn: f, floor: fl },
      };
    });

    // Noise: the spread of one floor measured next to many functions.
    const byFloor = new Map<string, number[]>();
    for (const fn of fns)
      byFloor.set(fn.floor, [...(byFloor.get(fn.floor) ?? []), ...(floorSamples.get(fn.id) ?? []).map(init)]);
    const noise = [...byFloor]
      .filter(([, xs]) => xs.length >= 10)
      .map(([name, xs]) => {
        const s = [...xs].sort((a, b) => a - b);
        const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] as number;
        return {
          floor: name,
          n: s.length,
          medianMs: round(median(s)),
          p10Ms: round(q(0.1)),
          p90Ms: round(q(0.9)),
        };
      });

    const misses: string[] = [];
    for (const r of rows) {
      if (r.ratio > INIT_RATIO)
        misses.push(
          `${r.id}: init is ${r.ratio}× its floor's (medians ${fmt(r.initMs)} ms against ${fmt(r.floorInitMs)} ms; target ≤ ${INIT_RATIO}×).`,
        );
      if (r.deltaKB > EXTRA_KB)
        misses.push(
          `${r.id}: bundle ${fmt(r.bundleKB)} KB is ${fmt(r.deltaKB)} KB over its floor's ${fmt(r.floorKB)} KB (target ≤ +${EXTRA_KB} KB, over by ${fmt(round(r.deltaKB - EXTRA_KB))} KB).`,
        );
    }

    const typical = 'getLecture';
    const outKey = Object.keys(built.metafile.outputs).find((k) => k.endsWith(`/out/${typical}.mjs`)) ?? '';
    const largest = contributors(built.metafile, outKey);

    const table = [
      renderTable(
        [
          'function',
          'status',
          'calls',
          'bundle KB',
          'floor KB',
          'Δ KB',
          'import ms',
          '1st req ms',
          'init ms',
          'floor init ms',
          'ratio',
          'floor calls',
        ],
        rows.map((r) => [
          r.id,
          r.status,
          r.calls,
          fmt(r.bundleKB),
          fmt(r.floorKB),
          fmt(r.deltaKB),
          fmt(r.importMs),
          fmt(r.firstRequestMs),
          fmt(r.initMs),
          fmt(r.floorInitMs),
          `${r.ratio.toFixed(2)}${r.ratio > INIT_RATIO || r.deltaKB > EXTRA_KB ? ' ✗' : ''}`,
          (r.floorCommands.join('+') || 'constant').replace(
            'TransactWrite',
            `TransactWrite(${txItemsOf(r.id)})`,
          ),
        ]),
      ),
      '',
      `Medians of ${samples} fresh-process samples each (Node ${process.version}); ratio = median of per-sample function/floor init, measured side by side.`,
      `Targets: init ≤ ${INIT_RATIO}× the floor's, bundle ≤ floor + ${EXTRA_KB} KB. ✗ = a target missed.`,
      `Noise (one floor measured next to many functions, init ms): ${noise.map((n) => `${n.floor} median ${fmt(n.medianMs)}, p10–p90 ${fmt(n.p10Ms)}–${fmt(n.p90Ms)} (n=${n.n})`).join('; ')}`,
      `Largest contributors to ${typical}'s bundle (minified bytes): ${largest.join(', ')}`,
      `Build ${fmt(round(buildMs / 1000, 1))} s, samples ${fmt(round(measureMs / 1000, 1))} s, total ${fmt(round((performance.now() - started) / 1000, 1))} s.`,
    ].join('\n');

    return {
      results: {
        samples,
        node: process.version,
        targets: { initRatio: INIT_RATIO, extraKB: EXTRA_KB },
        functions: rows,
        floors: Object.fromEntries(
          [...floorSets].map(([name, commands]) => [name, { commands, bundleKB: round(kb(name)) }]),
        ),
        noise,
        largestContributors: { function: typical, lines: largest },
        seconds: {
          build: round(buildMs / 1000),
          samples: round(measureMs / 1000),
          total: round((performance.now() - started) / 1000),
        },
      },
      table,
      misses,
    };
  } finally {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
};

if (import.meta.main) {
  // `--only id,id` measures a few functions (while trimming one).
  const only = process.argv[process.argv.indexOf('--only') + 1];
  const result = await run({
    quick: process.argv.includes('--quick'),
    ...(process.argv.includes('--only') && only ? { only: only.split(',') } : {}),
  });
  console.log(result.table);
  if (result.misses.length) console.log(`\nMisses:\n${result.misses.map((m) => `- ${m}`).join('\n')}`);
}
