/**
 * The HTTP kit without the table: `makeHttp` turns a route's spec and a few lines of logic
 * into a Lambda handler, given what loads the caller's profile and keeps idempotency keys.
 * `kit.ts` gives it the store's; the routes that never touch the table (health, regions,
 * interests, the OpenAPI document, not-found) use `tableFreeHttp` from here, so their bundles
 * leave the AWS SDK out (about 70 KB and 70 ms less to start).
 *
 * Turns a route's spec and a few lines of logic into a Lambda handler. The middy chain does
 * the same for every route: problem+json errors (registered first, so it runs last on the
 * way out), the caller's claims and role, the JSON body, and strict validation of path,
 * query and body. The wrapper around it meters DynamoDB capacity and writes one access log.
 */
import middy from '@middy/core';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import * as z from 'zod/mini';
import { DomainError, type FieldError, isDomainError } from '#domain/errors.ts';
import { config } from '#functions/config.ts';
import { logger } from '#functions/log.ts';
import type { AmbassadorItem } from '#store/ambassadors.ts';
import { isTransient } from '#store/errors.ts';
import { metered } from '#store/meter.ts';
import type { QuotaAnswer, QuotaSubject } from '#store/quota.ts';
import { type Caller, callerOf } from './claims.ts';
import { type Lang, MAX_FIELD_ERRORS, pickLanguage, problem } from './problem.ts';
import { createdLocation, type RouteSpec } from './route-spec.ts';
import { zodMessages } from './zod-locale.ts';

type Event = APIGatewayProxyEventV2WithJWTAuthorizer;
type Result = APIGatewayProxyStructuredResultV2;

const MAX_BODY_BYTES = 64 * 1024;
const emptyBody = z.strictObject({});
const noParameters = emptyBody;

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

interface State {
  lang: Lang;
  headers: Record<string, string | undefined>;
  caller?: Caller | undefined;
  req?: ApiRequest<RouteSpec>;
}
const states = new WeakMap<Event, State>();

/** Lower-cased headers (API Gateway v2 already lower-cases them; the local gateway too). */
const headersOf = (event: Event) => {
  const h: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(event.headers ?? {})) h[k.toLowerCase()] = v;
  return h;
};

/**
 * docs/api-contract.md §10 "Bounded errors": an answer lists at most MAX_FIELD_ERRORS entries
 * (problem.ts cuts the list and says `truncated`), each path and message cut short, so
 * that a 10 KB unknown key name cannot make the answer large.
 */
const MAX_PATH = 120;
const MAX_MESSAGE = 300;

/** At most `max` UTF-16 units, never ending in half a surrogate pair; `…` when cut. */
const clip = (s: string, max: number) =>
  s.length <= max ? s : `${s.slice(0, max).replace(/[\uD800-\uDBFF]$/, '')}…`;

/** The locale's message for one unknown key (zod's own message lists every key at once). */
const unknownKeyMessage = (lang: Lang, key: string): string => {
  const m = zodMessages(lang)({
    code: 'unrecognized_keys',
    keys: [key],
    path: [],
    input: undefined,
  } as never);
  return typeof m === 'string' ? m : (m?.message ?? 'Unrecognized key');
};

/**
 * One error per field (the first zod found), unknown keys each under their own name, and no
 * more than one entry past MAX_FIELD_ERRORS (which tells problem.ts the list was cut). Linear
 * in the issues: zod reports all unknown keys in ONE issue whose message names every key, and
 * repeating that message per key made the answer, and the time to build it, grow with the
 * square of their number (10 MB for 7 KB of query string).
 */
const issuesToFieldErrors = (issues: z.core.$ZodIssue[], prefix: string, lang: Lang): FieldError[] => {
  const byPath = new Map<string, string>();
  /** Adds one entry; true once the list holds more than it may show. */
  const add = (parts: PropertyKey[], message: () => string) => {
    const path = [prefix, ...parts.map(String)].filter(Boolean).join('.');
    if (!byPath.has(path)) byPath.set(path, clip(message(), MAX_MESSAGE));
    return byPath.size > MAX_FIELD_ERRORS;
  };
  outer: for (const i of issues) {
    if (i.code === 'unrecognized_keys') {
      for (const k of i.keys)
        if (add([...i.path, k], () => unknownKeyMessage(lang, clip(k, MAX_PATH)))) break outer;
    } else if (add(i.path, () => i.message)) break;
  }
  // Cut only now: two long names that begin alike are still two entries.
  return [...byPath].map(([path, message]) => ({ path: clip(path, MAX_PATH), message }));
};

