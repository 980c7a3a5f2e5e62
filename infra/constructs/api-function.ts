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
import type { RouteSpec } from '../../functions/http/route-spec.ts';
import { tableDefinition } from '../../functions/store/table.ts';

/** The repository root (this file is infra/constructs/api-function.ts). */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export type TableAccess = RouteSpec['access'];

const READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
];
const WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

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
        ...bundling,
      },
    });
    // logs:CreateLogStream and logs:PutLogEvents on this log group's ARN, nothing else.
    logGroup.grantWrite(role);
  }

  /**
   * Points the function at the table (TABLE_NAME) and grants exactly `access`, nothing more.
   * Not `grantReadData`: that includes Scan, and no request may scan. Not `table.grant`
   * either: that grants `table/index/*`; this names the table and each of its indexes
   * (the same tableDefinition the data stack builds them from).
   */
  bindTable(table: ITable, access: TableAccess): void {
    this.addEnvironment('TABLE_NAME', table.tableName);
    if (access === 'none') return;
    this.addToRolePolicy(
      new iam.PolicyStatement({
        actions: [...READ_ACTIONS, ...(access === 'write' ? WRITE_ACTIONS : [])],
        resources: [
          table.tableArn,
          ...Object.keys(tableDefinition.indexes).map((name) => `${table.tableArn}/index/${name}`),
        ],
      }),
    );
  }
}

/**
 * The leaderboard job: the same bundling defaults, more memory and time, and never two
 * runs at once (reserved concurrency 1), every 15 minutes. EventBridge retries a failed
 * run twice within 15 minutes (a later run supersedes it anyway) and then parks the event
 * in a dead-letter queue, which an alarm can watch. The job is idempotent: a retry redoes
 * the same markers.
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
      // EventBridge retries; Lambda's own async retries would double them.
      retryAttempts: 0,
      environment: props.environment,
    });
    // Reads, rank writes, marker deletes; never a Scan.
    this.bindTable(props.table, 'write');
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
        new targets.LambdaFunction(this, {
          retryAttempts: 2,
          maxEventAge: Duration.minutes(15),
          deadLetterQueue: this.deadLetters,
        }),
      ],
    });
  }
}
