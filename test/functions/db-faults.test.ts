/**
 * Faults: the real handlers, in process, against DynamoDB Local, with the DynamoDB client
 * failing on purpose. The API must answer 503 `unavailable` with Retry-After, the SDK's
 * retries must stay bounded, and no multi-item change may be left half-written.
 */
import { randomUUID } from 'node:crypto';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';

const { db, TABLE } = await import('../../functions/store/client.ts');
const { GetCommand, QueryCommand } = await import('@aws-sdk/lib-dynamodb');

type Handler = (
  e: APIGatewayProxyEventV2WithJWTAuthorizer,
  c: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;
const handlerOf = async (module: string): Promise<Handler> =>
  ((await import(`../../functions/http/${module}`)) as { handler: Handler }).handler;

/** An API Gateway v2 event as the JWT authorizer passes it: claims as strings. */
const event = (
  method: string,
  path: string,
  opts: { sub?: string; staff?: boolean; body?: unknown; params?: Record<string, string> } = {},
): APIGatewayProxyEventV2WithJWTAuthorizer =>
  ({
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    pathParameters: opts.params,
    requestContext: {
      http: { method, path },
      requestId: randomUUID(),
      ...(opts.sub
        ? {
            authorizer: {
              jwt: {
                claims: {
                  sub: opts.sub,
                  email: `${opts.sub}@example.om`,
                  ...(opts.staff ? { 'cognito:groups': '[staff]' } : {}),
                },
                scopes: null,
              },
            },
          }
        : {}),
    },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    isBase64Encoded: false,
  }) as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;

const context = { awsRequestId: 'test', getRemainingTimeInMillis: () => 10_000 } as Context;
const invoke = async (module: string, e: APIGatewayProxyEventV2WithJWTAuthorizer) => {
  const res = await (await handlerOf(module))(e, context);
  return { ...res, json: res.body ? JSON.parse(res.body) : undefined };
};

/** Makes the client fail: below the retry middleware, so every attempt is seen. */
let attempts = 0;
const failing = (commands: string[], error: () => Error, times = Number.POSITIVE_INFINITY) => {
  attempts = 0;
  let failures = 0;
  db.middlewareStack.add(
    (next, ctx) => async (args) => {
      if (commands.includes(ctx.commandName ?? '')) {
        attempts += 1;
        if (failures < times) {
          failures += 1;
          throw error();
        }
      }
      return next(args);
    },
    { step: 'deserialize', name: 'faultInjection', override: true },
  );
};
afterEach(() => {
  db.middlewareStack.remove('faultInjection');
});

const awsError = (name: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(name), {
    name,
    $fault: 'server',
    $metadata: { httpStatusCode: name === 'TimeoutError' ? undefined : 400 },
    ...extra,
  });
const throttled = () => awsError('ProvisionedThroughputExceededException');
const conflict = () =>
  awsError('TransactionCanceledException', {
    CancellationReasons: [{ Code: 'TransactionConflict' }, { Code: 'None' }],
  });
const timeout = () => awsError('TimeoutError');

const get = async (pk: string, sk: string) =>
  (await db.send(new GetCommand({ TableName: TABLE, Key: { pk, sk }, ConsistentRead: true }))).Item;
const collection = async (pk: string) =>
  (
    await db.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': pk },
        ConsistentRead: true,
      }),
    )
  ).Items ?? [];

const profile = (over: Record<string, unknown> = {}) => ({
  name: 'Fault Tester',
  governorate: 'OM-ZA',
  wilayat: 'yanqul',
  ...over,
});
const register = async (sub: string) => {
  const res = await invoke(
    'ambassadors/register.ts',
    event('POST', '/ambassadors', { sub, body: profile() }),
  );
  expect(res.statusCode).toBe(201);
};
const communityCounts = async () => (await get('COMMUNITY#OM-ZA', 'STATS')) ?? {};

const expectUnavailable = (res: {
  statusCode?: number;
  headers?: Record<string, unknown>;
  json?: { code?: string };
}) => {
  expect(res.statusCode).toBe(503);
  expect(res.json?.code).toBe('unavailable');
  expect(res.headers?.['retry-after']).toBe('1');
};

