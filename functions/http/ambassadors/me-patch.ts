import { updateProfileCase } from '../../../domain/ambassador-cases.ts';
import { ambassadorRepo } from '../../store/ambassadors.ts';
import { http, ifMatchVersion } from '../kit.ts';
import { patchMe } from '../routes.ts';

export const handler = http(patchMe, async ({ me, body, headers, now }) => {
  const next = await updateProfileCase(
    { ambassadors: ambassadorRepo, now: () => now },
    me,
    body,
    ifMatchVersion(headers),
  );
  return { body: next, version: next.version };
});
