/**
 * CDK assertions. Every expectation is derived from the route table and the table
 * definition, so a route or an index added there is checked here without editing this file.
 */
import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { routes } from '#http/routes/index.ts';
import { defineStacks } from '#infra/app.ts';
import { STAFF_GROUP } from '#infra/stacks/data-stack.ts';
import { tableDefinition } from '#store/table.ts';
import { logicalIdIn, templateOf } from './synth.ts';

// The same context (feature flags included) as `cdk synth`, minus esbuild: no stack is bundled.
const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown>;
};
const app = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
const { data, api } = defineStacks(app);
const dataTemplate = templateOf(data);
const apiTemplate = templateOf(api);

type Resource = { Type: string; Properties: Record<string, unknown> };
const resources = (template: Template, type: string): [string, Resource][] =>
  Object.entries(template.findResources(type)) as [string, Resource][];

const logicalId = (element: unknown): string => logicalIdIn(api, element);
const fnOf = (routeId: string) => {
  const fn = api.functions.get(routeId);
  if (!fn) throw new Error(`no function for route ${routeId}`);
  return fn;
};

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };
/** Every statement of the policies attached to the execution role of `fn`. */
const statementsOf = (fn: IFunction): Statement[] => {
  const roleId = logicalId(fn.role?.node.defaultChild);
  return resources(apiTemplate, 'AWS::IAM::Policy')
    .filter(([, p]) =>
      (p.Properties.Roles as unknown[]).some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleId })),
    )
    .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
};
const actionsIn = (statements: Statement[]): string[] =>
  statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));

/** Every IAM action granted to the function of `routeId` (through its role's policies). */
const actionsOf = (routeId: string): string[] => actionsIn(statementsOf(fnOf(routeId)));

const WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];
const routeKey = (r: (typeof routes)[number]) =>
  r.path === '$default' ? '$default' : `${r.method} ${r.path}`;

describe('API stack', () => {
  it('has one route per entry of the route table, with the right key and authorization', () => {
    const byKey = new Map(
      resources(apiTemplate, 'AWS::ApiGatewayV2::Route').map(([, r]) => [r.Properties.RouteKey, r]),
    );
    expect(byKey.size).toBe(routes.length);
    const [authorizerId] = Object.keys(apiTemplate.findResources('AWS::ApiGatewayV2::Authorizer'));
    for (const spec of routes) {
      const route = byKey.get(routeKey(spec));
      expect(route, routeKey(spec)).toBeDefined();
      if (spec.role === 'public') {
        expect(route?.Properties.AuthorizationType, spec.id).toBe('NONE');
        expect(route?.Properties.AuthorizerId, spec.id).toBeUndefined();
      } else {
        expect(route?.Properties.AuthorizationType, spec.id).toBe('JWT');
        expect(route?.Properties.AuthorizerId, spec.id).toEqual({ Ref: authorizerId });
      }
    }
  });

  it('sends each route to its own function', () => {
    const integrations = apiTemplate.findResources('AWS::ApiGatewayV2::Integration');
    for (const [, route] of resources(apiTemplate, 'AWS::ApiGatewayV2::Route')) {
      const spec = routes.find((r) => routeKey(r) === route.Properties.RouteKey);
      const target = JSON.stringify(route.Properties.Target);
      const integrationId = Object.keys(integrations).find((id) => target.includes(`"${id}"`));
      expect(integrationId, String(route.Properties.RouteKey)).toBeDefined();
      const uri = integrations[integrationId ?? '']?.Properties.IntegrationUri;
      expect(uri).toEqual({ 'Fn::GetAtt': [logicalId(fnOf(spec?.id ?? '').node.defaultChild), 'Arn'] });
    }
  });

  it('has one Lambda function per route plus the leaderboard job and rebuild step, the stream consumer, the digest job and the queue clock, all Node.js 24 on arm64 with their config', () => {
    const functions = resources(apiTemplate, 'AWS::Lambda::Function');
    expect(functions).toHaveLength(routes.length + 5);
    for (const [id, fn] of functions) {
      expect(fn.Properties.Runtime, id).toBe('nodejs24.x');
      expect(fn.Properties.Architectures, id).toEqual(['arm64']);
      expect(Object.keys((fn.Properties.Environment as { Variables: object }).Variables), id).toEqual(
        expect.arrayContaining(['TABLE_NAME', 'POWERTOOLS_SERVICE_NAME', 'NODE_OPTIONS']),
      );
      expect(fn.Properties.LoggingConfig, id).toEqual({ LogGroup: { Ref: expect.any(String) } });
    }
  });

  it('grants each function only the table access its route declares', () => {
    // The route table must exercise every kind of access, or this test proves little.
    expect(new Set(routes.map((r) => r.access))).toEqual(new Set(['none', 'read', 'write']));
    for (const spec of routes) {
      const actions = actionsOf(spec.id);
      const dynamo = actions.filter((a) => a.startsWith('dynamodb:'));
      if (spec.access === 'none') expect(dynamo, spec.id).toEqual([]);
      // Reads by key or by index (test/infra/least-privilege.test.ts checks which keys).
      else expect(dynamo, spec.id).toContain('dynamodb:Query');
      for (const write of WRITE_ACTIONS) {
        if (spec.access === 'write') expect(dynamo, spec.id).toContain(write);
        else expect(dynamo, spec.id).not.toContain(write);
      }
      // No request may scan the table, so no request function may either.
      expect(dynamo, spec.id).not.toContain('dynamodb:Scan');
    }
  });

  it('never lets a read route write: GET routes declare read access or none', () => {
    // A GET declared `write` would be granted PutItem/UpdateItem/DeleteItem by the test above
    // and pass it; reads must never be able to change the table.
    const gets = routes.filter((r) => r.method === 'GET');
    expect(gets.length).toBeGreaterThan(10);
    for (const spec of gets) {
      expect(['none', 'read'], spec.id).toContain(spec.access);
      const dynamo = actionsOf(spec.id).filter((a) => a.startsWith('dynamodb:'));
      for (const write of WRITE_ACTIONS) expect(dynamo, spec.id).not.toContain(write);
    }
  });

  it('throttles the default stage and allows the contract headers through CORS', () => {
    apiTemplate.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
    });
    apiTemplate.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: {
        AllowHeaders: Match.arrayWith([
          'Authorization',
          'Content-Type',
          'If-Match',
          'Idempotency-Key',
          'Accept-Language',
        ]),
        ExposeHeaders: Match.arrayWith(['ETag', 'Location', 'Retry-After']),
      },
    });
  });
});

