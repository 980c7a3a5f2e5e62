/**
 * The API stack's operational settings: per-route throttling by class, reserved concurrency
 * on the creating routes, alarms to an encrypted topic, the dashboard and the JSON access
 * log. Expectations are derived from the route table, so a route added there is checked
 * here without editing this file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { type CfnElement, Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import type { RouteSpec } from '#http/route-spec.ts';
import { routes } from '#http/routes/index.ts';
import { TABLE_OPERATIONS } from '#infra/constructs/monitoring.ts';
import {
  CREATING_ROUTE_CONCURRENCY,
  type RouteClass,
  THROTTLE_BY_CLASS,
} from '#infra/stacks/route-policy.ts';
import { tableDefinition } from '#store/table.ts';
import { logicalIdIn, newApp, type Resource, resources, templateOf } from './synth.ts';

const ALARM_EMAIL = 'ops@example.org';
// Reserved concurrency is off by default (a new account's quota may not allow it): on here.
const { api } = newApp({ alarmEmail: ALARM_EMAIL, creatingRouteConcurrency: CREATING_ROUTE_CONCURRENCY });
const template = templateOf(api);
const id = (element: unknown) => logicalIdIn(api, element);

const routeKey = (r: RouteSpec) => (r.path === '$default' ? '$default' : `${r.method} ${r.path}`);
const fnId = (r: RouteSpec) => id(api.functions.get(r.id)?.node.defaultChild);
const [[stageId, stage]] = resources(template, 'AWS::ApiGatewayV2::Stage') as [[string, Resource]];

/** The class each route should get, written out from the spec (method and role). */
const expectedClass = (r: RouteSpec): RouteClass => {
  if (r.role === 'staff') return 'staff';
  if (r.method !== 'GET' && r.quota === false) return 'checkIn';
  if (r.method !== 'GET') return 'write';
  return r.role === 'public' ? 'publicRead' : 'authenticatedRead';
};
/** Routes that create: POST answering 201. */
const creating = routes.filter((r) => r.method === 'POST' && r.status === 201);

describe('per-route throttling', () => {
  it('keeps the stage default', () => {
    expect(stage.Properties.StageName).toBe('$default');
    expect(stage.Properties.DefaultRouteSettings).toEqual({
      ThrottlingRateLimit: 50,
      ThrottlingBurstLimit: 100,
    });
  });

  it('gives every route of the table the limits of its class', () => {
    // The table must exercise every class, or this proves little.
    expect(new Set(routes.map(expectedClass))).toEqual(
      new Set(['publicRead', 'authenticatedRead', 'write', 'checkIn', 'staff']),
    );
    const settings = stage.Properties.RouteSettings as Record<string, unknown>;
    expect(Object.keys(settings).sort()).toEqual(routes.map(routeKey).sort());
    for (const r of routes) {
      const limits = THROTTLE_BY_CLASS[expectedClass(r)];
      expect(settings[routeKey(r)], `${routeKey(r)} (${expectedClass(r)})`).toEqual({
        ThrottlingRateLimit: limits.rateLimit,
        ThrottlingBurstLimit: limits.burstLimit,
      });
    }
  });

  it('lets public reads through the most, writes less, staff routes least', () => {
    const { publicRead, authenticatedRead, write, staff } = THROTTLE_BY_CLASS;
    expect(publicRead.rateLimit).toBeGreaterThan(authenticatedRead.rateLimit);
    expect(authenticatedRead.rateLimit).toBeGreaterThan(write.rateLimit);
    expect(write.rateLimit).toBeGreaterThan(staff.rateLimit);
    for (const limits of Object.values(THROTTLE_BY_CLASS))
      expect(limits.burstLimit).toBeGreaterThanOrEqual(limits.rateLimit);
  });

  it('lets a full hall check in: 500 people within a minute, 200 of them at once (§12)', () => {
    const { checkIn, write } = THROTTLE_BY_CLASS;
    expect(checkIn.rateLimit).toBeGreaterThan(write.rateLimit);
    expect(checkIn.burstLimit).toBeGreaterThanOrEqual(200);
    expect(checkIn.burstLimit + checkIn.rateLimit * 59).toBeGreaterThanOrEqual(500);
  });

  it('creates the stage after the routes its settings name', () => {
    const routeIds = resources(template, 'AWS::ApiGatewayV2::Route').map(([routeId]) => routeId);
    expect(routeIds).toHaveLength(routes.length);
    // Each route, or the nested stack that creates it (CloudFormation creates a nested stack's
    // resources before the stack resource completes).
    const awaited = [...api.areas.values()].flatMap((area) =>
      [...area.routes.values()].map((route) => {
        const holder = Stack.of(route);
        return holder === api ? id(route.node.defaultChild) : id(holder.nestedStackResource as CfnElement);
      }),
    );
    expect(awaited).toHaveLength(routes.length);
    expect(stage.DependsOn ?? []).toEqual(expect.arrayContaining(awaited));
  });
});

