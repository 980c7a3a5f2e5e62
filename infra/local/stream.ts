/**
 * The local stand-in for the stream's event source mapping (docs/architecture.md, "Events and
 * time"): polls DynamoDB Local's stream of the table, keeps the records the CDK mapping's
 * filter keeps (INSERT of an item whose `type` is `Event`: the transactional outbox), and
 * calls the consumer's handler with the DynamoDBStreamEvent Lambda would build, in batches of
 * at most 25, one shard at a time and in order. As Lambda with ReportBatchItemFailures, a
 * batch is retried from its first failed record (or whole, when the handler throws), a bounded
 * number of times with backoff; what still fails is set aside (logged, and listed at
 * `GET /_local/stream/failures`) and the shard moves on.
 *
 * `drain()` resolves once every record written before the call has been handled or set aside,
 * so tests wait for delivery without sleeping. `failNext()` makes the next invocations crash
 * the way a Lambda does (after handling some records, or at a DynamoDB call), from outside the
 * handler, so the consumer's idempotency is tested with no test-only code in it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { AttributeValue, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

/** The mapping's batch size: at most this many records per invocation. */
export const STREAM_BATCH_SIZE = 25;

export type StreamHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | undefined>;

export interface StreamFault {
  /** The invocation handles its first `afterRecords` records, then crashes before answering. */
  afterRecords?: number;
  /** The invocation's DynamoDB call after its first `afterCalls` fails (a crash mid-record). */
  afterCalls?: number;
  /** How many invocations crash this way (default 1). */
  times?: number;
}

export interface SetAside {
  eventID: string;
  sequenceNumber: string;
  shardId: string;
  keys: Record<string, unknown>;
  attempts: number;
  error: string;
  at: string;
}

export interface StreamStats {
  /** Handler invocations, retries included. */
  invocations: number;
  /** Records read from the stream, and those the filter kept. */
  recordsRead: number;
  recordsMatched: number;
  /** Records handled for good, and those set aside after the last retry. */
  delivered: number;
  failed: number;
  retries: number;
  faultsInjected: number;
  /** What the handler's DynamoDB calls consumed (capacity units), all invocations together. */
  capacity: { read: number; write: number; calls: number };
}

export interface StreamPollerOptions {
  endpoint: string;
  streamArn: string;
  region: string;
  handler: StreamHandler;
  /** Between polls when nothing is asked for (STREAM_POLL_MS, default 200). */
  intervalMs: number;
  /** Retries of a failed batch before its records are set aside (default 4). */
  retries?: number;
  /** The first retry's delay; each next one doubles it (default 100 ms). */
  backoffMs?: number;
  /** Where the last handled sequence number of each shard is kept between runs (none: memory). */
  checkpointFile?: string;
  /** A DynamoDB document client the handler uses: its calls are metered, and faults injected. */
  dynamo?: { middlewareStack: { add: (...args: never[]) => unknown } };
  log?: (message: string) => void;
}

/** The filter of the CDK event source mapping: new event items only. */
export const matchesFilter = (r: Pick<StreamRecord, 'eventName' | 'dynamodb'>): boolean =>
  r.eventName === 'INSERT' && r.dynamodb?.NewImage?.type?.S === 'Event';

type SdkValue = Record<string, unknown>;

/** An attribute value as Lambda's JSON has it: binary as base64, everything else as the SDK reads it. */
const lambdaValue = (v: SdkValue): AttributeValue => {
  if (v.B instanceof Uint8Array) return { B: Buffer.from(v.B).toString('base64') };
  if (Array.isArray(v.BS))
    return { BS: (v.BS as Uint8Array[]).map((b) => Buffer.from(b).toString('base64')) };
  if (v.M && typeof v.M === 'object') return { M: lambdaImage(v.M as Record<string, SdkValue>) };
  if (Array.isArray(v.L)) return { L: (v.L as SdkValue[]).map(lambdaValue) };
  return v as AttributeValue;
};
const lambdaImage = (image: Record<string, SdkValue> | undefined): Record<string, AttributeValue> =>
  Object.fromEntries(Object.entries(image ?? {}).map(([k, v]) => [k, lambdaValue(v)]));

