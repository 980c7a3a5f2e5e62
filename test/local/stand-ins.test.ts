/**
 * The local server's stand-ins for delivery, through HTTP on a server of its own (the clock
 * moves forward only, so it must not be the shared test server's): the clock, SES and
 * EventBridge as their real SDK clients see them, the stream's drain and fault routes, the
 * digest on request. The real SDK clients are pointed here exactly as the consumer is.
 */
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_EVENT_BUS } from '#infra/local/eventbridge.ts';
import { type LocalServer, spawnLocalServer } from '#infra/local/spawn.ts';

let server: LocalServer;
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const url = (path: string) => `${server.baseUrl}${path}`;
type Answer = { status: number; type: string; body: any };
const get = async (path: string): Promise<Answer> => {
  const res = await fetch(url(path));
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.json() };
};
const post = async (path: string, body?: unknown, raw?: string): Promise<Answer> => {
  const res = await fetch(url(path), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    ...(raw !== undefined ? { body: raw } : body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    body: text ? JSON.parse(text) : undefined,
  };
};

beforeAll(async () => {
  server = await spawnLocalServer({ tableName: 'stand-ins' });
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

describe('the local clock', () => {
  it('reads { now, offsetSeconds }, at zero offset when the server starts', async () => {
    const { status, body } = await get('/_local/clock');
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['now', 'offsetSeconds']);
    expect(body.offsetSeconds).toBe(0);
    expect(Math.abs(Date.parse(body.now) - Date.now())).toBeLessThan(5000);
  });

  it('moves forward by advanceSeconds, and the offsets add up', async () => {
    const before = (await get('/_local/clock')).body;
    const first = await post('/_local/clock', { advanceSeconds: 90 });
    expect(first.status).toBe(200);
    expect(first.body.offsetSeconds).toBe(before.offsetSeconds + 90);
    const second = await post('/_local/clock', { advanceSeconds: 0.5 });
    expect(second.body.offsetSeconds).toBe(before.offsetSeconds + 90.5);
    expect(Date.parse(second.body.now) - Date.parse(before.now)).toBeGreaterThanOrEqual(90_500);
    // The jobs read the same clock: the leaderboard's snapshot is stamped with it.
    const run = await post('/_local/schedules/leaderboards');
    expect(run.status).toBe(200);
  });

  it.each([
    ['a negative advance', { advanceSeconds: -1 }],
    ['a string', { advanceSeconds: '60' }],
    ['no advance', {}],
    ['an unknown field', { advanceSeconds: 1, to: '2030-01-01' }],
    ['an array', [1]],
  ])('refuses %s with a 400 problem, the clock unmoved', async (_what, body) => {
    const before = (await get('/_local/clock')).body.offsetSeconds;
    const res = await post('/_local/clock', body);
    expect(res.status).toBe(400);
    expect(res.type).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 400, code: 'validation_failed' });
    expect((await get('/_local/clock')).body.offsetSeconds).toBe(before);
  });

  it('refuses malformed JSON with a 400 problem', async () => {
    const res = await post('/_local/clock', undefined, '{"advanceSeconds": ');
    expect(res.status).toBe(400);
    expect(res.type).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('malformed_json');
  });
});

describe('the SES stand-in', () => {
  const ses = () =>
    new SESv2Client({ endpoint: url('/_local/ses'), region: 'me-south-1', credentials, maxAttempts: 1 });

  it('keeps what SendEmail sends and lists it newest first, as a reader wants it', async () => {
    const client = ses();
    const first = await client.send(
      new SendEmailCommand({
        FromEmailAddress: 'no-reply@localhost',
        Destination: { ToAddresses: ['"سفير" <first@example.om>'] },
        Content: {
          Simple: {
            Subject: { Data: 'تمت الموافقة على فكرتك', Charset: 'UTF-8' },
            Body: { Text: { Data: 'نص' }, Html: { Data: '<p dir="rtl">نص</p>' } },
            Headers: [
              { Name: 'List-Unsubscribe', Value: '<http://localhost/unsubscribe?token=t>' },
              { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
            ],
          },
        },
      }),
    );
    expect(first.MessageId).toMatch(/^local-/);
    const raw = [
      'From: no-reply@localhost',
      'To: second@example.om',
      `Subject: =?UTF-8?B?${Buffer.from('Your idea was approved ✓').toString('base64')}?=`,
      'List-Unsubscribe: <http://localhost/unsubscribe?token=u>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/alternative; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=UTF-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'Hello =E2=9C=93',
      '--b1',
      'Content-Type: text/html; charset=UTF-8',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('<p>Hello ✓</p>').toString('base64'),
      '--b1--',
      '',
    ].join('\r\n');
    await client.send(
      new SendEmailCommand({
        Destination: { ToAddresses: ['second@example.om'] },
        FromEmailAddress: 'no-reply@localhost',
        Content: { Raw: { Data: Buffer.from(raw) } },
      }),
    );
    const { status, body } = await get('/_local/mail');
    expect(status).toBe(200);
    const [newest, older] = body.items;
    expect(newest).toMatchObject({
      to: 'second@example.om',
      subject: 'Your idea was approved ✓',
      text: 'Hello ✓',
      html: '<p>Hello ✓</p>',
      headers: { 'List-Unsubscribe': '<http://localhost/unsubscribe?token=u>' },
    });
    expect(older).toMatchObject({
      to: 'first@example.om',
      subject: 'تمت الموافقة على فكرتك',
      text: 'نص',
      html: '<p dir="rtl">نص</p>',
      headers: {
        'List-Unsubscribe': '<http://localhost/unsubscribe?token=t>',
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
      messageId: first.MessageId,
      at: expect.any(String),
    });
    expect((await get('/_local/mail?to=first@example.om')).body.items).toHaveLength(1);
    client.destroy();
  });

  it('answers 500 to the next n sends during an outage, then sends again', async () => {
    const client = ses();
    expect((await post('/_local/ses/outage', { failures: 2 })).status).toBe(200);
    const send = () =>
      client.send(
        new SendEmailCommand({
          FromEmailAddress: 'no-reply@localhost',
          Destination: { ToAddresses: ['outage@example.om'] },
          Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } } },
        }),
      );
    for (let i = 0; i < 2; i++) {
      const err = await send().then(
        () => undefined,
        (e: { $metadata?: { httpStatusCode?: number }; $fault?: string }) => e,
      );
      expect(err?.$metadata?.httpStatusCode).toBe(500);
      expect(err?.$fault).toBe('server');
    }
    await send();
    expect((await get('/_local/mail?to=outage@example.om')).body.items).toHaveLength(1);
    expect((await post('/_local/ses/outage', { failures: -1 })).status).toBe(400);
    client.destroy();
  });
});