describe('data stack', () => {
  it('builds the table from tableDefinition, protected and on demand', () => {
    const tables = resources(dataTemplate, 'AWS::DynamoDB::Table');
    expect(tables).toHaveLength(1);
    const [[id, table]] = tables as [[string, Resource]];
    const p = table.Properties;
    expect(p.BillingMode).toBe('PAY_PER_REQUEST');
    expect(p.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(p.DeletionProtectionEnabled).toBe(true);
    expect(p.TimeToLiveSpecification).toEqual({
      AttributeName: tableDefinition.timeToLiveAttribute,
      Enabled: true,
    });
    expect(p.KeySchema).toEqual([
      { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
      { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
    ]);
    expect(dataTemplate.toJSON().Resources[id].DeletionPolicy).toBe('Retain');

    const expected = Object.entries(tableDefinition.indexes).map(([name, index]) => ({
      IndexName: name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    }));
    expect(p.GlobalSecondaryIndexes).toEqual(expect.arrayContaining(expected));
    expect(p.GlobalSecondaryIndexes).toHaveLength(expected.length);
  });

  it('has a user pool with a staff group and a public app client', () => {
    dataTemplate.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ UsernameAttributes: ['email'], AutoVerifiedAttributes: ['email'] }),
    });
    dataTemplate.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: STAFF_GROUP });
    expect(STAFF_GROUP).toBe('staff');
    dataTemplate.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      ExplicitAuthFlows: Match.arrayWith(['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']),
    });
  });
});

