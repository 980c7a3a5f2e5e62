import { eraseAmbassadorCase } from '#domain/ambassador-cases.ts';
import { logger } from '#functions/log.ts';
import { ideaDeps } from '#http/ideas/deps.ts';
import { http } from '#http/kit.ts';
import { deleteMeRoute } from '#http/routes/ambassadors.ts';
import { ambassadorRepo } from '#store/ambassadors.ts';
import { forgetCaller } from '#store/idempotency.ts';

export const handler = http(deleteMeRoute, async ({ me, now }) => {
  await eraseAmbassadorCase({ ...ideaDeps(now), ambassadors: ambassadorRepo }, me);
  // Stored answers of retried requests may hold the erased personal data. Best effort: the
  // erasure itself has happened, so a failure here must not answer 503 (a retry would be
  // 404); the records expire with their 24 h TTL anyway.
  try {
    await forgetCaller(me.id);
  } catch (err) {
    logger.warn('idempotency records of an erased ambassador not deleted', { error: err as Error });
  }
  return { status: 204 };
});