/** One stream record as Lambda hands it to the function. */
export const lambdaRecord = (r: StreamRecord, streamArn: string, region: string): DynamoDBRecord => {
  const d = r.dynamodb ?? {};
  return {
    eventID: r.eventID ?? '',
    eventName: r.eventName as DynamoDBRecord['eventName'],
    eventVersion: r.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: r.awsRegion ?? region,
    dynamodb: {
      ...(d.ApproximateCreationDateTime
        ? { ApproximateCreationDateTime: Math.floor(d.ApproximateCreationDateTime.getTime() / 1000) }
        : {}),
      Keys: lambdaImage(d.Keys as unknown as Record<string, SdkValue>),
      NewImage: lambdaImage(d.NewImage as unknown as Record<string, SdkValue>),
      SequenceNumber: d.SequenceNumber ?? '',
      SizeBytes: d.SizeBytes ?? 0,
      StreamViewType: (d.StreamViewType ?? 'NEW_IMAGE') as 'NEW_IMAGE',
    },
    eventSourceARN: streamArn,
  };
};

/** The crash a fault stands for: the invocation ends without an answer, as a Lambda error. */
export class InjectedCrash extends Error {
  override name = 'InjectedCrash';
}

interface Invocation {
  calls: number;
  failAfterCalls?: number;
}

