/**
 * Telling people (docs/api-contract.md §11, docs/how-it-works.md "Notifications"): everything
 * in the cloud that delivers the events the changes write into the table (the outbox).
 *
 * - The consumer (functions/events/deliver.ts) reads the table's stream through an event
 *   source mapping that passes it new event items only (a filter on `INSERT` and the item's
 *   `type`), 25 records at a time, one batch per shard at once (each recipient's events in
 *   order). It reports partial batch failures; a failing batch is also halved (bisect) to find
 *   the record at fault. A record is retried until it is `MAX_RECORD_AGE` old, then its batch's
 *   place in the stream goes to the on-failure queue (NotificationFailures), which an alarm
 *   watches: an outage of SES or EventBridge shorter than that delays emails, loses none.
 * - The event bus (one per stage) carries each event with ids only, for the internal tool and
 *   integrations; its archive keeps 30 days of events for replay.
 * - Email goes out through SES v2 from the stage's verified identity (setting `email`; made
 *   and verified by hand, docs/operations.md: Cognito refuses an unverified one, so the stack
 *   cannot create it in the same deploy) under the configuration set Cognito's emails use too
 *   (DataStack). A stage without `email` (dev) sends no email: the inbox and the bus still work.
 * - The digest job sends the day's (and on Sundays the week's) digests at 08:00 Oman time
 *   (04:00 UTC), with runs at 04:30, 05:00 and 05:30 to finish what a run left (`done: false`):
 *   every run is safe, no one gets two digests a day.
 * - The queue clock puts the age of each staff queue's oldest item into CloudWatch every 5
 *   minutes; an alarm per queue fires past 48 hours.
 *
 * The consumer and the digest job sign each email's unsubscribe link with a key derived from
 * the cursor secret, read at run time (CURSOR_SECRET_ARN) like the routes that take a cursor.
 */
import { Arn, Duration, Stack } from 'aws-cdk-lib';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { staffQueues } from '#domain/inbox.ts';
import { BUS_EVENT_SOURCE } from '#domain/notifications.ts';
import { DELIVERY_KEYS, DIGEST_JOB_KEYS, QUEUE_CLOCK_KEYS } from '#functions/scheduled/table-access.ts';
import { mergeTableKeys } from '#http/table-keys.ts';
import { physicalName, type StageSettings } from '../stage.ts';
import { BundledFunction } from './bundled-function.ts';
import { JobFunction } from './job-function.ts';
import type { DeclareAlarm } from './monitoring.ts';

/** How long a stream record is retried before it goes to the on-failure queue. */
export const MAX_RECORD_AGE = Duration.hours(6);
/** Records per consumer invocation (the local event source mapping uses the same). */
export const CONSUMER_BATCH_SIZE = 25;
export const CONSUMER_TIMEOUT = Duration.minutes(2);
export const DIGEST_JOB_TIMEOUT = Duration.minutes(10);
/** The queue alarm's threshold: an item waiting longer than 48 hours. */
export const QUEUE_WAIT_LIMIT = Duration.hours(48);

/** The age of a staff queue's oldest item, as the queue clock writes it (one EMF line per queue). */
const queueAge = (stage: StageSettings, queue: string) =>
  new cw.Metric({
    namespace: 'SmartCityAmbassadors',
    metricName: 'OldestWaitingSeconds',
    dimensionsMap: { service: 'smart-city-ambassadors', stage: stage.name, queue },
    statistic: 'Maximum',
    period: Duration.minutes(15),
  });

export interface NotificationsProps {
  stage: StageSettings;
  table: ITable;
  cursorSecret: ISecret;
  /** The SES configuration set of the stage's emails, shared with Cognito (DataStack). */
  configurationSetName: string | undefined;
  /** Where links in emails point: the custom domain, or the API's own URL. */
  publicBaseUrl: string;
  /** Declares an alarm with its runbook (Monitoring). */
  alarm: DeclareAlarm;
  /** The stack's dashboard (Monitoring): a row for the notifications. */
  dashboard: cw.Dashboard;
}

export class Notifications extends Construct {
  readonly bus: events.EventBus;
  readonly consumer: BundledFunction;
  /** Where a stream batch goes once its records are too old to retry. */
  readonly failures: sqs.Queue;
  readonly digestJob: JobFunction;
  readonly queueClock: JobFunction;

