import { eraseAmbassadorCase } from '../../../domain/ambassador-cases.ts';
import { ambassadorRepo } from '../../store/ambassadors.ts';
import { forgetCaller } from '../../store/idempotency.ts';
import { http } from '../kit.ts';
import { deleteMe } from '../routes.ts';

export const handler = http(deleteMe, async ({ me, now }) => {
  await eraseAmbassadorCase({ ambassadors: ambassadorRepo, now: () => now }, me);
  // Stored answers of retried requests may hold the erased personal data.
  await forgetCaller(me.id);
  return { status: 204 };
});
