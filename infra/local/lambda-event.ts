/**
 * The API Gateway HTTP API (payload 2.0) event and the Lambda context a handler receives,
 * built as AWS builds them. The local gateway serves every request with these; tests and
 * benchmarks that call handlers in process use the same builders.
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';

export interface EventInput {
  method: string;
  /** The route's path template (`/ideas/{id}`) or `$default`. */
  route: string;
  rawPath: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  /** As sent (repeated keys and all); built from `query` when absent. */
  rawQueryString?: string;
  params?: Record<string, string>;
  /** What the JWT authorizer passes on (every value a string); absent on public routes. */
  claims?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
  sourceIp?: string;
  requestId?: string;
}

export const apiGatewayEvent = (e: EventInput): APIGatewayProxyEventV2WithJWTAuthorizer => {
  const now = new Date();
  const headers = e.headers ?? {};
  const query = e.query ?? {};
  const params = e.params ?? {};
  const routeKey = e.route === '$default' ? '$default' : `${e.method} ${e.route}`;
  return {
    version: '2.0',
    routeKey,
    rawPath: e.rawPath,
    rawQueryString: e.rawQueryString ?? new URLSearchParams(query).toString(),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(Object.keys(params).length ? { pathParameters: params } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      ...(e.claims ? { authorizer: { jwt: { claims: e.claims, scopes: null } } } : {}),
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: e.method,
        path: e.rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: e.sourceIp ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: e.requestId ?? randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    ...(e.body !== undefined ? { body: e.body } : {}),
    isBase64Encoded: e.isBase64Encoded ?? false,
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
};

/** A function's context, with `getRemainingTimeInMillis` counting down from now. */
export const lambdaContext = (functionName: string, requestId?: string, timeoutMs = 10_000): Context => {
  const deadline = Date.now() + timeoutMs;
  return {
    awsRequestId: requestId ?? randomUUID(),
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
};
