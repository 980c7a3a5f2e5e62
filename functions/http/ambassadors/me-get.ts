import { profileFor } from '#domain/ambassadors.ts';
import { http } from '#http/kit.ts';
import { getMeRoute } from '#http/routes/ambassadors.ts';

export const handler = http(getMeRoute, async ({ me }) => ({
  body: { ...profileFor(me, { id: me.id, staff: false }), updatedAt: me.updatedAt, version: me.version },
  version: me.version,
}));
