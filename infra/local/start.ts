/**
 * `npm start`: the whole API on http://localhost:3000 against DynamoDB Local.
 *
 * Environment: PORT (3000; 0 picks a free one), HOST (127.0.0.1: the server mints staff tokens
 * for anyone who asks, so it answers this machine only unless told otherwise, e.g. `0.0.0.0`),
 * DYNAMODB_PORT (8000; 0 picks a free one),
 * DATA_DIR (.data; `memory` keeps nothing), TABLE_NAME, LOG_LEVEL (WARN),
 * LEADERBOARD_INTERVAL_SECONDS (60; 0 runs the job only when asked), CURSOR_SECRET (kept in
 * DATA_DIR when unset) and CURSOR_SECRET_PREVIOUS (unset: as after a rotation, cursors under
 * it still verify; functions/store/cursor-keys.ts).
 * ENFORCE_KEY_ACCESS (1: an access beyond a route's declared keys answers 500,
 * infra/local/key-access.ts; 0 turns it off). STREAM_POLL_MS (200): how often the table's
 * stream is read for the notification consumer. MAIL_FROM (no-reply@localhost) and
 * PUBLIC_BASE_URL (the server's own URL): what the consumer's emails are sent from and link to.
 *
 * Local routes (never deployed; outside every quota; lists as `{ items }`, newest first;
 * docs/local.md tells more):
 * - POST /_local/token, GET /_local/jwks.json: tokens as Cognito would sign them.
 * - POST /_local/cognito/ (the user pool's admin API), POST /_local/cognito/outage.
 * - GET /_local/clock → { now, offsetSeconds }; POST /_local/clock { "advanceSeconds": n ≥ 0 }
 *   moves the one clock forward (functions/clock.ts) for every route and job.
 * - POST /_local/schedules/leaderboards, POST /_local/schedules/digest: run a job now (the
 *   digest after the stream is drained), at the clock's time.
 * - POST /_local/stream/drain: answers once every record written before it has been handled
 *   by the consumer (or set aside): tests call it instead of sleeping. GET /_local/stream/stats,
 *   GET /_local/stream/failures (records set aside after the last retry), POST
 *   /_local/stream/fail-next { "afterRecords": k } | { "afterCalls": n } (+ "times"): the next
 *   consumer invocation crashes after handling k records, or at its (n+1)th DynamoDB call.
 * - GET /_local/mail (`?to=`): every email sent through the SES stand-in
 *   (POST /_local/ses/v2/email/outbound-emails); POST /_local/ses/outage { "failures": n }.
 * - GET /_local/events (`?detail-type=`): what was put on the bus (POST /_local/eventbridge/).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { LEADERBOARD_JOB_KEYS } from '#functions/scheduled/table-access.ts';
import { mergeTableKeys } from '#http/table-keys.ts';
import { clockRoutes } from './clock.ts';
import { createLocalCognito, LOCAL_USER_POOL_ID } from './cognito.ts';
import { ensureTable, type LocalDynamo, StartupError, startDynamoLocal } from './dynamodb.ts';
import { createGateway, type LocalRoute, tokenRoute } from './gateway.ts';
import { enforcing, installKeyGuard, withKeyAccess } from './key-access.ts';
import { createTokenIssuer, LOCAL_STAFF_AUDIENCE } from './tokens.ts';

const root = resolve(import.meta.dirname, '../..');
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST || '127.0.0.1';
const dynamoPort = Number(process.env.DYNAMODB_PORT ?? 8000);
const dataDirSetting = process.env.DATA_DIR ?? '.data';
const dataDir = dataDirSetting === 'memory' ? undefined : resolve(root, dataDirSetting);
const tableName = process.env.TABLE_NAME ?? 'smart-city-ambassadors';

/** Resolves to the port if it can be bound (0 → a free one), or fails in one sentence. */
const claimPort = (p: number, what: string, variable: string, on = '127.0.0.1'): Promise<number> =>
  new Promise((ok, fail) => {
    const probe = createServer();
    probe.once('error', () =>
      fail(
        new StartupError(
          `Port ${p} is already in use, so ${what} cannot start: stop whatever uses it or set ${variable} to another port.`,
        ),
      ),
    );
    probe.listen(p, on, () => {
      const address = probe.address();
      const chosen = typeof address === 'object' && address ? address.port : p;
      probe.close(() => ok(chosen));
    });
  });

const stableSecret = (): string => {
  if (!dataDir) return randomBytes(32).toString('base64url');
  const file = join(dataDir, 'cursor-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
};

const escapeHtml = (t: string) =>
  t.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] ?? c);

