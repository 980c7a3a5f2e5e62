/**
 * The real handlers, called in process with API Gateway v2 events as the local gateway builds
 * them (infra/local/gateway.ts: claims as strings, `cognito:groups` as "[staff]"), against the
 * real DynamoDB Local, with the shared DynamoDB client failing on purpose (test/functions/faults.test.ts
 * describes where the middleware sits and why).
 *
 * A test file using `inject` heals the client after each test and closes the fake servers at
 * its end: `afterEach(heal); afterAll(closeFakeServers);`.
 */
import { createServer, type Server, type Socket } from 'node:net';
import {
  InternalServerError,
  ProvisionedThroughputExceededException,
  RequestLimitExceeded,
  ThrottlingException,
  TransactionCanceledException,
  TransactionConflictException,
} from '@aws-sdk/client-dynamodb';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { expect } from 'vitest';
import type { RouteSpec } from '#http/route-spec.ts';
import { apiGatewayEvent, lambdaContext } from '#infra/local/lambda-event.ts';
import { LOCAL_AUDIENCE, LOCAL_STAFF_AUDIENCE } from '#infra/local/tokens.ts';
import { db } from '#store/client.ts';

export type Event = APIGatewayProxyEventV2WithJWTAuthorizer;
export type Handler = (e: Event, c: Context) => Promise<APIGatewayProxyStructuredResultV2>;

// ---------------------------------------------------------------------------------------------
// Events as the local gateway (infra/local/gateway.ts) builds them.

export interface Caller {
  sub: string;
  email?: string;
  staff?: boolean;
}
export interface Req {
  caller?: Caller;
  params?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
}

export const eventOf = (spec: RouteSpec, req: Req): Event => {
  const path = spec.path.replace(/\{(\w+)\}/g, (_, n: string) => encodeURIComponent(req.params?.[n] ?? ''));
  const headers: Record<string, string> = {
    host: 'localhost:3000',
    'user-agent': 'faults-test',
    ...(req.body !== undefined ? { 'content-type': 'application/json' } : {}),
  };
  for (const [k, v] of Object.entries(req.headers ?? {})) headers[k.toLowerCase()] = v;
  const iat = Math.floor(Date.now() / 1000);
  // The claims as the JWT authorizer hands them on: every value a string.
  const claims = req.caller
    ? {
        token_use: 'id',
        ...(req.caller.email !== ''
          ? { email: req.caller.email ?? `${req.caller.sub}@example.om`, email_verified: 'true' }
          : {}),
        ...(req.caller.staff ? { 'cognito:groups': '[staff]' } : {}),
        sub: req.caller.sub,
        iss: 'http://localhost:3000',
        // Staff sign in to the internal tool (docs/identity.md): its client is the audience.
        aud: req.caller.staff ? LOCAL_STAFF_AUDIENCE : LOCAL_AUDIENCE,
        iat: String(iat),
        exp: String(iat + 3600),
      }
    : undefined;
  return apiGatewayEvent({
    method: spec.method,
    route: spec.path,
    rawPath: path,
    headers,
    ...(req.params ? { params: req.params } : {}),
    ...(claims ? { claims } : {}),
    ...(req.body !== undefined ? { body: JSON.stringify(req.body) } : {}),
  });
};

const contextOf = (spec: RouteSpec): Context => lambdaContext(spec.id);

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: any;
  /** The handler threw: a Lambda error, which API Gateway answers with a bare 500. */
  crashed?: unknown;
}

export const stats = {
  requests: 0,
  unavailable: 0,
  retriedToSuccess: 0,
  crashes: 0,
  scenarios: 0,
  attempts: 0,
  maxAttemptsPerCall: 0,
  failuresInjected: 0,
  unchangedChecks: 0,
};

export const invoke = async (spec: RouteSpec, handler: Handler, req: Req = {}): Promise<Answer> => {
  stats.requests++;
  active?.beginRequest();
  try {
    const res = await handler(eventOf(spec, req), contextOf(spec));
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers ?? {})) headers[k.toLowerCase()] = String(v);
    let body: unknown = res.body;
    try {
      body = res.body ? JSON.parse(res.body) : undefined;
    } catch {
      // not JSON
    }
    if (res.statusCode === 503) stats.unavailable++;
    return { status: res.statusCode ?? 200, headers, body };
  } catch (err) {
    stats.crashes++;
    return { status: 500, headers: {}, body: { message: 'Internal Server Error' }, crashed: err };
  }
};

