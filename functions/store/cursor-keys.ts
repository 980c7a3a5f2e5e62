/**
 * Where the cursor secret comes from (functions/store/cursor.ts signs and verifies with it).
 *
 * In AWS the function has the ARN of the Secrets Manager secret (`CURSOR_SECRET_ARN`), never
 * its value, and reads the AWSCURRENT and AWSPREVIOUS versions at run time:
 * - kept 5 minutes (`CACHE_MS`), so a rotation (functions/rotation/) reaches every function
 *   within 5 minutes without a deploy;
 * - a cursor under neither value may have been signed by a function that already has the new
 *   one: that makes one re-read, at most one per 5 s (`MISS_REREAD_MS`), so forged cursors
 *   cannot turn into a Secrets Manager call each;
 * - a read that fails (throttled, Secrets Manager unreachable) keeps the values it had for
 *   30 s more (`STALE_GRACE_MS`) before requests fail.
 * Cursors are signed with the current value and verify under either, so a cursor issued just
 * before a rotation keeps working until the next one (90 days).
 *
 * Locally (no ARN): `CURSOR_SECRET`, and `CURSOR_SECRET_PREVIOUS` to play a rotation.
 */
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { config } from '#functions/config.ts';

export interface SecretValues {
  /** Signs new cursors. */
  current: string;
  /** The value before the last rotation: cursors under it still verify. */
  previous?: string | undefined;
}

export interface CursorSecretSource {
  get(): Promise<SecretValues>;
  /**
   * After a cursor verified under neither value: re-reads once unless a re-read happened in
   * the last 5 s; true when it brought other values (the caller then tries them).
   */
  refreshAfterMiss(): Promise<boolean>;
}

export const CACHE_MS = 5 * 60_000;
export const MISS_REREAD_MS = 5_000;
export const STALE_GRACE_MS = 30_000;

/** Caches what `read` answers by the rules above; `now` is the clock (tests move it). */
export const cachedSource = (
  read: () => Promise<SecretValues>,
  now: () => number = Date.now,
): CursorSecretSource => {
  let values: SecretValues | undefined;
  let freshUntil = 0;
  /** Set by the first failed read after the values expired; cleared by a good read. */
  let graceUntil: number | undefined;
  let lastMissRead = Number.NEGATIVE_INFINITY;
  let inFlight: Promise<SecretValues> | undefined;

  const load = (): Promise<SecretValues> => {
    inFlight ??= read()
      .then((v) => {
        values = v;
        freshUntil = now() + CACHE_MS;
        graceUntil = undefined;
        return v;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };

  return {
    async get() {
      if (values && now() < freshUntil) return values;
      if (values && graceUntil !== undefined && now() < graceUntil) return values;
      try {
        return await load();
      } catch (err) {
        if (!values || graceUntil !== undefined) throw err;
        // The first failure: keep the stale values 30 s more, without a read per request.
        graceUntil = now() + STALE_GRACE_MS;
        return values;
      }
    },
    async refreshAfterMiss() {
      if (now() - lastMissRead < MISS_REREAD_MS) return false;
      lastMissRead = now();
      const before = values;
      try {
        const after = await load();
        return after.current !== before?.current || after.previous !== before?.previous;
      } catch {
        return false;
      }
    },
  };
};

/** Fixed values (local server, tests): nothing to re-read. */
export const fixedSource = (values: SecretValues): CursorSecretSource => ({
  get: async () => values,
  refreshAfterMiss: async () => false,
});

/** Both versions of the secret from Secrets Manager; there is no AWSPREVIOUS before the first rotation. */
export const secretsManagerReader = (secretArn: string, client = new SecretsManagerClient({})) => {
  const stage = async (VersionStage: 'AWSCURRENT' | 'AWSPREVIOUS') => {
    try {
      const out = await client.send(new GetSecretValueCommand({ SecretId: secretArn, VersionStage }));
      return out.SecretString;
    } catch (err) {
      if (VersionStage === 'AWSPREVIOUS' && err instanceof ResourceNotFoundException) return undefined;
      throw err;
    }
  };
  return async (): Promise<SecretValues> => {
    const [current, previous] = await Promise.all([stage('AWSCURRENT'), stage('AWSPREVIOUS')]);
    if (!current) throw new Error('The cursor secret has no AWSCURRENT string value');
    return { current, previous };
  };
};

/** The source configuration names: the secret's ARN in AWS, the values themselves locally. */
export const sourceFromConfig = (c: typeof config.cursor = config.cursor): CursorSecretSource => {
  if (c.secretArn) return cachedSource(secretsManagerReader(c.secretArn));
  if (c.secret) return fixedSource({ current: c.secret, previous: c.previousSecret });
  throw new Error(
    'No cursor secret: set CURSOR_SECRET_ARN (AWS: only routes that take a cursor have it) or CURSOR_SECRET (locally)',
  );
};
