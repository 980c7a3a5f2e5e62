/**
 * The cursor secret's cache (functions/store/cursor-keys.ts): 5 minutes, one re-read per 5 s
 * after an unknown cursor, 30 s of the stale values when a read fails.
 */
import { describe, expect, it } from 'vitest';
import {
  CACHE_MS,
  cachedSource,
  MISS_REREAD_MS,
  STALE_GRACE_MS,
  sourceFromConfig,
} from '#store/cursor-keys.ts';

const harness = () => {
  const state = {
    clock: 1_000_000,
    reads: 0,
    fail: false,
    value: { current: 'v1' } as { current: string; previous?: string },
  };
  const source = cachedSource(
    async () => {
      state.reads += 1;
      if (state.fail) throw new Error('Secrets Manager unreachable');
      return state.value;
    },
    () => state.clock,
  );
  return { state, source };
};

describe('the cursor secret cache', () => {
  it('reads once, then serves the cached values for 5 minutes', async () => {
    const { state, source } = harness();
    expect(await source.get()).toEqual({ current: 'v1' });
    state.value = { current: 'v2', previous: 'v1' };
    state.clock += CACHE_MS - 1;
    expect(await source.get()).toEqual({ current: 'v1' });
    expect(state.reads).toBe(1);
    state.clock += 1;
    expect(await source.get()).toEqual({ current: 'v2', previous: 'v1' });
    expect(state.reads).toBe(2);
  });

  it('concurrent first requests share one read', async () => {
    const { state, source } = harness();
    await Promise.all([source.get(), source.get(), source.get()]);
    expect(state.reads).toBe(1);
  });

  it('an unknown cursor re-reads at most once per 5 s, and says whether the values changed', async () => {
    const { state, source } = harness();
    await source.get();
    expect(await source.refreshAfterMiss()).toBe(false); // same values: a forged cursor
    expect(state.reads).toBe(2);
    state.value = { current: 'v2', previous: 'v1' };
    state.clock += MISS_REREAD_MS - 1;
    expect(await source.refreshAfterMiss()).toBe(false); // too soon: no read
    expect(state.reads).toBe(2);
    state.clock += 1;
    expect(await source.refreshAfterMiss()).toBe(true);
    expect(state.reads).toBe(3);
    expect(await source.get()).toEqual({ current: 'v2', previous: 'v1' });
  });

  it('a failed read keeps the stale values 30 s more, then fails', async () => {
    const { state, source } = harness();
    await source.get();
    state.fail = true;
    state.clock += CACHE_MS;
    expect(await source.get()).toEqual({ current: 'v1' });
    expect(state.reads).toBe(2);
    state.clock += STALE_GRACE_MS - 1;
    expect(await source.get()).toEqual({ current: 'v1' });
    expect(state.reads).toBe(2); // no read per request during the grace
    state.clock += 1;
    await expect(source.get()).rejects.toThrow('unreachable');
    // Back: a good read ends the grace and the values are fresh again.
    state.fail = false;
    state.value = { current: 'v2' };
    expect(await source.get()).toEqual({ current: 'v2' });
  });

  it('without values, a failed read fails at once', async () => {
    const { state, source } = harness();
    state.fail = true;
    await expect(source.get()).rejects.toThrow('unreachable');
    expect(await source.refreshAfterMiss()).toBe(false);
  });

  it('configuration: the values locally, and a clear error when there is neither ARN nor value', async () => {
    const local = sourceFromConfig({ secretArn: undefined, secret: 'new', previousSecret: 'old' });
    expect(await local.get()).toEqual({ current: 'new', previous: 'old' });
    expect(() =>
      sourceFromConfig({ secretArn: undefined, secret: undefined, previousSecret: undefined }),
    ).toThrow(/CURSOR_SECRET_ARN .* CURSOR_SECRET/);
  });
});
