/**
 * The rotation of the cursor secret, as Secrets Manager drives it: four calls of the rotation
 * function for one new version (`ClientRequestToken`), each a step. The secret is a key only
 * this API uses, held by no other system, so:
 * - `createSecret` puts a new random value as the AWSPENDING version (once: a retried step
 *   finds it there);
 * - `setSecret` has nothing to set (no database or partner holds the key);
 * - `testSecret` checks the pending value is one cursors can be signed with, and new;
 * - `finishSecret` moves AWSCURRENT to it; Secrets Manager moves AWSPREVIOUS to the old value,
 *   which the functions keep accepting (functions/store/cursor-keys.ts).
 * The Secrets Manager calls are behind `SecretsPort` (./cursor-secret.ts wires the SDK), so the
 * logic is tested without AWS.
 */

export type RotationStep = 'createSecret' | 'setSecret' | 'testSecret' | 'finishSecret';

export interface RotationEvent {
  SecretId: string;
  ClientRequestToken: string;
  Step: string;
}

export interface SecretsPort {
  /** Whether rotation is on, and each version id's staging labels. */
  describe(secretId: string): Promise<{ rotationEnabled: boolean; versions: Record<string, string[]> }>;
  /** A version's string, or undefined when there is no such version (or stage). */
  value(secretId: string, version: { versionId?: string; stage: string }): Promise<string | undefined>;
  /** A new random value (Secrets Manager's GetRandomPassword). */
  randomValue(): Promise<string>;
  putPending(secretId: string, versionId: string, value: string): Promise<void>;
  /** AWSCURRENT to `versionId`, off `fromVersionId`. */
  makeCurrent(secretId: string, versionId: string, fromVersionId: string | undefined): Promise<void>;
}

/** As long as the value the stack generates first (data stack: 64 characters). */
export const SECRET_LENGTH = 64;
/** A value shorter than this is refused by testSecret. */
export const MIN_SECRET_LENGTH = 32;

const STEPS: readonly string[] = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'];

/** Runs one step; returns what it did (the function logs it). */
export const rotate = async (event: RotationEvent, port: SecretsPort): Promise<string> => {
  const { SecretId: id, ClientRequestToken: token, Step: step } = event;
  if (!STEPS.includes(step)) throw new Error(`Unknown rotation step ${step}`);
  const secret = await port.describe(id);
  if (!secret.rotationEnabled) throw new Error(`Secret ${id} is not enabled for rotation`);
  const stages = secret.versions[token];
  if (!stages) throw new Error(`Secret version ${token} has no stage for rotation of secret ${id}`);
  if (stages.includes('AWSCURRENT')) return `${step}: version ${token} is already AWSCURRENT`;
  if (!stages.includes('AWSPENDING'))
    throw new Error(`Secret version ${token} is not set as AWSPENDING for rotation of secret ${id}`);

  switch (step as RotationStep) {
    case 'createSecret': {
      if ((await port.value(id, { stage: 'AWSCURRENT' })) === undefined)
        throw new Error(`Secret ${id} has no AWSCURRENT value to rotate from`);
      if ((await port.value(id, { versionId: token, stage: 'AWSPENDING' })) !== undefined)
        return `createSecret: version ${token} already has its value`;
      await port.putPending(id, token, await port.randomValue());
      return `createSecret: put a new value as version ${token} (AWSPENDING)`;
    }
    case 'setSecret':
      return 'setSecret: nothing to set, no other system holds the cursor secret';
    case 'testSecret': {
      const pending = await port.value(id, { versionId: token, stage: 'AWSPENDING' });
      if (pending === undefined) throw new Error(`Version ${token} has no AWSPENDING value`);
      if (pending.length < MIN_SECRET_LENGTH)
        throw new Error(`Version ${token} is shorter than ${MIN_SECRET_LENGTH} characters`);
      if (pending === (await port.value(id, { stage: 'AWSCURRENT' })))
        throw new Error(`Version ${token} repeats the current value`);
      return `testSecret: version ${token} is fit to sign cursors`;
    }
    case 'finishSecret': {
      const current = Object.entries(secret.versions).find(([, s]) => s.includes('AWSCURRENT'))?.[0];
      await port.makeCurrent(id, token, current);
      return `finishSecret: version ${token} is AWSCURRENT, ${current ?? 'none'} AWSPREVIOUS`;
    }
  }
  throw new Error(`Unknown rotation step ${step}`);
};
