/**
 * The local event source mapping (infra/local/stream.ts) against a real DynamoDB Local stream,
 * with a recording handler in place of the consumer: the filter, the event's shape, batches of
 * at most 25 in order, Lambda's retry from the first failed record, records set aside after the
 * last retry, the crash faults, and `drain` waiting for exactly what was written before it.
 */
import { DeleteItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureTable, type LocalDynamo, localClient, startDynamoLocal } from '#infra/local/dynamodb.ts';
import { createStreamPoller, type StreamPoller } from '#infra/local/stream.ts';

const TABLE = 'stream-test';
let dynamo: LocalDynamo;
let client: ReturnType<typeof localClient>;
let doc: DynamoDBDocumentClient;
let streamArn: string;
let poller: StreamPoller;

/** What the handler saw, invocation by invocation; what it answers is set per test. */
let seen: DynamoDBStreamEvent[] = [];
let answer: (records: DynamoDBRecord[], invocation: number) => Promise<DynamoDBBatchResponse> = async () => ({
  batchItemFailures: [],
});

const pks = (e: DynamoDBStreamEvent) => e.Records.map((r) => r.dynamodb?.Keys?.pk?.S);
let run = 0;
const eventItem = (name: string) => ({
  pk: { S: `EVENT#${run}-${name}` },
  sk: { S: 'EVENT' },
  type: { S: 'Event' },
  event: { M: { id: { S: name }, n: { N: '1' } } },
  blob: { B: new Uint8Array([1, 2, 3]) },
});
const putEvent = (name: string) =>
  client.send(new PutItemCommand({ TableName: TABLE, Item: eventItem(name) }));

beforeAll(async () => {
  const { freePort } = await import('#scripts/seed/local.ts');
  dynamo = await startDynamoLocal(await freePort());
  client = localClient(dynamo.endpoint);
  doc = DynamoDBDocumentClient.from(client);
  streamArn = await ensureTable(dynamo.endpoint, TABLE);
  poller = createStreamPoller({
    endpoint: dynamo.endpoint,
    streamArn,
    region: 'me-south-1',
    intervalMs: 50,
    retries: 2,
    backoffMs: 5,
    dynamo: doc,
    log: () => undefined,
    handler: async (event) => {
      seen.push(structuredClone(event));
      return answer(event.Records, seen.length);
    },
  });
  poller.start();
}, 60_000);

afterAll(async () => {
  await poller?.stop();
  client?.destroy();
  await dynamo?.stop();
});

beforeEach(async () => {
  await poller.drain();
  seen = [];
  run += 1;
  answer = async () => ({ batchItemFailures: [] });
});

