/** The idempotency records themselves, against DynamoDB Local: claims and expiry. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';

const store = await import('../../functions/store/idempotency.ts');

describe('idempotency records', () => {
  it('one claim per key; an expired record reads as absent and can be claimed again', async () => {
    const scope = `test#${randomUUID()}`;
    const now = 1_800_000_000;
    expect(await store.claim(scope, 'h1', now, 't-h1')).toBe(true);
    expect(await store.claim(scope, 'h1', now + 1, 't-h1')).toBe(false);
    await store.complete(scope, { statusCode: 201, headers: { etag: '"1"' }, body: '{"id":"x"}' });
    expect(await store.readRecord(scope, now + 60)).toMatchObject({
      state: 'done',
      requestHash: 'h1',
      response: { statusCode: 201 },
    });
    // TTL deletes lazily (DynamoDB Local never does): past 24 h the record is ignored.
    const later = now + store.IDEMPOTENCY_TTL_SECONDS + 1;
    expect(await store.readRecord(scope, later)).toBeUndefined();
    expect(await store.claim(scope, 'h2', later, 't-h2')).toBe(true);
  });

  it('a claim abandoned mid-flight can be taken over by the same request after its lock', async () => {
    const scope = `test#${randomUUID()}`;
    const now = 1_800_000_000;
    expect(await store.claim(scope, 'h1', now, 't-h1')).toBe(true);
    expect(await store.claim(scope, 'h1', now + store.IN_PROGRESS_SECONDS - 1, 't-h1')).toBe(false);
    expect(await store.claim(scope, 'other', now + store.IN_PROGRESS_SECONDS + 1, 't-other')).toBe(false);
    expect(await store.claim(scope, 'h1', now + store.IN_PROGRESS_SECONDS + 1, 't-h1')).toBe(true);
  });
});