describe('leaderboard job', () => {
  const job = api.leaderboardJob;
  const jobId = logicalId(job.node.defaultChild);
  const queueId = logicalId(job.deadLetters.node.defaultChild);
  const ruleId = logicalId(job.rule.node.defaultChild);
  const jobArn = { 'Fn::GetAtt': [jobId, 'Arn'] };
  const ruleArn = { 'Fn::GetAtt': [ruleId, 'Arn'] };
  const only = (type: string, ofJob: (r: Resource) => boolean): Resource => {
    const found = resources(apiTemplate, type).filter(([, r]) => ofJob(r));
    expect(found, type).toHaveLength(1);
    return found[0]?.[1] as Resource;
  };

  it('runs every 15 minutes, with retries and a dead-letter queue', () => {
    // Its own, among the schedules (the notifications' two: test/infra/notifications.test.ts).
    const rules = resources(apiTemplate, 'AWS::Events::Rule');
    expect(rules.map(([id]) => id)).toContain(ruleId);
    expect(rules).toHaveLength(3);
    const rule = rules.find(([id]) => id === ruleId)?.[1].Properties;
    expect(rule?.ScheduleExpression).toBe('rate(15 minutes)');
    expect(rule?.State).toBe('ENABLED');
    expect(rule?.Targets).toEqual([
      expect.objectContaining({
        Arn: jobArn,
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 900 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
      }),
    ]);
  });

  it('may be invoked by EventBridge for this rule only', () => {
    const permission = only('AWS::Lambda::Permission', (r) => JSON.stringify(r).includes(`"${jobId}"`));
    expect(permission.Properties).toEqual({
      Action: 'lambda:InvokeFunction',
      FunctionName: jobArn,
      Principal: 'events.amazonaws.com',
      SourceArn: ruleArn,
    });
  });

  it('dead-letters into an encrypted, TLS-only queue that keeps messages 14 days', () => {
    expect(apiTemplate.toJSON().Resources[queueId].Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
    const policy = only('AWS::SQS::QueuePolicy', (r) =>
      JSON.stringify(r.Properties.Queues).includes(`"${queueId}"`),
    );
    const statements = (policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] })
      .Statement;
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
        expect.objectContaining({
          Effect: 'Allow',
          Action: 'sqs:SendMessage',
          Principal: { Service: 'events.amazonaws.com' },
          Condition: { ArnEquals: { 'aws:SourceArn': ruleArn } },
        }),
      ]),
    );
  });

  it('is a Node.js 24 arm64 function with 1 GB and 5 minutes that never runs twice at once', () => {
    const fn = apiTemplate.toJSON().Resources[jobId] as Resource;
    expect(fn.Type).toBe('AWS::Lambda::Function');
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Timeout: 300,
      MemorySize: 1024,
      ReservedConcurrentExecutions: 1,
    });
    // The same table as the route functions; no cursor secret (the job makes no cursor).
    const variables = (r: Resource) =>
      (r.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    const route = apiTemplate.toJSON().Resources[
      logicalId(fnOf(routes[0]?.id ?? '').node.defaultChild)
    ] as Resource;
    expect(variables(fn).TABLE_NAME).toBeDefined();
    expect(variables(fn).TABLE_NAME).toEqual(variables(route).TABLE_NAME);
    expect(Object.keys(variables(fn)).filter((n) => n.startsWith('CURSOR_SECRET'))).toEqual([]);
  });

  it('is not retried by Lambda, and a queued event older than 15 minutes is dropped', () => {
    const config = only('AWS::Lambda::EventInvokeConfig', (r) =>
      JSON.stringify(r.Properties.FunctionName).includes(`"${jobId}"`),
    );
    expect(config.Properties).toMatchObject({
      FunctionName: { Ref: jobId },
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 900,
    });
  });

  it('may read and write its own key prefixes and query the ranking index, and never scan', () => {
    // The keys themselves: test/infra/least-privilege.test.ts.
    const dynamo = statementsOf(job).filter((st) => actionsIn([st]).some((a) => a.startsWith('dynamodb:')));
    const actions = actionsIn(dynamo);
    expect([...new Set(actions)].sort()).toEqual(
      [
        'dynamodb:Query',
        'dynamodb:GetItem',
        'dynamodb:BatchGetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:ConditionCheckItem',
      ].sort(),
    );
    expect(actions).not.toContain('dynamodb:Scan');
    for (const st of dynamo) {
      expect(st.Effect).toBe('Allow');
      expect(JSON.stringify(st.Condition)).toContain('dynamodb:LeadingKeys');
    }
    const resources = JSON.stringify(dynamo.map((st) => st.Resource));
    expect(resources).toContain('/index/ranking');
    for (const index of Object.keys(tableDefinition.indexes).filter((i) => i !== 'ranking'))
      expect(resources, index).not.toContain(`/index/${index}`);
  });
});

