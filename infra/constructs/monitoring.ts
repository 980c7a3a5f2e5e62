/**
 * Alarms and one dashboard for the API stack, all derived from the route table: an
 * encrypted SNS topic that every alarm notifies (the stage's `alarmEmail` is subscribed:
 * required outside dev, so a deploy never drops the subscription), alarms on the API's 5xx
 * and 4xx rates, on the write functions' errors, on the creating routes' throttles, on
 * DynamoDB throttling and on the leaderboard job and rebuild.
 *
 * Every alarm is declared through one helper, `alarm(id, metric, threshold, runbook, …)`:
 * the runbook (what it means, what to look at first, what to do) is part of the definition,
 * its description ends with `. Runbook: <runbookBaseUrl>#<anchor>`, and docs/runbooks.md is
 * generated from these definitions (`npm run runbooks`), so the two cannot drift.
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
import { NagSuppressions } from 'cdk-nag';
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
  /** The job's on-failure destination (a failed or dropped asynchronous run). */
  jobFailures: sqs.IQueue;
  /** The job's timeout: its Duration alarm fires at 80% of it. */
  jobTimeout: Duration;
  /** Where alarm notifications go by email (the stage's `alarmEmail`; dev may have none). */
  alarmEmail: string | undefined;
  /** The runbooks document each alarm description links to (the stage's `runbookBaseUrl`). */
  runbookBaseUrl: string;
}

/** What an operator reads when the alarm fires (docs/runbooks.md is generated from these). */
export interface Runbook {
  /** One line: the alarm's condition, also the start of its description. */
  title: string;
  /** What it means: what is wrong for whom. */
  meaning: string;
  /** What to look at first. */
  firstLook: string;
  /** What to do. */
  action: string;
}

/** Declares an alarm: its metric, threshold, runbook, and how it compares and over how many periods. */
export type DeclareAlarm = (
  alarmId: string,
  metric: cw.IMetric,
  threshold: number,
  runbook: Runbook,
  options: Pick<cw.AlarmProps, 'comparisonOperator' | 'evaluationPeriods' | 'datapointsToAlarm'>,
) => cw.Alarm;

/** One alarm as declared: the runbook is part of it. */
export interface AlarmDefinition {
  /** Construct id, also the runbook's heading. */
  id: string;
  /** The runbook's anchor in docs/runbooks.md (the id, lower-case). */
  anchor: string;
  alarm: cw.Alarm;
  threshold: number;
  runbook: Runbook;
}

/** The anchor of an alarm's runbook: its heading is the alarm id, so GitHub's slug is this. */
export const runbookAnchor = (alarmId: string) => alarmId.toLowerCase().replace(/[^a-z0-9-]/g, '');

/** The description suffix that links an alarm to its runbook. */
export const runbookLink = (runbookBaseUrl: string, alarmId: string) =>
  `. Runbook: ${runbookBaseUrl}#${runbookAnchor(alarmId)}`;

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

/** The job's Duration alarm threshold, as a share of its timeout. */
export const JOB_DURATION_SHARE = 0.8;

const FIVE_MINUTES = Duration.minutes(5);