describe('reserved concurrency', () => {
  it('caps the functions of the creating routes, and only those', () => {
    expect(creating.map((r) => r.id)).toEqual(
      expect.arrayContaining([
        'registerAmbassador',
        'reportLecture',
        'submitIdea',
        'addComment',
        'requestJoin',
      ]),
    );
    const functions = new Map(resources(template, 'AWS::Lambda::Function'));
    for (const r of routes) {
      const reserved = functions.get(fnId(r))?.Properties.ReservedConcurrentExecutions;
      if (creating.includes(r)) expect(reserved, r.id).toBe(CREATING_ROUTE_CONCURRENCY);
      else expect(reserved, r.id).toBeUndefined();
    }
  });

  it('is off unless the stage asks for it', () => {
    const plain = templateOf(newApp().api);
    const functions = new Map(resources(plain, 'AWS::Lambda::Function'));
    for (const r of routes) {
      const fn = functions.get(fnId(r));
      expect(fn, r.id).toBeDefined();
      expect(fn?.Properties.ReservedConcurrentExecutions, r.id).toBeUndefined();
    }
  });

  it('is modest: bounded per route, and leaves the account most of its default 1,000', () => {
    expect(CREATING_ROUTE_CONCURRENCY).toBeGreaterThanOrEqual(2);
    expect(CREATING_ROUTE_CONCURRENCY).toBeLessThanOrEqual(25);
    const total = resources(template, 'AWS::Lambda::Function').reduce(
      (sum, [, fn]) => sum + (fn.Properties.ReservedConcurrentExecutions ?? 0),
      0,
    );
    // Lambda refuses a reservation that leaves fewer than 100 unreserved.
    expect(total).toBeLessThanOrEqual(200);
  });
});

