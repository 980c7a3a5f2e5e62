/**
 * A NodejsFunction with the project's defaults fixed in one place (in the spirit of
 * Powertools for AWS Lambda's example app): Node.js 24 on arm64, an ESM bundle built by
 * esbuild with the AWS SDK inside, source maps, and a log group of our own.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, type NodejsFunctionProps, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import type { RouteSpec } from '#http/route-spec.ts';
import { tableDefinition } from '#store/table.ts';

/** The repository root (this file is infra/constructs/api-function.ts). */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export type TableAccess = RouteSpec['access'];

/** An IAM action on DynamoDB (the prefix is part of the type, so it cannot be forgotten). */
export type DynamoDbAction = `dynamodb:${string}`;

const READ_ACTIONS: readonly DynamoDbAction[] = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
];
const WRITE_ACTIONS: readonly DynamoDbAction[] = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

/**
 * The leaderboard job's access: item-level reads and writes on the table and its indexes.
 * Today it queries markers and the `ranking` index, reads counters and profiles with
 * BatchGetItem, puts snapshots, writes and deletes rank items and markers with
 * BatchWriteItem and refreshes directory entries with conditional UpdateItem; GetItem,
 * DeleteItem and ConditionCheckItem (a transaction's condition) complete the item-level
 * set. No DescribeTable (the store never calls it) and never Scan: the job's cost follows
 * the markers, not the table's size.
 */
export const LEADERBOARD_JOB_ACTIONS: readonly DynamoDbAction[] = [
  'dynamodb:Query',
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
];

/**
 * Functions that read files from npm packages at run time (functions/render/): the share
 * card's font files (TTF) and resvg's WebAssembly module. NodejsFunction installs these
 * packages into the bundle's own node_modules (`nodeModules`), where require.resolve finds
 * them as it does locally; esbuild leaves them out of the bundle.
 */
export const RENDERING_ENTRIES: Readonly<Record<string, readonly string[]>> = {
  'functions/http/showcase/card.ts': ['@expo-google-fonts/cairo'],
  'functions/http/showcase/card-png.ts': ['@expo-google-fonts/cairo', '@resvg/resvg-wasm'],
};

/** Ships `packages` beside the bundle, and leaves fontkit's WOFF2 decoder out of it. */
const renderingBundling = (packages: readonly string[]) => ({
  nodeModules: [...packages],
  esbuildArgs: { '--alias': 'brotli/decompress.js=./functions/render/no-woff2.ts' },
});

export interface ApiFunctionProps extends Omit<NodejsFunctionProps, 'entry'> {
  /** The module that exports `handler`, relative to the repository root. */
  entry: string;
}

export class ApiFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: ApiFunctionProps) {
    const { entry, bundling, environment, ...rest } = props;
    // An explicit log group (rather than `logRetention`) keeps CDK from adding its
    // log-retention helper function. The stack is stateless: logs go with it.
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // A role of our own instead of the one Lambda makes with the AWS managed
    // AWSLambdaBasicExecutionRole policy (logs:CreateLogGroup, CreateLogStream and
    // PutLogEvents on every log group of the account): this one may write to its own log
    // group only (granted below), plus whatever bindTable grants.
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${id}`,
    });
    super(scope, id, {
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.seconds(10),
      logGroup,
      role,
      ...rest,
      entry: path.join(projectRoot, entry),
      projectRoot,
      depsLockFilePath: path.join(projectRoot, 'package-lock.json'),
      environment: {
        POWERTOOLS_SERVICE_NAME: 'smart-city-ambassadors',
        NODE_OPTIONS: '--enable-source-maps',
        ...environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        minify: true,
        // Error class names stay readable in logs despite minification.
        keepNames: true,
        sourceMap: true,
        // Stack traces need the mappings only; leaving the sources out halves the .map file.
        sourcesContent: false,
        mainFields: ['module', 'main'],
        // Bundle everything, the AWS SDK included: the versions in package-lock.json are the
        // ones that run, not whatever the Lambda runtime happens to ship.
        externalModules: [],
        // Some CommonJS dependencies call `require` (e.g. for Node built-ins); an ESM bundle
        // has none, so define one.
        banner:
          "import { createRequire as __sca_createRequire } from 'node:module'; const require = __sca_createRequire(import.meta.url);",
        // domain/regions.ts imports reference data as JSON (`with { type: 'json' }`).
        loader: { '.json': 'json' },
        ...(RENDERING_ENTRIES[entry] ? renderingBundling(RENDERING_ENTRIES[entry] ?? []) : {}),
        ...bundling,
      },
    });
    // logs:CreateLogStream and logs:PutLogEvents on this log group's ARN, nothing else.
    logGroup.grantWrite(role);
  }

  /**
   * Points the function at the table (TABLE_NAME) and grants exactly `access`, nothing more:
   * a route's access level (`none`, `read`, `write`), or an explicit list of actions for a
   * function that is not a route (the leaderboard job). Not `grantReadData`: that includes
   * Scan, and no request may scan. Not `table.grant` either: that grants `table/index/*`;
   * this names the table and each of its indexes (the same tableDefinition the data stack
   * builds them from).
   */
  bindTable(table: ITable, access: TableAccess | readonly DynamoDbAction[]): void {
    this.addEnvironment('TABLE_NAME', table.tableName);
    const actions =
      typeof access !== 'string'
        ? access
        : access === 'none'
          ? []
          : [...READ_ACTIONS, ...(access === 'write' ? WRITE_ACTIONS : [])];
    if (actions.length === 0) return;
    this.addToRolePolicy(
      new iam.PolicyStatement({
        actions: [...actions],
        resources: [
          table.tableArn,
          ...Object.keys(tableDefinition.indexes).map((name) => `${table.tableArn}/index/${name}`),
        ],
      }),
    );
  }
}

