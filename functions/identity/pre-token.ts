/**
 * Cognito pre token generation trigger (V1, on the Lite plan): tokens of a member of the
 * `staff` group carry that group only when the user has TOTP enabled (./staff-gate.ts,
 * docs/identity.md). Runs at sign-in and at every refresh, so a staff member who turns TOTP
 * off, or is removed from the group, loses the role at the next refresh (staffTokenMinutes).
 */
import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { PreTokenGenerationTriggerEvent } from 'aws-lambda';
import { logger } from '#functions/log.ts';
import { STAFF_GROUP, staffGate } from './staff-gate.ts';

const cognito = new CognitoIdentityProviderClient({});

const mfaMethodsOf = async (userPoolId: string, username: string): Promise<string[] | undefined> => {
  try {
    const user = await cognito.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }));
    return user.UserMFASettingList ?? [];
  } catch (err) {
    // Fail closed: the person still signs in, as a member.
    logger.error('MFA settings unreadable: staff group dropped', { error: err as Error });
    return undefined;
  }
};

export const handler = async (
  event: PreTokenGenerationTriggerEvent,
): Promise<PreTokenGenerationTriggerEvent> => {
  const groups = event.request.groupConfiguration?.groupsToOverride ?? [];
  // Only staff members cost a lookup (AdminGetUser); everyone else passes untouched.
  if (!groups.includes(STAFF_GROUP)) return event;
  const decision = staffGate({ groups, mfaMethods: await mfaMethodsOf(event.userPoolId, event.userName) });
  if (decision.staffDropped) {
    logger.warn('staff member without TOTP: tokens issued without the staff group', {
      sub: event.request.userAttributes.sub,
      trigger: event.triggerSource,
    });
    event.response.claimsOverrideDetails = {
      ...event.response.claimsOverrideDetails,
      groupOverrideDetails: { ...event.request.groupConfiguration, groupsToOverride: decision.groups },
    };
  }
  return event;
};
