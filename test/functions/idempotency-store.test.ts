/** The idempotency records themselves, against DynamoDB Local: claims, expiry, takeover and creation. */
import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';

const store = await import('#store/idempotency.ts');
const { expectCreation, creationPut, creationTransaction } = await import('#store/creation.ts');
const { db, metered, TABLE } = await import('#store/client.ts');

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

describe('a claim taken over after its lock lapsed', () => {
  const now = 1_800_000_000;
  const lapsed = now + store.IN_PROGRESS_SECONDS + 1;
  const answer = () => ({ statusCode: 201, headers: {}, body: '{}' });

  it("the first request's release no longer frees the key the retry holds", async () => {
    const scope = `test#${randomUUID()}`;
    expect(await store.claim(scope, 'h1', now, 'first')).toBe(true);
    expect(await store.claim(scope, 'h1', lapsed, 'retry')).toBe(true);
    await store.release(scope, 'first');
    expect(await store.readRecord(scope, lapsed)).toMatchObject({
      state: 'in_progress',
      claimToken: 'retry',
    });
    // So a third attempt still waits for the retry instead of running beside it.
    expect(await store.claim(scope, 'h1', lapsed + 1, 'third')).toBe(false);
    await store.release(scope, 'retry');
    expect(await store.readRecord(scope, lapsed)).toBeUndefined();
  });

  it("the first request's creation is cancelled whole: no resource, the retry's claim intact", async () => {
    const scope = `test#${randomUUID()}`;
    const pk = `TEST#${randomUUID()}`;
    expect(await store.claim(scope, 'h1', now, 'first')).toBe(true);
    expect(await store.claim(scope, 'h1', lapsed, 'retry')).toBe(true);
    const created = metered(async () => {
      expectCreation({ scope, token: 'first', answer });
      await creationPut('item', { TableName: TABLE, Item: { pk, sk: 'X' } }, { body: {}, id: 'x' });
    });
    await expect(created).rejects.toMatchObject({ code: 'unavailable' });
    expect((await db.send(new GetCommand({ TableName: TABLE, Key: { pk, sk: 'X' } }))).Item).toBeUndefined();
    expect(await store.readRecord(scope, lapsed)).toMatchObject({
      state: 'in_progress',
      claimToken: 'retry',
    });
  });

  it('a record marked created with its resource is never claimed again, and holds the answer', async () => {
    const scope = `test#${randomUUID()}`;
    const pk = `TEST#${randomUUID()}`;
    expect(await store.claim(scope, 'h1', now, 'first')).toBe(true);
    await metered(async () => {
      expectCreation({ scope, token: 'first', answer: () => ({ ...answer(), body: '{"id":"x"}' }) });
      await creationTransaction(
        [{ name: 'item', item: { Put: { TableName: TABLE, Item: { pk, sk: 'X' } } } }],
        {
          body: {},
          id: 'x',
        },
      );
    });
    expect((await db.send(new GetCommand({ TableName: TABLE, Key: { pk, sk: 'X' } }))).Item).toBeDefined();
    expect(await store.claim(scope, 'h1', lapsed, 'retry')).toBe(false);
    expect(await store.readRecord(scope, lapsed)).toMatchObject({
      state: 'created',
      response: { statusCode: 201, body: '{"id":"x"}' },
    });
    // A release after the creation (the handler failed later) leaves the record alone.
    await store.release(scope, 'first');
    expect(await store.readRecord(scope, lapsed)).toMatchObject({ state: 'created' });
  });
});
