import { registerAmbassadorCase } from '#domain/ambassador-cases.ts';
import { http } from '#http/kit.ts';
import { registerAmbassadorRoute } from '#http/routes/ambassadors.ts';
import { ambassadorRepo } from '#store/ambassadors.ts';

export const handler = http(registerAmbassadorRoute, async ({ body, caller, now }) => {
  const a = await registerAmbassadorCase({ ambassadors: ambassadorRepo, now: () => now }, caller, body);
  return { body: a, version: a.version, created: a.id };
});
