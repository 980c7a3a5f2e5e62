import { describe, expect, it } from 'vitest';
import { LEADERBOARD_JOB_TIMEOUT } from '#infra/constructs/job-function.ts';
import { JOB_DURATION_SHARE } from '#infra/constructs/monitoring.ts';
import { ACCESS_LOG_FIELDS } from '#infra/stacks/api-stack.ts';
import { logicalIdIn, newApp, type Resource, resources, templateOf } from './synth.ts';

const { api } = newApp();
const template = templateOf(api);
const id = (element: unknown) => logicalIdIn(api, element);
const jobId = id(api.leaderboardJob.node.defaultChild);
const queueId = id(api.leaderboardJob.failures.node.defaultChild);
const alarmProps = (alarmId: string) => {
  const alarm = api.monitoring.alarms.get(alarmId);
  expect(alarm, alarmId).toBeDefined();
  return (template.toJSON().Resources[id(alarm?.node.defaultChild)] as Resource).Properties;
};

describe('leaderboard job failures', () => {
  it('sends failed or dropped asynchronous runs to the LeaderboardJobFailures queue, not retried', () => {
    expect(queueId).toMatch(/^LeaderboardJobFailures/);
    // One per scheduled job: the leaderboard job, the digest job and the queue clock.
    const configs = resources(template, 'AWS::Lambda::EventInvokeConfig');
    expect(configs).toHaveLength(3);
    const config = configs.find(
      ([, c]) => JSON.stringify(c.Properties.FunctionName) === JSON.stringify({ Ref: jobId }),
    );
    expect(config?.[1].Properties).toMatchObject({
      FunctionName: { Ref: jobId },
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 900,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
    });
    // The job's role may send to that queue (Lambda sends with the function's role).
    const roleId = id(api.leaderboardJob.role?.node.defaultChild);
    const statements = resources(template, 'AWS::IAM::Policy')
      .filter(([, p]) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as { Action: unknown; Resource: unknown }[]);
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: expect.arrayContaining(['sqs:SendMessage']),
        Resource: { 'Fn::GetAtt': [queueId, 'Arn'] },
      }),
    );
  });

  it('keeps the failures 14 days in an encrypted, TLS-only queue', () => {
    const queue = template.toJSON().Resources[queueId] as Resource;
    expect(queue.Type).toBe('AWS::SQS::Queue');
    expect(queue.Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
    const policies = resources(template, 'AWS::SQS::QueuePolicy').filter(
      ([, p]) => JSON.stringify(p.Properties.Queues) === JSON.stringify([{ Ref: queueId }]),
    );
    expect(policies).toHaveLength(1);
    expect(policies[0]?.[1].Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });

  it('alarms on any message in the failures queue', () => {
    expect(alarmProps('LeaderboardJobFailures')).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
      Statistic: 'Maximum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it('alarms on dropped events and on throttles, any at all', () => {
    for (const [alarmId, metric] of [
      ['LeaderboardJobAsyncEventsDropped', 'AsyncEventsDropped'],
      ['LeaderboardJobThrottles', 'Throttles'],
    ] as const)
      expect(alarmProps(alarmId), alarmId).toMatchObject({
        Namespace: 'AWS/Lambda',
        MetricName: metric,
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: jobId } }],
        Statistic: 'Sum',
        Period: 900,
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
      });
  });

  it("alarms when a run's maximum duration passes 80% of the job's timeout", () => {
    const job = template.toJSON().Resources[jobId] as Resource;
    expect(job.Properties.Timeout).toBe(LEADERBOARD_JOB_TIMEOUT.toSeconds());
    expect(JOB_DURATION_SHARE).toBe(0.8);
    expect(alarmProps('LeaderboardJobDuration')).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Duration',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: jobId } }],
      Statistic: 'Maximum',
      Threshold: 0.8 * LEADERBOARD_JOB_TIMEOUT.toMilliseconds(),
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });
});

describe('alarm topic key', () => {
  it("lets CloudWatch use it only for this account's alarms of this stack", () => {
    const keyId = id(api.monitoring.topic.masterKey?.node.defaultChild);
    const key = template.toJSON().Resources[keyId] as Resource;
    const statements = key.Properties.KeyPolicy.Statement as { Principal?: unknown; Condition?: unknown }[];
    const cloudwatch = statements.filter(
      (s) => JSON.stringify(s.Principal) === JSON.stringify({ Service: 'cloudwatch.amazonaws.com' }),
    );
    expect(cloudwatch).toHaveLength(1);
    const condition = cloudwatch[0]?.Condition as Record<string, Record<string, unknown>>;
    expect(condition.StringEquals).toEqual({ 'aws:SourceAccount': { Ref: 'AWS::AccountId' } });
    const sourceArn = JSON.stringify(condition.ArnLike?.['aws:SourceArn']);
    expect(sourceArn).toContain(':alarm:SmartCityAmbassadors-dev-Api-*');
    // Every alarm's name falls under that pattern.
    for (const [alarmId, alarm] of resources(template, 'AWS::CloudWatch::Alarm'))
      expect(alarm.Properties.AlarmName, alarmId).toMatch(/^SmartCityAmbassadors-dev-Api-/);
  });
});

describe('X-Ray', () => {
  it('traces every function actively, and the only "*" resource of a function is X-Ray', () => {
    const functions = resources(template, 'AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThan(api.functions.size);
    for (const [fnId, fn] of functions) expect(fn.Properties.TracingConfig, fnId).toEqual({ Mode: 'Active' });
    for (const [policyId, policy] of resources(template, 'AWS::IAM::Policy'))
      for (const statement of policy.Properties.PolicyDocument.Statement as {
        Action: unknown;
        Resource: unknown;
      }[])
        if (statement.Resource === '*' && !policyId.startsWith('LeaderboardRebuildStateMachine'))
          expect(statement.Action, policyId).toEqual(
            // The stream consumer's event source mapping also lists the table's streams.
            policyId.startsWith('NotificationsConsumerRole')
              ? ['dynamodb:ListStreams', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments']
              : ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'],
          );
  });
});

describe('access log', () => {
  it("records API Gateway's own error (response type and message) and the caller's sub", () => {
    const [[, stage]] = resources(template, 'AWS::ApiGatewayV2::Stage') as [[string, Resource]];
    const format = JSON.parse(stage.Properties.AccessLogSettings.Format as string) as Record<string, string>;
    expect(format).toMatchObject({
      errorResponseType: '$context.error.responseType',
      errorMessage: '$context.error.message',
      sub: '$context.authorizer.claims.sub',
    });
    expect(format).toEqual(ACCESS_LOG_FIELDS);
  });
});