/**
 * The leaderboard job (functions/scheduled/leaderboards.ts): the same bundling defaults,
 * more memory and time, never two runs at once (reserved concurrency 1), every 15 minutes.
 *
 * EventBridge invokes a Lambda target asynchronously: its retry policy and dead-letter queue
 * cover *delivering* the event to Lambda (Invoke refused: permission, function missing,
 * Lambda unavailable), not the run itself. Once Lambda has queued the event, a failed run is
 * Lambda's business, governed by the function's async invoke config below. The Errors alarm
 * (Monitoring) is what sees failed runs.
 */
export class LeaderboardJob extends ApiFunction {
  readonly rule: events.Rule;
  readonly deadLetters: sqs.Queue;

  constructor(scope: Construct, id: string, props: { table: ITable; environment: Record<string, string> }) {
    super(scope, id, {
      entry: 'functions/scheduled/leaderboards.ts',
      description: 'Leaderboard job: recomputes the boards the changes since the last run touched',
      memorySize: 1024,
      timeout: Duration.minutes(5),
      reservedConcurrentExecutions: 1,
      // Async invoke config. No retry of a failed run (Lambda's default is 2): the job is
      // idempotent and deletes its markers only once it has published, so the next
      // scheduled run, at most 15 minutes later, redoes exactly what the failed one left.
      // A retry (about a minute later) would only bring the boards up to date sooner; when
      // the failure is not transient (a bug, a backlog that times out) it doubles the cost
      // and holds the single concurrency slot for up to 5 more minutes.
      retryAttempts: 0,
      // An event still waiting in Lambda's queue after 15 minutes (throttled behind the one
      // slot) is dropped rather than run late: the next scheduled run supersedes it.
      maxEventAge: Duration.minutes(15),
      environment: props.environment,
    });
    this.bindTable(props.table, LEADERBOARD_JOB_ACTIONS);
    this.deadLetters = new sqs.Queue(scope, `${id}DeadLetters`, {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    NagSuppressions.addResourceSuppressions(this.deadLetters, [
      {
        id: 'AwsSolutions-SQS3',
        reason:
          'This queue is itself the dead-letter queue of the leaderboard schedule (EventBridge target DLQ); ' +
          'nothing consumes it automatically, so a DLQ of its own would never receive anything. ' +
          'The ApproximateNumberOfMessagesVisible alarm watches it instead.',
      },
    ]);
    this.rule = new events.Rule(scope, `${id}Schedule`, {
      description: 'Recompute the leaderboards every 15 minutes',
      schedule: events.Schedule.rate(Duration.minutes(15)),
      targets: [
        // Delivery to Lambda: two more attempts within 15 minutes (a later run supersedes
        // the event after that), then the event goes to the dead-letter queue.
        new targets.LambdaFunction(this, {
          retryAttempts: 2,
          maxEventAge: Duration.minutes(15),
          deadLetterQueue: this.deadLetters,
        }),
      ],
    });
  }
}
