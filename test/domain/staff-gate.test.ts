/**
 * The staff gate (functions/identity/staff-gate.ts) and the pre-token trigger around it
 * (functions/identity/pre-token.ts): the staff group only with TOTP (docs/identity.md).
 */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { PreTokenGenerationTriggerEvent } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { handler } from '#functions/identity/pre-token.ts';
import { STAFF_GROUP, staffGate, TOTP } from '#functions/identity/staff-gate.ts';

describe('staffGate', () => {
  it('keeps the staff group of a user with TOTP', () => {
    expect(staffGate({ groups: ['staff', 'editors'], mfaMethods: [TOTP] })).toEqual({
      groups: ['staff', 'editors'],
      staffDropped: false,
    });
  });

  it.each([
    ['no MFA', []],
    ['SMS only', ['SMS_MFA']],
    ['email only', ['EMAIL_OTP']],
    ['unknown settings (lookup failed)', undefined],
  ])('drops the staff group, and only it, of a user with %s', (_what, mfaMethods) => {
    expect(staffGate({ groups: ['editors', 'staff'], mfaMethods })).toEqual({
      groups: ['editors'],
      staffDropped: true,
    });
  });

  it('leaves anyone outside the staff group untouched, MFA or not', () => {
    expect(staffGate({ groups: [], mfaMethods: undefined })).toEqual({ groups: [], staffDropped: false });
    expect(staffGate({ groups: ['Staff'], mfaMethods: [] })).toEqual({
      groups: ['Staff'],
      staffDropped: false,
    });
  });
});

const eventFor = (groups: string[]) =>
  ({
    version: '1',
    triggerSource: 'TokenGeneration_RefreshTokens',
    region: 'me-south-1',
    userPoolId: 'me-south-1_pool',
    userName: 'u-1',
    callerContext: { awsSdkVersion: 'x', clientId: 'staff-client' },
    request: {
      userAttributes: { sub: 'u-1', email: 'u1@example.om' },
      groupConfiguration: { groupsToOverride: groups, iamRolesToOverride: [], preferredRole: undefined },
    },
    response: { claimsOverrideDetails: {} },
  }) as unknown as PreTokenGenerationTriggerEvent;

describe('pre-token trigger', () => {
  afterEach(() => vi.restoreAllMocks());

  const userWith = (mfa: string[] | Error) =>
    vi
      .spyOn(CognitoIdentityProviderClient.prototype, 'send')
      .mockImplementation(async () =>
        mfa instanceof Error ? Promise.reject(mfa) : { UserMFASettingList: mfa },
      );

  it('overrides the groups of a staff member without TOTP', async () => {
    const send = userWith([]);
    const out = await handler(eventFor([STAFF_GROUP, 'editors']));
    expect(out.response.claimsOverrideDetails?.groupOverrideDetails?.groupsToOverride).toEqual(['editors']);
    expect(send).toHaveBeenCalledTimes(1);
    const command = send.mock.calls[0]?.[0] as unknown as { input: unknown } | undefined;
    const input = command?.input;
    expect(input).toEqual({ UserPoolId: 'me-south-1_pool', Username: 'u-1' });
  });

  it('drops the staff group when the MFA settings cannot be read (fails closed)', async () => {
    userWith(new Error('throttled'));
    const out = await handler(eventFor([STAFF_GROUP]));
    expect(out.response.claimsOverrideDetails?.groupOverrideDetails?.groupsToOverride).toEqual([]);
  });

  it('changes nothing for a staff member with TOTP', async () => {
    userWith([TOTP]);
    const out = await handler(eventFor([STAFF_GROUP]));
    expect(out.response.claimsOverrideDetails?.groupOverrideDetails).toBeUndefined();
  });

  it('does not look anyone else up', async () => {
    const send = userWith([]);
    const out = await handler(eventFor(['editors']));
    expect(send).not.toHaveBeenCalled();
    expect(out.response.claimsOverrideDetails?.groupOverrideDetails).toBeUndefined();
  });
});
