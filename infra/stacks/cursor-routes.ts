/**
 * Which routes take a list cursor: those whose query schema has a `cursor` parameter (the
 * same test the OpenAPI document uses to list `invalid_cursor` among a route's answers). Only
 * their functions, and the one reading an unsubscribe `token`, get the cursor secret's ARN and
 * `secretsmanager:GetSecretValue` on it (api-stack.ts); every other function can neither read
 * the secret nor make a cursor.
 */
import * as z from 'zod/mini';
import type { RouteSpec } from '#http/route-spec.ts';
import { routes } from '#http/routes/index.ts';

const propertiesOf = (schema: z.ZodMiniType): Record<string, unknown> =>
  (
    z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
      properties?: Record<string, unknown>;
    }
  ).properties ?? {};

export const takesCursor = (spec: RouteSpec): boolean =>
  spec.query !== undefined && 'cursor' in propertiesOf(spec.query);

/** Whether the success body can carry a `nextCursor` (a page): such a route must take a cursor. */
export const answersWithCursor = (spec: RouteSpec): boolean =>
  spec.response !== undefined &&
  !spec.responseContentType &&
  'nextCursor' in
    (((z.toJSONSchema(spec.response, { io: 'output', unrepresentable: 'any' }) as { properties?: object })
      .properties ?? {}) as object);

/**
 * Whether the route reads an email's unsubscribe `token` (`POST /unsubscribe`, docs/api-contract.md
 * §11), signed with a key derived from the same secret (functions/notifications/unsubscribe-token.ts).
 */
export const takesUnsubscribeToken = (spec: RouteSpec): boolean =>
  spec.query !== undefined && 'token' in propertiesOf(spec.query);

/**
 * Whether the route makes or checks a lecture's check-in code (docs/api-contract.md §12), whose
 * master key is derived from the same secret (functions/checkin/codes.ts): a body with a `code`
 * (a check-in), or an answer with one (the organizer's code).
 */
export const usesCheckinCode = (spec: RouteSpec): boolean =>
  (spec.body !== undefined && 'code' in propertiesOf(spec.body)) ||
  (spec.response !== undefined &&
    !spec.responseContentType &&
    'code' in propertiesOf(spec.response) &&
    'expiresAt' in propertiesOf(spec.response));

/**
 * The ids of the routes that need the secret (a cursor, an unsubscribe token, or a check-in
 * code), in the route table's order.
 */
export const cursorRouteIds = (table: readonly RouteSpec[] = routes): string[] =>
  table.filter((r) => takesCursor(r) || takesUnsubscribeToken(r) || usesCheckinCode(r)).map((r) => r.id);