describe('the EventBridge stand-in', () => {
  it('keeps the events put on the local bus, listed as EventBridge delivers them', async () => {
    const client = new EventBridgeClient({
      endpoint: url('/_local/eventbridge/'),
      region: 'me-south-1',
      credentials,
      maxAttempts: 1,
    });
    const out = await client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: LOCAL_EVENT_BUS,
            Source: 'smart-city-ambassadors',
            DetailType: 'idea.approved',
            Detail: JSON.stringify({ id: 'e1', subject: { type: 'idea', id: 'i1' } }),
          },
          { EventBusName: 'another-bus', Source: 's', DetailType: 'x', Detail: '{}' },
          { EventBusName: LOCAL_EVENT_BUS, Source: 's', DetailType: 'x', Detail: 'not json' },
        ],
      }),
    );
    expect(out.FailedEntryCount).toBe(2);
    expect(out.Entries?.[1]?.ErrorCode).toBe('NotFoundException');
    expect(out.Entries?.[2]?.ErrorCode).toBe('MalformedDetail');
    const { body } = await get('/_local/events?detail-type=idea.approved');
    expect(body.items).toHaveLength(1);
    const [event] = body.items;
    expect(event).toEqual({
      version: '0',
      id: out.Entries?.[0]?.EventId,
      'detail-type': 'idea.approved',
      source: 'smart-city-ambassadors',
      account: expect.stringMatching(/^\d{12}$/),
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      region: 'me-south-1',
      resources: [],
      detail: { id: 'e1', subject: { type: 'idea', id: 'i1' } },
    });
    client.destroy();
  });
});

describe('the stream and the jobs, on request', () => {
  it('drain answers once an event item written before it has reached the consumer', async () => {
    const dynamo = new DynamoDBClient({ endpoint: server.dynamoEndpoint, region: 'me-south-1', credentials });
    const before = (await get('/_local/stream/stats')).body;
    await dynamo.send(
      new PutItemCommand({
        TableName: server.tableName,
        Item: { pk: { S: 'EVENT#stand-in' }, sk: { S: 'EVENT' }, type: { S: 'Event' } },
      }),
    );
    const drained = await post('/_local/stream/drain');
    expect(drained.status).toBe(200);
    expect(drained.body.recordsMatched - before.recordsMatched).toBe(1);
    expect(drained.body.invocations - before.invocations).toBeGreaterThanOrEqual(1);
    expect(drained.body.delivered + drained.body.failed - before.delivered - before.failed).toBe(1);
    expect((await get('/_local/stream/failures')).body).toEqual({ items: expect.any(Array) });
    dynamo.destroy();
  });

  it('arms a crash for the consumer, refusing a fault that is not one', async () => {
    expect((await post('/_local/stream/fail-next', { afterRecords: 1 })).body).toEqual({
      afterRecords: 1,
      times: 1,
    });
    expect((await post('/_local/stream/fail-next', {})).status).toBe(400);
    expect((await post('/_local/stream/fail-next', { afterRecords: 1, afterCalls: 1 })).status).toBe(400);
    expect((await post('/_local/stream/fail-next', { afterCalls: -1 })).status).toBe(400);
    // The last one armed wins: a crash before any record, once, then the retry delivers.
    expect((await post('/_local/stream/fail-next', { afterRecords: 0, times: 1 })).status).toBe(200);
    const dynamo = new DynamoDBClient({ endpoint: server.dynamoEndpoint, region: 'me-south-1', credentials });
    await dynamo.send(
      new PutItemCommand({
        TableName: server.tableName,
        Item: { pk: { S: 'EVENT#disarm' }, sk: { S: 'EVENT' }, type: { S: 'Event' } },
      }),
    );
    const drained = await post('/_local/stream/drain');
    expect(drained.body.faultsInjected).toBe(1);
    expect(drained.body.retries).toBeGreaterThanOrEqual(1);
    dynamo.destroy();
  });

  it('runs the digest now', async () => {
    const res = await post('/_local/schedules/digest');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(expect.any(Object));
  });
});
