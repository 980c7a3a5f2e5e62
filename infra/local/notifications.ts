/**
 * Telling people, locally (docs/api-contract.md §11): the stream's consumer called by the
 * local event source mapping (./stream.ts), SES (./ses.ts) and the bus (./eventbridge.ts)
 * stood in for, the digest job on request, and the local routes that show and drive them.
 * The consumer and the digest are the real functions, unchanged, reaching the stand-ins
 * through the same environment variables the CDK stack sets (set here, before they load).
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { clock } from '#functions/clock.ts';
import { DELIVERY_KEYS, DIGEST_JOB_KEYS } from '#functions/scheduled/table-access.ts';
import { mergeTableKeys } from '#http/table-keys.ts';
import { createLocalEventBridge, LOCAL_EVENT_BUS } from './eventbridge.ts';
import type { LocalRoute } from './gateway.ts';
import { enforcing, withKeyAccess } from './key-access.ts';
import { lambdaContext } from './lambda-event.ts';
import { createLocalSes } from './ses.ts';
import { createStreamPoller } from './stream.ts';

export interface LocalNotificationsOptions {
  baseUrl: string;
  dynamoEndpoint: string;
  streamArn: string;
  region: string;
  dataDir: string | undefined;
}

const failNextRequest = z
  .strictObject({
    afterRecords: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(1000))),
    afterCalls: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(1000))),
    times: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(100))),
  })
  .check(
    z.refine((f) => (f.afterRecords === undefined) !== (f.afterCalls === undefined), {
      message: 'exactly one of afterRecords and afterCalls',
    }),
  );

/** What a drain waits for at most: a consumer stuck longer than this is a failure to report. */
const DRAIN_LIMIT_MS = 60_000;

/** Under ENFORCE_KEY_ACCESS, `fn` runs as `name` with `keys`; a refused access fails the run. */
const scoped = async <T>(name: string, keys: Parameters<typeof mergeTableKeys>, fn: () => Promise<T>) => {
  if (!enforcing()) return fn();
  const { scope, result } = withKeyAccess(name, mergeTableKeys(...keys), fn);
  const value = await result;
  if (scope.violations.length) throw new Error(`${name} did not declare: ${scope.violations.join(' | ')}`);
  return value;
};

export const startLocalNotifications = async (o: LocalNotificationsOptions) => {
  // What the CDK stack sets on the consumer and the digest, pointed at the stand-ins below.
  Object.assign(process.env, {
    SES_ENDPOINT: `${o.baseUrl}/_local/ses`,
    // Unset in AWS means no email at all; locally every email is kept, so there is a sender.
    MAIL_FROM: process.env.MAIL_FROM ?? 'no-reply@localhost',
    PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL || o.baseUrl,
    EVENTBRIDGE_ENDPOINT: `${o.baseUrl}/_local/eventbridge/`,
    EVENT_BUS_NAME: LOCAL_EVENT_BUS,
  });
  const ses = createLocalSes(o.dataDir ? join(o.dataDir, 'mail') : undefined);
  const bus = createLocalEventBridge(LOCAL_EVENT_BUS, o.region, () => clock.now());
  const { handler: deliver } = await import('#functions/events/deliver.ts');
  const { runDigest } = await import('#functions/scheduled/digest.ts');
  const { db } = await import('#store/client.ts');

  const consume = (event: DynamoDBStreamEvent) =>
    scoped('notificationConsumer', [DELIVERY_KEYS], () =>
      (deliver as (e: DynamoDBStreamEvent, c: unknown) => ReturnType<typeof deliver>)(
        event,
        lambdaContext('notificationConsumer', randomUUID(), 60_000),
      ),
    );
  const poller = createStreamPoller({
    endpoint: o.dynamoEndpoint,
    streamArn: o.streamArn,
    region: o.region,
    handler: consume,
    intervalMs: Number(process.env.STREAM_POLL_MS ?? 200),
    ...(o.dataDir ? { checkpointFile: join(o.dataDir, 'stream-checkpoint.json') } : {}),
    dynamo: db,
  });

  // As the schedule would: one digest run at a time, each after the stream is drained (in AWS
  // delivery lags the change by a second or so, the digest runs at 08:00).
  let digests: Promise<unknown> = Promise.resolve();
  const digestNow = () => {
    const next = digests.then(async () => {
      await poller.drain();
      return scoped('digestJob', [DIGEST_JOB_KEYS], () => runDigest({ now: clock.now() }));
    });
    digests = next.catch((err: unknown) => console.error('digest job failed:', err));
    return next;
  };

  const routes: Record<string, LocalRoute> = {
    'POST /_local/ses/v2/email/outbound-emails': ses.sendEmail,
    'POST /_local/ses/outage': ses.outage,
    'GET /_local/mail': ses.list,
    'POST /_local/eventbridge/': bus.api,
    'GET /_local/events': bus.list,
    'POST /_local/schedules/digest': async () => ({ status: 200, body: await digestNow() }),
    'POST /_local/stream/drain': async () => {
      let timer: NodeJS.Timeout | undefined;
      const limit = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), DRAIN_LIMIT_MS)));
      const done = await Promise.race([poller.drain(), limit]);
      clearTimeout(timer);
      if (done === 'late')
        return {
          status: 503,
          body: { message: `the stream was not drained within ${DRAIN_LIMIT_MS / 1000} s` },
        };
      return { status: 200, body: done };
    },
    'GET /_local/stream/stats': async () => ({ status: 200, body: poller.stats() }),
    'GET /_local/stream/failures': async () => ({ status: 200, body: { items: poller.failures() } }),
    'POST /_local/stream/fail-next': async (_req, body) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body || '{}');
      } catch {
        return { status: 400, body: { code: 'malformed_json' } };
      }
      const r = failNextRequest.safeParse(parsed);
      if (!r.success) return { status: 400, body: { code: 'validation_failed', errors: r.error.issues } };
      poller.failNext(r.data);
      return { status: 200, body: { times: 1, ...r.data } };
    },
  };
  // Started once the server answers: the consumer's first batch may already send email.
  return { routes, poller, ses, bus, start: () => poller.start(), stop: () => poller.stop() };
};
