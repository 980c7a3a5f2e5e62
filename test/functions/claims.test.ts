/**
 * The caller as read from the JWT authorizer's claims (docs/api-contract.md §10 "Groups"):
 * pure, no server needed.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { callerOf, parseGroups } from '#http/claims.ts';

const STAFF_CLIENT = 'staff-client-id';
const MEMBER_CLIENT = 'member-client-id';

/** An ID token of the internal tool unless the claims say otherwise. */
const eventWith = (claims: Record<string, string>) =>
  ({
    requestContext: {
      authorizer: { jwt: { claims: { token_use: 'id', aud: STAFF_CLIENT, ...claims }, scopes: null } },
    },
  }) as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
const callerIn = (claims: Record<string, string>) => callerOf(eventWith(claims), STAFF_CLIENT);

describe('parseGroups', () => {
  it('reads a JSON array and the authorizer\'s "[a b]" string, split on whitespace only', () => {
    expect(parseGroups(['staff', 'editors'])).toEqual(['staff', 'editors']);
    expect(parseGroups('[staff editors]')).toEqual(['staff', 'editors']);
    expect(parseGroups('[staff]')).toEqual(['staff']);
    expect(parseGroups('[ staff\teditors ]')).toEqual(['staff', 'editors']);
    expect(parseGroups('staff')).toEqual(['staff']);
    expect(parseGroups(undefined)).toEqual([]);
    expect(parseGroups('')).toEqual([]);
  });

  it.each([
    ['editors,staff'],
    ['[editors,staff]'],
    ['"staff"'],
    ['["staff"]'],
    ['["editors","staff"]'],
    ["['staff']"],
    ['staff,'],
    ['[staff,]'],
    [',staff'],
    ['[STAFF]'],
    ['[ staff. ]'],
  ])('%s grants no staff group', (raw) => {
    expect(parseGroups(raw)).not.toContain('staff');
    const caller = callerIn({ sub: 'u1', 'cognito:groups': raw });
    expect(caller?.staff).toBe(false);
  });

  it('names in a JSON array match exactly', () => {
    expect(parseGroups(['staff '])).not.toContain('staff');
    expect(callerIn({ sub: 'u1', 'cognito:groups': '[staff]' })?.staff).toBe(true);
  });
});

describe('callerOf: the token sub', () => {
  it.each([
    ['u1'],
    ['3f2a9c1e-7b7d-4f0e-9a43-1c2d3e4f5a6b'],
    ['google_1234567890'],
    ['a.b:c@d|e+f=g-h'],
    ['x'.repeat(128)],
  ])('%s is a caller', (sub) => {
    expect(callerIn({ sub })?.id).toBe(sub);
  });

  it.each([
    ['with #', 'u1#other'],
    ['Arabic', 'أحمد'],
    ['emoji', 'u😀'],
    ['a control character', 'u\u0001x'],
    ['a newline', 'u\nx'],
    ['a space', 'u x'],
    ['a slash', 'u/x'],
    ['too long', 'x'.repeat(129)],
    ['empty', ''],
  ])('a sub %s is no caller (the token is treated as invalid)', (_what, sub) => {
    expect(callerIn({ sub })).toBeUndefined();
  });
});

describe('callerOf: which token (docs/identity.md)', () => {
  it('takes ID tokens only: an access token, or a token without token_use, is no caller', () => {
    expect(callerIn({ sub: 'u1' })?.id).toBe('u1');
    expect(callerIn({ sub: 'u1', token_use: 'access' })).toBeUndefined();
    expect(callerIn({ sub: 'u1', token_use: 'ID' })).toBeUndefined();
    const { token_use: _, ...noUse } = { token_use: 'id', aud: STAFF_CLIENT, sub: 'u1' };
    expect(
      callerOf(
        { requestContext: { authorizer: { jwt: { claims: noUse, scopes: null } } } } as never,
        STAFF_CLIENT,
      ),
    ).toBeUndefined();
  });

  it('grants staff only to a staff-group token of the internal tool (aud = STAFF_CLIENT_ID)', () => {
    expect(callerIn({ sub: 'u1', 'cognito:groups': '[staff]' })?.staff).toBe(true);
    const fromApp = callerIn({ sub: 'u1', 'cognito:groups': '[staff]', aud: MEMBER_CLIENT });
    expect(fromApp?.staff).toBe(false);
    expect(fromApp?.groups).toEqual(['staff']);
    expect(
      callerIn({ sub: 'u1', 'cognito:groups': '[staff]', aud: `[${STAFF_CLIENT} ${MEMBER_CLIENT}]` })?.staff,
    ).toBe(false);
    // No staff client configured: nobody is staff.
    expect(callerOf(eventWith({ sub: 'u1', 'cognito:groups': '[staff]' }), undefined)?.staff).toBe(false);
    expect(callerIn({ sub: 'u1' })?.staff).toBe(false);
  });
});
