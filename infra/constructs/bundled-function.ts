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
import type { ResolvedTableKeys } from '#http/table-keys.ts';
import { type IndexName, tableDefinition } from '#store/table.ts';
import { logRetentionFor, stageOf } from '../stage.ts';
import { bundlingFor, projectRoot } from './bundling.ts';

export type TableAccess = RouteSpec['access'];

/** An IAM action on DynamoDB (the prefix is part of the type, so it cannot be forgotten). */
export type DynamoDbAction = `dynamodb:${string}`;

/** Item reads on the table (a transaction's condition check included); no Scan, no DescribeTable. */
export const READ_ACTIONS: readonly DynamoDbAction[] = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
];
/** Item writes: on the table's ARN only, never on an index's (an index is written by DynamoDB). */
export const WRITE_ACTIONS: readonly DynamoDbAction[] = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

/** Every partition key in the request starts with one of `prefixes`. */
const leadingKeys = (prefixes: readonly string[]) => ({
  'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': prefixes.map((p) => `${p}*`) },
});

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
            'take no resource: IAM accepts only "*" for them (so does dynamodb:ListStreams, which the stream ' +
            "consumer's event source mapping needs). Every other statement names its resources.",
          appliesTo: ['Resource::*'],
        },
      ],
      true,
    );
  }

  /**
   * Points the function at the table (TABLE_NAME) and grants exactly `keys`
   * (#http/table-keys.ts), nothing more: item reads on the table for the partition key
   * prefixes read, item writes for those written, and Query on each index declared (its ARN
   * by name) for its partition prefixes, each statement conditioned on `dynamodb:LeadingKeys`.
   * No write action on an index ARN, no Scan, no DescribeTable (the store never calls it).
   * `undefined`: the table's name only, no access at all (a route of access `none`).
   */
  bindTable(table: ITable, keys: ResolvedTableKeys | undefined): void {
    this.addEnvironment('TABLE_NAME', table.tableName);
    if (!keys) return;
    if (keys.reads.length)
      this.addToRolePolicy(
        new iam.PolicyStatement({
          sid: 'ReadItemsByKey',
          actions: [...READ_ACTIONS],
          resources: [table.tableArn],
          conditions: leadingKeys(keys.reads),
        }),
      );
    if (keys.writes.length)
      this.addToRolePolicy(
        new iam.PolicyStatement({
          sid: 'WriteItemsByKey',
          actions: [...WRITE_ACTIONS],
          resources: [table.tableArn],
          conditions: leadingKeys(keys.writes),
        }),
      );
    for (const [name, prefixes] of Object.entries(keys.indexes) as [IndexName, string[]][]) {
      if (!(name in tableDefinition.indexes)) throw new Error(`no index ${name} in table.ts`);
      this.addToRolePolicy(
        new iam.PolicyStatement({
          sid: `Query${name[0]?.toUpperCase()}${name.slice(1)}ByKey`,
          actions: ['dynamodb:Query'],
          resources: [`${table.tableArn}/index/${name}`],
          conditions: leadingKeys(prefixes),
        }),
      );
    }
  }
}