/** The reference page: an index of every operation, then Redoc reading /openapi.json. */
const docsPage = (doc: {
  paths: Record<string, Record<string, { summary?: string; operationId: string }>>;
}) => {
  const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(
      ([method, op]) =>
        `<li id="op-${op.operationId}"><code>${method.toUpperCase()} ${escapeHtml(path)}</code> ${escapeHtml(op.summary ?? '')}</li>`,
    ),
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Smart City Ambassadors API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{margin:0;font-family:system-ui,sans-serif}#index{padding:8px 24px;background:#f4f7f6}#index li{margin:2px 0}</style></head>
<body><details id="index"><summary>All ${operations.length} operations</summary><ul>${operations.join('')}</ul></details>
<div id="redoc"></div>
<script type="module">
import { init } from '/docs/redoc.standalone.js';
init('/openapi.json', { expandResponses: '200,201' }, document.getElementById('redoc'));
</script></body></html>`;
};

let dynamo: LocalDynamo | undefined;

const main = async () => {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const httpPort = await claimPort(port, 'the API', 'PORT', host);
  const ddbPort = await claimPort(dynamoPort, 'DynamoDB Local', 'DYNAMODB_PORT');

  dynamo = await startDynamoLocal(ddbPort, dataDir);
  const streamArn = await ensureTable(dynamo.endpoint, tableName);

  // What the CDK stack sets on every function, pointed at the local stand-ins.
  Object.assign(process.env, {
    TABLE_NAME: tableName,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    // Locally the value itself; in AWS only cursor routes get the secret's ARN, read at run time.
    CURSOR_SECRET: process.env.CURSOR_SECRET ?? stableSecret(),
    AWS_REGION: process.env.AWS_REGION ?? 'me-south-1',
    EXPOSE_CAPACITY: '1',
    POWERTOOLS_LOG_LEVEL: process.env.LOG_LEVEL ?? 'WARN',
    POWERTOOLS_SERVICE_NAME: 'smart-city-ambassadors',
    // Least privilege by key, as IAM enforces it in AWS: an access a route or the job did not
    // declare answers 500 naming it (infra/local/key-access.ts). ENFORCE_KEY_ACCESS=0 turns it off.
    ENFORCE_KEY_ACCESS: process.env.ENFORCE_KEY_ACCESS ?? '1',
  });
  if (enforcing()) installKeyGuard((await import('#store/client.ts')).db);

  // Every interface (`0.0.0.0`, `::`) is reached as localhost from here; an IPv6 address in brackets.
  const urlHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  const baseUrl = `http://${urlHost}:${httpPort}`;
  // The user pool, as the API stack points the functions at it (docs/identity.md).
  const cognito = createLocalCognito(dataDir ? join(dataDir, 'cognito-erased.json') : undefined);
  Object.assign(process.env, {
    STAFF_CLIENT_ID: LOCAL_STAFF_AUDIENCE,
    USER_POOL_ID: LOCAL_USER_POOL_ID,
    COGNITO_ENDPOINT: `${baseUrl}/_local/cognito/`,
  });
  const tokens = await createTokenIssuer(
    `${baseUrl}/_local`,
    dataDir ? join(dataDir, 'local-signing-key.json') : undefined,
  );
  // The schedule: like EventBridge, one run at a time; a run asked for while one is going
  // waits for it and then runs, so its answer reflects everything written before the ask.
  const { runLeaderboards } = await import('#functions/scheduled/leaderboards.ts');
  const { clock } = await import('#functions/clock.ts');
  const { buildOpenApi } = await import('#http/openapi.ts');
  let running: Promise<unknown> = Promise.resolve();
  const runJob = () => {
    const next = running.then(() =>
      enforcing()
        ? withKeyAccess('leaderboardJob', mergeTableKeys(LEADERBOARD_JOB_KEYS), () =>
            runLeaderboards({ now: clock.now() }),
          ).result
        : runLeaderboards({ now: clock.now() }),
    );
    running = next.catch((err: unknown) => console.error('leaderboard job failed:', err));
    return next;
  };
  const everySeconds = Number(process.env.LEADERBOARD_INTERVAL_SECONDS ?? 60);
  const timer =
    everySeconds > 0
      ? setInterval(() => void runJob().catch(() => undefined), everySeconds * 1000)
      : undefined;
  timer?.unref();

  // The stream's consumer, SES, the bus and the digest (infra/local/notifications.ts).
  const { startLocalNotifications } = await import('./notifications.ts');
  const notifications = await startLocalNotifications({
    baseUrl,
    dynamoEndpoint: dynamo.endpoint,
    streamArn,
    region: process.env.AWS_REGION ?? 'me-south-1',
    dataDir,
  });

  const localRoutes: Record<string, LocalRoute> = {
    ...clockRoutes(),
    ...notifications.routes,
    'POST /_local/token': tokenRoute(tokens, cognito),
    // The SDK posts to the endpoint's path with a trailing slash.
    'POST /_local/cognito/': cognito.api,
    'POST /_local/cognito/outage': cognito.outage,
    'GET /_local/jwks.json': async () => ({ status: 200, body: tokens.jwks }),
    'POST /_local/schedules/leaderboards': async () => ({ status: 200, body: await runJob() }),
    // The API reference: Redoc (shipped inside @redocly/cli) reading /openapi.json.
    'GET /docs': async () => ({
      status: 200,
      body: docsPage(buildOpenApi() as Parameters<typeof docsPage>[0]),
      contentType: 'text/html; charset=utf-8',
    }),
    'GET /docs/redoc.standalone.js': async () => ({
      status: 200,
      body: readFileSync(resolve(root, 'node_modules/@redocly/cli/lib/chunks/redoc.standalone.js'), 'utf8'),
      contentType: 'text/javascript; charset=utf-8',
    }),
  };
  const quiet = process.env.LOG_LEVEL === 'SILENT';
  const server = createGateway({
    tokens,
    localRoutes,
    log: quiet ? undefined : (l) => console.log(`${l.method} ${l.path} → ${l.status} (${l.ms} ms)`),
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(httpPort, host, ok);
  });
  notifications.start();
  console.log(
    `Smart City Ambassadors API listening on ${baseUrl} (DynamoDB Local at ${dynamo.endpoint}, data in ${dataDir ?? 'memory'})`,
  );

  const stop = async () => {
    if (timer) clearInterval(timer);
    await notifications.stop();
    server.close();
    server.closeAllConnections();
    await dynamo?.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
};

main().catch(async (err: unknown) => {
  await dynamo?.stop();
  console.error(err instanceof StartupError ? err.message : err);
  process.exit(1);
});
