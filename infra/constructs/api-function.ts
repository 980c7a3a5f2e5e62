/**
 * A NodejsFunction with the project's defaults fixed in one place (in the spirit of
 * Powertools for AWS Lambda's example app): Node.js 24 on arm64, an ESM bundle built by
 * esbuild with the AWS SDK inside, source maps, and a log group of our own.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, type NodejsFunctionProps, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { RouteSpec } from '../../functions/http/route-spec.ts';

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
    super(scope, id, {
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.seconds(10),
      // An explicit log group (rather than `logRetention`) keeps CDK from adding its
      // log-retention helper function. The stack is stateless: logs go with it.
      logGroup: new logs.LogGroup(scope, `${id}Logs`, {
        retention: logs.RetentionDays.ONE_MONTH,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
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
  }

  /**
   * Points the function at the table (TABLE_NAME) and grants exactly `access`, nothing more.
   * Not `grantReadData`: that includes Scan, and no request may scan.
   */
  bindTable(table: ITable, access: TableAccess): void {
    this.addEnvironment('TABLE_NAME', table.tableName);
    if (access === 'none') return;
    table.grant(this, ...READ_ACTIONS, ...(access === 'write' ? WRITE_ACTIONS : []));
  }
}
