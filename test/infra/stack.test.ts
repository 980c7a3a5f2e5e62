/**
 * CDK assertions. Every expectation is derived from the route table and the table
 * definition, so a route or an index added there is checked here without editing this file.
 */
import { readFileSync } from 'node:fs';
import { App, type CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { routes } from '../../functions/http/routes.ts';
import { tableDefinition } from '../../functions/store/table.ts';
import { defineStacks } from '../../infra/app.ts';
import { STAFF_GROUP } from '../../infra/stacks/data-stack.ts';

// The same context (feature flags included) as `cdk synth`, minus esbuild: no stack is bundled.
const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown>;
};
const app = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
const { data, api } = defineStacks(app);
const dataTemplate = Template.fromStack(data);
const apiTemplate = Template.fromStack(api);

type Resource = { Type: string; Properties: Record<string, unknown> };
const resources = (template: Template, type: string): [string, Resource][] =>
  Object.entries(template.findResources(type)) as [string, Resource][];

const logicalId = (element: unknown): string => api.getLogicalId(element as CfnElement);
const fnOf = (routeId: string) => {
  const fn = api.functions.get(routeId);
  if (!fn) throw new Error(`no function for route ${routeId}`);
  return fn;
};

/** Every IAM action granted to the function of `routeId` (through its role's policies). */
const actionsOf = (routeId: string): string[] => {
  const roleId = logicalId(fnOf(routeId).role?.node.defaultChild);
  return resources(apiTemplate, 'AWS::IAM::Policy')
    .filter(([, p]) =>
      (p.Properties.Roles as unknown[]).some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleId })),
    )
    .flatMap(
      ([, p]) => (p.Properties.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement,
    )
    .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
};

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

  it('has one Lambda function per route plus the leaderboard job, all Node.js 24 on arm64 with their config', () => {
    const functions = resources(apiTemplate, 'AWS::Lambda::Function');
    expect(functions).toHaveLength(routes.length + 1);
    for (const [id, fn] of functions) {
      expect(fn.Properties.Runtime, id).toBe('nodejs24.x');
      expect(fn.Properties.Architectures, id).toEqual(['arm64']);
      expect(Object.keys((fn.Properties.Environment as { Variables: object }).Variables), id).toEqual(
        expect.arrayContaining(['TABLE_NAME', 'CURSOR_SECRET', 'POWERTOOLS_SERVICE_NAME', 'NODE_OPTIONS']),
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
      else expect(dynamo, spec.id).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
      for (const write of WRITE_ACTIONS) {
        if (spec.access === 'write') expect(dynamo, spec.id).toContain(write);
        else expect(dynamo, spec.id).not.toContain(write);
      }
      // No request may scan the table, so no request function may either.
      expect(dynamo, spec.id).not.toContain('dynamodb:Scan');
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
  const jobId = () => logicalId(api.leaderboardJob.node.defaultChild);
  const job = () => resources(apiTemplate, 'AWS::Lambda::Function').find(([id]) => id === jobId())?.[1];

  it('runs every 15 minutes, with retries and a dead-letter queue', () => {
    const rules = resources(apiTemplate, 'AWS::Events::Rule');
    expect(rules).toHaveLength(1);
    const rule = rules[0]?.[1].Properties as Record<string, any>;
    expect(rule.ScheduleExpression).toBe('rate(15 minutes)');
    expect(rule.Targets).toHaveLength(1);
    expect(rule.Targets[0]).toMatchObject({
      Arn: { 'Fn::GetAtt': [jobId(), 'Arn'] },
      RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 900 },
      DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } },
    });
    const queues = resources(apiTemplate, 'AWS::SQS::Queue');
    expect(queues.map(([id]) => id)).toContain(rule.Targets[0].DeadLetterConfig.Arn['Fn::GetAtt'][0]);
  });

  it('is a Node.js 24 arm64 function that never runs twice at once', () => {
    expect(job()?.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Timeout: 300,
      MemorySize: 1024,
      ReservedConcurrentExecutions: 1,
    });
  });

  it('may read and write the table, and never scan it', () => {
    const roleId = logicalId(api.leaderboardJob.role?.node.defaultChild);
    const actions = resources(apiTemplate, 'AWS::IAM::Policy')
      .filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(roleId))
      .flatMap(
        ([, p]) => (p.Properties.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement,
      )
      .flatMap((st) => (Array.isArray(st.Action) ? st.Action : [st.Action]));
    expect(actions).toEqual(
      expect.arrayContaining([
        'dynamodb:Query',
        'dynamodb:BatchGetItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:UpdateItem',
      ]),
    );
    expect(actions).not.toContain('dynamodb:Scan');
  });
});
