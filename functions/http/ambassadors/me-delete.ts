/**
 * DELETE /ambassadors/me (docs/identity.md "Erasure"): the data first (the profile and teams,
 * then the notification inbox), then the Cognito user.
 * Should Cognito fail, the answer is 503 and the profile stays an erased tombstone waiting
 * for that step (`identityPending`): the same request again finishes the job.
 */
import { eraseAmbassadorCase } from '#domain/ambassador-cases.ts';
import { DomainError } from '#domain/errors.ts';
import { deleteCognitoUser } from '#functions/identity/users.ts';
import { logger } from '#functions/log.ts';
import { ideaDeps } from '#http/ideas/deps.ts';
import { http } from '#http/kit.ts';
import { deleteMeRoute } from '#http/routes/ambassadors.ts';
import { ambassadorRepo, identityDeleted } from '#store/ambassadors.ts';
import { forgetCaller } from '#store/idempotency.ts';
import { eraseInbox } from '#store/inbox.ts';

export const handler = http(deleteMeRoute, async ({ me, now }) => {
  if (!me.erased) {
    await eraseAmbassadorCase({ ...ideaDeps(now), ambassadors: ambassadorRepo }, me);
    // Stored answers of retried requests may hold the erased personal data. Best effort: the
    // erasure itself has happened, so a failure here must not answer 503; the records expire
    // with their 24 h TTL anyway.
    try {
      await forgetCaller(me.id);
    } catch (err) {
      logger.warn('idempotency records of an erased ambassador not deleted', { error: err as Error });
    }
  }
  // The inbox (notifications, preferences, delivery records) and the digest marker, on every
  // attempt: a retry after a failure here, or a notification delivered since the first attempt,
  // is deleted too before the 204.
  await eraseInbox(me.id);
  try {
    await deleteCognitoUser(me.id);
  } catch (err) {
    logger.error('Cognito user of an erased ambassador not deleted: a retry finishes it', {
      error: err as Error,
    });
    throw new DomainError(
      'unavailable',
      'The sign-in account is not deleted yet: send the same request again',
    );
  }
  await identityDeleted(me.id);
  return { status: 204 };
});
