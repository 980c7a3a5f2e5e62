import { profileFor } from '../../../domain/ambassadors.ts';
import { DomainError } from '../../../domain/errors.ts';
import { getAmbassador as load } from '../../store/ambassadors.ts';
import { http } from '../kit.ts';
import { getAmbassador } from '../routes.ts';

export const handler = http(getAmbassador, async ({ params, caller }) => {
  const a = await load(params.id);
  if (!a || a.erased) throw new DomainError('not_found');
  return { body: profileFor(a, caller) };
});
