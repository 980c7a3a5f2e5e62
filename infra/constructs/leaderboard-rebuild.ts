/**
 * The full leaderboard rebuild (functions/scheduled/leaderboard-rebuild.ts): a Step Functions
 * state machine whose Distributed Map runs one segment per marker shard (8 at once), each
 * segment a chain of bounded Lambda invocations (15 minutes at most, each stopping with a
 * minute to spare) that loops until its shard is drained; then one `settle` invocation.
 *
 * Why Step Functions: a backlog of a million markers is hours of work at one Lambda's pace; the
 * map fans it out, and each iteration's loop keeps every invocation under Lambda's 15-minute
 * limit however large its shard. Why a Distributed Map rather than an inline Map: each
 * iteration is a child execution of its own (its own history, its own 25,000-event budget), so
 * a long loop in one shard cannot exhaust the parent's history. The child executions are
 * STANDARD: an EXPRESS child may run 5 minutes only, less than one segment invocation.
 *
 * Started by hand (or a migration) with `aws stepfunctions start-execution`; the 15-minute
 * schedule keeps running the incremental job (the stack's LeaderboardJob), whose runs are bounded too.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { LEADERBOARD_JOB_KEYS } from '#functions/scheduled/table-access.ts';
import { mergeTableKeys } from '#http/table-keys.ts';
import { LEADERBOARD_SHARDS } from '#store/table.ts';
import { logRetentionFor } from '../stage.ts';
import { BundledFunction } from './bundled-function.ts';

/** A segment invocation's limit (Lambda's most); the segment stops with its reserve left. */
export const SEGMENT_TIMEOUT = Duration.minutes(15);
/** The whole rebuild's limit: 1,000,000 ambassadors at the measured pace fit several times over. */
export const REBUILD_TIMEOUT = Duration.hours(12);

export class LeaderboardRebuild extends Construct {
  readonly fn: BundledFunction;
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: { table: ITable; environment: Record<string, string> }) {
    super(scope, id);
    this.fn = new BundledFunction(this, 'Step', {
      entry: 'functions/scheduled/leaderboard-rebuild.ts',
      description: 'Leaderboard rebuild: one shard segment (bounded), or the settle step',
      memorySize: 1024,
      timeout: SEGMENT_TIMEOUT,
      environment: props.environment,
    });
    this.fn.bindTable(props.table, mergeTableKeys(LEADERBOARD_JOB_KEYS));

    const step = (name: string, payload: Record<string, unknown>, select: Record<string, unknown>) =>
      new tasks.LambdaInvoke(this, name, {
        lambdaFunction: this.fn,
        payload: sfn.TaskInput.fromObject(payload),
        resultSelector: select,
        // A segment redoes at most its current chunk (recomputed from counters, so idempotent):
        // retrying a failed invocation is safe.
        retryOnServiceExceptions: true,
      }).addRetry({ errors: ['States.ALL'], maxAttempts: 2, interval: Duration.seconds(30), backoffRate: 2 });

    const segment = step(
      'Segment',
      {
        step: 'segment',
        shard: sfn.JsonPath.numberAt('$.shard'),
        touched: sfn.JsonPath.listAt('$.touched'),
        governorates: sfn.JsonPath.objectAt('$.governorates'),
      },
      {
        shard: sfn.JsonPath.numberAt('$.Payload.shard'),
        done: sfn.JsonPath.stringAt('$.Payload.done'),
        touched: sfn.JsonPath.listAt('$.Payload.touched'),
        governorates: sfn.JsonPath.objectAt('$.Payload.governorates'),
      },
    );
    const loop = segment.next(
      new sfn.Choice(this, 'Shard drained?')
        .when(sfn.Condition.booleanEquals('$.done', true), new sfn.Succeed(this, 'Shard done'))
        .otherwise(segment),
    );
    const shards = new sfn.DistributedMap(this, 'Shards', {
      itemsPath: '$.shards',
      itemSelector: {
        shard: sfn.JsonPath.numberAt('$$.Map.Item.Value'),
        touched: [],
        governorates: {},
      },
      maxConcurrency: LEADERBOARD_SHARDS,
      mapExecutionType: sfn.StateMachineType.STANDARD,
      // (the default, written out) One shard failing (after its retries) fails the rebuild: the alarm says so, and a new
      // execution finishes what is left (drained shards cost one empty read).
      toleratedFailurePercentage: 0,
    }).itemProcessor(loop);
    const settle = step(
      'Settle',
      { step: 'settle', segments: sfn.JsonPath.listAt('$') },
      {
        governorates: sfn.JsonPath.numberAt('$.Payload.governorates'),
        snapshots: sfn.JsonPath.numberAt('$.Payload.snapshots'),
      },
    );
    const start = new sfn.Pass(this, 'Every shard', {
      result: sfn.Result.fromObject({ shards: Array.from({ length: LEADERBOARD_SHARDS }, (_, s) => s) }),
    });

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logRetentionFor(this),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      comment: 'Full leaderboard rebuild: the 8 marker shards in parallel, then settle',
      definitionBody: sfn.DefinitionBody.fromChainable(start.next(shards).next(settle)),
      timeout: REBUILD_TIMEOUT,
      tracingEnabled: true,
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });

    NagSuppressions.addResourceSuppressions(this.fn, [
      {
        id: 'Serverless-LambdaDLQ',
        reason:
          'The rebuild step is invoked synchronously by Step Functions (LambdaInvoke, RequestResponse): a failure ' +
          'returns to the state machine, which retries it and fails the execution (LeaderboardRebuildFailed alarm); ' +
          'a dead-letter queue applies only to asynchronous invocations.',
      },
    ]);
    NagSuppressions.addResourceSuppressions(
      this.stateMachine,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'CDK-generated state machine policy: lambda:InvokeFunction on the step function and its versions ' +
            '(<arn>:*, how LambdaInvoke grants), CloudWatch Logs delivery and X-Ray actions (they take no resource), ' +
            "and states:StartExecution/DescribeExecution/StopExecution on this state machine's own child executions (the Distributed Map).",
        },
      ],
      true,
    );
  }
}