interface ShardState {
  iterator?: string;
  lastSequence?: string;
  parent?: string;
  /** Closed and read to its end. */
  done: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Capacity units of one call (one entry, or one per table for transactions and batches). */
const unitsOf = (consumed: unknown): number =>
  ((Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) as { CapacityUnits?: number }[]).reduce(
    (n, c) => n + (c.CapacityUnits ?? 0),
    0,
  );
const WRITE_COMMAND = /^(Put|Update|Delete|BatchWrite|TransactWrite)/;

export const createStreamPoller = (options: StreamPollerOptions) => {
  const { streamArn, region, handler } = options;
  const retries = options.retries ?? 4;
  const backoffMs = options.backoffMs ?? 100;
  const log = options.log ?? ((m: string) => console.error(m));
  const client = new DynamoDBStreamsClient({
    endpoint: options.endpoint,
    region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const shards = new Map<string, ShardState>();
  const saved: Record<string, string> =
    options.checkpointFile && existsSync(options.checkpointFile)
      ? (JSON.parse(readFileSync(options.checkpointFile, 'utf8')) as Record<string, string>)
      : {};
  const saveCheckpoint = (shardId: string, sequence: string) => {
    saved[shardId] = sequence;
    if (options.checkpointFile) writeFileSync(options.checkpointFile, JSON.stringify(saved));
  };
  const failures: SetAside[] = [];
  const faults: Required<Pick<StreamFault, 'times'>> & StreamFault = { times: 0 };
  const stats: StreamStats = {
    invocations: 0,
    recordsRead: 0,
    recordsMatched: 0,
    delivered: 0,
    failed: 0,
    retries: 0,
    faultsInjected: 0,
    capacity: { read: 0, write: 0, calls: 0 },
  };

  // The handler's DynamoDB calls, seen from the client it shares: metered, and failed on purpose.
  const invocations = new AsyncLocalStorage<Invocation>();
  options.dynamo?.middlewareStack.add(
    ((
      next: (args: unknown) => Promise<{ output: { ConsumedCapacity?: unknown } }>,
      context: {
        commandName?: string;
      },
    ) =>
      async (args: unknown) => {
        const current = invocations.getStore();
        if (!current) return next(args);
        current.calls += 1;
        if (current.failAfterCalls !== undefined && current.calls > current.failAfterCalls) {
          current.failAfterCalls = undefined;
          throw new InjectedCrash(`local fault: the consumer crashed at DynamoDB call ${current.calls}`);
        }
        // As the store's client asks for it: what each call consumed comes back with it.
        (args as { input: { ReturnConsumedCapacity?: string } }).input.ReturnConsumedCapacity ??= 'TOTAL';
        const out = await next(args);
        const units = unitsOf(out.output.ConsumedCapacity);
        if (WRITE_COMMAND.test(context.commandName ?? '')) stats.capacity.write += units;
        else stats.capacity.read += units;
        stats.capacity.calls += 1;
        return out;
      }) as never,
    { step: 'initialize', priority: 'low', name: 'localStreamConsumer' } as never,
  );

  /** One invocation of the handler, with the fault armed for it if any. */
  const invoke = async (records: DynamoDBRecord[]): Promise<DynamoDBBatchResponse | undefined> => {
    stats.invocations += 1;
    const armed = faults.times > 0 ? { ...faults } : undefined;
    if (armed) {
      faults.times -= 1;
      stats.faultsInjected += 1;
    }
    const scope: Invocation = {
      calls: 0,
      ...(armed?.afterCalls !== undefined ? { failAfterCalls: armed.afterCalls } : {}),
    };
    return invocations.run(scope, async () => {
      if (armed?.afterRecords !== undefined) {
        const first = records.slice(0, armed.afterRecords);
        if (first.length) await handler({ Records: first });
        throw new InjectedCrash(`local fault: the consumer crashed after ${first.length} records`);
      }
      return (await handler({ Records: records })) ?? undefined;
    });
  };

  /** Delivers one batch as Lambda does, retrying from the first failed record. */
  const deliver = async (shardId: string, batch: DynamoDBRecord[]) => {
    let pending = batch;
    for (let attempt = 0; ; attempt++) {
      let failedFrom: number | undefined;
      let error = '';
      try {
        const answer = await invoke(pending);
        const ids = (answer?.batchItemFailures ?? []).map((f) => f.itemIdentifier);
        if (ids.length) {
          const positions = ids.map((id) => pending.findIndex((r) => r.dynamodb?.SequenceNumber === id));
          // An identifier that is not a record's sequence number fails the whole batch, as in Lambda.
          failedFrom = positions.some((p) => p < 0) ? 0 : Math.min(...positions);
          error = `batchItemFailures: ${ids.join(', ')}`;
        }
      } catch (err) {
        failedFrom = 0;
        error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      }
      if (failedFrom === undefined) {
        stats.delivered += pending.length;
        return;
      }
      stats.delivered += failedFrom;
      pending = pending.slice(failedFrom);
      if (attempt >= retries) {
        const at = new Date().toISOString();
        for (const r of pending) {
          failures.push({
            eventID: r.eventID ?? '',
            sequenceNumber: r.dynamodb?.SequenceNumber ?? '',
            shardId,
            keys: r.dynamodb?.Keys ?? {},
            attempts: attempt + 1,
            error,
            at,
          });
        }
        stats.failed += pending.length;
        log(
          `[stream] ${pending.length} record(s) set aside after ${attempt + 1} attempts (${error}): ${pending
            .map((r) => r.dynamodb?.Keys?.pk?.S)
            .join(', ')}`,
        );
        return;
      }
      stats.retries += 1;
      await sleep(backoffMs * 2 ** attempt);
    }
  };

  /** The stream's shards, new ones added (a child starts once its parent is done). */
  const refreshShards = async () => {
    let start: string | undefined;
    do {
      const { StreamDescription } = await client.send(
        new DescribeStreamCommand({
          StreamArn: streamArn,
          ...(start ? { ExclusiveStartShardId: start } : {}),
        }),
      );
      for (const s of StreamDescription?.Shards ?? []) {
        if (!s.ShardId || shards.has(s.ShardId)) continue;
        const lastSequence = saved[s.ShardId];
        shards.set(s.ShardId, {
          done: false,
          ...(s.ParentShardId ? { parent: s.ParentShardId } : {}),
          ...(lastSequence ? { lastSequence } : {}),
        });
      }
      start = StreamDescription?.LastEvaluatedShardId;
    } while (start);
  };

  const iteratorOf = async (shardId: string, state: ShardState): Promise<string | undefined> => {
    const ask = (after?: string) =>
      client.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shardId,
          ...(after
            ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after }
            : { ShardIteratorType: 'TRIM_HORIZON' }),
        }),
      );
    try {
      return (await ask(state.lastSequence)).ShardIterator;
    } catch (err) {
      // A checkpoint the stream no longer holds (trimmed): read what it still has.
      if (!state.lastSequence) throw err;
      return (await ask()).ShardIterator;
    }
  };

  /** Reads one shard to where it ends now, delivering as it goes. */
  const readShard = async (shardId: string, state: ShardState) => {
    for (;;) {
      state.iterator ??= await iteratorOf(shardId, state);
      if (!state.iterator) {
        state.done = true;
        return;
      }
      let page: GetRecordsCommandOutput;
      try {
        page = await client.send(new GetRecordsCommand({ ShardIterator: state.iterator, Limit: 1000 }));
      } catch (err) {
        if ((err as Error).name !== 'ExpiredIteratorException') throw err;
        state.iterator = undefined;
        continue;
      }
      const records = page.Records ?? [];
      stats.recordsRead += records.length;
      const matched = records.filter(matchesFilter).map((r) => lambdaRecord(r, streamArn, region));
      stats.recordsMatched += matched.length;
      for (let i = 0; i < matched.length; i += STREAM_BATCH_SIZE)
        await deliver(shardId, matched.slice(i, i + STREAM_BATCH_SIZE));
      const last = records.at(-1)?.dynamodb?.SequenceNumber;
      if (last) {
        state.lastSequence = last;
        saveCheckpoint(shardId, last);
      }
      if (!page.NextShardIterator) {
        state.iterator = undefined;
        state.done = true;
        return;
      }
      state.iterator = page.NextShardIterator;
      if (!records.length) return;
    }
  };

  /** One pass over every shard; true when it read each to its current end. */
  const pass = async (): Promise<boolean> => {
    await refreshShards();
    let progress = true;
    // Parents before children: a pass ends when no shard that may start has records left.
    while (progress) {
      progress = false;
      for (const [id, state] of shards) {
        if (state.done) continue;
        const parent = state.parent ? shards.get(state.parent) : undefined;
        if (parent && !parent.done) continue;
        await readShard(id, state);
        if (state.done) progress = true;
      }
    }
    return true;
  };

  let stopped = false;
  let waiters: (() => void)[] = [];
  let wake: (() => void) | undefined;
  let loop: Promise<void> | undefined;

  const run = async () => {
    while (!stopped) {
      const mine = waiters;
      waiters = [];
      let caughtUp = false;
      try {
        caughtUp = await pass();
      } catch (err) {
        if (!stopped) log(`[stream] polling failed: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (caughtUp) for (const done of mine) done();
      else waiters.unshift(...mine);
      if (stopped || waiters.length) continue;
      await new Promise<void>((r) => {
        const timer = setTimeout(r, options.intervalMs);
        wake = () => {
          clearTimeout(timer);
          r();
        };
      });
      wake = undefined;
    }
    for (const done of waiters) done();
  };

  return {
    start: () => {
      loop ??= run();
    },
    /** Resolves once every record written before the call is handled or set aside. */
    drain: (): Promise<StreamStats> =>
      new Promise<void>((r) => {
        waiters.push(r);
        wake?.();
      }).then(() => structuredClone(stats)),
    failNext: (fault: StreamFault) => {
      Object.assign(faults, { afterRecords: undefined, afterCalls: undefined }, fault, {
        times: fault.times ?? 1,
      });
    },
    failures: () => [...failures].reverse(),
    stats: () => structuredClone(stats),
    stop: async () => {
      stopped = true;
      wake?.();
      await loop;
      client.destroy();
    },
  };
};

export type StreamPoller = ReturnType<typeof createStreamPoller>;