  constructor(scope: Construct, id: string, props: NotificationsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const email = props.stage.email;

    this.bus = new events.EventBus(this, 'Bus', {
      eventBusName: physicalName(props.stage, 'events'),
      description: 'Smart City Ambassadors: every domain event, ids only (docs/api-contract.md §11)',
    });
    this.bus.archive('Archive', {
      description: 'Thirty days of domain events, for replay to a new integration',
      eventPattern: { source: [BUS_EVENT_SOURCE] },
      retention: Duration.days(30),
    });

    const configurationSet = props.configurationSetName;
    // What sending an email takes: the identity and the configuration set, nothing else.
    const mailEnvironment: Record<string, string> =
      email && configurationSet
        ? {
            MAIL_FROM: email.from,
            SES_CONFIGURATION_SET: configurationSet,
            PUBLIC_BASE_URL: props.publicBaseUrl,
          }
        : { PUBLIC_BASE_URL: props.publicBaseUrl };
    const maySend = (fn: lambda.Function) => {
      fn.addEnvironment('CURSOR_SECRET_ARN', props.cursorSecret.secretArn);
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          sid: 'ReadCursorSecret',
          actions: ['secretsmanager:GetSecretValue'],
          resources: [props.cursorSecret.secretArn],
        }),
      );
      if (!email || !configurationSet) return;
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          sid: 'SendEmail',
          actions: ['ses:SendEmail'],
          resources: [
            Arn.format({ service: 'ses', resource: 'identity', resourceName: email.identity }, stack),
            Arn.format(
              {
                service: 'ses',
                resource: 'configuration-set',
                resourceName: configurationSet,
              },
              stack,
            ),
          ],
          // The From address must be the stage's own.
          conditions: { StringEquals: { 'ses:FromAddress': email.from } },
        }),
      );
    };

    // --- The consumer ------------------------------------------------------------------------
    this.failures = new sqs.Queue(this, 'Failures', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.consumer = new BundledFunction(this, 'Consumer', {
      entry: 'functions/events/deliver.ts',
      description: "Notification consumer: delivers the table stream's events to inboxes, email and the bus",
      memorySize: 512,
      timeout: CONSUMER_TIMEOUT,
      environment: { ...mailEnvironment, EVENT_BUS_NAME: this.bus.eventBusName },
    });
    this.consumer.bindTable(props.table, mergeTableKeys(DELIVERY_KEYS));
    maySend(this.consumer);
    this.bus.grantPutEventsTo(this.consumer);
    this.consumer.addEventSource(
      new DynamoEventSource(props.table, {
        // From the oldest record the stream still holds: a new consumer misses nothing written
        // before its mapping existed (24 hours at most).
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: CONSUMER_BATCH_SIZE,
        maxBatchingWindow: Duration.seconds(1),
        // One batch per shard at a time: a recipient's events arrive in the stream's order.
        parallelizationFactor: 1,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        // Bounded by age rather than by count: Lambda retries a stream batch at once, so a count
        // would be spent in minutes of an SES outage.
        retryAttempts: 10_000,
        maxRecordAge: MAX_RECORD_AGE,
        onFailure: new SqsDlq(this.failures),
        // Only new event items reach the function (the outbox): no invocation for other writes.
        filters: [
          lambda.FilterCriteria.filter({
            eventName: lambda.FilterRule.isEqual('INSERT'),
            dynamodb: { NewImage: { type: { S: lambda.FilterRule.isEqual('Event') } } },
          }),
        ],
      }),
    );
    NagSuppressions.addResourceSuppressions(this.consumer, [
      {
        id: 'Serverless-LambdaDLQ',
        reason:
          'The consumer is invoked synchronously by its stream event source mapping, never asynchronously: ' +
          'what it cannot deliver goes to the mapping’s on-failure destination (the Failures queue).',
      },
    ]);
    this.noConsumerOf(
      this.failures,
      'the on-failure destination of the stream consumer’s event source mapping',
    );

    // --- The jobs --------------------------------------------------------------------------
    this.digestJob = new JobFunction(this, 'DigestJob', {
      entry: 'functions/scheduled/digest.ts',
      description: 'Digest job: the daily and weekly notification digests (08:00 Oman time)',
      every: Duration.minutes(30),
      // 08:00 Oman time (UTC+4, no daylight saving), then three catch-up runs half an hour apart.
      schedule: events.Schedule.expression('cron(0/30 4-5 * * ? *)'),
      ruleDescription: 'Send the digests at 08:00 Oman time; the runs until 09:30 finish what one left',
      memorySize: 512,
      timeout: DIGEST_JOB_TIMEOUT,
      table: props.table,
      keys: DIGEST_JOB_KEYS,
      environment: mailEnvironment,
    });
    maySend(this.digestJob);
    this.queueClock = new JobFunction(this, 'QueueClock', {
      entry: 'functions/scheduled/queue-clock.ts',
      description: "Queue clock: the age of each staff queue's oldest item, as a metric",
      every: Duration.minutes(5),
      ruleDescription: 'Measure the staff queues every 5 minutes',
      memorySize: 256,
      timeout: Duration.minutes(1),
      table: props.table,
      keys: QUEUE_CLOCK_KEYS,
      environment: {},
    });

    this.alarms(props);
    this.dashboardRow(props);
  }

  /** How late people are told, what the consumer does, how long the staff queues wait. */
  private dashboardRow({ dashboard, stage }: NotificationsProps) {
    const five = Duration.minutes(5);
    const business = (metricName: string) =>
      new cw.Metric({
        namespace: 'SmartCityAmbassadors',
        metricName,
        dimensionsMap: { service: 'smart-city-ambassadors', stage: stage.name },
        statistic: 'Sum',
        period: five,
        label: metricName,
      });
    dashboard.addWidgets(
      new cw.GraphWidget({
        title: 'Notifications: stream iterator age (ms)',
        left: [this.consumer.metric('IteratorAge', { statistic: 'Maximum', period: five, label: 'Maximum' })],
        width: 8,
        height: 6,
      }),
      new cw.GraphWidget({
        title: 'Notifications delivered',
        left: ['NotificationDelivered', 'EmailSent', 'EmailFailed', 'BusPut'].map(business),
        right: [this.consumer.metricErrors({ statistic: 'Sum', period: five, label: 'Consumer errors' })],
        width: 8,
        height: 6,
      }),
      new cw.GraphWidget({
        title: 'Staff queues: oldest waiting (s)',
        left: staffQueues.map((queue) => queueAge(stage, queue).with({ label: queue })),
        leftAnnotations: [{ value: QUEUE_WAIT_LIMIT.toSeconds(), label: '48 hours' }],
        width: 8,
        height: 6,
      }),
    );
  }

  /** The suppressions of a queue nobody consumes automatically (an alarm watches it). */
  private noConsumerOf(queue: sqs.Queue, what: string) {
    NagSuppressions.addResourceSuppressions(queue, [
      {
        id: 'AwsSolutions-SQS3',
        reason: `This queue is itself ${what}; nobody consumes it automatically (an operator reads it, docs/runbooks.md), so a DLQ of its own would never receive anything. Its alarm watches it.`,
      },
      {
        id: 'Serverless-SQSRedrivePolicy',
        reason: `This queue is itself ${what}: no consumer receives its messages repeatedly, so a redrive policy would never move anything. Its alarm watches it.`,
      },
    ]);
  }

  private alarms({ alarm, stage }: NotificationsProps) {
    const five = Duration.minutes(5);
    const above = { comparisonOperator: cw.ComparisonOperator.GREATER_THAN_THRESHOLD, evaluationPeriods: 1 };
    const consumerLook =
      "The consumer's log group (NotificationsConsumer): the `Event delivery failed` lines (event id, type, " +
      'error name and status; never an address).';
    alarm(
      'NotificationConsumerIteratorAge',
      this.consumer.metric('IteratorAge', { statistic: 'Maximum', period: five }),
      Duration.minutes(15).toMilliseconds(),
      {
        title: 'Notifications are more than 15 minutes late (stream iterator age), for 15 minutes',
        meaning:
          'The consumer is retrying a record that keeps failing (SES or EventBridge refusing, a bug), or cannot ' +
          'keep up: people are told late. Nothing is lost until a record is 6 hours old.',
        firstLook: `${consumerLook} The SES console's sending status and the account's sending quota.`,
        action:
          'An outage of SES or EventBridge: wait, delivery resumes where it stopped, each email once. A bug: ' +
          'roll back or fix forward within the 6 hours.',
      },
      { ...above, evaluationPeriods: 3, datapointsToAlarm: 3 },
    );
    alarm(
      'NotificationConsumerErrors',
      this.consumer.metricErrors({ statistic: 'Sum', period: five }),
      1,
      {
        title: 'The notification consumer crashed or timed out in three consecutive 5-minute windows',
        meaning:
          'Whole batches fail (a failing record alone is reported, not an error): delivery is stuck or slow. ' +
          'The stream retries each batch, so nothing is delivered twice.',
        firstLook: `${consumerLook} "Task timed out" means a batch took longer than 2 minutes.`,
        action: 'A bug: roll back or fix forward. Timeouts: check SES latency and DynamoDB throttles.',
      },
      {
        comparisonOperator: cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
      },
    );
    alarm(
      'NotificationFailures',
      this.failures.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: five }),
      0,
      {
        title: 'Stream records were given up after 6 hours of retries (message in the on-failure queue)',
        meaning:
          'Some events were not delivered to every recipient: a notification, an email or the bus copy is ' +
          'missing. The event items are still in the table.',
        firstLook:
          'Receive the messages of NotificationsFailures: each names the stream shard and the range of ' +
          'sequence numbers (DDBStreamBatchInfo) of the batch given up.',
        action:
          'Fix the cause. Within 24 hours, read the range again (aws dynamodbstreams get-shard-iterator ' +
          'AT_SEQUENCE_NUMBER, get-records) and invoke the consumer with those records: what was delivered is ' +
          'skipped. Then purge the queue so the alarm returns to OK.',
      },
      above,
    );

    const jobAlarms = (name: string, job: JobFunction, what: string, later: string) => {
      alarm(
        `${name}Errors`,
        job.metricErrors({ statistic: 'Sum', period: Duration.minutes(30) }),
        1,
        {
          title: `The ${what} failed`,
          meaning: `A run crashed or timed out. ${later}`,
          firstLook: `The job's log group (${name}): the ERROR lines of the run.`,
          action: 'A bug: roll back or fix forward. Running it again is safe (aws lambda invoke).',
        },
        {
          comparisonOperator: cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 1,
        },
      );
      alarm(
        `${name}Failures`,
        job.failures.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: five }),
        0,
        {
          title: `A ${what} run failed or was dropped (message in its on-failure queue)`,
          meaning: `Lambda gave up on an asynchronous run. ${later}`,
          firstLook: `The messages of ${name}Failures: requestContext.condition and responsePayload.`,
          action: 'Fix the cause (see the Errors alarm), then purge the queue so the alarm returns to OK.',
        },
        above,
      );
      alarm(
        `${name}DeadLetters`,
        job.deadLetters.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: five }),
        0,
        {
          title: `EventBridge could not deliver a scheduled ${what} run to Lambda (dead-letter queue)`,
          meaning:
            'The schedule could not invoke the job: its permission is missing or the function is gone.',
          firstLook: `The messages of ${name}DeadLetters: their ERROR_CODE and ERROR_MESSAGE attributes.`,
          action: 'Redeploy the Api stack; then purge the queue so the alarm returns to OK.',
        },
        above,
      );
    };
    jobAlarms(
      'NotificationsDigestJob',
      this.digestJob,
      'digest job',
      'The runs until 09:30 Oman time pick up who was left; after that, the digests wait for the next day ' +
        '(nothing is lost, no one gets two).',
    );
    jobAlarms(
      'NotificationsQueueClock',
      this.queueClock,
      'queue clock',
      'The queue ages stop being measured, so the 48-hour queue alarms cannot fire.',
    );

    for (const queue of staffQueues)
      alarm(
        `StaffQueue${queue[0]?.toUpperCase()}${queue.slice(1)}Waiting`,
        queueAge(stage, queue),
        QUEUE_WAIT_LIMIT.toSeconds(),
        {
          title: `An item of the ${queue} review queue has waited more than 48 hours`,
          meaning:
            'The platform team promised a decision within 48 hours (docs/api-contract.md §11): someone is ' +
            'waiting on them.',
          firstLook: 'GET /staff/queues (the internal tool) for the oldest item and the size of each queue.',
          action:
            'Work the queue oldest first; the alarm clears when its oldest item is younger than 48 hours.',
        },
        above,
      );
  }
}