let faults = 0;
describe('when DynamoDB fails', () => {
  it('throttling: 503 with Retry-After, after at most 3 attempts', async () => {
    const sub = `f-${randomUUID()}`;
    await register(sub);
    failing(['GetItemCommand'], throttled);
    const res = await invoke(
      'ambassadors/get.ts',
      event('GET', `/ambassadors/${sub}`, { sub, params: { id: sub } }),
    );
    expectUnavailable(res);
    expect(attempts).toBe(3);
    faults++;
  });

  it('a timeout: 503, bounded', async () => {
    const sub = `f-${randomUUID()}`;
    await register(sub);
    failing(['QueryCommand'], timeout);
    const res = await invoke('ambassadors/list.ts', event('GET', '/ambassadors', { sub }));
    expectUnavailable(res);
    expect(attempts).toBeLessThanOrEqual(3);
    faults++;
  });

  it('a passing fault is retried and the request succeeds', async () => {
    const sub = `f-${randomUUID()}`;
    await register(sub);
    failing(['GetItemCommand'], throttled, 1);
    const res = await invoke(
      'ambassadors/get.ts',
      event('GET', `/ambassadors/${sub}`, { sub, params: { id: sub } }),
    );
    expect(res.statusCode).toBe(200);
    expect(attempts).toBe(2);
    faults++;
  });

  it('registration: a cancelled transaction leaves no profile, email guard, entries or count', async () => {
    const sub = `f-${randomUUID()}`;
    const before = await communityCounts();
    failing(['TransactWriteItemsCommand'], conflict);
    const res = await invoke(
      'ambassadors/register.ts',
      event('POST', '/ambassadors', { sub, body: profile() }),
    );
    expectUnavailable(res);
    expect(await collection(`AMB#${sub}`)).toEqual([]);
    expect(await get(`EMAIL#${sub}@example.om`, 'EMAIL')).toBeUndefined();
    expect((await communityCounts()).ambassadors).toBe(before.ambassadors);
    faults++;
  });

  it('lecture verification: the lecture stays reported and no counter moves', async () => {
    const sub = `f-${randomUUID()}`;
    await register(sub);
    const deliveredOn = new Date(Date.now() + 4 * 3600_000 - 86_400_000).toISOString().slice(0, 10);
    const report = await invoke(
      'lectures/report.ts',
      event('POST', '/lectures', {
        sub,
        body: {
          title: 'Fault lecture',
          topic: 'water',
          deliveredOn,
          governorate: 'OM-ZA',
          wilayat: 'yanqul',
          audience: 'public',
          attendees: 12,
        },
      }),
    );
    expect(report.statusCode).toBe(201);
    const id = report.json.id as string;
    const before = await communityCounts();
    failing(['TransactWriteItemsCommand'], conflict);
    const res = await invoke(
      'lectures/review.ts',
      event('POST', `/staff/lectures/${id}/review`, {
        sub: `staff-${randomUUID()}`,
        staff: true,
        params: { id },
        body: { decision: 'verify' },
      }),
    );
    expectUnavailable(res);
    expect((await get(`LECT#${id}`, 'LECTURE'))?.status).toBe('reported');
    expect((await collection(`LECT#${id}`)).map((i) => i.sk)).toEqual(['LECTURE']);
    expect((await get(`AMB#${sub}`, 'PROFILE'))?.stats).toMatchObject({
      verifiedLectures: 0,
      attendeesReached: 0,
    });
    expect(await get(`AMB#${sub}`, 'STAT#all')).toBeUndefined();
    expect((await communityCounts()).verifiedLectures).toBe(before.verifiedLectures);
    faults++;
  });

  it('idea approval and a join accept: no membership, no listings, no count moves', async () => {
    const author = `f-${randomUUID()}`;
    const joiner = `f-${randomUUID()}`;
    await register(author);
    await register(joiner);
    const submit = await invoke(
      'ideas/submit.ts',
      event('POST', '/ideas', {
        sub: author,
        body: {
          title: 'Fault idea here',
          summary: 'An idea that meets a failing database.',
          city: 'yanqul',
          tags: ['water'],
          missions: ['research'],
          teamSize: 3,
        },
      }),
    );
    const id = submit.json.id as string;
    const staff = { sub: `staff-${randomUUID()}`, staff: true, params: { id } };
    failing(['TransactWriteItemsCommand'], conflict);
    expectUnavailable(
      await invoke(
        'ideas/decide.ts',
        event('POST', `/staff/ideas/${id}/decision`, { ...staff, body: { decision: 'approve' } }),
      ),
    );
    expect((await collection(`IDEA#${id}`)).map((i) => i.sk)).toEqual(['IDEA']);
    expect((await get(`IDEA#${id}`, 'IDEA'))?.status).toBe('submitted');
    db.middlewareStack.remove('faultInjection');

    expect(
      (
        await invoke(
          'ideas/decide.ts',
          event('POST', `/staff/ideas/${id}/decision`, { ...staff, body: { decision: 'approve' } }),
        )
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await invoke(
          'ideas/join-request.ts',
          event('POST', `/ideas/${id}/join-requests`, { sub: joiner, params: { id }, body: {} }),
        )
      ).statusCode,
    ).toBe(201);
    failing(['TransactWriteItemsCommand'], conflict);
    const accept = await invoke(
      'ideas/join-decide.ts',
      event('POST', `/ideas/${id}/join-requests/${joiner}/decision`, {
        sub: author,
        params: { id, ambassadorId: joiner },
        body: { decision: 'accept' },
      }),
    );
    expectUnavailable(accept);
    expect(await get(`IDEA#${id}`, `MEMBER#${joiner}`)).toBeUndefined();
    expect((await get(`IDEA#${id}`, 'IDEA'))?.memberCount).toBe(1);
    expect((await get(`IDEA#${id}`, `JOIN#${joiner}`))?.status).toBe('pending');
    expect((await get(`AMB#${joiner}`, 'PROFILE'))?.stats.teams).toBe(0);
    faults++;
  });

  it('prints what it checked', () => {
    expect(faults).toBe(6);
    console.log(
      `faults: ${faults} scenarios, every one 503 with Retry-After or retried to success, nothing half-written`,
    );
  });
});
