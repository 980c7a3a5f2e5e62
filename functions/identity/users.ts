/**
 * The user pool's admin API as the erasure uses it: AdminDeleteUser of the caller
 * (docs/identity.md). USER_POOL_ID names the pool; COGNITO_ENDPOINT points the client at the
 * local stand-in (infra/local/cognito.ts) and is unset in AWS.
 */
import {
  AdminDeleteUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';

let client: CognitoIdentityProviderClient | undefined;
const cognito = () => {
  const endpoint = process.env.COGNITO_ENDPOINT;
  client ??= new CognitoIdentityProviderClient({
    ...(endpoint
      ? {
          endpoint,
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
          region: process.env.AWS_REGION ?? 'me-south-1',
        }
      : {}),
    maxAttempts: 3,
  });
  return client;
};

/**
 * Deletes the Cognito user whose `sub` is given (Cognito takes the sub as the username). A
 * user already gone counts as deleted, so a retry is harmless. Any other failure throws.
 */
export const deleteCognitoUser = async (sub: string): Promise<void> => {
  const userPoolId = process.env.USER_POOL_ID;
  if (!userPoolId) throw new Error('Environment variable USER_POOL_ID is not set');
  try {
    await cognito().send(new AdminDeleteUserCommand({ UserPoolId: userPoolId, Username: sub }));
  } catch (err) {
    if ((err as { name?: string }).name === 'UserNotFoundException') return;
    throw err;
  }
};
