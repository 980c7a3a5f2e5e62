/**
 * The caller, read from the claims the API Gateway JWT authorizer passes on (docs/identity.md).
 * The API takes Cognito ID tokens (`token_use: id`): they carry `email`, which registration
 * needs. An access token (or anything else) passes the authorizer, whose audience check also
 * matches `client_id`, but is no caller here: 401 `unauthorized`.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { STAFF_GROUP } from '#functions/identity/staff-gate.ts';

export interface Caller {
  id: string;
  email: string | undefined;
  groups: string[];
  staff: boolean;
}

/**
 * `cognito:groups` (docs/api-contract.md §10 "Groups") is a JSON array, or, through the HTTP API
 * authorizer, a bracketed string like `"[staff editors]"` split on whitespace only. Names
 * match exactly: commas and quotes are part of a name (Cognito allows both), so
 * `editors,staff`, `"staff"` or `[editors,staff]` grant no `staff`. A string is never read
 * as JSON: the authorizer renders a group named `"staff"` as `["staff"]`.
 */
export const parseGroups = (raw: unknown): string[] => {
  if (Array.isArray(raw)) return raw.filter((g): g is string => typeof g === 'string');
  if (typeof raw !== 'string') return [];
  const s = raw.trim();
  const inner = s.startsWith('[') && s.endsWith(']') ? s.slice(1, -1) : s;
  return inner.split(/\s+/).filter(Boolean);
};

/**
 * What a `sub` may hold: Cognito's are UUIDs, federated ones `provider_id`. The id ends up in
 * table keys (where `#` separates parts), in headers (`Location`, which must be Latin-1) and
 * in logs, so anything else is a token we do not trust: it is treated as invalid (401), before
 * anything is read or written.
 */
const SUB = /^[A-Za-z0-9._:@|+=-]{1,128}$/;

/**
 * The internal tool's app client id (STAFF_CLIENT_ID, set by the API stack and the local
 * server): the staff role comes only from its tokens. Unset, no token grants it.
 */
export const staffClientId = (): string | undefined => process.env.STAFF_CLIENT_ID || undefined;

export const callerOf = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  staffClient: string | undefined = staffClientId(),
): Caller | undefined => {
  const claims = event.requestContext?.authorizer?.jwt?.claims;
  const sub = claims?.sub;
  if (typeof sub !== 'string' || !SUB.test(sub)) return undefined;
  if (claims?.token_use !== 'id') return undefined;
  const groups = parseGroups(claims?.['cognito:groups']);
  const email = claims?.email;
  // `aud` of an ID token is the one client it was issued to (the authorizer renders a list as
  // "[a b]", which never equals a client id).
  const fromStaffClient = staffClient !== undefined && claims?.aud === staffClient;
  return {
    id: sub,
    email: typeof email === 'string' && email.length > 0 ? email : undefined,
    groups,
    staff: fromStaffClient && groups.includes(STAFF_GROUP),
  };
};
