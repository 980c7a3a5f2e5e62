/**
 * The caller as read from the JWT authorizer's claims (docs/api-contract.md §10 "Groups"):
 * pure, no server needed.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { callerOf, parseGroups } from '#http/claims.ts';

const eventWith = (claims: Record<string, string>) =>
  ({
    requestContext: { authorizer: { jwt: { claims, scopes: null } } },
  }) as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;

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
    const caller = callerOf(eventWith({ sub: 'u1', 'cognito:groups': raw }));
    expect(caller?.staff).toBe(false);
  });

  it('names in a JSON array match exactly', () => {
    expect(parseGroups(['staff '])).not.toContain('staff');
    expect(callerOf(eventWith({ sub: 'u1', 'cognito:groups': '[staff]' }))?.staff).toBe(true);
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
    expect(callerOf(eventWith({ sub }))?.id).toBe(sub);
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
    expect(callerOf(eventWith({ sub }))).toBeUndefined();
  });
});
