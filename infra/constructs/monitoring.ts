/**
 * Alarms and one dashboard for the API stack, all derived from the route table: an
 * encrypted SNS topic that every alarm notifies (optionally an email address, context
 * `alarmEmail`), alarms on the API's 5xx and 4xx rates, on the write functions' errors, on
 * the creating routes' throttles, on DynamoDB throttling and on the leaderboard job.
 *
 * CloudWatch alarms take at most 10 metrics each, so nothing here sums over all the route
 * functions: error alarms are per write function (a read's unhandled error is a 5xx, which
 * the API rate alarm sees), throttle alarms per function with reserved concurrency (the
 * others throttle only when the whole account does). The dashboard has no such limit.
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { RouteSpec } from '#http/route-spec.ts';
import { tableDefinition } from '#store/table.ts';

/** A route and the function that serves it. */
export interface MonitoredRoute {
  spec: RouteSpec;
  fn: lambda.IFunction;
  /** The function's reserved concurrency, if it has any. */
  reservedConcurrency?: number;
}

export interface MonitoringProps {
  api: apigw.IHttpApi;
  routes: readonly MonitoredRoute[];
  table: ITable;
  job: lambda.IFunction;
  jobDeadLetters: sqs.IQueue;
  /** The full rebuild's state machine (LeaderboardRebuild). */
  rebuild?: sfn.IStateMachine;
  /** Where alarm notifications go by email, if anywhere (context `alarmEmail`). */
  alarmEmail?: string;
}

/** The table operations the store issues (functions/store): each has its own metrics. */
export const TABLE_OPERATIONS = [
  'GetItem',
  'BatchGetItem',
  'Query',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
] as const;

const FIVE_MINUTES = Duration.minutes(5);

/** Context `alarmEmail`: one address, or nothing. */
export const alarmEmailOf = (scope: Construct): string | undefined => {
  const value: unknown = scope.node.tryGetContext('alarmEmail');
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value.trim()))
    throw new Error(`context alarmEmail must be one email address, not ${JSON.stringify(value)}`);
  return value.trim();
};

export class Monitoring extends Construct {
  readonly topic: sns.Topic;
  readonly dashboard: cw.Dashboard;
  /** Every alarm, by construct id. */
  readonly alarms = new Map<string, cw.Alarm>();

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const stack = Stack.of(this);

