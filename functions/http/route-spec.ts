/**
 * The shape of one entry of the route table (functions/http/routes/): the single source
 * for the CDK stack, the local gateway and the OpenAPI document.
 */
import type * as z from 'zod/mini';
import type { ExampleName } from './openapi.ts';
import type { ErrorCode } from './problem.ts';
import type { TableKeys } from './table-keys.ts';

/**
 * - `public`: no token needed (a token, if sent, is ignored by the cloud authorizer setup)
 * - `member`: any valid token ("any signed-in" in the contract), registered or not
 * - `ambassador`: a token whose `sub` has registered; 403 `not_registered` otherwise
 * - `staff`: a token in the `staff` group; 403 `forbidden` otherwise
 */
export type Role = 'public' | 'member' | 'ambassador' | 'staff';
export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface RouteSpec {
  /** operationId; also names the Lambda function. */
  id: string;
  method: Method;
  /** API Gateway path, `{name}` for parameters; `$default` catches unknown routes. */
  path: string;
  role: Role;
  /** Module under functions/http/ that exports `handler`. */
  handler: string;
  /** What the function may do to the table (least privilege). */
  access: 'none' | 'read' | 'write';
  /**
   * The key prefixes the function reads and writes and the indexes it queries (./table-keys.ts):
   * IAM grants no more (`dynamodb:LeadingKeys`), and the local server refuses the rest. The
   * kit's own work (profile, quota, idempotency) is added by `tableKeysOf`.
   */
  keys?: TableKeys;
  summary: string;
  tag: string;
  /** Success status. */
  status: 200 | 201 | 204;
  params?: z.ZodMiniType;
  query?: z.ZodMiniType;
  body?: z.ZodMiniType;
  /**
   * What the success status answers (functions/http/responses/), exactly; none for 204 routes.
   * The OpenAPI document is built from it and every e2e response is checked against that.
   */
  response?: z.ZodMiniType;
  /**
   * `false` leaves a writing route (POST, PATCH, PUT, DELETE) outside the per-caller write
   * quota (docs/api-contract.md §10): check-ins, where a whole hall shares one address (§12).
   */
  quota?: false;
  /**
   * Where a creating POST's `Location` points (docs/api-contract.md v1.1: a URL that answers GET
   * 200 to the creator): `item` the new item under the path posted to (the default),
   * `collection` the path posted to (items without a GET of their own: comments, resources),
   * `parent` the resource the path belongs to (a join request: its idea). The handler and
   * an idempotent replay both derive it from here (`createdLocation`). `{ list }`: a public list
   * elsewhere that shows the item (a season, created under /staff, is read in /seasons).
   */
  location?: 'item' | 'collection' | 'parent' | { list: string };
  /** The success body's media type when it is not JSON (the share card's SVG, a page). */
  responseContentType?: 'image/svg+xml' | 'image/png' | 'text/html';
  /**
   * Opened by browsers (an email's unsubscribe link, §11): when `Accept` prefers `text/html`
   * (functions/http/html.ts), the success and the 400 `invalid_token` are HTML pages; otherwise
   * JSON and problem+json as everywhere. The OpenAPI document lists both media types.
   */
  htmlAnswers?: true;
  // What the OpenAPI document says of the route beyond its inputs and role (errorCodesOf in
  // openapi.ts); the behaviour itself is the handler's and its use case's.
  /** The 409 codes the route can answer (docs/api-contract.md §§4–9). */
  conflicts?: readonly ErrorCode[];
  /**
   * Other codes the route can answer that neither its role nor its inputs imply: a check-in's
   * 400 `invalid_code` and its 403 `forbidden` to the lecture's organizer (§12).
   */
  refusals?: readonly ErrorCode[];
  /**
   * A `member` route that answers 403 `not_registered` all the same, to a caller who is
   * neither staff nor registered (join requests: staff or a registered leader, §10).
   */
  notRegistered?: true;
  /** 404 `not_found` for a query naming something that does not exist (a `season:<id>` period, §13). */
  queryNames?: true;
  /** 403 `forbidden` to a caller of the right role who is not the owner, author or leader. */
  ownerOnly?: true;
  /** A staff route answering 403 `conflict_of_interest` to a staff member acting on their own work (§10). */
  ownWork?: true;
  /**
   * DELETE /ambassadors/me: an erased caller whose Cognito user is not deleted yet (a first
   * attempt answered 503) passes the `ambassador` check, so that a retry finishes the erasure.
   */
  finishesErasure?: true;
  /**
   * The resource's version travels in the `ETag` only, the body being exactly the contract's
   * object (preferences, docs/api-contract.md §11); a PUT then honours `If-Match` against it.
   */
  etagOnly?: true;
  /**
   * The body may also come as `application/x-www-form-urlencoded`, read as an object of strings:
   * RFC 8058's one-click unsubscribe, which mail providers post that way (docs/api-contract.md §11).
   */
  formBody?: true;
  /** The named example (openapi.ts `EXAMPLES`) the request body shows. */
  requestExample?: ExampleName;
}

export const defineRoute = <const S extends RouteSpec>(spec: S): S => spec;

/**
 * A path segment safe in a header: what is not visible ASCII percent-encoded, and the
 * characters that would end the segment; the rest as written (ids are ULIDs or token
 * subjects, which may hold `| @ + =`: claims.ts).
 */
const segment = (id: string) =>
  id
    .toWellFormed()
    .replace(/[#?/%]/g, encodeURIComponent)
    .replace(/[^\x21-\x7E]/gu, encodeURIComponent);

/** The `Location` of an item created by a POST to `postedTo` (see `RouteSpec.location`). */
export const createdLocation = (spec: RouteSpec, postedTo: string, id: string): string => {
  const path = postedTo.replace(/\/+$/, '');
  if (typeof spec.location === 'object') return spec.location.list;
  if (spec.location === 'collection') return path;
  if (spec.location === 'parent') return path.slice(0, path.lastIndexOf('/'));
  return `${path}/${segment(id)}`;
};
