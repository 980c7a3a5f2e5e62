import { profileFor } from '#domain/ambassadors.ts';
import { http } from '#http/kit.ts';
import { getMe } from '#http/routes.ts';

export const handler = http(getMe, async ({ me }) => ({
  body: { ...profileFor(me, { id: me.id, staff: false }), updatedAt: me.updatedAt, version: me.version },
  version: me.version,
}));