export const expectUnavailable = (a: Answer, where: string) => {
  expect(
    { status: a.status, code: a.body?.code, crashed: a.crashed ? String(a.crashed) : undefined },
    `${where}: ${JSON.stringify(a.body)?.slice(0, 300)}`,
  ).toEqual({ status: 503, code: 'unavailable', crashed: undefined });
  expect(a.headers['content-type'] ?? '', where).toMatch(/^application\/problem\+json/);
  expect(a.headers['retry-after'], `${where}: Retry-After`).toMatch(/^[1-9]\d*$/);
};

// ---------------------------------------------------------------------------------------------
// Fault injection on the shared client.

export interface CallInfo {
  /** 1-based number of the logical call (one `send`) within the request. */
  index: number;
  command: string;
  /** 1-based attempt of that call, as the retry middleware makes them. */
  attempt: number;
  input: Record<string, unknown>;
}
export interface Fault {
  /** Whether this attempt fails. */
  when: (c: CallInfo) => boolean;
  /** The error thrown, or where the attempt is sent instead (a real network fault). */
  error?: (c: CallInfo) => Error;
  redirect?: (c: CallInfo) => { hostname: string; port: number };
  /**
   * The attempt reaches DynamoDB and is applied, then its answer is lost and `error` is
   * thrown instead: what a client timeout after a slow success looks like.
   */
  lose?: boolean;
}
export interface CallLog {
  index: number;
  command: string;
  attempts: number;
  failures: number;
}

export class FaultLog {
  requests: CallLog[][] = [];
  beginRequest() {
    this.requests.push([]);
  }
  get calls(): CallLog[] {
    return this.requests.at(-1) ?? [];
  }
  get failed(): number {
    return this.calls.reduce((n, c) => n + c.failures, 0);
  }
  /** Every logical call of every request: never more than 3 attempts. */
  expectBounded(where: string) {
    for (const c of this.requests.flat()) {
      stats.attempts += c.attempts;
      stats.maxAttemptsPerCall = Math.max(stats.maxAttemptsPerCall, c.attempts);
      expect(
        c.attempts,
        `${where}: call ${c.index} ${c.command} attempted ${c.attempts} times`,
      ).toBeLessThanOrEqual(3);
    }
  }
}

type Next = (args: { input: Record<string, unknown>; request?: unknown }) => Promise<unknown>;
type MwContext = { commandName?: string } & Record<symbol, unknown>;
export const middleware = (f: (next: Next, context: MwContext) => Next) => f as never;
const CALL = Symbol('faultCall');

let active: FaultLog | undefined;

/** Installs the fault for the requests that follow (until `heal()` or the end of the test). */
export const inject = (fault: Fault): FaultLog => {
  heal();
  const log = new FaultLog();
  log.beginRequest();
  active = log;
  db.middlewareStack.add(
    middleware((next, context) => async (args) => {
      const calls = log.calls;
      calls.push({ index: calls.length + 1, command: context.commandName ?? '?', attempts: 0, failures: 0 });
      context[CALL] = calls.at(-1);
      return next(args);
    }),
    { step: 'initialize', priority: 'high', name: 'faultCallCounter' },
  );
  db.middlewareStack.add(
    middleware((next, context) => async (args) => {
      const call = context[CALL] as CallLog | undefined;
      if (!call) return next(args);
      call.attempts += 1;
      const info: CallInfo = {
        index: call.index,
        command: call.command,
        attempt: call.attempts,
        input: args.input,
      };
      if (!fault.when(info)) return next(args);
      call.failures += 1;
      stats.failuresInjected++;
      if (fault.redirect) {
        const target = fault.redirect(info);
        const request = args.request as Record<string, unknown> & { headers: Record<string, string> };
        const moved = Object.assign(Object.create(Object.getPrototypeOf(request)), request, {
          hostname: target.hostname,
          port: target.port,
          headers: { ...request.headers, host: `${target.hostname}:${target.port}` },
        });
        return next({ ...args, request: moved });
      }
      if (fault.lose) await next(args);
      throw fault.error?.(info) ?? new Error('fault without an error');
    }),
    { step: 'finalizeRequest', priority: 'low', name: 'faultInjector' },
  );
  return log;
};
export const heal = () => {
  db.middlewareStack.remove('faultCallCounter');
  db.middlewareStack.remove('faultInjector');
  active = undefined;
};

