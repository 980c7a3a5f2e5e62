import { DomainError } from '../../../domain/errors.ts';
import { eraseAmbassador, getAmbassador } from '../../store/ambassadors.ts';
import { http } from '../kit.ts';
import { deleteMe } from '../routes.ts';

export const handler = http(deleteMe, async ({ me, now }) => {
  let current = me;
  // A concurrent edit bumps the version; erase the fresh copy instead.
  while (!(await eraseAmbassador(current, now.toISOString()))) {
    const fresh = await getAmbassador(me.id, true);
    if (!fresh || fresh.erased) throw new DomainError('not_registered');
    current = fresh;
  }
  return { status: 204 };
});