describe('leaderboard rebuild (Step Functions Distributed Map over the marker shards)', () => {
  const rebuild = api.leaderboardRebuild;
  const machineId = logicalId(rebuild.stateMachine.node.defaultChild);
  const stepId = logicalId(rebuild.fn.node.defaultChild);
  const machine = apiTemplate.toJSON().Resources[machineId];
  /** The definition, each token written as a placeholder. */
  const definition = (() => {
    const parts = machine.Properties.DefinitionString['Fn::Join'][1] as unknown[];
    return JSON.parse(parts.map((p) => (typeof p === 'string' ? p : 'TOKEN')).join(''));
  })();

  it('fans out over the 8 shards, 8 at once, each a standard child execution looping until drained, then settles', () => {
    expect(definition.StartAt).toBe('Every shard');
    expect(definition.States['Every shard']).toMatchObject({
      Type: 'Pass',
      Result: { shards: [0, 1, 2, 3, 4, 5, 6, 7] },
      Next: 'Shards',
    });
    const map = definition.States.Shards;
    expect(map).toMatchObject({
      Type: 'Map',
      ItemsPath: '$.shards',
      MaxConcurrency: 8,
      ItemSelector: { 'shard.$': '$$.Map.Item.Value', touched: [], governorates: {} },
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: 'Segment',
      },
      Next: 'Settle',
    });
    const inner = map.ItemProcessor.States;
    expect(inner.Segment).toMatchObject({
      Type: 'Task',
      Parameters: { Payload: { step: 'segment', 'shard.$': '$.shard', 'touched.$': '$.touched' } },
      Next: 'Shard drained?',
    });
    expect(inner.Segment.Retry.length).toBeGreaterThan(0);
    expect(inner['Shard drained?']).toMatchObject({
      Type: 'Choice',
      Choices: [{ Variable: '$.done', BooleanEquals: true, Next: 'Shard done' }],
      Default: 'Segment',
    });
    expect(definition.States.Settle).toMatchObject({
      Type: 'Task',
      Parameters: { Payload: { step: 'settle', 'segments.$': '$' } },
      End: true,
    });
  });

  it('logs every execution, traces it, and gives up after 12 hours', () => {
    expect(machine.Properties).toMatchObject({
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false },
    });
    expect(definition.TimeoutSeconds).toBe(12 * 3600);
  });

  it("runs each segment in a Lambda of at most 15 minutes with the job's table access and nothing more", () => {
    expect(apiTemplate.toJSON().Resources[stepId].Properties).toMatchObject({
      Timeout: 900,
      MemorySize: 1024,
    });
    const dynamo = statementsOf(rebuild.fn)
      .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]))
      .filter((a) => String(a).startsWith('dynamodb:'));
    const jobDynamo = statementsOf(api.leaderboardJob)
      .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]))
      .filter((a) => String(a).startsWith('dynamodb:'));
    expect(dynamo.sort()).toEqual(jobDynamo.sort());
    expect(dynamo).not.toContain('dynamodb:Scan');
  });

  it('may invoke the step function only, and start only its own child executions', () => {
    const roleId = logicalId(rebuild.stateMachine.role.node.defaultChild);
    const statements = resources(apiTemplate, 'AWS::IAM::Policy')
      .filter(([, p]) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
      .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
    const actions = statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])).map(String);
    expect(actions.filter((a) => a.startsWith('dynamodb:'))).toEqual([]);
    expect(actions.filter((a) => a.startsWith('lambda:'))).toEqual(['lambda:InvokeFunction']);
    const invoke = statements.find((s) => JSON.stringify(s.Action) === '"lambda:InvokeFunction"');
    expect(JSON.stringify(invoke?.Resource)).toContain(`"${stepId}"`);
    // Every other function in the stack is out of reach.
    for (const [id] of resources(apiTemplate, 'AWS::Lambda::Function'))
      if (id !== stepId) expect(JSON.stringify(invoke?.Resource)).not.toContain(`"${id}"`);
    const start = statements.find((s) => JSON.stringify(s.Action) === '"states:StartExecution"');
    expect(start?.Resource).toEqual({ Ref: machineId });
  });
});