// DynamoDB's errors, as the SDK deserializes them, and Node's network errors as its HTTP
// handler surfaces them (ECONNRESET, EPIPE and ETIMEDOUT are renamed TimeoutError there).
const meta = (httpStatusCode: number) => ({
  httpStatusCode,
  requestId: 'FAULT',
  attempts: 1,
  totalRetryDelay: 0,
});
const transactItems = (c: CallInfo) => (c.input.TransactItems as unknown[] | undefined)?.length ?? 1;

export const errors = {
  ProvisionedThroughputExceededException: () =>
    new ProvisionedThroughputExceededException({
      message: 'The level of configured provisioned throughput for the table was exceeded.',
      $metadata: meta(400),
    }),
  ThrottlingException: () =>
    new ThrottlingException({
      message: 'Throughput exceeds the current capacity for your account.',
      $metadata: meta(400),
    }),
  RequestLimitExceeded: () =>
    new RequestLimitExceeded({
      message: 'Throughput exceeds the current throughput limit for your account.',
      $metadata: meta(400),
    }),
  InternalServerError: () =>
    new InternalServerError({ message: 'Internal server error', $metadata: meta(500) }),
  TransactionConflictException: () =>
    new TransactionConflictException({
      message: 'Transaction is ongoing for the item',
      $metadata: meta(400),
    }),
  /** One reason per item of the transaction, as DynamoDB sends them: a conflict on one, None on the rest. */
  TransactionCanceledConflict: (c: CallInfo) =>
    new TransactionCanceledException({
      message:
        'Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict]',
      $metadata: meta(400),
      CancellationReasons: Array.from({ length: transactItems(c) }, (_, i) =>
        i === 0
          ? { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' }
          : { Code: 'None' },
      ),
    }),
  TimeoutError: () =>
    Object.assign(
      new Error(
        '@smithy/node-http-handler - the request socket did not establish a connection with the server within the configured timeout of 1000 ms.',
      ),
      { name: 'TimeoutError' },
    ),
} satisfies Record<string, (c: CallInfo) => Error>;

/** A Node network error as `http.request` emits it. */
export const netError = (code: string, syscall: string, message: string) =>
  Object.assign(new Error(message), { code, errno: -1, syscall });

// Real network faults: where an attempt can be sent instead of DynamoDB Local.
export const sockets = new Set<Socket>();
export const servers: Server[] = [];
export const listen = (onConnection: (s: Socket) => void) =>
  new Promise<number>((resolve) => {
    const server = createServer((s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
      onConnection(s);
    });
    servers.push(server);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
  });
export const closedPort = async () => {
  const port = await listen(() => undefined);
  const server = servers.pop();
  await new Promise((r) => server?.close(r));
  return port;
};

/** Closes the fake servers `listen` opened, and their connections. */
export const closeFakeServers = async () => {
  for (const s of sockets) s.destroy();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
};

// ---------------------------------------------------------------------------------------------
// What the SDK does with each kind of error.

export type Kind = keyof typeof errors;
/** The error an injected fault raises for a call: a cancelled transaction only for transactions. */
export const errorFor = (kind: Kind, c: CallInfo): Error =>
  kind === 'TransactionCanceledConflict' && c.command !== 'TransactWriteItemsCommand'
    ? errors.TransactionConflictException()
    : errors[kind](c);
/** What the SDK retries: throttling and transient errors (not cancellations or conflicts). */
export const sdkRetries = (kind: Kind) =>
  !['TransactionCanceledConflict', 'TransactionConflictException'].includes(kind);

/**
 * The SDK's standard retry strategy also keeps a quota per client (500 tokens; a retry costs 5
 * after throttling, 14 after a transient error; a success gives 1 back): once a warm Lambda
 * has seen enough failures it stops retrying at all. Expectations follow the quota.
 */
export const quota = async (): Promise<number> => {
  const strategy = (await (
    db.config as unknown as { retryStrategy: () => Promise<unknown> }
  ).retryStrategy()) as {
    getCapacity?: () => number;
  };
  return strategy.getCapacity?.() ?? 500;
};
export const THROTTLING: Kind[] = [
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
];
export const retryCost = (kind: Kind) => (THROTTLING.includes(kind) ? 5 : 14);
/** Attempts the SDK makes of a call that fails every time, given the quota it starts with. */
export const expectedAttempts = (kind: Kind, capacity: number) => {
  if (!sdkRetries(kind)) return 1;
  let attempts = 1;
  for (let left = capacity; attempts < 3 && left >= retryCost(kind); left -= retryCost(kind)) attempts++;
  return attempts;
};
