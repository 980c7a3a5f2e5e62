/**
 * The HTTP kit without the table: `makeHttp` turns a route's spec and a few lines of logic
 * into a Lambda handler, given what loads the caller's profile and keeps idempotency keys.
 * `kit.ts` gives it the store's; the routes that never touch the table (health, regions,
 * interests, the OpenAPI document, not-found) use `tableFreeHttp` from here, so their bundles
 * leave the AWS SDK out (about 70 KB and 70 ms less to start).
 *
 * The chain is named middy middlewares, one concern each (functions/http/middleware/), the
 * same for every route, in this order on the way in (see `kitMiddlewares`):
 *   problemErrors   errors → problem+json; first, so it runs last on the way out
 *   claims          who is calling, and may that role come here (401/403, `$default` 404)
 *   writeQuota      writing requests count against the caller's quota (429), before any reading
 *   profile         the caller's profile on `ambassador` routes (403 not_registered)
 *   validateParams  path and query, strictly
 *   jsonBody        the body's size, content type and JSON
 *   validateBody    the body, strictly
 *   idempotency     a creating POST's Idempotency-Key (replays the first answer)
 * `withMetering` wraps the chain: DynamoDB capacity and one access log line per request;
 * inside it, for the routes that use the table, kit.ts's `wrap` adds traces and metrics.
 */
import middy from '@middy/core';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod/mini';
import { DomainError } from '#domain/errors.ts';
import { clock } from '#functions/clock.ts';
import type { AmbassadorItem } from '#store/ambassadors.ts';
import { currentMeter } from '#store/meter.ts';
import type { Caller } from './claims.ts';
import { claimsMiddleware } from './middleware/claims.ts';
import { jsonBodyMiddleware } from './middleware/json-body.ts';
import { withMetering } from './middleware/metering.ts';
import { problemErrorsMiddleware } from './middleware/problem-errors.ts';
import { type LoadMe, profileMiddleware } from './middleware/profile.ts';
import { type Event, requestState } from './middleware/state.ts';
import { bodyValidationMiddleware, paramsValidationMiddleware } from './middleware/validation.ts';
import { countsAgainstQuota, type TakeWrite, writeQuotaMiddleware } from './middleware/write-quota.ts';
import type { Lang } from './problem.ts';
import { createdLocation, type RouteSpec } from './route-spec.ts';

type Result = APIGatewayProxyStructuredResultV2;

type Out<T> = T extends z.ZodMiniType ? z.output<T> : Record<string, never>;

export interface ApiRequest<S extends RouteSpec> {
  params: Out<S['params']>;
  query: Out<S['query']>;
  body: Out<S['body']>;
  /** Set on every route but `public` ones (where it is set only if a token came along). */
  caller: S['role'] extends 'public' ? Caller | undefined : Caller;
  /** The caller's profile, loaded for `ambassador` routes. */
  me: S['role'] extends 'ambassador' ? AmbassadorItem : undefined;
  headers: Record<string, string | undefined>;
  lang: Lang;
  now: Date;
  requestId: string;
}

export interface Reply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Adds `ETag: "<version>"`. */
  version?: number;
  /** The id of the item a creating POST made: adds `Location` (`createdLocation`, route-spec.ts). */
  created?: string;
  /**
   * A body sent as is (not JSON), with its content type: the share card's SVG, or bytes
   * (the card's PNG), which API Gateway takes base64-encoded with `isBase64Encoded`.
   */
  raw?: { body: string | Uint8Array; contentType: string };
}

/** What the kit needs from the table; absent for routes that never touch it. */
export interface KitStore {
  loadMe: LoadMe;
  /** The Idempotency-Key middleware of a creating route (undefined for other routes). */
  idempotency: (
    spec: RouteSpec,
    bodyOf: (event: Event) => unknown,
  ) => middy.MiddlewareObj<Event, Result> | undefined;
  takeWrite: TakeWrite;
  /** Wraps the chain inside the meter's scope: traces and metrics (observe.ts). */
  wrap?: (spec: RouteSpec, chain: (event: Event, context: Context) => Promise<Result>) => typeof chain;
}

