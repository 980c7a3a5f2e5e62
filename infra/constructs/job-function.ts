/**
 * A scheduled job (functions/scheduled/): the project's bundling and defaults
 * (./bundled-function.ts), run by an EventBridge schedule, never two runs at once (reserved
 * concurrency 1).
 *
 * EventBridge invokes a Lambda target asynchronously: its retry policy and dead-letter queue
 * cover *delivering* the event to Lambda (Invoke refused: permission, function missing,
 * Lambda unavailable), not the run itself. Once Lambda has queued the event, a failed run is
 * Lambda's business, governed by the function's async invoke config below: a run that fails,
 * or an event dropped unrun (too old), goes to the on-failure destination, the queue
 * `<id>Failures`, with the error and the event. The Errors, AsyncEventsDropped and failure-queue
 * alarms (Monitoring) are what see failed runs.
 */
import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { mergeTableKeys, type TableKeys } from '#http/table-keys.ts';
import { BundledFunction } from './bundled-function.ts';

/** The leaderboard job's timeout; its Duration alarm fires at 80% of it (Monitoring). */
export const LEADERBOARD_JOB_TIMEOUT = Duration.minutes(5);

export interface JobFunctionProps {
  /** The module that exports `handler`, relative to the repository root. */
  entry: string;
  description: string;
  /** How often it runs; an event older than this is dropped rather than run late. */
  every: Duration;
  /** When it runs, if not every `every` (a cron expression); `every` still bounds an event's age. */
  schedule?: events.Schedule;
  /** The schedule rule's description. */
  ruleDescription: string;
  memorySize: number;
  timeout: Duration;
  table: ITable;
  /** Its access to the table by key (functions/scheduled/table-access.ts; never Scan). */
  keys: TableKeys;
  environment: Record<string, string>;
}

export class JobFunction extends BundledFunction {
  readonly rule: events.Rule;
  readonly deadLetters: sqs.Queue;
  /** The on-failure destination of its asynchronous invocations (a failed or dropped run). */
  readonly failures: sqs.Queue;

  constructor(scope: Construct, id: string, props: JobFunctionProps) {
    // Created before the function, which names it as its destination.
    const failures = new sqs.Queue(scope, `${id}Failures`, {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    super(scope, id, {
      entry: props.entry,
      description: props.description,
      memorySize: props.memorySize,
      timeout: props.timeout,
      reservedConcurrentExecutions: 1,
      // Async invoke config. No retry of a failed run (Lambda's default is 2): a job is
      // idempotent and deletes its markers only once it has published, so the next
      // scheduled run redoes exactly what the failed one left. A retry (about a minute
      // later) would only bring the results up to date sooner; when the failure is not
      // transient (a bug, a backlog that times out) it doubles the cost and holds the single
      // concurrency slot for another run's length.
      retryAttempts: 0,
      // An event still waiting in Lambda's queue after one period (throttled behind the one
      // slot) is dropped rather than run late: the next scheduled run supersedes it.
      maxEventAge: props.every,
      // Lambda sends the failed (or expired) invocation record here, with the error: the queue
      // alarm (Monitoring) tells somebody, and the record says what went wrong.
      onFailure: new SqsDestination(failures),
      environment: props.environment,
    });
    this.failures = failures;
    this.bindTable(props.table, mergeTableKeys(props.keys));
    this.deadLetters = new sqs.Queue(scope, `${id}DeadLetters`, {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    NagSuppressions.addResourceSuppressions(this.deadLetters, [
      {
        id: 'AwsSolutions-SQS3',
        reason:
          "This queue is itself the dead-letter queue of a job's schedule (EventBridge target DLQ); " +
          'nothing consumes it automatically, so a DLQ of its own would never receive anything. ' +
          'The ApproximateNumberOfMessagesVisible alarm watches it instead.',
      },
      {
        id: 'Serverless-SQSRedrivePolicy',
        reason:
          "This queue is itself the dead-letter queue of a job's schedule (EventBridge target DLQ): no consumer " +
          'receives its messages repeatedly, so a redrive policy would never move anything. Its alarm watches it.',
      },
    ]);
    NagSuppressions.addResourceSuppressions(this.failures, [
      {
        id: 'AwsSolutions-SQS3',
        reason:
          "This queue is itself the on-failure destination of the job's asynchronous invocations; " +
          'nobody consumes it automatically (an operator reads it, docs/runbooks.md), so a DLQ of its own ' +
          'would never receive anything. The ApproximateNumberOfMessagesVisible alarm watches it instead.',
      },
      {
        id: 'Serverless-SQSRedrivePolicy',
        reason:
          "This queue is itself the on-failure destination of the job's asynchronous invocations: no consumer " +
          'receives its messages repeatedly, so a redrive policy would never move anything. Its alarm watches it.',
      },
    ]);
    NagSuppressions.addResourceSuppressions(this, [
      {
        id: 'Serverless-LambdaDLQ',
        reason:
          'The job has an on-failure destination for its asynchronous invocations (the Failures queue, ' +
          'EventInvokeConfig), which receives the error with the event; a dead-letter queue as well would ' +
          'receive the same failures without the error.',
      },
    ]);
    this.rule = new events.Rule(scope, `${id}Schedule`, {
      description: props.ruleDescription,
      schedule: props.schedule ?? events.Schedule.rate(props.every),
      targets: [
        // Delivery to Lambda: two more attempts within one period (a later run supersedes
        // the event after that), then the event goes to the dead-letter queue.
        new targets.LambdaFunction(this, {
          retryAttempts: 2,
          maxEventAge: props.every,
          deadLetterQueue: this.deadLetters,
        }),
      ],
    });
  }
}
