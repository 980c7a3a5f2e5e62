import { registerAmbassadorCase } from '../../../domain/ambassador-cases.ts';
import { ambassadorRepo } from '../../store/ambassadors.ts';
import { http } from '../kit.ts';
import { registerAmbassador } from '../routes.ts';

export const handler = http(registerAmbassador, async ({ body, caller, now }) => {
  const a = await registerAmbassadorCase({ ambassadors: ambassadorRepo, now: () => now }, caller, body);
  return { body: a, version: a.version, created: a.id };
});
