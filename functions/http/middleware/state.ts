/**
 * What the kit's middlewares learn about a request, kept for the next ones and the handler:
 * the language and headers (from the first look at the event), then the caller, the
 * caller's profile, and the validated path, query and body.
 *
 * Headers: API Gateway v2 and the local gateway already lower-case them; `headersOf` makes
 * sure in a copy. Not @middy/http-header-normalizer: it does the same in place, but adds
 * 1.5 KB minified (with @middy/util) to every bundle for these four lines.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import type { Caller } from '#http/claims.ts';
import { type Lang, pickLanguage } from '#http/problem.ts';
import type { AmbassadorItem } from '#store/ambassadors.ts';

export type Event = APIGatewayProxyEventV2WithJWTAuthorizer;

export interface RequestState {
  readonly lang: Lang;
  readonly headers: Record<string, string | undefined>;
  /** Set by claimsMiddleware (undefined on a public route called without a token). */
  caller?: Caller | undefined;
  /** Set by profileMiddleware on `ambassador` routes. */
  me?: AmbassadorItem | undefined;
  /** Set by paramsValidationMiddleware. */
  params?: unknown;
  query?: unknown;
  /** The parsed JSON body (jsonBodyMiddleware), then the validated one (bodyValidationMiddleware). */
  body?: unknown;
}

const states = new WeakMap<Event, RequestState>();

/** Lower-cased headers (API Gateway v2 already lower-cases them; the local gateway too). */
const headersOf = (event: Event) => {
  const h: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(event.headers ?? {})) h[k.toLowerCase()] = v;
  return h;
};

/** The request's state, begun on first use: its headers and the language it asked for. */
export const requestState = (event: Event): RequestState => {
  let state = states.get(event);
  if (!state) {
    const headers = headersOf(event);
    state = { lang: pickLanguage(headers['accept-language']), headers };
    states.set(event, state);
  }
  return state;
};
