import { updateProfileCase } from '#domain/ambassador-cases.ts';
import { http, ifMatchVersion } from '#http/kit.ts';
import { patchMeRoute } from '#http/routes/ambassadors.ts';
import { ambassadorRepo } from '#store/ambassadors.ts';

export const handler = http(patchMeRoute, async ({ me, body, headers, now }) => {
  const next = await updateProfileCase(
    { ambassadors: ambassadorRepo, now: () => now },
    me,
    body,
    ifMatchVersion(headers),
  );
  return { body: next, version: next.version };
});
