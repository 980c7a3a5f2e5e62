/**
 * The local stand-in for the user pool's admin API, as far as the API uses it: AdminDeleteUser
 * (DELETE /ambassadors/me erases the Cognito user, docs/identity.md). The erasure handler calls
 * it with the real AWS SDK, pointed here by COGNITO_ENDPOINT; it speaks the same JSON protocol
 * (`X-Amz-Target: AWSCognitoIdentityProviderService.AdminDeleteUser`) and answers the same
 * errors. Erased users are remembered (in the data folder when there is one), and the local
 * token issuer refuses them, as Cognito refuses to sign in a deleted user.
 *
 * `POST /_local/cognito/outage` `{ "sub": "…", "failures": 5 }` makes the next calls for that
 * user fail (500 InternalErrorException), so a test can show that a retry finishes the erasure.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as z from 'zod/mini';
import type { LocalRoute } from './gateway.ts';

export const LOCAL_USER_POOL_ID = 'me-south-1_local';

export interface LocalCognito {
  isErased: (sub: string) => boolean;
  /** `POST /_local/cognito/`: the Cognito JSON protocol, AdminDeleteUser only. */
  api: LocalRoute;
  /** `POST /_local/cognito/outage`. */
  outage: LocalRoute;
}

const awsError = (status: number, type: string, message: string) => ({
  status,
  body: JSON.stringify({ __type: type, message }),
  contentType: 'application/x-amz-json-1.1',
});

const adminDeleteUser = z.object({ UserPoolId: z.string(), Username: z.string().check(z.minLength(1)) });
const outageRequest = z.strictObject({
  sub: z.string().check(z.minLength(1)),
  failures: z.number().check(z.int(), z.minimum(0), z.maximum(100)),
});

export const createLocalCognito = (file?: string): LocalCognito => {
  const erased = new Set<string>(
    file && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as string[]) : [],
  );
  const failures = new Map<string, number>();
  const save = () => {
    if (file) writeFileSync(file, JSON.stringify([...erased]), { mode: 0o600 });
  };
  return {
    isErased: (sub) => erased.has(sub),
    api: async (req, body) => {
      const target = String(req.headers['x-amz-target'] ?? '');
      if (target !== 'AWSCognitoIdentityProviderService.AdminDeleteUser')
        return awsError(400, 'InvalidParameterException', `${target} is not served locally`);
      let parsed: unknown;
      try {
        parsed = JSON.parse(body || '{}');
      } catch {
        return awsError(400, 'SerializationException', 'Malformed JSON');
      }
      const r = adminDeleteUser.safeParse(parsed);
      if (!r.success)
        return awsError(400, 'InvalidParameterException', 'UserPoolId and Username are required');
      if (r.data.UserPoolId !== LOCAL_USER_POOL_ID)
        return awsError(400, 'ResourceNotFoundException', 'User pool does not exist.');
      const sub = r.data.Username;
      const left = failures.get(sub) ?? 0;
      if (left > 0) {
        failures.set(sub, left - 1);
        return awsError(500, 'InternalErrorException', 'Internal error (local outage)');
      }
      // Users are made by /_local/token on demand: any sub not erased yet exists.
      if (erased.has(sub)) return awsError(400, 'UserNotFoundException', 'User does not exist.');
      erased.add(sub);
      save();
      return { status: 200, body: '{}', contentType: 'application/x-amz-json-1.1' };
    },
    outage: async (_req, body) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body || '{}');
      } catch {
        return { status: 400, body: { code: 'malformed_json' } };
      }
      const r = outageRequest.safeParse(parsed);
      if (!r.success) return { status: 400, body: { code: 'validation_failed', errors: r.error.issues } };
      failures.set(r.data.sub, r.data.failures);
      return { status: 200, body: r.data };
    },
  };
};
