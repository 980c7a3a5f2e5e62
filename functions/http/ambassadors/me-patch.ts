import { patchProfile } from '../../../domain/ambassadors.ts';
import { DomainError } from '../../../domain/errors.ts';
import { getAmbassador, updateAmbassador } from '../../store/ambassadors.ts';
import { http, ifMatchVersion } from '../kit.ts';
import { patchMe } from '../routes.ts';

/** Without If-Match, a PATCH that loses a race to another edit reapplies itself this often. */
const ATTEMPTS = 3;

export const handler = http(patchMe, async ({ me, body, headers, now }) => {
  const expected = ifMatchVersion(headers);
  let current = me;
  for (let attempt = 1; ; attempt++) {
    if (expected !== undefined && expected !== current.version) throw new DomainError('version_mismatch');
    const next = {
      ...current,
      ...patchProfile(current, body),
      updatedAt: now.toISOString(),
      version: current.version + 1,
    };
    if (await updateAmbassador(current, next)) return { body: next, version: next.version };
    const fresh = await getAmbassador(me.id, true);
    if (!fresh || fresh.erased) throw new DomainError('not_registered');
    if (attempt >= ATTEMPTS) throw new DomainError('version_mismatch');
    current = fresh;
  }
});
