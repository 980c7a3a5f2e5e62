/** The caller, read from the claims the API Gateway JWT authorizer passes on. */
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';

export interface Caller {
  id: string;
  email: string | undefined;
  groups: string[];
  staff: boolean;
}

/**
 * `cognito:groups` arrives as a JSON array, as a JSON-encoded array string, or, through the
 * HTTP API authorizer, as a bracketed space-separated string like `"[staff editors]"`.
 */
export const parseGroups = (raw: unknown): string[] => {
  if (Array.isArray(raw)) return raw.map(String);
  if (typeof raw !== 'string') return [];
  const s = raw.trim();
  if (s.startsWith('[') && s.endsWith(']')) {
    try {
      const parsed = JSON.parse(s) as unknown;
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      // not JSON: the authorizer's "[a b]" form
    }
    return s
      .slice(1, -1)
      .split(/[\s,]+/)
      .filter(Boolean);
  }
  return s.split(/[\s,]+/).filter(Boolean);
};

export const callerOf = (event: APIGatewayProxyEventV2WithJWTAuthorizer): Caller | undefined => {
  const claims = event.requestContext?.authorizer?.jwt?.claims;
  const sub = claims?.sub;
  if (typeof sub !== 'string' || sub.length === 0) return undefined;
  const groups = parseGroups(claims?.['cognito:groups']);
  const email = claims?.email;
  return {
    id: sub,
    email: typeof email === 'string' && email.length > 0 ? email : undefined,
    groups,
    staff: groups.includes('staff'),
  };
};
