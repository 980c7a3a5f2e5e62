/**
 * The DynamoDB document client every store module shares. Two middlewares make cost
 * visible: each call asks for its consumed capacity, and the units are summed per request
 * (an AsyncLocalStorage scope opened by the HTTP layer), so logs and benchmarks can show
 * what each request cost. The client is captured for X-Ray tracing (functions/observability.ts).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from '#functions/config.ts';
import { tracer } from '#functions/observability.ts';
import { type CapacityMeter, currentMeter } from './meter.ts';
import { transactGetUnits, transactWriteUnits } from './pricing.ts';

export { type CapacityMeter, currentMeter, metered } from './meter.ts';

interface ConsumedCapacity {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

const WRITES = /^(Put|Update|Delete|BatchWrite|TransactWrite)/;

const record = (
  meter: CapacityMeter,
  command: string,
  input: Record<string, unknown>,
  cc: ConsumedCapacity | ConsumedCapacity[] | undefined,
) => {
  // DynamoDB Local under-reports transactions; price them by DynamoDB's rules instead.
  if (config.dynamodbEndpoint && command === 'TransactWriteItemsCommand') {
    meter.write += transactWriteUnits(input.TransactItems as []);
    return;
  }
  if (config.dynamodbEndpoint && command === 'TransactGetItemsCommand') {
    meter.read += transactGetUnits(input.TransactItems as []);
    return;
  }
  const isWrite = WRITES.test(command);
  for (const c of Array.isArray(cc) ? cc : cc ? [cc] : []) {
    // DynamoDB (and DynamoDB Local) often report only the total; the command says which kind.
    const total = c.CapacityUnits ?? (c.ReadCapacityUnits ?? 0) + (c.WriteCapacityUnits ?? 0);
    if (isWrite) meter.write += total;
    else meter.read += total;
  }
};

const countItems = (
  meter: CapacityMeter,
  command: string,
  input: Record<string, unknown>,
  output: Record<string, unknown>,
) => {
  if (command === 'GetItemCommand') meter.itemsRead += output.Item ? 1 : 0;
  else if (command === 'QueryCommand') meter.itemsRead += Number(output.Count ?? 0);
  else if (command === 'BatchGetItemCommand')
    meter.itemsRead += Object.values((output.Responses ?? {}) as Record<string, unknown[]>).reduce(
      (n, l) => n + l.length,
      0,
    );
  else if (command === 'TransactWriteItemsCommand')
    meter.itemsWritten += (input.TransactItems as unknown[]).length;
  else if (command === 'BatchWriteItemCommand') {
    const count = (m: unknown) =>
      Object.values((m ?? {}) as Record<string, unknown[]>).reduce((n, l) => n + l.length, 0);
    meter.itemsWritten += count(input.RequestItems) - count(output.UnprocessedItems);
  } else if (WRITES.test(command)) meter.itemsWritten += 1;
};

// Captured for X-Ray (a subsegment per call, under the route's `## <route id>`); a no-op
// where tracing is off (functions/observability.ts).
const base = tracer.captureAWSv3Client(
  new DynamoDBClient({
    ...(config.dynamodbEndpoint
      ? {
          endpoint: config.dynamodbEndpoint,
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
          region: process.env.AWS_REGION ?? 'me-south-1',
        }
      : {}),
    // Bounded retries: a throttled request fails fast with 503 rather than hanging the client.
    maxAttempts: 3,
    // Without throwOnRequestTimeout the SDK only logs a warning and a silent server hangs the
    // request until the Lambda times out; with it the attempt fails and is retried.
    requestHandler: {
      connectionTimeout: 1000,
      requestTimeout: config.dynamodbRequestTimeoutMs,
      throwOnRequestTimeout: true,
    },
  }),
);

base.middlewareStack.add(
  (next, context) => async (args) => {
    if (currentMeter()?.signal?.aborted)
      throw Object.assign(new Error('The request was already answered (timeout): no further call'), {
        name: 'AbortError',
      });
    const input = args.input as { ReturnConsumedCapacity?: string };
    input.ReturnConsumedCapacity ??= 'TOTAL';
    const out = await next(args);
    const meter = currentMeter();
    if (meter) {
      meter.calls += 1;
      countItems(
        meter,
        context.commandName ?? '',
        args.input as Record<string, unknown>,
        out.output as unknown as Record<string, unknown>,
      );
      record(
        meter,
        context.commandName ?? '',
        args.input as Record<string, unknown>,
        (out.output as { ConsumedCapacity?: ConsumedCapacity }).ConsumedCapacity,
      );
    }
    return out;
  },
  { step: 'initialize', name: 'consumedCapacity' },
);

export const db = DynamoDBDocumentClient.from(base, {
  marshallOptions: { removeUndefinedValues: true },
});

export const TABLE = config.tableName;
