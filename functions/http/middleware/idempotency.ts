/**
 * `Idempotency-Key` on every creating POST (docs/api-contract.md §1): the same key from the same
 * caller with the same body within 24 h gets the first response again (same status and
 * body) and writes nothing; the same key with another body is 422 `idempotency_key_reused`.
 * A retry that arrives while the first request still runs waits for its answer.
 *
 * Exactly once: the creating store write commits the record's `created` state and the
 * answer together with the resource (store/creation.ts), conditional on the claim still
 * being this request's. So a retry never runs the handler a second time, even when saving
 * the final answer failed and the claim's lock lapsed: it replays the answer written then.
 *
 * Not Powertools' idempotency utility: with a composite key it keeps every record of a
 * function in one partition (`staticPkValue`), and this API scopes keys per caller.
 */
import { createHash, randomUUID } from 'node:crypto';
import type middy from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DomainError } from '#domain/errors.ts';
import { logger } from '#functions/log.ts';
import { callerOf } from '#http/claims.ts';
import { toResult } from '#http/kit-core.ts';
import { pickLanguage, TransportError } from '#http/problem.ts';
import type { RouteSpec } from '#http/route-spec.ts';
import { type Created, expectCreation } from '#store/creation.ts';
import { claim, complete, readRecord, release, type StoredResponse } from '#store/idempotency.ts';

type Event = APIGatewayProxyEventV2WithJWTAuthorizer;
type Result = APIGatewayProxyStructuredResultV2;

/** How long a retry waits for the first request's answer before asking the client to retry. */
const WAIT_MS = 6000;
const POLL_MS = 150;

const KEY = /^[\x21-\x7e]{1,128}$/;

/** JSON with sorted keys: two bodies that differ only in spacing or key order are the same. */
const canonical = (v: unknown): string =>
  Array.isArray(v)
    ? `[${v.map(canonical).join(',')}]`
    : v && typeof v === 'object'
      ? `{${Object.keys(v)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
          .join(',')}}`
      : JSON.stringify(v);

const hashOf = (event: Event, body: unknown) =>
  createHash('sha256')
    .update(`${event.rawPath}\n${canonical(body)}`)
    .digest('base64url');

const replay = (r: StoredResponse): Result => ({
  statusCode: r.statusCode,
  headers: { ...r.headers, 'idempotent-replayed': 'true' },
  ...(r.body !== undefined ? { body: r.body } : {}),
});

/**
 * Frees the key after a refused or failed request. Best effort: when the database is what
 * failed, this fails too, and its error must not replace the request's own answer (a 503);
 * the claim's lock then lapses and a retry takes the key over.
 */
const releaseQuietly = async (scope: string, token: string) => {
  try {
    await release(scope, token);
  } catch (err) {
    logger.warn('idempotency key not released', { error: err as Error });
  }
};

/** The records' clock, in seconds; tests move it to let a lock lapse without waiting. */
export const idempotencyClock = { nowSeconds: (): number => Math.floor(Date.now() / 1000) };
const seconds = () => idempotencyClock.nowSeconds();

/**
 * The answer the kit will give for a created resource (kit-core `toResult`: JSON body, ETag
 * from its version, Location under the path posted to), written with the resource itself.
 * The request's actual answer, saved when it is sent, replaces it.
 */
const createdAnswer =
  (spec: RouteSpec, event: Event) =>
  ({ body, id, version }: Created): StoredResponse => {
    const lang = pickLanguage(event.headers?.['accept-language']);
    const answer = toResult(spec, { body, version, created: id }, lang, event.rawPath);
    return {
      statusCode: answer.statusCode ?? spec.status,
      headers: Object.fromEntries(Object.entries(answer.headers ?? {}).map(([k, v]) => [k, String(v)])),
      body: answer.body,
    };
  };

export const idempotencyMiddleware = (
  spec: RouteSpec,
  bodyOf: (event: Event) => unknown,
): middy.MiddlewareObj<Event, Result> | undefined => {
  if (spec.method !== 'POST' || spec.status !== 201) return undefined;
  const claims = new WeakMap<Event, { scope: string; token: string }>();
  return {
    name: 'idempotency',
    before: async (request) => {
      const header = request.event.headers?.['idempotency-key'];
      if (header === undefined) return;
      if (!KEY.test(header))
        throw new DomainError('validation_failed', 'Idempotency-Key is invalid', [
          { path: 'Idempotency-Key', message: 'Must be 1 to 128 visible ASCII characters' },
        ]);
      const caller = callerOf(request.event)?.id ?? 'guest';
      const scope = `${caller}#${spec.id}#${header}`;
      const hash = hashOf(request.event, bodyOf(request.event));
      const deadline = Date.now() + WAIT_MS;
      for (;;) {
        const token = randomUUID();
        if (await claim(scope, hash, seconds(), token)) {
          claims.set(request.event, { scope, token });
          expectCreation({ scope, token, answer: createdAnswer(spec, request.event) });
          return;
        }
        const record = await readRecord(scope, seconds());
        if (record && record.requestHash !== hash) throw new TransportError('idempotency_key_reused');
        // `created`: the resource exists and its answer was written with it; the handler never runs again.
        if (record?.state !== 'in_progress' && record?.response) return replay(record.response);
        if (Date.now() > deadline)
          throw new DomainError('unavailable', 'The first request with this key is still running');
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    },
    after: async (request) => {
      const held = claims.get(request.event);
      const res = request.response;
      if (!held || !res) return;
      const { scope, token } = held;
      if ((res.statusCode ?? 500) < 300) {
        const headers = Object.fromEntries(Object.entries(res.headers ?? {}).map(([k, v]) => [k, String(v)]));
        // The resource exists now: never release the key, or a retry would create it twice.
        // If the answer cannot be saved, the client still gets it, and a retry replays the
        // answer the resource's own transaction wrote on the record (`created`).
        claims.delete(request.event);
        for (let attempt = 1; attempt <= 3; attempt++) {
          try {
            await complete(scope, { statusCode: res.statusCode ?? 200, headers, body: res.body });
            return;
          } catch (err) {
            if (attempt === 3) logger.warn('idempotency record not completed', { error: err as Error });
          }
        }
      } else await releaseQuietly(scope, token);
    },
    onError: async (request) => {
      const held = claims.get(request.event);
      if (held) await releaseQuietly(held.scope, held.token);
    },
  };
};
