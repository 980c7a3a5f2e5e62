/**
 * The cursor secret's rotation steps (functions/rotation/steps.ts) against an in-memory stand-in
 * for Secrets Manager that stages versions as the service does (AWSPREVIOUS follows AWSCURRENT).
 */
import { describe, expect, it } from 'vitest';
import {
  MIN_SECRET_LENGTH,
  type RotationEvent,
  rotate,
  type SecretsPort,
} from '#functions/rotation/steps.ts';

const ID = 'arn:aws:secretsmanager:me-south-1:123456789012:secret:CursorSecret-abcdef';

const fakeSecretsManager = (first = 'a'.repeat(64)) => {
  const values = new Map<string, string>([['v0', first]]);
  const stages = new Map<string, string[]>([['v0', ['AWSCURRENT']]]);
  const calls: string[] = [];
  let n = 0;
  const state = { rotationEnabled: true, nextRandom: () => `r${++n}`.padEnd(64, 'x') };
  const port: SecretsPort = {
    describe: async () => ({ rotationEnabled: state.rotationEnabled, versions: Object.fromEntries(stages) }),
    value: async (_id, { versionId, stage }) => {
      const id = versionId ?? [...stages].find(([, s]) => s.includes(stage))?.[0];
      if (!id || !stages.get(id)?.includes(stage)) return undefined;
      return values.get(id);
    },
    randomValue: async () => state.nextRandom(),
    putPending: async (_id, versionId, value) => {
      calls.push(`put ${versionId}`);
      values.set(versionId, value);
      stages.set(versionId, ['AWSPENDING']);
    },
    makeCurrent: async (_id, versionId, from) => {
      calls.push(`current ${versionId} from ${from}`);
      for (const [id, s] of stages)
        stages.set(
          id,
          s.filter((x) => x !== 'AWSPREVIOUS'),
        );
      if (from) stages.set(from, ['AWSPREVIOUS']);
      stages.set(versionId, ['AWSCURRENT']);
    },
  };
  /** RotateSecret: the new version id is staged AWSPENDING before the first step. */
  const start = (token: string) => stages.set(token, ['AWSPENDING']);
  return { port, values, stages, calls, state, start };
};

const event = (Step: string, ClientRequestToken = 'v1'): RotationEvent => ({
  SecretId: ID,
  ClientRequestToken,
  Step,
});
const STEPS = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'];

describe('cursor secret rotation steps', () => {
  it('the four steps make a new random value current and the old one previous', async () => {
    const sm = fakeSecretsManager();
    sm.start('v1');
    for (const step of STEPS) await rotate(event(step), sm.port);
    expect(Object.fromEntries(sm.stages)).toEqual({ v0: ['AWSPREVIOUS'], v1: ['AWSCURRENT'] });
    expect(sm.values.get('v1')).toHaveLength(64);
    expect(sm.values.get('v1')).not.toBe(sm.values.get('v0'));
    expect(sm.calls).toEqual(['put v1', 'current v1 from v0']);
    // The next rotation: v0 drops out, v1 becomes previous.
    sm.start('v2');
    for (const step of STEPS) await rotate(event(step, 'v2'), sm.port);
    expect(Object.fromEntries(sm.stages)).toEqual({ v0: [], v1: ['AWSPREVIOUS'], v2: ['AWSCURRENT'] });
  });

  it('each step is safe to retry: no second value, no second move', async () => {
    const sm = fakeSecretsManager();
    sm.start('v1');
    await rotate(event('createSecret'), sm.port);
    expect(await rotate(event('createSecret'), sm.port)).toMatch(/already has its value/);
    await rotate(event('testSecret'), sm.port);
    await rotate(event('finishSecret'), sm.port);
    expect(await rotate(event('finishSecret'), sm.port)).toMatch(/already AWSCURRENT/);
    expect(sm.calls).toEqual(['put v1', 'current v1 from v0']);
  });

  it('setSecret changes nothing: no other system holds the key', async () => {
    const sm = fakeSecretsManager();
    sm.start('v1');
    await rotate(event('createSecret'), sm.port);
    const before = JSON.stringify([...sm.stages]);
    await rotate(event('setSecret'), sm.port);
    expect(JSON.stringify([...sm.stages])).toBe(before);
    expect(sm.calls).toEqual(['put v1']);
  });

  it('testSecret refuses a short pending value, or one equal to the current value', async () => {
    const short = fakeSecretsManager();
    short.state.nextRandom = () => 'x'.repeat(MIN_SECRET_LENGTH - 1);
    short.start('v1');
    await rotate(event('createSecret'), short.port);
    await expect(rotate(event('testSecret'), short.port)).rejects.toThrow(/shorter than/);

    const same = fakeSecretsManager('s'.repeat(64));
    same.state.nextRandom = () => 's'.repeat(64);
    same.start('v1');
    await rotate(event('createSecret'), same.port);
    await expect(rotate(event('testSecret'), same.port)).rejects.toThrow(/repeats the current value/);

    const missing = fakeSecretsManager();
    missing.start('v1');
    await expect(rotate(event('testSecret'), missing.port)).rejects.toThrow(/no AWSPENDING value/);
  });

  it('refuses what Secrets Manager would not send: rotation off, unknown version, unstaged version, unknown step', async () => {
    const sm = fakeSecretsManager();
    sm.start('v1');
    await expect(rotate(event('createSecret', 'v9'), sm.port)).rejects.toThrow(/has no stage for rotation/);
    sm.stages.set('v8', []);
    await expect(rotate(event('createSecret', 'v8'), sm.port)).rejects.toThrow(/not set as AWSPENDING/);
    await expect(rotate(event('dropSecret'), sm.port)).rejects.toThrow(/Unknown rotation step/);
    sm.state.rotationEnabled = false;
    await expect(rotate(event('createSecret'), sm.port)).rejects.toThrow(/not enabled for rotation/);
    expect(sm.calls).toEqual([]);
  });

  it('createSecret needs a current value to rotate from', async () => {
    const sm = fakeSecretsManager();
    sm.stages.set('v0', []);
    sm.start('v1');
    await expect(rotate(event('createSecret'), sm.port)).rejects.toThrow(/no AWSCURRENT value/);
  });
});