describe('the local event source mapping', () => {
  it('enables the stream on an existing table that has none, and keeps an enabled one', async () => {
    const again = await ensureTable(dynamo.endpoint, TABLE);
    expect(again).toBe(streamArn);
  });

  it('hands on new event items only, shaped as Lambda does', async () => {
    await putEvent('a');
    await client.send(
      new PutItemCommand({
        TableName: TABLE,
        Item: { pk: { S: `OTHER#${run}` }, sk: { S: 'X' }, type: { S: 'Idea' } },
      }),
    );
    // A change to an event item and its deletion are not new events.
    await client.send(
      new UpdateItemCommand({
        TableName: TABLE,
        Key: { pk: { S: `EVENT#${run}-a` }, sk: { S: 'EVENT' } },
        UpdateExpression: 'SET touched = :t',
        ExpressionAttributeValues: { ':t': { S: 'yes' } },
      }),
    );
    await client.send(
      new DeleteItemCommand({ TableName: TABLE, Key: { pk: { S: `EVENT#${run}-a` }, sk: { S: 'EVENT' } } }),
    );
    await poller.drain();
    expect(seen).toHaveLength(1);
    const [record] = seen[0]?.Records ?? [];
    expect(record).toMatchObject({
      eventName: 'INSERT',
      eventSource: 'aws:dynamodb',
      eventVersion: '1.1',
      awsRegion: expect.any(String),
      eventID: expect.any(String),
      eventSourceARN: streamArn,
      dynamodb: {
        Keys: { pk: { S: `EVENT#${run}-a` }, sk: { S: 'EVENT' } },
        NewImage: {
          type: { S: 'Event' },
          event: { M: { id: { S: 'a' }, n: { N: '1' } } },
          // Binary as Lambda's JSON has it: base64.
          blob: { B: Buffer.from([1, 2, 3]).toString('base64') },
        },
        SequenceNumber: expect.stringMatching(/^\d+$/),
        SizeBytes: expect.any(Number),
        StreamViewType: 'NEW_IMAGE',
        ApproximateCreationDateTime: expect.any(Number),
      },
    });
  });

  it('delivers in order, in batches of at most 25, every record once', async () => {
    const names = Array.from({ length: 60 }, (_, i) => `n${String(i).padStart(2, '0')}`);
    // Written in one go (25 a request), so the poller finds them together.
    for (let i = 0; i < names.length; i += 25)
      await doc.send(
        new BatchWriteCommand({
          RequestItems: {
            [TABLE]: names.slice(i, i + 25).map((n) => ({
              PutRequest: { Item: { pk: `EVENT#${run}-${n}`, sk: 'EVENT', type: 'Event' } },
            })),
          },
        }),
      );
    await poller.drain();
    expect(Math.max(...seen.map((e) => e.Records.length))).toBeLessThanOrEqual(25);
    const delivered = seen.flatMap(pks);
    expect(new Set(delivered).size).toBe(60);
    expect(delivered).toHaveLength(60);
    // One shard, in the order written (a batch write keeps its items' order within a request).
    const sequences = seen.flatMap((e) => e.Records.map((r) => BigInt(r.dynamodb?.SequenceNumber ?? '0')));
    expect([...sequences].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(sequences);
  });

  it('retries from the first failed record, as Lambda does with ReportBatchItemFailures', async () => {
    await doc.send(
      new BatchWriteCommand({
        RequestItems: {
          [TABLE]: ['r1', 'r2', 'r3', 'r4'].map((n) => ({
            PutRequest: { Item: { pk: `EVENT#${run}-${n}`, sk: 'EVENT', type: 'Event' } },
          })),
        },
      }),
    );
    let failedOnce = false;
    answer = async (records) => {
      const third = records.find((r) => r.dynamodb?.Keys?.pk?.S === `EVENT#${run}-r3`);
      if (third && !failedOnce) {
        failedOnce = true;
        // r3 and r4 failed; Lambda re-sends from r3 on.
        return {
          batchItemFailures: records
            .slice(records.indexOf(third))
            .map((r) => ({ itemIdentifier: r.dynamodb?.SequenceNumber ?? '' })),
        };
      }
      return { batchItemFailures: [] };
    };
    const before = poller.stats();
    await poller.drain();
    const all = seen.flatMap(pks).map((pk) => pk?.split('-').at(-1));
    expect(failedOnce).toBe(true);
    // Whatever the batching, r1 and r2 reach the handler once and r3 and r4 twice.
    expect(all.filter((n) => n === 'r1')).toHaveLength(1);
    expect(all.filter((n) => n === 'r2')).toHaveLength(1);
    expect(all.filter((n) => n === 'r3')).toHaveLength(2);
    expect(all.filter((n) => n === 'r4')).toHaveLength(2);
    const after = poller.stats();
    expect(after.delivered - before.delivered).toBe(4);
    expect(after.retries - before.retries).toBe(1);
  });

  it('sets a record aside after the last retry, then moves on', async () => {
    await putEvent('poison');
    await putEvent('after');
    answer = async (records) => ({
      batchItemFailures: records
        .filter((r) => r.dynamodb?.Keys?.pk?.S === `EVENT#${run}-poison`)
        .map((r) => ({ itemIdentifier: r.dynamodb?.SequenceNumber ?? '' })),
    });
    const before = poller.stats();
    await poller.drain();
    // The first attempt and two retries; the record after the poison one waits behind it.
    expect(seen.flatMap(pks).filter((pk) => pk === `EVENT#${run}-poison`)).toHaveLength(3);
    const failure = poller
      .failures()
      .find((f) => (f.keys.pk as { S?: string } | undefined)?.S === `EVENT#${run}-poison`);
    expect(failure).toMatchObject({ attempts: 3, error: expect.stringContaining('batchItemFailures') });
    expect(poller.stats().failed - before.failed).toBeGreaterThanOrEqual(1);
    // The shard moved on: what was written next is handled from now on.
    answer = async () => ({ batchItemFailures: [] });
    seen = [];
    await putEvent('next');
    await poller.drain();
    expect(seen.flatMap(pks)).toContain(`EVENT#${run}-next`);
  });

  it('a handler that throws has its whole batch retried', async () => {
    await putEvent('t1');
    let thrown = 0;
    answer = async () => {
      if (thrown++ === 0) throw new Error('boom');
      return { batchItemFailures: [] };
    };
    await poller.drain();
    expect(seen.flatMap(pks).filter((pk) => pk === `EVENT#${run}-t1`)).toHaveLength(2);
  });

  it('a crash after k records: the first k were handled, then the batch comes again whole', async () => {
    poller.failNext({ afterRecords: 1 });
    await doc.send(
      new BatchWriteCommand({
        RequestItems: {
          [TABLE]: ['c1', 'c2', 'c3'].map((n) => ({
            PutRequest: { Item: { pk: `EVENT#${run}-${n}`, sk: 'EVENT', type: 'Event' } },
          })),
        },
      }),
    );
    await poller.drain();
    expect(seen[0]?.Records).toHaveLength(1);
    const all = seen.flatMap(pks).map((pk) => pk?.split('-').at(-1));
    expect(all.filter((n) => n === 'c1')).toHaveLength(2);
    expect(all.filter((n) => n === 'c3')).toHaveLength(1);
    expect(poller.stats().faultsInjected).toBeGreaterThanOrEqual(1);
  });

  it('a crash at a DynamoDB call: the handler call fails there, the retry finds the call working', async () => {
    poller.failNext({ afterCalls: 1 });
    const outcomes: string[] = [];
    answer = async (records) => {
      for (const r of records) {
        const pk = String(r.dynamodb?.Keys?.pk?.S);
        try {
          await doc.send(new PutCommand({ TableName: TABLE, Item: { pk: `DONE#${pk}`, sk: 'A' } }));
          await doc.send(new PutCommand({ TableName: TABLE, Item: { pk: `DONE#${pk}`, sk: 'B' } }));
          outcomes.push('ok');
        } catch (err) {
          outcomes.push((err as Error).name);
          throw err;
        }
      }
      return { batchItemFailures: [] };
    };
    const before = poller.stats();
    await putEvent('k1');
    await poller.drain();
    expect(outcomes).toEqual(['InjectedCrash', 'ok']);
    const after = poller.stats();
    // Its DynamoDB calls were metered: three puts went through (one was refused before DynamoDB).
    expect(after.capacity.calls - before.capacity.calls).toBe(3);
    expect(after.capacity.write - before.capacity.write).toBeGreaterThan(0);
  });

  it('drain waits for a record written just before it, however the poll interval falls', async () => {
    for (let i = 0; i < 5; i++) {
      seen = [];
      await putEvent(`d${i}`);
      await poller.drain();
      expect(seen.flatMap(pks)).toContain(`EVENT#${run}-d${i}`);
    }
  });
});