/** The route's middlewares, in the order they run on the way in (see the comment at the top). */
export const kitMiddlewares = (
  spec: RouteSpec,
  store: KitStore | undefined,
): middy.MiddlewareObj<Event, Result>[] => {
  const quota = store && countsAgainstQuota(spec) ? writeQuotaMiddleware(store.takeWrite) : undefined;
  if (quota && spec.access !== 'write') throw new Error(`${spec.id} writes: its access must be 'write'`);
  const idem = store?.idempotency(spec, (event) => requestState(event).body);
  return [
    problemErrorsMiddleware(),
    claimsMiddleware(spec),
    ...(quota ? [quota] : []),
    profileMiddleware(spec, store?.loadMe),
    paramsValidationMiddleware(spec),
    jsonBodyMiddleware(spec),
    bodyValidationMiddleware(spec),
    ...(idem ? [idem] : []),
  ];
};

/** `%XX` for each UTF-8 byte of a character. */
const percentEncode = (c: string) =>
  [...Buffer.from(c, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');

/**
 * Header values as HTTP allows them: every character outside visible ASCII (and, in a URL,
 * the space) percent-encoded as UTF-8. A value built from something a caller sent can then
 * never make Node or API Gateway refuse the answer after the handler has written (it did: a
 * non-Latin-1 id in `Location` answered 500 after registering).
 */
const headerSafe = (v: string) => v.replace(/[^\x20-\x7E]/gu, percentEncode);
const urlSafe = (v: string) => v.replace(/[^\x21-\x7E]/gu, percentEncode);

/** The Lambda answer for a reply (also what an idempotent creation records as its answer). */
export const toResult = (spec: RouteSpec, reply: Reply, lang: Lang, rawPath: string): Result => {
  const status = reply.status ?? spec.status;
  const headers: Record<string, string> = { 'content-language': lang };
  for (const [k, v] of Object.entries(reply.headers ?? {})) headers[k] = headerSafe(v);
  if (reply.version !== undefined) headers.etag = `"${reply.version}"`;
  if (reply.created !== undefined) headers.location = urlSafe(createdLocation(spec, rawPath, reply.created));
  if (reply.raw)
    return {
      statusCode: status,
      headers: { ...headers, 'content-type': headerSafe(reply.raw.contentType) },
      ...(typeof reply.raw.body === 'string'
        ? { body: reply.raw.body }
        : { body: Buffer.from(reply.raw.body).toString('base64'), isBase64Encoded: true }),
    };
  if (status === 204 || reply.body === undefined) return { statusCode: status, headers };
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(reply.body),
  };
};

export const makeHttp =
  (store: KitStore | undefined) =>
  <S extends RouteSpec>(spec: S, impl: (req: ApiRequest<S>) => Promise<Reply>) => {
    if (!store && (spec.role === 'ambassador' || (spec.method === 'POST' && spec.status === 201)))
      throw new Error(`${spec.id} needs the table: use http from kit.ts`);
    const chain = middy<Event, Result>()
      .use(kitMiddlewares(spec, store))
      .handler(async (event, context, { signal }) => {
        // Aborted when middy answers 503 at the early timeout: the store stops calling then.
        const meter = currentMeter();
        if (meter) meter.signal = signal;
        const { params, query, body, caller, me, headers, lang } = requestState(event);
        const req = {
          params,
          query,
          body,
          caller,
          me,
          headers,
          lang,
          now: clock.now(),
          requestId: context.awsRequestId,
        };
        return toResult(spec, await impl(req as unknown as ApiRequest<S>), lang, event.rawPath);
      });
    return withMetering(spec, store?.wrap ? store.wrap(spec, chain) : chain);
  };

/** For the routes that never read or write the table. */
export const tableFreeHttp = makeHttp(undefined);

/**
 * `If-Match: "<version>"` → the version; undefined when absent or `*`, which matches any
 * current version (RFC 9110 §13.1.1: the resource exists, which the update checks anyway).
 */
export const ifMatchVersion = (
  headers: Record<string, string | undefined>,
): readonly number[] | undefined => {
  const h = headers['if-match'];
  if (h === undefined || h.trim() === '*') return undefined;
  // A list of entity tags matches when any one does (RFC 9110 §13.1.1).
  const tags = h.split(',').map((t) => /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(t)?.[1]);
  if (tags.length > 20 || tags.some((t) => t === undefined))
    throw new DomainError('version_mismatch', 'If-Match must be versions like "3" (or "3", "4")');
  return tags.map(Number);
};
