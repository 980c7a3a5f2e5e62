/** The caller, read from the claims the API Gateway JWT authorizer passes on. */
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';

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

export const callerOf = (event: APIGatewayProxyEventV2WithJWTAuthorizer): Caller | undefined => {
  const claims = event.requestContext?.authorizer?.jwt?.claims;
  const sub = claims?.sub;
  if (typeof sub !== 'string' || !SUB.test(sub)) return undefined;
  const groups = parseGroups(claims?.['cognito:groups']);
  const email = claims?.email;
  return {
    id: sub,
    email: typeof email === 'string' && email.length > 0 ? email : undefined,
    groups,
    staff: groups.includes('staff'),
  };
};
