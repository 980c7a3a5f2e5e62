/**
 * The notifications in the templates (infra/constructs/notifications.ts): the table's stream,
 * the consumer's event source mapping, email through SES from the stage's identity only, the
 * bus, the digest and queue-clock schedules and their alarms.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { staffQueues } from '#domain/inbox.ts';
import { BUS_EVENT_SOURCE } from '#domain/notifications.ts';
import { CONSUMER_BATCH_SIZE, MAX_RECORD_AGE } from '#infra/constructs/notifications.ts';
import { matchesFilter, STREAM_BATCH_SIZE } from '#infra/local/stream.ts';
import { logicalIdIn, newApp, resources, templateOf } from './synth.ts';

const email = { identity: 'example.om', from: 'no-reply@example.om' };
const dev = newApp();
const prod = newApp({
  stage: 'prod',
  email,
  alarmEmail: 'ops@example.om',
  domain: { name: 'api.example.om', certificateArn: 'arn:aws:acm:me-south-1:123456789012:certificate/abc' },
});

const environmentOf = (app: typeof dev, fn: unknown) =>
  templateOf(app.api).toJSON().Resources[logicalIdIn(app.api, fn)].Properties.Environment.Variables as Record<
    string,
    unknown
  >;

type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown; Sid?: string };
const statementsOf = (app: typeof dev, role: unknown): Statement[] => {
  const roleId = logicalIdIn(app.api, role);
  return resources(templateOf(app.api), 'AWS::IAM::Policy')
    .filter(([, p]) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]);
};

describe('the table stream and the consumer', () => {
  it('the table streams new images', () => {
    templateOf(dev.data).hasResourceProperties('AWS::DynamoDB::Table', {
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
    });
  });

  it('the mapping passes new event items only, in batches, bisecting, with partial failures, bounded by age', () => {
    const mappings = resources(templateOf(dev.api), 'AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(1);
    const [, mapping] = mappings[0] as [string, { Properties: Record<string, unknown> }];
    expect(mapping.Properties).toMatchObject({
      BatchSize: CONSUMER_BATCH_SIZE,
      StartingPosition: 'TRIM_HORIZON',
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ParallelizationFactor: 1,
      MaximumRecordAgeInSeconds: MAX_RECORD_AGE.toSeconds(),
      FunctionName: { Ref: logicalIdIn(dev.api, dev.api.notifications.consumer.node.defaultChild) },
    });
    expect(JSON.stringify(mapping.Properties.EventSourceArn)).toContain('StreamArn');
    expect(JSON.stringify(mapping.Properties.DestinationConfig)).toContain(
      logicalIdIn(dev.api, dev.api.notifications.failures.node.defaultChild),
    );
    const filters = (mapping.Properties.FilterCriteria as { Filters: { Pattern: string }[] }).Filters;
    expect(filters.map((f) => JSON.parse(f.Pattern))).toEqual([
      { eventName: ['INSERT'], dynamodb: { NewImage: { type: { S: ['Event'] } } } },
    ]);
    // The local event source mapping plays the same: batch size and filter.
    expect(STREAM_BATCH_SIZE).toBe(CONSUMER_BATCH_SIZE);
    const record = (eventName: string, type: string) =>
      ({ eventName, dynamodb: { NewImage: { type: { S: type } } } }) as Parameters<typeof matchesFilter>[0];
    expect(matchesFilter(record('INSERT', 'Event'))).toBe(true);
    expect(matchesFilter(record('MODIFY', 'Event'))).toBe(false);
    expect(matchesFilter(record('INSERT', 'Notification'))).toBe(false);
  });

  it('the on-failure queue is encrypted, kept 14 days and watched', () => {
    const template = templateOf(dev.api);
    template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
    expect(dev.api.monitoring.alarms.has('NotificationFailures')).toBe(true);
    expect(dev.api.monitoring.alarms.has('NotificationConsumerIteratorAge')).toBe(true);
  });
});

describe('email', () => {
  it("prod: the consumer and the digest send from the stage identity, under Cognito's configuration set", () => {
    const data = templateOf(prod.data);
    data.hasResourceProperties('AWS::SES::ConfigurationSet', {
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
      ReputationOptions: { ReputationMetricsEnabled: true },
      DeliveryOptions: { TlsPolicy: 'REQUIRE' },
    });
    const configSetId = logicalIdIn(prod.data, prod.data.emailConfigurationSet?.node.defaultChild);
    data.hasResourceProperties('AWS::Cognito::UserPool', {
      EmailConfiguration: Match.objectLike({ ConfigurationSet: { Ref: configSetId } }),
    });
    for (const fn of [prod.api.notifications.consumer, prod.api.notifications.digestJob]) {
      const env = environmentOf(prod, fn.node.defaultChild);
      expect(env.MAIL_FROM).toBe(email.from);
      expect(JSON.stringify(env.SES_CONFIGURATION_SET)).toContain(configSetId);
      // RFC 8058 wants an https one-click URL: the custom domain.
      expect(env.PUBLIC_BASE_URL).toBe('https://api.example.om');
      const send = statementsOf(prod, fn.role?.node.defaultChild).filter((s) =>
        JSON.stringify(s.Action).includes('ses:'),
      );
      expect(send).toHaveLength(1);
      expect(send[0]?.Action).toBe('ses:SendEmail');
      expect(send[0]?.Condition).toEqual({ StringEquals: { 'ses:FromAddress': email.from } });
      const resourcesOf = JSON.stringify(send[0]?.Resource);
      expect(resourcesOf).toContain(':identity/example.om');
      expect(resourcesOf).toContain(configSetId);
    }
  });

  it('a configuration set named in the setting is used by both, and none is made', () => {
    const named = newApp({
      stage: 'prod',
      email: { ...email, configurationSet: 'ops-mail' },
      alarmEmail: 'ops@example.om',
    });
    templateOf(named.data).resourceCountIs('AWS::SES::ConfigurationSet', 0);
    const env = environmentOf(named, named.api.notifications.consumer.node.defaultChild);
    expect(env.SES_CONFIGURATION_SET).toBe('ops-mail');
  });

  it('dev (no email setting): no configuration set, no address, no SES permission; links at the API URL', () => {
    templateOf(dev.data).resourceCountIs('AWS::SES::ConfigurationSet', 0);
    for (const fn of [dev.api.notifications.consumer, dev.api.notifications.digestJob]) {
      const env = environmentOf(dev, fn.node.defaultChild);
      expect(env.MAIL_FROM).toBeUndefined();
      expect(JSON.stringify(env.PUBLIC_BASE_URL)).toContain('execute-api');
      expect(JSON.stringify(statementsOf(dev, fn.role?.node.defaultChild))).not.toContain('ses:');
    }
  });
});

describe('the bus', () => {
  it('is the stage’s own, archived 30 days for its own source, named to the consumer', () => {
    const template = templateOf(prod.api);
    template.hasResourceProperties('AWS::Events::EventBus', { Name: 'smart-city-ambassadors-prod-events' });
    template.hasResourceProperties('AWS::Events::Archive', {
      RetentionDays: 30,
      EventPattern: { source: [BUS_EVENT_SOURCE] },
    });
    expect(
      JSON.stringify(environmentOf(prod, prod.api.notifications.consumer.node.defaultChild).EVENT_BUS_NAME),
    ).toContain(logicalIdIn(prod.api, prod.api.notifications.bus.node.defaultChild));
  });
});

describe('the jobs', () => {
  it('the digest runs at 08:00 Oman time (04:00 UTC) and half-hourly until 05:30 UTC; the queue clock every 5 minutes', () => {
    const rules = resources(templateOf(dev.api), 'AWS::Events::Rule').map(([, r]) => r.Properties);
    const target = (fn: { node: { defaultChild?: unknown } }) =>
      rules.find((r) => JSON.stringify(r.Targets).includes(logicalIdIn(dev.api, fn.node.defaultChild)));
    expect(target(dev.api.notifications.digestJob)?.ScheduleExpression).toBe('cron(0/30 4-5 * * ? *)');
    expect(target(dev.api.notifications.queueClock)?.ScheduleExpression).toBe('rate(5 minutes)');
  });

  it('one 48-hour alarm per staff queue, on the metric the queue clock writes', () => {
    const alarms = resources(templateOf(prod.api), 'AWS::CloudWatch::Alarm')
      .map(([, a]) => a.Properties)
      .filter((a) => a.MetricName === 'OldestWaitingSeconds');
    expect(alarms).toHaveLength(staffQueues.length);
    for (const [i, queue] of staffQueues.entries()) {
      expect(alarms[i]).toMatchObject({
        Namespace: 'SmartCityAmbassadors',
        Threshold: 48 * 3600,
        ComparisonOperator: 'GreaterThanThreshold',
      });
      // Exactly the dimensions of the queue clock's EMF line (service, stage, queue).
      expect(
        [...(alarms[i]!.Dimensions as { Name: string; Value: string }[])].sort((a, b) =>
          a.Name.localeCompare(b.Name),
        ),
      ).toEqual([
        { Name: 'queue', Value: queue },
        { Name: 'service', Value: 'smart-city-ambassadors' },
        { Name: 'stage', Value: 'prod' },
      ]);
    }
  });
});

describe('the dashboard', () => {
  it('has a row for the notifications: iterator age, deliveries, the staff queues against 48 hours', () => {
    const body = JSON.stringify(
      resources(templateOf(prod.api), 'AWS::CloudWatch::Dashboard')[0]?.[1].Properties,
    );
    for (const title of [
      'Notifications: stream iterator age (ms)',
      'Notifications delivered',
      'Staff queues: oldest waiting (s)',
    ])
      expect(body).toContain(title);
    for (const metric of [
      'IteratorAge',
      'NotificationDelivered',
      'EmailSent',
      'EmailFailed',
      'OldestWaitingSeconds',
    ])
      expect(body).toContain(metric);
    expect(body).toContain(`${48 * 3600}`);
  });
});
