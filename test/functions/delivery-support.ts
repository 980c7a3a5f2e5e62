/**
 * What the delivery tests share: stand-ins for SES v2 and EventBridge on a loopback port (the
 * real SDK clients talk to them over HTTP, as they would to AWS), the environment the
 * consumer reads, stream records built from real event items, and raw reads of the table.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { ulid } from 'ulid';
import { afterAll, beforeAll } from 'vitest';
import type { DomainEvent, EventType, Preferences } from '#domain/notifications.ts';
import { db, TABLE } from '#store/client.ts';
import { eventEntity, preferencesEntity } from '#store/entities/notifications.ts';

export interface SentMail {
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  configurationSet?: string;
}

export interface BusEntry {
  EventBusName: string;
  Source: string;
  DetailType: string;
  Detail: string;
  Time?: number | string;
}

export interface FakeAws {
  mails: SentMail[];
  events: BusEntry[];
  /** SES requests answered 500 from now on (each SDK attempt takes one). */
  sesFailures: number;
  /** PutEvents requests answered with a failed entry. */
  busFailures: number;
  sesRequests: number;
  url: string;
}

const bodyOf = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

/**
 * Starts the stand-ins before the file's tests and points the consumer at them; restores the
 * environment after.
 */
export const useFakeAws = (): FakeAws => {
  const fake: FakeAws = { mails: [], events: [], sesFailures: 0, busFailures: 0, sesRequests: 0, url: '' };
  let server: Server | undefined;
  const saved: Record<string, string | undefined> = {};
  const env = (name: string, value: string) => {
    saved[name] = process.env[name];
    process.env[name] = value;
  };
  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const body = await bodyOf(req);
      const json = (status: number, value: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(value));
      };
      if (req.method === 'POST' && req.url?.startsWith('/v2/email/outbound-emails')) {
        fake.sesRequests += 1;
        if (fake.sesFailures > 0) {
          fake.sesFailures -= 1;
          return json(500, { message: 'SES is down' }, { 'x-amzn-errortype': 'InternalFailure' });
        }
        const input = JSON.parse(body);
        const simple = input.Content.Simple;
        fake.mails.push({
          to: input.Destination.ToAddresses[0],
          from: input.FromEmailAddress,
          subject: simple.Subject.Data,
          text: simple.Body.Text.Data,
          html: simple.Body.Html.Data,
          headers: Object.fromEntries(
            (simple.Headers ?? []).map((h: { Name: string; Value: string }) => [h.Name, h.Value]),
          ),
          ...(input.ConfigurationSetName ? { configurationSet: input.ConfigurationSetName } : {}),
        });
        return json(200, { MessageId: `message-${fake.mails.length}` });
      }
      if (req.method === 'POST' && req.headers['x-amz-target'] === 'AWSEvents.PutEvents') {
        const input = JSON.parse(body) as { Entries: BusEntry[] };
        if (fake.busFailures > 0) {
          fake.busFailures -= 1;
          return json(200, {
            FailedEntryCount: 1,
            Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'the bus is down' }],
          });
        }
        fake.events.push(...input.Entries);
        return json(200, {
          FailedEntryCount: 0,
          Entries: input.Entries.map(() => ({ EventId: randomUUID() })),
        });
      }
      json(404, { message: 'unknown' });
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    env('SES_ENDPOINT', fake.url);
    env('EVENTBRIDGE_ENDPOINT', fake.url);
    env('MAIL_FROM', 'no-reply@ambassadors.test');
    env('EVENT_BUS_NAME', 'test-bus');
    env('PUBLIC_BASE_URL', 'https://api.ambassadors.test/');
  });
  afterAll(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await new Promise((resolve) => server?.close(resolve));
  });
  return fake;
};

/** DynamoDB's typed JSON of a plain value, as a stream image holds it. */
const typed = (v: unknown): unknown => {
  if (typeof v === 'string') return { S: v };
  if (typeof v === 'number') return { N: String(v) };
  if (typeof v === 'boolean') return { BOOL: v };
  if (v === null) return { NULL: true };
  if (Array.isArray(v)) return { L: v.map(typed) };
  return { M: imageOf(v as Record<string, unknown>) };
};
const imageOf = (o: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(o)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, typed(v)]),
  );

let sequence = 1_000_000;

/** The stream record Lambda hands the consumer for the INSERT of `event`'s item (not written: no other reader). */
export const recordOf = (event: DomainEvent): DynamoDBRecord => {
  const item = eventEntity.item({ event, expiresAt: Math.floor(Date.parse(event.at) / 1000) + 7 * 86400 });
  sequence += 1;
  const seq = String(sequence);
  return {
    eventID: randomUUID(),
    eventName: 'INSERT',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'me-south-1',
    dynamodb: {
      Keys: imageOf({ pk: item.pk, sk: item.sk }) as never,
      NewImage: imageOf(item) as never,
      SequenceNumber: seq,
      SizeBytes: 512,
      StreamViewType: 'NEW_IMAGE',
    },
    eventSourceARN: 'arn:aws:dynamodb:me-south-1:000000000000:table/test/stream/2026-01-01T00:00:00.000',
  };
};

export const batchOf = (...events: DomainEvent[]): DynamoDBStreamEvent => ({ Records: events.map(recordOf) });

/** An event of `type` for `recipients`, as a change's transaction writes it. */
export const anEvent = (
  type: EventType,
  recipients: string[],
  at = new Date().toISOString(),
): DomainEvent => {
  const id = ulid();
  return {
    id,
    type,
    at,
    actor: `actor-${randomUUID()}`,
    subject: { type: 'idea', id: `idea-${id}`, path: `/ideas/idea-${id}` },
    subjectTitle: 'حديقة ذكية <Smart & Green>',
    recipients,
  };
};

/** A fresh person; with `email`, a registered ambassador (a profile holding the address). */
/** Preferences as a test states them: only what differs from the defaults. */
export type PreferencesChange = Partial<Omit<Preferences, 'email'>> & {
  email?: Partial<Preferences['email']>;
};

export const aPerson = async (options: { email?: boolean; preferences?: PreferencesChange } = {}) => {
  const sub = randomUUID();
  const email = `${sub.slice(0, 8)}@people.test`;
  if (options.email)
    await db.send(
      new PutCommand({
        TableName: TABLE,
        Item: { pk: `AMB#${sub}`, sk: 'PROFILE', type: 'Ambassador', id: sub, email, name: 'Test person' },
      }),
    );
  if (options.preferences) await setPreferences(sub, options.preferences);
  return { sub, email };
};

export const setPreferences = async (sub: string, p: PreferencesChange) => {
  const preferences: Preferences = {
    language: p.language ?? 'ar',
    email: {
      reviews: 'digest',
      team: 'digest',
      discussion: 'digest',
      showcase: 'digest',
      certificates: 'digest',
      challenges: 'digest',
      ...p.email,
    },
    digest: p.digest ?? 'daily',
  };
  await db.send(
    new PutCommand({
      TableName: TABLE,
      Item: preferencesEntity.item({ sub, preferences, version: 1, updatedAt: new Date().toISOString() }),
    }),
  );
};
