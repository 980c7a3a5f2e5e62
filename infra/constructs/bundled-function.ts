/**
 * A NodejsFunction with the project's defaults fixed in one place (in the spirit of
 * Powertools for AWS Lambda's example app): Node.js 24 on arm64, an ESM bundle built by
 * esbuild with the options of ./bundling.ts (the AWS SDK inside), source maps, a log group
 * and a role of its own, and table access granted by name. ApiFunction (a route) and
 * JobFunction (a scheduled job) are the two kinds.
 */
import * as path from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import {
  type BundlingOptions,
  NodejsFunction,
  type NodejsFunctionProps,
  OutputFormat,
} from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import type { RouteSpec } from '#http/route-spec.ts';
import { tableDefinition } from '#store/table.ts';
import { logRetentionFor, stageOf } from '../stage.ts';
import { bundlingFor, projectRoot } from './bundling.ts';

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
 * ./bundling.ts's options as NodejsFunction takes them. It externalises `nodeModules` and
 * installs them beside the bundle itself, so no other module is external.
 */
const cdkBundling = (entry: string): BundlingOptions => {
  const b = bundlingFor(entry);
  return {
    format: OutputFormat.ESM,
    target: b.target,
    minify: b.minify,
    keepNames: b.keepNames,
    sourceMap: b.sourcemap,
    sourcesContent: b.sourcesContent,
    mainFields: b.mainFields,
    externalModules: [],
    banner: b.banner.js,
    loader: b.loader,
    ...(b.nodeModules.length ? { nodeModules: b.nodeModules } : {}),
    // One `--alias:<module>=<replacement>` per replacement (CDK renders an array that way).
    esbuildArgs: { '--alias': Object.entries(b.alias).map(([from, to]) => `${from}=${to}`) },
  };
};

export interface BundledFunctionProps extends Omit<NodejsFunctionProps, 'entry'> {
  /** The module that exports `handler`, relative to the repository root. */
  entry: string;
}

export class BundledFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: BundledFunctionProps) {
    const { entry, bundling, environment, ...rest } = props;
    // An explicit log group (rather than `logRetention`) keeps CDK from adding its
    // log-retention helper function. Kept the stage's logRetentionDays; the stack is
    // stateless: logs go with it.
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: logRetentionFor(scope),
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
      // X-Ray active tracing on every function (the code's Powertools Tracer adds the
      // subsegments); it grants xray:PutTraceSegments and PutTelemetryRecords on `*` below.
      tracing: lambda.Tracing.ACTIVE,
      entry: path.join(projectRoot, entry),
      projectRoot,
      depsLockFilePath: path.join(projectRoot, 'package-lock.json'),
      environment: {
        POWERTOOLS_SERVICE_NAME: 'smart-city-ambassadors',
        // Metrics (functions/observability.ts): their namespace, and the stage as a dimension.
        POWERTOOLS_METRICS_NAMESPACE: 'SmartCityAmbassadors',
        STAGE: stageOf(scope).name,
        NODE_OPTIONS: '--enable-source-maps',
        ...environment,
      },
      bundling: { ...cdkBundling(entry), ...bundling },
    });
    // logs:CreateLogStream and logs:PutLogEvents on this log group's ARN, nothing else.
    logGroup.grantWrite(role);
    NagSuppressions.addResourceSuppressions(
      role,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'Active tracing (Tracing.ACTIVE) grants xray:PutTraceSegments and xray:PutTelemetryRecords, which ' +
            'take no resource: IAM accepts only "*" for them. Every other statement names its resources.',
          appliesTo: ['Resource::*'],
        },
      ],
      true,
    );
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
