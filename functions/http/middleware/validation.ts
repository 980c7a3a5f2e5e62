/**
 * Strict validation of what a request carries, against its route's zod schemas: the path and
 * query first (paramsValidationMiddleware, before the body is read), the body after it is
 * parsed (bodyValidationMiddleware). Unknown keys are errors everywhere; a route without
 * query parameters still rejects unknown ones (docs/api-contract.md v1.1). A failure is 400
 * `validation_failed` with one entry per field, bounded (docs/api-contract.md §10 "Bounded errors").
 */
import type middy from '@middy/core';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import { DomainError, type FieldError } from '#domain/errors.ts';
import { type Lang, MAX_FIELD_ERRORS } from '#http/problem.ts';
import type { RouteSpec } from '#http/route-spec.ts';
import { zodMessages } from '#http/zod-locale.ts';
import { type Event, requestState } from './state.ts';

const emptyBody = z.strictObject({});
const noParameters = emptyBody;

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

export const paramsValidationMiddleware = (
  spec: RouteSpec,
): middy.MiddlewareObj<Event, APIGatewayProxyStructuredResultV2> => ({
  name: 'validateParams',
  before: async (request) => {
    const { event } = request;
    const state = requestState(event);
    state.params = spec.params ? validate(spec.params, event.pathParameters ?? {}, 'path', state.lang) : {};
    state.query = validate(
      spec.query ?? noParameters,
      event.queryStringParameters ?? {},
      'query',
      state.lang,
    );
  },
});

export const bodyValidationMiddleware = (
  spec: RouteSpec,
): middy.MiddlewareObj<Event, APIGatewayProxyStructuredResultV2> => ({
  name: 'validateBody',
  before: async (request) => {
    const state = requestState(request.event);
    state.body = validate(spec.body ?? emptyBody, state.body, 'body', state.lang);
  },
});
