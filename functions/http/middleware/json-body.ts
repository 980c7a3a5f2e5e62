/**
 * The request body as JSON: at most 64 KiB (413 `payload_too_large`), sent as
 * `application/json` or `application/*+json` (415 `unsupported_media_type`), parseable (400
 * `malformed_json`). A route without a body schema accepts no body, or an empty JSON object.
 * A route with `formBody` (RFC 8058's one-click unsubscribe, which mail providers post as
 * `application/x-www-form-urlencoded`) also takes that form, read as an object of strings; a
 * name sent twice is refused (400), rather than one of its values silently chosen.
 *
 * Not @middy/http-json-body-parser: it answers malformed JSON with 422 instead of 400, asks
 * for a content type even when there is no body, and has no size limit.
 */
import type middy from '@middy/core';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DomainError } from '#domain/errors.ts';
import { TransportError } from '#http/problem.ts';
import type { RouteSpec } from '#http/route-spec.ts';
import { type Event, requestState } from './state.ts';

export const MAX_BODY_BYTES = 64 * 1024;

const readBody = (event: Event, spec: RouteSpec, headers: Record<string, string | undefined>): unknown => {
  const raw = event.body
    ? event.isBase64Encoded
      ? Buffer.from(event.body, 'base64').toString('utf8')
      : event.body
    : '';
  if (Buffer.byteLength(raw, 'utf8') > MAX_BODY_BYTES) throw new TransportError('payload_too_large');
  const empty = raw.trim().length === 0;
  if (empty) return spec.body ? undefined : {};
  const type = (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (spec.formBody && type === 'application/x-www-form-urlencoded') return readForm(raw);
  if (type !== 'application/json' && !/^application\/[\w.+-]+\+json$/.test(type))
    throw new TransportError('unsupported_media_type');
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new TransportError('malformed_json');
  }
};

const readForm = (raw: string): Record<string, string> => {
  const fields = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(raw.trim())) {
    if (fields.has(name))
      throw new DomainError('validation_failed', 'The request body is invalid', [
        { path: name.slice(0, 120), message: 'Sent more than once' },
      ]);
    fields.set(name, value);
  }
  // Own properties, whatever the names (`__proto__` included): the strict schema sees them all.
  return Object.fromEntries(fields);
};

export const jsonBodyMiddleware = (
  spec: RouteSpec,
): middy.MiddlewareObj<Event, APIGatewayProxyStructuredResultV2> => ({
  name: 'jsonBody',
  before: async (request) => {
    const state = requestState(request.event);
    state.body = readBody(request.event, spec, state.headers);
  },
});
