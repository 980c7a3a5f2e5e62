import { eraseAmbassadorCase } from '../../../domain/ambassador-cases.ts';
import { ambassadorRepo } from '../../store/ambassadors.ts';
import { http } from '../kit.ts';
import { deleteMe } from '../routes.ts';

export const handler = http(deleteMe, async ({ me, now }) => {
  await eraseAmbassadorCase({ ambassadors: ambassadorRepo, now: () => now }, me);
  return { status: 204 };
});