export class Monitoring extends Construct {
  readonly topic: sns.Topic;
  readonly dashboard: cw.Dashboard;
  /** Every alarm, by construct id. */
  readonly alarms = new Map<string, cw.Alarm>();
  /** The same, as the dashboard's alarm widget holds them. */
  private readonly alarmList: cw.Alarm[] = [];
  /** Every alarm with its runbook, in declaration order (docs/runbooks.md follows it). */
  readonly definitions: AlarmDefinition[] = [];
  /**
   * Declares one more alarm, notifying the topic, with its runbook: for the parts of the stack
   * that watch themselves (Notifications).
   */
  readonly alarm: DeclareAlarm;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const stack = Stack.of(this);
    // This stack's alarms (their names start with the stack name): the only ones the topic and
    // its key serve (confused deputy: no other alarm may publish through CloudWatch).
    const alarmArns = `arn:${stack.partition}:cloudwatch:${stack.region}:${stack.account}:alarm:${stack.stackName}-*`;

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
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': alarmArns },
        },
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
          ArnLike: { 'aws:SourceArn': alarmArns },
          StringEquals: { 'aws:SourceAccount': stack.account },
        },
      }),
    );
    // The stage's setting, not a one-off `-c` flag: every deploy of the stage keeps it.
    if (props.alarmEmail) {
      const subscription = this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
      NagSuppressions.addResourceSuppressions(subscription, [
        {
          id: 'Serverless-SNSRedrivePolicy',
          reason:
            'The alarm email subscription: SNS retries email delivery itself, and a dead-letter queue of ' +
            'undelivered alarm emails would need an alarm of its own, which could only notify this same topic. ' +
            'Alarm states stay visible on the dashboard and in the CloudWatch console.',
        },
      ]);
    }
    const action = new SnsAction(this.topic);

    /**
     * Declares one alarm: its metric, threshold and runbook, and how it compares and over how
     * many periods. Missing data is not breaching; the topic hears it go into alarm and back.
     */
    const alarm: DeclareAlarm = (alarmId, metric, threshold, runbook, options) => {
      if (this.alarms.has(alarmId)) throw new Error(`alarm ${alarmId} declared twice`);
      const created = new cw.Alarm(this, alarmId, {
        alarmName: `${stack.stackName}-${alarmId}`,
        alarmDescription: `${runbook.title}${runbookLink(props.runbookBaseUrl, alarmId)}`,
        metric,
        threshold,
        treatMissingData: cw.TreatMissingData.NOT_BREACHING,
        ...options,
      });
      created.addAlarmAction(action);
      created.addOkAction(action);
      this.alarms.set(alarmId, created);
      this.alarmList.push(created);
      this.definitions.push({
        id: alarmId,
        anchor: runbookAnchor(alarmId),
        alarm: created,
        threshold,
        runbook,
      });
      return created;
    };
    this.alarm = alarm;
    const above = { comparisonOperator: cw.ComparisonOperator.GREATER_THAN_THRESHOLD, evaluationPeriods: 1 };
    const atLeast = {
      comparisonOperator: cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
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

    alarm(
      'Api5xxRate',
      rate('5xx (% of requests)', serverErrors),
      1,
      {
        title: 'More than 1% of API requests answered 5xx over 5 minutes',
        meaning:
          'Callers are getting server errors: a function crashing or timing out, a throttled function ' +
          '(account concurrency), or DynamoDB refusing requests. Writes may not have happened.',
        firstLook:
          'The dashboard: "API errors", then "Lambda errors: top 10 routes" and "DynamoDB throttles". In the ' +
          'access log (Logs Insights), filter status >= 500 and group by routeKey and integrationError.',
        action:
          'If one route: read its function log for the stack trace (requestId from the access log) and roll ' +
          'back the last deploy if it started then. If DynamoDB throttles too: see TableThrottledRequests.',
      },
      above,
    );
    // HTTP APIs do not meter 429 on its own: throttled requests are counted in 4xx. Normal
    // traffic has some 4xx (expired tokens, validation, 404); a sustained share above 10%
    // means throttling or a broken client release.
    alarm(
      'Api4xxRate',
      rate('4xx (% of requests)', clientErrors),
      10,
      {
        title: 'More than 10% of API requests answered 4xx (throttling included) for 15 minutes',
        meaning:
          'Many requests are refused: stage or route throttling (429), expired or invalid tokens (401), or a ' +
          'client release sending requests the contract rejects (400, 404, 409).',
        firstLook:
          'The access log: group status >= 400 by status, routeKey, errorResponseType and authorizerError; ' +
          'a 429 share means throttling, 401s with authorizerError mean tokens.',
        action:
          'Throttling: check whether the traffic is legitimate before raising the class limits ' +
          '(infra/stacks/route-policy.ts). Tokens or contract: contact the client team with the requestIds.',
      },
      { ...above, evaluationPeriods: 3, datapointsToAlarm: 3 },
    );

    // --- The route functions -------------------------------------------------------------
    // A function error is an unhandled one (a crash or a timeout): handled domain errors are
    // answers. On a write route, each is a change that may not have happened.
    for (const { spec, fn } of props.routes) {
      if (spec.access !== 'write') continue;
      const route = `${spec.method} ${spec.path}`;
      alarm(
        `${pascal(spec.id)}Errors`,
        fn.metricErrors({ statistic: 'Sum', period: FIVE_MINUTES }),
        1,
        {
          title: `${route}: unhandled function errors`,
          meaning: `The function of ${route} (${spec.id}) crashed or timed out at least once in 5 minutes: the caller got a 5xx and the change may not have happened.`,
          firstLook: `The function's log group: the ERROR lines (stack trace, requestId) of the last 5 minutes; "Task timed out" means a timeout.`,
          action:
            'A bug: roll back the last deploy or fix forward. A timeout: check DynamoDB latency and throttles. ' +
            'The caller may retry the same request (writes are conditional).',
        },
        atLeast,
      );
    }
    // Throttles of the functions with reserved concurrency: their cap was reached, so API
    // Gateway answered errors instead of creating.
    for (const { spec, fn, reservedConcurrency } of props.routes) {
      if (reservedConcurrency === undefined) continue;
      const route = `${spec.method} ${spec.path}`;
      alarm(
        `${pascal(spec.id)}Throttles`,
        fn.metricThrottles({ statistic: 'Sum', period: FIVE_MINUTES }),
        1,
        {
          title: `${route}: reserved concurrency exhausted`,
          meaning: `${route} used all ${reservedConcurrency} of its reserved concurrent executions: callers got 5xx instead of the item being created.`,
          firstLook: `The access log for ${route}: request rate and client IPs; the function's Duration (slow runs hold slots longer).`,
          action:
            'A flood from few callers: leave the cap (it protects the table) and look at blocking them. Real ' +
            'demand: raise the stage setting creatingRouteConcurrency and redeploy.',
        },
        atLeast,
      );
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
    alarm(
      'TableThrottledRequests',
      throttledRequests,
      1,
      {
        title: 'DynamoDB refused requests (throttled) within 5 minutes',
        meaning:
          'DynamoDB throttled some requests: a hot partition (a popular counter or leaderboard key), an ' +
          "index's write rate, or the table's on-demand ceiling (maxReadRequestUnits/maxWriteRequestUnits).",
        firstLook:
          'The dashboard: "DynamoDB throttles" (which operation, the table or an index) and consumed capacity; ' +
          'CloudWatch Contributor Insights for the table, if enabled, shows the hottest keys.',
        action:
          'Ceiling reached by real traffic: raise the stage setting and redeploy. One hot key: find the route ' +
          'writing it in the function logs. The SDK retries throttled requests, so brief spikes heal alone.',
      },
      atLeast,
    );

    // --- The leaderboard job ---------------------------------------------------------------
    // A failed run is not retried (LeaderboardJob: the next run, 15 minutes later, redoes its
    // work), so one failure is tolerated; failing in two consecutive 15-minute windows means
    // the boards are going stale.
    const jobLook =
      "The job's log group (LeaderboardJob) for the failed runs' ERROR lines, and a message in " +
      'the failures queue (LeaderboardJobFailures): its requestContext.condition and responsePayload.';
    alarm(
      'LeaderboardJobErrors',
      props.job.metricErrors({ statistic: 'Sum', period: Duration.minutes(15) }),
      1,
      {
        title: 'The leaderboard job failed in two consecutive 15-minute windows',
        meaning:
          'Leaderboards are going stale: each run redoes what the failed one left, and two failed in a row. ' +
          'Nothing is lost (the change markers stay until a run publishes).',
        firstLook: jobLook,
        action:
          'A bug: roll back or fix forward; the next run catches up. A timeout on a large backlog: start a ' +
          'full rebuild (aws stepfunctions start-execution on LeaderboardRebuild), bounded per segment.',
      },
      { ...atLeast, evaluationPeriods: 2, datapointsToAlarm: 2 },
    );
    alarm(
      'LeaderboardJobFailures',
      props.jobFailures.metricApproximateNumberOfMessagesVisible({
        statistic: 'Maximum',
        period: FIVE_MINUTES,
      }),
      0,
      {
        title: 'A leaderboard job run failed or was dropped (message in its on-failure queue)',
        meaning:
          'Lambda gave up on an asynchronous run: it failed (no retry: the next run redoes it) or waited ' +
          'longer than 15 minutes and was dropped. The queue keeps each record 14 days.',
        firstLook:
          'Receive the messages of LeaderboardJobFailures (console or aws sqs receive-message): ' +
          'requestContext.condition (RetriesExhausted, EventAgeExceeded) and responsePayload (the error).',
        action:
          'Fix the cause (see LeaderboardJobErrors), then purge the queue (aws sqs purge-queue) so the ' +
          'alarm returns to OK: the records need no replay, the next run recomputes from the markers.',
      },
      above,
    );
    alarm(
      'LeaderboardJobAsyncEventsDropped',
      props.job.metric('AsyncEventsDropped', { statistic: 'Sum', period: Duration.minutes(15) }),
      0,
      {
        title: 'Lambda dropped leaderboard job events without running them',
        meaning:
          'Scheduled runs were discarded unrun: older than the maximum event age (15 minutes) after waiting ' +
          'behind the single concurrency slot, or failing with no retry left.',
        firstLook:
          "The job's Duration (a run near its timeout holds the slot) and Throttles; the failures queue holds " +
          "each dropped event's record.",
        action:
          'Occasional drops heal (the next run does the work). Repeated: see LeaderboardJobDuration; the ' +
          'job must finish well within 15 minutes.',
      },
      above,
    );
    alarm(
      'LeaderboardJobThrottles',
      props.job.metricThrottles({ statistic: 'Sum', period: Duration.minutes(15) }),
      0,
      {
        title: 'The leaderboard job was throttled',
        meaning:
          'A run could not start: the previous one still held its single reserved slot, or the account ran ' +
          'out of concurrency. Lambda retries throttled asynchronous events until they are too old.',
        firstLook: "The job's Duration maximum, and the account's ConcurrentExecutions (AWS/Lambda).",
        action:
          'Long runs: see LeaderboardJobDuration. Account concurrency: find the function using it ' +
          '(dashboard "Lambda throttles"), and ask for a higher quota if the demand is real.',
      },
      above,
    );
    const jobLimit = props.jobTimeout.toMilliseconds() * JOB_DURATION_SHARE;
    alarm(
      'LeaderboardJobDuration',
      props.job.metricDuration({ statistic: 'Maximum', period: Duration.minutes(15) }),
      jobLimit,
      {
        title: `A leaderboard job run took more than ${JOB_DURATION_SHARE * 100}% of its ${props.jobTimeout.toMinutes()}-minute timeout`,
        meaning:
          'The job is close to timing out: the backlog of change markers is growing, or DynamoDB is slow. A ' +
          'run that times out publishes nothing and the next starts over.',
        firstLook:
          "The job's log (markers read per run, the Powertools metrics) and the dashboard's DynamoDB " +
          'throttles and consumed capacity.',
        action:
          'A one-off backlog (a big event): start a full rebuild, which is bounded per segment. A lasting ' +
          'growth: raise the job memory or LEADERBOARD_JOB_TIMEOUT (infra/constructs/job-function.ts).',
      },
      above,
    );
    // A rebuild is started by hand and runs rarely: any execution that ends failed, timed out
    // or aborted leaves shards undrained (the markers stay; a new execution finishes them).
    if (props.rebuild)
      alarm(
        'LeaderboardRebuildFailed',
        new cw.MathExpression({
          expression: 'failed + timedOut + aborted',
          usingMetrics: {
            failed: props.rebuild.metricFailed({ statistic: 'Sum', period: FIVE_MINUTES }),
            timedOut: props.rebuild.metricTimedOut({ statistic: 'Sum', period: FIVE_MINUTES }),
            aborted: props.rebuild.metricAborted({ statistic: 'Sum', period: FIVE_MINUTES }),
          },
          period: FIVE_MINUTES,
          label: 'Rebuilds failed',
        }),
        1,
        {
          title: 'A full leaderboard rebuild (Step Functions) failed, timed out or was aborted',
          meaning:
            'Some marker shards were not drained: the boards they touch are not rebuilt yet. Nothing is lost; ' +
            'the markers stay until a segment publishes.',
          firstLook:
            "The execution in the Step Functions console (LeaderboardRebuild): the failed map run's child " +
            'execution and its Segment error; the state machine log group.',
          action:
            'Fix the cause, then start a new execution (aws stepfunctions start-execution): drained shards ' +
            'cost one empty read, the rest are finished.',
        },
        atLeast,
      );
    alarm(
      'LeaderboardJobDeadLetters',
      props.jobDeadLetters.metricApproximateNumberOfMessagesVisible({
        statistic: 'Maximum',
        period: FIVE_MINUTES,
      }),
      0,
      {
        title:
          'EventBridge could not deliver a scheduled leaderboard run to Lambda after its retries (dead-letter queue)',
        meaning:
          'The schedule could not invoke the job at all: its permission is missing, the function is gone, or ' +
          'Lambda refused the invocation. Runs are not happening.',
        firstLook:
          'The messages of LeaderboardJobDeadLetters: their ERROR_CODE and ERROR_MESSAGE attributes say why ' +
          'EventBridge failed.',
        action:
          'Redeploy the Api stack if the function or its permission is missing; then purge the queue so the ' +
          'alarm returns to OK (the next run catches up).',
      },
      above,
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
      // The widget renders its list at synthesis: the alarms declared later (Notifications) are
      // on it too.
      new cw.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarmList, width: 24, height: 4 }),
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