const validate = (
  schema: z.ZodMiniType,
  value: unknown,
  where: 'path' | 'query' | 'body',
  lang: Lang,
): unknown => {
  const r = schema.safeParse(value, { error: zodMessages(lang) });
  if (r.success) return r.data;
  throw new DomainError(
    'validation_failed',
    `The request ${where} is invalid`,
    issuesToFieldErrors(r.error.issues, where === 'body' ? '' : where, lang),
  );
};

const readBody = (event: Event, spec: RouteSpec, headers: Record<string, string | undefined>): unknown => {
  const raw = event.body
    ? event.isBase64Encoded
      ? Buffer.from(event.body, 'base64').toString('utf8')
      : event.body
    : '';
  if (Buffer.byteLength(raw, 'utf8') > MAX_BODY_BYTES) throw new DomainError('payload_too_large');
  const empty = raw.trim().length === 0;
  // Routes without a body schema accept no body, or an empty JSON object.
  if (empty) return spec.body ? undefined : {};
  const type = (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type !== 'application/json' && !/^application\/[\w.+-]+\+json$/.test(type))
    throw new DomainError('unsupported_media_type');
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new DomainError('malformed_json');
  }
};

/** Refused by the write quota: 429 with `Retry-After`. */
class QuotaExceeded extends DomainError {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number) {
    super('rate_limited', 'Too many writing requests this minute');
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

const problemErrors = (): middy.MiddlewareObj<Event, Result> => ({
  onError: async (request) => {
    const err = request.error;
    const lang = states.get(request.event)?.lang ?? 'en';
    if (isDomainError(err)) {
      request.response = problem(err.code, lang, {
        detail: err.message,
        errors: err.fieldErrors,
        ...(err.code === 'unavailable' ? { headers: { 'retry-after': '1' } } : {}),
        ...(err instanceof QuotaExceeded
          ? { headers: { 'retry-after': String(err.retryAfterSeconds) } }
          : {}),
      });
    } else if (isTransient(err)) {
      logger.warn('database unavailable', { error: err as Error });
      request.response = problem('unavailable', lang, { headers: { 'retry-after': '1' } });
    } else {
      // Never echo the error itself: it may carry internals.
      logger.error('unhandled error', { error: err as Error });
      request.response = {
        statusCode: 500,
        headers: { 'content-type': 'application/problem+json; charset=utf-8' },
        body: JSON.stringify({
          type: 'about:blank',
          title: lang === 'ar' ? 'خطأ داخلي' : 'Internal error',
          status: 500,
          code: 'internal',
          detail: request.context.awsRequestId,
        }),
      };
    }
  },
});

/** What the kit needs from the table; absent for routes that never touch it. */
export interface KitStore {
  /** The caller's profile, strongly consistent. */
  loadMe: (id: string) => Promise<AmbassadorItem | undefined>;
  /** The Idempotency-Key middleware of a creating route (undefined for other routes). */
  idempotency: (
    spec: RouteSpec,
    bodyOf: (event: Event) => unknown,
  ) => middy.MiddlewareObj<Event, Result> | undefined;
  /** Counts one writing request of a caller (docs/api-contract.md §10 "Write quota"). */
  takeWrite: (subject: QuotaSubject, now: Date) => Promise<QuotaAnswer>;
}

/** Who the request is from, and may it come here at all: before anything is read. */
const identify = (spec: RouteSpec): middy.MiddlewareObj<Event, Result> => ({
  before: async (request) => {
    const headers = headersOf(request.event);
    const state: State = { lang: pickLanguage(headers['accept-language']), headers };
    states.set(request.event, state);

    // The `$default` route answers before reading anything the request carries.
    if (spec.path === '$default') throw new DomainError('route_not_found');
    const caller = callerOf(request.event);
    if (spec.role !== 'public' && !caller) throw new DomainError('unauthorized');
    if (spec.role === 'staff' && !caller?.staff) throw new DomainError('forbidden');
    state.caller = caller;
  },
});

/** Writing methods (docs/api-contract.md §10); a route may opt out with `quota: false`. */
const countsAgainstQuota = (spec: RouteSpec) => spec.method !== 'GET' && spec.quota !== false;

/**
 * The per-caller write quota: one conditional counter write (functions/store/quota.ts) before
 * the body is read or validated, so a flood of bad writes is counted and refused as cheaply
 * as good ones. Per token `sub`; per source address for guests.
 */
const writeQuota = (store: KitStore): middy.MiddlewareObj<Event, Result> => ({
  before: async (request) => {
    const state = states.get(request.event);
    const subject: QuotaSubject = state?.caller
      ? `SUB#${state.caller.id}`
      : `IP#${request.event.requestContext?.http?.sourceIp ?? 'unknown'}`;
    const answer = await store.takeWrite(subject, new Date());
    if (!answer.allowed) throw new QuotaExceeded(answer.retryAfterSeconds);
  },
});

/** Path, query and body, strictly validated; the caller's profile on `ambassador` routes. */
const prepare = (spec: RouteSpec, store: KitStore | undefined): middy.MiddlewareObj<Event, Result> => ({
  before: async (request) => {
    const { event, context } = request;
    const state = states.get(event);
    if (!state) throw new Error('request was not identified');
    const { lang, headers, caller } = state;

    // Who before what: a caller who is not (or no longer) an ambassador hears 403
    // not_registered whatever it sent (docs/api-contract.md §10: erasure), not a 400 about the body.
    let me: AmbassadorItem | undefined;
    if (spec.role === 'ambassador' && caller) {
      // A strongly consistent read: an ambassador who just registered is one at once.
      me = await store?.loadMe(caller.id);
      if (!me || me.erased) throw new DomainError('not_registered');
    }

    const params = spec.params ? validate(spec.params, event.pathParameters ?? {}, 'path', lang) : {};
    // A route without query parameters still rejects unknown ones (docs/api-contract.md v1.1).
    const query = validate(spec.query ?? noParameters, event.queryStringParameters ?? {}, 'query', lang);
    const rawBody = readBody(event, spec, headers);
    const body = validate(spec.body ?? emptyBody, rawBody, 'body', lang);
    state.req = {
      params,
      query,
      body,
      caller,
      me,
      headers,
      lang,
      now: new Date(),
      requestId: context.awsRequestId,
    } as ApiRequest<RouteSpec>;
  },
});

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
    const quota = store && countsAgainstQuota(spec) ? writeQuota(store) : undefined;
    if (quota && spec.access !== 'write') throw new Error(`${spec.id} writes: its access must be 'write'`);
    const idem = store?.idempotency(spec, (event) => states.get(event)?.req?.body);
    const chain = middy<Event, Result>()
      .use(problemErrors())
      .use(identify(spec))
      .use(quota ? [quota] : [])
      .use(prepare(spec, store))
      .use(idem ? [idem] : [])
      .handler(async (event) => {
        const state = states.get(event);
        if (!state?.req) throw new Error('request was not prepared');
        return toResult(spec, await impl(state.req as unknown as ApiRequest<S>), state.lang, event.rawPath);
      });

    return async (event: Event, context: Context): Promise<Result> => {
      const started = performance.now();
      logger.addContext(context);
      const run = metered(() => chain(event, context));
      const result = await run;
      const { meter } = run;
      logger.info('request', {
        route: spec.id,
        method: event.requestContext?.http?.method,
        path: event.rawPath,
        status: result.statusCode,
        ms: Math.round(performance.now() - started),
        rcu: meter.read,
        wcu: meter.write,
        ddbCalls: meter.calls,
      });
      if (config.exposeCapacity)
        result.headers = {
          ...result.headers,
          'x-consumed-capacity': `read=${meter.read};write=${meter.write};calls=${meter.calls};itemsRead=${meter.itemsRead};itemsWritten=${meter.itemsWritten}`,
        };
      return result;
    };
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