describe('alarms', () => {
  const alarms = resources(template, 'AWS::CloudWatch::Alarm');
  const topicId = id(api.monitoring.topic.node.defaultChild);
  const apiId = id(api.api.node.defaultChild);
  const tableName = {
    'Fn::ImportValue': expect.stringContaining('SmartCityAmbassadors-dev-Data:ExportsOutputRefTable'),
  };

  type Stat = { Id: string; Expression?: string; MetricStat?: { Metric: any; Period: number; Stat: string } };
  const metricsOf = (alarm: Resource) => (alarm.Properties.Metrics ?? []) as Stat[];
  /** The alarm whose (only or math-input) metric is `namespace/name` with these dimensions. */
  const findAlarm = (namespace: string, name: string, dimensions: Record<string, unknown>) => {
    const dims = (list: { Name: string; Value: unknown }[] = []) =>
      Object.fromEntries(list.map((d) => [d.Name, d.Value]));
    const found = alarms.filter(([, a]) => {
      const p = a.Properties;
      const direct =
        p.Namespace === namespace &&
        p.MetricName === name &&
        JSON.stringify(dims(p.Dimensions)) === JSON.stringify(dimensions);
      const inMath = metricsOf(a).some(
        (m) =>
          m.MetricStat?.Metric.Namespace === namespace &&
          m.MetricStat.Metric.MetricName === name &&
          expect.objectContaining(dimensions).asymmetricMatch(dims(m.MetricStat.Metric.Dimensions)),
      );
      return direct || inMath;
    });
    expect(found.length, `${namespace} ${name} ${JSON.stringify(dimensions)}`).toBe(1);
    return found[0]?.[1] as Resource;
  };

  it('all notify the topic, going into alarm and back', () => {
    expect(alarms.length).toBeGreaterThan(5);
    for (const [alarmId, alarm] of alarms) {
      expect(alarm.Properties.AlarmActions, alarmId).toEqual([{ Ref: topicId }]);
      expect(alarm.Properties.OKActions, alarmId).toEqual([{ Ref: topicId }]);
      expect(alarm.Properties.TreatMissingData, alarmId).toBe('notBreaching');
    }
  });

  it('has an encrypted topic that refuses plain HTTP and lets CloudWatch publish', () => {
    const keyId = id(api.monitoring.topic.masterKey?.node.defaultChild);
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    const [[, key]] = resources(template, 'AWS::KMS::Key') as [[string, Resource]];
    expect(key.Properties.KeyPolicy.Statement).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: expect.arrayContaining(['kms:Decrypt', 'kms:GenerateDataKey*']),
        }),
      ]),
    );
    const [[, policy]] = resources(template, 'AWS::SNS::TopicPolicy') as [[string, Resource]];
    expect(policy.Properties.Topics).toEqual([{ Ref: topicId }]);
    expect(policy.Properties.PolicyDocument.Statement).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Effect: 'Deny',
          Action: 'sns:Publish',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
        expect.objectContaining({
          Effect: 'Allow',
          Action: 'sns:Publish',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
        }),
      ]),
    );
  });

  it("subscribes the stage's alarmEmail, and nothing on a dev stage without one", () => {
    const subscriptions = resources(template, 'AWS::SNS::Subscription');
    expect(subscriptions.map(([, s]) => s.Properties)).toEqual([
      expect.objectContaining({ Protocol: 'email', Endpoint: ALARM_EMAIL, TopicArn: { Ref: topicId } }),
    ]);
    const without = templateOf(newApp().api);
    expect(resources(without, 'AWS::SNS::Subscription')).toEqual([]);
    expect(() => newApp({ alarmEmail: 'not an address' })).toThrow(/alarmEmail/);
  });

  it('takes the prod subscription from cdk.json, with no -c flag, and refuses a non-dev stage without one', () => {
    const email = { identity: 'example.om', from: 'no-reply@example.om' };
    const prod = templateOf(newApp({ stage: 'prod', email }).api);
    expect(resources(prod, 'AWS::SNS::Subscription').map(([, s]) => s.Properties)).toEqual([
      expect.objectContaining({ Protocol: 'email', Endpoint: 'ops@example.om' }),
    ]);
    expect(() => newApp({ stage: 'staging', allowedOrigins: ['https://staging.example.om'], email })).toThrow(
      /alarmEmail is required outside dev/,
    );
  });

  it('watches the API 5xx rate: over 1% of requests in 5 minutes', () => {
    const alarm = findAlarm('AWS/ApiGateway', '5xx', { ApiId: { Ref: apiId } });
    const metrics = metricsOf(alarm);
    const byName = (name: string) => metrics.find((m) => m.MetricStat?.Metric.MetricName === name);
    expect(byName('5xx')?.MetricStat).toMatchObject({ Period: 300, Stat: 'Sum' });
    expect(byName('Count')?.MetricStat).toMatchObject({
      Period: 300,
      Stat: 'Sum',
      Metric: { Dimensions: [{ Name: 'ApiId', Value: { Ref: apiId } }] },
    });
    const expression = metrics.find((m) => m.Expression)?.Expression;
    expect(expression).toBe(
      `IF(${byName('Count')?.Id} > 0, 100 * FILL(${byName('5xx')?.Id}, 0) / ${byName('Count')?.Id}, 0)`,
    );
    expect(alarm.Properties).toMatchObject({
      Threshold: 1,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 1,
    });
  });

  it('watches the API 4xx rate (HTTP APIs count throttled requests there)', () => {
    const alarm = findAlarm('AWS/ApiGateway', '4xx', { ApiId: { Ref: apiId } });
    const expression = metricsOf(alarm).find((m) => m.Expression)?.Expression;
    expect(expression).toMatch(/^IF\(\w+ > 0, 100 \* FILL\(\w+, 0\) \/ \w+, 0\)$/);
    expect(alarm.Properties).toMatchObject({
      Threshold: 10,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
    });
  });

  it('watches the errors of every write function, one error in 5 minutes', () => {
    const writes = routes.filter((r) => r.access === 'write');
    expect(writes.length).toBeGreaterThan(0);
    for (const r of writes) {
      const alarm = findAlarm('AWS/Lambda', 'Errors', { FunctionName: { Ref: fnId(r) } });
      expect(alarm.Properties, r.id).toMatchObject({
        Statistic: 'Sum',
        Period: 300,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        EvaluationPeriods: 1,
      });
    }
  });

  it('watches the throttles of every function with reserved concurrency', () => {
    for (const r of creating) {
      const alarm = findAlarm('AWS/Lambda', 'Throttles', { FunctionName: { Ref: fnId(r) } });
      expect(alarm.Properties, r.id).toMatchObject({
        Statistic: 'Sum',
        Period: 300,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
    }
  });

  it('knows every DynamoDB operation the functions issue', () => {
    const operationOf: Record<string, string> = {
      Get: 'GetItem',
      Put: 'PutItem',
      Update: 'UpdateItem',
      Delete: 'DeleteItem',
      Query: 'Query',
      BatchGet: 'BatchGetItem',
      BatchWrite: 'BatchWriteItem',
      TransactWrite: 'TransactWriteItems',
      TransactGet: 'TransactGetItems',
    };
    const root = new URL('../../functions/', import.meta.url);
    const issued = new Set<string>();
    for (const file of readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.ts'),
    ))
      for (const [, command] of readFileSync(new URL(file, root), 'utf8').matchAll(
        /\b(Get|Put|Update|Delete|Query|BatchGet|BatchWrite|TransactWrite|TransactGet)(?:Item)?Command\b/g,
      ))
        issued.add(operationOf[command ?? ''] ?? '');
    expect(issued.size).toBeGreaterThan(3);
    expect([...TABLE_OPERATIONS]).toEqual(expect.arrayContaining([...issued]));
  });

  it("watches DynamoDB's throttled requests, summed over every operation the store issues", () => {
    const alarm = findAlarm('AWS/DynamoDB', 'ThrottledRequests', { TableName: tableName });
    const metrics = metricsOf(alarm);
    const inputs = metrics.filter((m) => m.MetricStat);
    expect(
      inputs
        .map((m) => m.MetricStat?.Metric.Dimensions.find((d: any) => d.Name === 'Operation')?.Value)
        .sort(),
    ).toEqual([...TABLE_OPERATIONS].sort());
    for (const m of inputs) {
      expect(m.MetricStat).toMatchObject({
        Period: 300,
        Stat: 'Sum',
        Metric: { MetricName: 'ThrottledRequests' },
      });
      expect(m.MetricStat?.Metric.Dimensions).toContainEqual({ Name: 'TableName', Value: tableName });
    }
    expect(metrics.find((m) => m.Expression)?.Expression).toBe(
      `SUM([${inputs.map((m) => m.Id).join(', ')}])`,
    );
    // CloudWatch refuses an alarm on more than 10 metrics.
    expect(inputs.length).toBeLessThanOrEqual(10);
    expect(alarm.Properties).toMatchObject({
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it("watches the leaderboard job's errors and its dead-letter queue", () => {
    const jobId = id(api.leaderboardJob.node.defaultChild);
    const errors = findAlarm('AWS/Lambda', 'Errors', { FunctionName: { Ref: jobId } });
    expect(errors.Properties).toMatchObject({
      Statistic: 'Sum',
      Period: 900,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 2,
      DatapointsToAlarm: 2,
    });
    const queueId = id(api.leaderboardJob.deadLetters.node.defaultChild);
    const dlq = findAlarm('AWS/SQS', 'ApproximateNumberOfMessagesVisible', {
      QueueName: { 'Fn::GetAtt': [queueId, 'QueueName'] },
    });
    expect(dlq.Properties).toMatchObject({
      Statistic: 'Maximum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 1,
    });
  });

  it('alarms on any full rebuild that fails, times out or is aborted', () => {
    const machine = { StateMachineArn: { Ref: id(api.leaderboardRebuild.stateMachine.node.defaultChild) } };
    const found = alarms.filter(([, a]) => JSON.stringify(a.Properties.Metrics ?? []).includes('AWS/States'));
    expect(found).toHaveLength(1);
    const alarm = found[0]?.[1] as Resource;
    const metrics = alarm.Properties.Metrics as { Id: string; Expression?: string; MetricStat?: any }[];
    expect(metrics.find((m) => m.Expression)?.Expression).toBe('failed + timedOut + aborted');
    const stats = metrics.filter((m) => m.MetricStat).map((m) => m.MetricStat);
    expect(stats.map((s) => s.Metric.MetricName).sort()).toEqual([
      'ExecutionsAborted',
      'ExecutionsFailed',
      'ExecutionsTimedOut',
    ]);
    for (const s of stats) {
      expect(s.Metric.Namespace).toBe('AWS/States');
      expect(s.Metric.Dimensions).toEqual([{ Name: 'StateMachineArn', Value: machine.StateMachineArn }]);
      expect(s).toMatchObject({ Stat: 'Sum', Period: 300 });
    }
    expect(alarm.Properties).toMatchObject({
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      AlarmActions: expect.any(Array),
    });
  });

  it('has no alarm it cannot name: every one is accounted for above', () => {
    const writes = routes.filter((r) => r.access === 'write').length;
    // 5xx, 4xx, table throttles, job errors, job dead letters, rebuild failures, and the job's
    // failures queue, dropped events, throttles and duration (test/infra/job-failures.test.ts);
    // errors per write function; throttles per creating function; and the notifications' 12
    // (test/infra/notifications.test.ts): the consumer's iterator age, errors and failures
    // queue, the digest job's and the queue clock's errors, failures and dead letters, one per
    // staff queue.
    expect(alarms).toHaveLength(10 + writes + creating.length + 12);
  });
});

describe('dashboard', () => {
  const apiIdOf = () => id(api.api.node.defaultChild);
  const dashboards = resources(template, 'AWS::CloudWatch::Dashboard');
  /** The body with each token written as REF:id / ATT:id / IMPORT / PSEUDO:name, then parsed. */
  const body = (() => {
    const [dashboard] = dashboards;
    if (!dashboard) throw new Error('no dashboard');
    const parts = (dashboard[1].Properties.DashboardBody['Fn::Join'] as [string, unknown[]])[1];
    const text = parts
      .map((p: any) => {
        if (typeof p === 'string') return p;
        if (p.Ref) return p.Ref.startsWith('AWS::') ? `PSEUDO:${p.Ref}` : `REF:${p.Ref}`;
        if (p['Fn::GetAtt']) return `ATT:${p['Fn::GetAtt'].join('.')}`;
        if (p['Fn::ImportValue']) return 'IMPORT';
        throw new Error(`unexpected token ${JSON.stringify(p)}`);
      })
      .join('');
    return JSON.parse(text) as {
      widgets: { type: string; properties: { title?: string; metrics?: unknown[][]; alarms?: string[] } }[];
    };
  })();
  const widget = (title: string) => {
    const found = body.widgets.find((w) => w.properties.title === title);
    expect(found, title).toBeDefined();
    return found?.properties.metrics ?? [];
  };
  /** The [namespace, name, ...dimensions] part of each metric line, without its options. */
  const lines = (metrics: unknown[][]) =>
    metrics.map((m) => m.filter((x) => typeof x === 'string').join(' '));

  it('exists once', () => {
    expect(dashboards).toHaveLength(1);
  });

  it("shows the API's requests, latency and errors", () => {
    expect(lines(widget('API requests'))).toEqual([`AWS/ApiGateway Count ApiId REF:${apiIdOf()}`]);
    expect(lines(widget('API latency (ms)'))).toEqual(
      expect.arrayContaining([`AWS/ApiGateway Latency ApiId REF:${apiIdOf()}`]),
    );
    expect(lines(widget('API errors'))).toEqual(
      expect.arrayContaining([
        `AWS/ApiGateway 5xx ApiId REF:${apiIdOf()}`,
        `AWS/ApiGateway 4xx ApiId REF:${apiIdOf()}`,
      ]),
    );
  });

  it('shows the top 10 route functions by errors, duration and throttles, out of all of them', () => {
    for (const [title, name] of [
      ['Lambda errors: top 10 routes', 'Errors'],
      ['Lambda duration p90 (ms): top 10 routes', 'Duration'],
      ['Lambda throttles: top 10 routes', 'Throttles'],
    ] as const) {
      const metrics = widget(title);
      expect(metrics[0]?.[0], title).toMatchObject({
        expression: expect.stringMatching(/^SORT\(METRICS\(\), \w+, DESC, 10\)$/),
      });
      expect(lines(metrics.slice(1)).sort(), title).toEqual(
        routes.map((r) => `AWS/Lambda ${name} FunctionName REF:${fnId(r)}`).sort(),
      );
    }
  });

  it('shows DynamoDB consumed capacity and throttles, and the job', () => {
    expect(lines(widget('DynamoDB consumed capacity'))).toEqual([
      'AWS/DynamoDB ConsumedReadCapacityUnits TableName IMPORT',
      'AWS/DynamoDB ConsumedWriteCapacityUnits TableName IMPORT',
    ]);
    const throttles = lines(widget('DynamoDB throttles'));
    expect(throttles).toEqual(
      expect.arrayContaining([
        'AWS/DynamoDB ReadThrottleEvents TableName IMPORT',
        'AWS/DynamoDB WriteThrottleEvents TableName IMPORT',
        ...Object.keys(tableDefinition.indexes).map(
          (index) => `AWS/DynamoDB WriteThrottleEvents GlobalSecondaryIndexName ${index} TableName IMPORT`,
        ),
        ...TABLE_OPERATIONS.map((op) => `AWS/DynamoDB ThrottledRequests Operation ${op} TableName IMPORT`),
      ]),
    );
    const jobId = id(api.leaderboardJob.node.defaultChild);
    expect(lines(widget('Leaderboard job'))).toEqual(
      expect.arrayContaining([
        `AWS/Lambda Duration FunctionName REF:${jobId}`,
        `AWS/Lambda Errors FunctionName REF:${jobId}`,
        `AWS/SQS ApproximateNumberOfMessagesVisible QueueName ATT:${id(api.leaderboardJob.deadLetters.node.defaultChild)}.QueueName`,
      ]),
    );
  });

  it('lists every alarm', () => {
    const shown = body.widgets.find((w) => w.type === 'alarm')?.properties.alarms ?? [];
    expect([...shown].sort()).toEqual(
      resources(template, 'AWS::CloudWatch::Alarm')
        .map(([alarmId]) => `ATT:${alarmId}.Arn`)
        .sort(),
    );
  });
});

describe('access log', () => {
  const settings = stage.Properties.AccessLogSettings as { DestinationArn: unknown; Format: string };

  it('goes to a log group of its own with a retention', () => {
    const logGroupId = id(api.accessLogs.node.defaultChild);
    expect(settings.DestinationArn).toEqual({ 'Fn::GetAtt': [logGroupId, 'Arn'] });
    const group = resources(template, 'AWS::Logs::LogGroup').find(([groupId]) => groupId === logGroupId)?.[1];
    expect(group?.Properties.RetentionInDays).toBe(30);
    expect(stageId).toBeTruthy();
  });

  it('writes one JSON object per request with the fields an investigation needs', () => {
    const format = JSON.parse(settings.Format) as Record<string, string>;
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      ip: '$context.identity.sourceIp',
      requestTime: '$context.requestTime',
      httpMethod: '$context.httpMethod',
      routeKey: '$context.routeKey',
      status: '$context.status',
      protocol: '$context.protocol',
      responseLength: '$context.responseLength',
      integrationLatency: '$context.integrationLatency',
      authorizerError: '$context.authorizer.error',
    });
    // Every value a single $context variable, so each line stays valid JSON.
    for (const [field, value] of Object.entries(format)) expect(value, field).toMatch(/^\$context\.[\w.]+$/);
  });
});
