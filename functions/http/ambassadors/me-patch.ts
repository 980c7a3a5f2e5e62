import { updateProfileCase } from '#domain/ambassador-cases.ts';
import { http, ifMatchVersion } from '#http/kit.ts';
import { patchMe } from '#http/routes.ts';
import { ambassadorRepo } from '#store/ambassadors.ts';

export const handler = http(patchMe, async ({ me, body, headers, now }) => {
  const next = await updateProfileCase(
    { ambassadors: ambassadorRepo, now: () => now },
    me,
    body,
    ifMatchVersion(headers),
  );
  return { body: next, version: next.version };
});
