import { savePreferencesCase } from '#domain/inbox.ts';
import { http, ifMatchVersion } from '#http/kit.ts';
import { putPreferencesRoute } from '#http/routes/me.ts';
import { preferencesRepo } from '#store/inbox.ts';
import { pause } from './pause.ts';

export const handler = http(putPreferencesRoute, async ({ caller, body, headers, now }) => {
  const saved = await savePreferencesCase(
    { preferences: preferencesRepo, now: () => now, pause },
    caller.id,
    body,
    ifMatchVersion(headers),
  );
  return { body: saved.preferences, version: saved.version };
});