    // CloudWatch cannot publish to a topic encrypted with the AWS managed key (alias/aws/sns:
    // its policy cannot be changed to let CloudWatch use it), hence a key of our own.
    const key = new kms.Key(this, 'AlarmTopicKey', {
      description: 'Encrypts the alarm notification topic',
      enableKeyRotation: true,
      // Messages live in the topic only until delivered: nothing encrypted outlives the stack.
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    this.topic = new sns.Topic(this, 'AlarmTopic', {
      displayName: 'Smart City Ambassadors alarms',
      masterKey: key,
      enforceSSL: true,
    });
    // enforceSSL attaches a topic policy, which replaces the default one: without this
    // statement the alarms of this account would be refused sns:Publish.
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsOfThisAccount',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          ArnLike: {
            'aws:SourceArn': `arn:${stack.partition}:cloudwatch:${stack.region}:${stack.account}:alarm:*`,
          },
          StringEquals: { 'aws:SourceAccount': stack.account },
        },
      }),
    );
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    const action = new SnsAction(this.topic);

    const alarm = (alarmId: string, description: string, options: cw.AlarmProps) => {
      const created = new cw.Alarm(this, alarmId, {
        alarmName: `${stack.stackName}-${alarmId}`,
        alarmDescription: description,
        treatMissingData: cw.TreatMissingData.NOT_BREACHING,
        ...options,
      });
      created.addAlarmAction(action);
      created.addOkAction(action);
      this.alarms.set(alarmId, created);
      return created;
    };

    // --- The API -----------------------------------------------------------------------
    const requests = props.api.metricCount({ statistic: 'Sum', period: FIVE_MINUTES });
    const serverErrors = props.api.metricServerError({ statistic: 'Sum', period: FIVE_MINUTES });
    const clientErrors = props.api.metricClientError({ statistic: 'Sum', period: FIVE_MINUTES });
    const rate = (label: string, errors: cw.IMetric) =>
      new cw.MathExpression({
        expression: 'IF(requests > 0, 100 * FILL(errors, 0) / requests, 0)',
        usingMetrics: { requests, errors },
        label,
        period: FIVE_MINUTES,
      });

    alarm('Api5xxRate', 'More than 1% of API requests answered 5xx over 5 minutes', {
      metric: rate('5xx (% of requests)', serverErrors),
      threshold: 1,
      comparisonOperator: cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
    });
    // HTTP APIs do not meter 429 on its own: throttled requests are counted in 4xx. Normal
    // traffic has some 4xx (expired tokens, validation, 404); a sustained share above 10%
    // means throttling or a broken client release.
    alarm('Api4xxRate', 'More than 10% of API requests answered 4xx (throttling included) for 15 minutes', {
      metric: rate('4xx (% of requests)', clientErrors),
      threshold: 10,
      comparisonOperator: cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
    });

    // --- The route functions -------------------------------------------------------------
    // A function error is an unhandled one (a crash or a timeout): handled domain errors are
    // answers. On a write route, each is a change that may not have happened.
    for (const { spec, fn } of props.routes) {
      if (spec.access !== 'write') continue;
      alarm(`${pascal(spec.id)}Errors`, `${spec.method} ${spec.path}: unhandled function errors`, {
        metric: fn.metricErrors({ statistic: 'Sum', period: FIVE_MINUTES }),
        threshold: 1,
        comparisonOperator: cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
      });
    }
    // Throttles of the functions with reserved concurrency: their cap was reached, so API
    // Gateway answered errors instead of creating.
    for (const { spec, fn, reservedConcurrency } of props.routes) {
      if (reservedConcurrency === undefined) continue;
      alarm(`${pascal(spec.id)}Throttles`, `${spec.method} ${spec.path}: reserved concurrency exhausted`, {
        metric: fn.metricThrottles({ statistic: 'Sum', period: FIVE_MINUTES }),
        threshold: 1,
        comparisonOperator: cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
      });
    }

    // --- The table -------------------------------------------------------------------------
    // ThrottledRequests counts the requests DynamoDB refused, whatever the cause (a hot
    // partition, an index's write capacity, the on-demand ceiling), per operation; SUM adds
    // the operations that have data (a plain `a + b` is empty wherever one is).
    const throttledByOperation = Object.fromEntries(
      TABLE_OPERATIONS.map((operation) => [
        operation.charAt(0).toLowerCase() + operation.slice(1),
        props.table.metric('ThrottledRequests', {
          dimensionsMap: { TableName: props.table.tableName, Operation: operation },
          statistic: 'Sum',
          period: FIVE_MINUTES,
        }),
      ]),
    );
    const throttledRequests = new cw.MathExpression({
      expression: `SUM([${Object.keys(throttledByOperation).join(', ')}])`,
      usingMetrics: throttledByOperation,
      label: 'DynamoDB throttled requests',
      period: FIVE_MINUTES,
    });
    alarm('TableThrottledRequests', 'DynamoDB refused requests (throttled) within 5 minutes', {
      metric: throttledRequests,
      threshold: 1,
      comparisonOperator: cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
    });

    // --- The leaderboard job ---------------------------------------------------------------
    // A failed run is not retried (LeaderboardJob: the next run, 15 minutes later, redoes its
    // work), so one failure is tolerated; failing in two consecutive 15-minute windows means
    // the boards are going stale.
    alarm('LeaderboardJobErrors', 'The leaderboard job failed in two consecutive 15-minute windows', {
      metric: props.job.metricErrors({ statistic: 'Sum', period: Duration.minutes(15) }),
      threshold: 1,
      comparisonOperator: cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
    });
    // A rebuild is started by hand and runs rarely: any execution that ends failed, timed out
    // or aborted leaves shards undrained (the markers stay; a new execution finishes them).
    if (props.rebuild)
      alarm(
        'LeaderboardRebuildFailed',
        'A full leaderboard rebuild (Step Functions) failed, timed out or was aborted',
        {
          metric: new cw.MathExpression({
            expression: 'failed + timedOut + aborted',
            usingMetrics: {
              failed: props.rebuild.metricFailed({ statistic: 'Sum', period: FIVE_MINUTES }),
              timedOut: props.rebuild.metricTimedOut({ statistic: 'Sum', period: FIVE_MINUTES }),
              aborted: props.rebuild.metricAborted({ statistic: 'Sum', period: FIVE_MINUTES }),
            },
            period: FIVE_MINUTES,
            label: 'Rebuilds failed',
          }),
          threshold: 1,
          comparisonOperator: cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 1,
        },
      );
    alarm(
      'LeaderboardJobDeadLetters',
      'EventBridge could not deliver a scheduled leaderboard run to Lambda after its retries (dead-letter queue)',
      {
        metric: props.jobDeadLetters.metricApproximateNumberOfMessagesVisible({
          statistic: 'Maximum',
          period: FIVE_MINUTES,
        }),
        threshold: 0,
        comparisonOperator: cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
      },
    );

    // --- The dashboard -----------------------------------------------------------------------
    const fnMetrics = (make: (fn: lambda.IFunction) => cw.Metric) =>
      Object.fromEntries(props.routes.map(({ spec, fn }, i) => [`f${i}`, make(fn).with({ label: spec.id })]));
    // The 10 route functions with the highest value, out of all of them (the inputs are
    // hidden; each series shown keeps its route id as its label).
    const top = (stat: 'SUM' | 'MAX', make: (fn: lambda.IFunction) => cw.Metric) =>
      new cw.MathExpression({
        expression: `SORT(METRICS(), ${stat}, DESC, 10)`,
        usingMetrics: fnMetrics(make),
        period: FIVE_MINUTES,
      });
    const tableMetric = (metricName: string, index?: string) =>
      props.table.metric(metricName, {
        dimensionsMap: {
          TableName: props.table.tableName,
          ...(index ? { GlobalSecondaryIndexName: index } : {}),
        },
        statistic: 'Sum',
        period: FIVE_MINUTES,
        label: index ? `${metricName} (${index})` : metricName,
      });
    const indexes = Object.keys(tableDefinition.indexes);

    this.dashboard = new cw.Dashboard(this, 'Dashboard', {
      dashboardName: `${stack.stackName}-${stack.region}`,
      defaultInterval: Duration.hours(3),
    });
    const graph = (title: string, left: cw.IMetric[], right: cw.IMetric[] = []) =>
      new cw.GraphWidget({ title, left, right, width: 8, height: 6 });
    this.dashboard.addWidgets(
      new cw.AlarmStatusWidget({ title: 'Alarms', alarms: [...this.alarms.values()], width: 24, height: 4 }),
    );
    this.dashboard.addWidgets(
      graph('API requests', [requests.with({ label: 'Requests' })]),
      graph(
        'API latency (ms)',
        ['p50', 'p90', 'p99'].map((statistic) =>
          props.api.metricLatency({ statistic, period: FIVE_MINUTES, label: `Latency ${statistic}` }),
        ),
        [
          props.api.metricIntegrationLatency({
            statistic: 'p90',
            period: FIVE_MINUTES,
            label: 'Integration p90',
          }),
        ],
      ),
      graph(
        'API errors',
        [serverErrors.with({ label: '5xx' }), clientErrors.with({ label: '4xx' })],
        [rate('5xx %', serverErrors)],
      ),
    );
    this.dashboard.addWidgets(
      graph('Lambda errors: top 10 routes', [
        top('SUM', (fn) => fn.metricErrors({ statistic: 'Sum', period: FIVE_MINUTES })),
      ]),
      graph('Lambda duration p90 (ms): top 10 routes', [
        top('MAX', (fn) => fn.metricDuration({ statistic: 'p90', period: FIVE_MINUTES })),
      ]),
      graph('Lambda throttles: top 10 routes', [
        top('SUM', (fn) => fn.metricThrottles({ statistic: 'Sum', period: FIVE_MINUTES })),
      ]),
    );
    this.dashboard.addWidgets(
      graph('DynamoDB consumed capacity', [
        props.table.metricConsumedReadCapacityUnits({
          statistic: 'Sum',
          period: FIVE_MINUTES,
          label: 'Read units',
        }),
        props.table.metricConsumedWriteCapacityUnits({
          statistic: 'Sum',
          period: FIVE_MINUTES,
          label: 'Write units',
        }),
      ]),
      graph(
        'DynamoDB throttles',
        [throttledRequests],
        [
          tableMetric('ReadThrottleEvents'),
          tableMetric('WriteThrottleEvents'),
          ...indexes.map((index) => tableMetric('WriteThrottleEvents', index)),
        ],
      ),
      graph(
        'Leaderboard job',
        [
          props.job.metricDuration({
            statistic: 'Maximum',
            period: Duration.minutes(15),
            label: 'Duration max (ms)',
          }),
          props.job.metricDuration({
            statistic: 'Average',
            period: Duration.minutes(15),
            label: 'Duration avg (ms)',
          }),
        ],
        [
          props.job.metricErrors({ statistic: 'Sum', period: Duration.minutes(15), label: 'Errors' }),
          props.jobDeadLetters.metricApproximateNumberOfMessagesVisible({
            statistic: 'Maximum',
            period: FIVE_MINUTES,
            label: 'Dead letters',
          }),
        ],
      ),
    );
  }
}

const pascal = (id: string) => id.charAt(0).toUpperCase() + id.slice(1);
