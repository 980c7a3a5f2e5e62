import { profileFor } from '#domain/ambassadors.ts';
import { DomainError } from '#domain/errors.ts';
import { http } from '#http/kit.ts';
import { getAmbassadorRoute } from '#http/routes/ambassadors.ts';
import { getAmbassador as load } from '#store/ambassadors.ts';

export const handler = http(getAmbassadorRoute, async ({ params, caller }) => {
  const a = await load(params.id);
  if (!a || a.erased) throw new DomainError('not_found');
  return { body: profileFor(a, caller) };
});
