import { http } from '#http/kit.ts';
import { getPreferencesRoute } from '#http/routes/me.ts';
import { preferencesRepo } from '#store/inbox.ts';

/** Exactly the §11 object (the defaults until first saved); the version in the ETag only. */
export const handler = http(getPreferencesRoute, async ({ caller }) => {
  const { preferences, version } = await preferencesRepo.read(caller.id, true);
  return { body: preferences, version };
});
