/**
 * The cursor secret in the templates: read at run time by the routes that take a cursor and
 * by no other function, never an environment value; rotated every 90 days by its own
 * function; retained, and protected from deletion by a deny policy.
 */
import { Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { SECRET_LENGTH } from '#functions/rotation/steps.ts';
import { routes } from '#http/routes/index.ts';
import { answersWithCursor, cursorRouteIds } from '#infra/stacks/cursor-routes.ts';
import { logicalIdIn, newApp, resources, templateOf } from './synth.ts';

const dev = newApp();
const prod = newApp({
  stage: 'prod',
  email: { identity: 'example.om', from: 'no-reply@example.om' },
  alarmEmail: 'ops@example.om',
});

const CURSOR_ROUTES = [
  'exportMe',
  'listAmbassadors',
  'listLectures',
  'listUpcomingLectures',
  'listMyLectures',
  'lectureQueue',
  'listCheckIns',
  'listResources',
  'listIdeas',
  'listMyIdeas',
  'ideaQueue',
  'listComments',
  'listShowcase',
  'listNotifications',
  'myPoints',
];
/** The routes reading an email's unsubscribe token, signed with a key derived from the same secret. */
const TOKEN_ROUTES = ['unsubscribePage', 'unsubscribe'];
/** The routes making or checking a lecture's check-in code, whose key is derived from it too (§12). */
const CHECKIN_ROUTES = ['getCheckinCode', 'checkIn', 'guestCheckIn'];
/** In the route table's order. */
const SECRET_ROUTES = routes
  .map((r) => r.id)
  .filter((id) => [...CURSOR_ROUTES, ...TOKEN_ROUTES, ...CHECKIN_ROUTES].includes(id));

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Principal?: unknown };

describe.each([
  ['dev', dev],
  ['prod', prod],
])('the cursor secret (%s)', (_stage, { data, api }) => {
  const dataTemplate = templateOf(data);
  const apiTemplate = templateOf(api);
  const secretId = logicalIdIn(data, data.cursorSecret.node.defaultChild);

  it('is in no environment variable of any function, as a value or a reference', () => {
    for (const template of [dataTemplate, apiTemplate])
      for (const [id, fn] of resources(template, 'AWS::Lambda::Function')) {
        const variables = (fn.Properties.Environment?.Variables ?? {}) as Record<string, unknown>;
        expect(Object.keys(variables), id).not.toContain('CURSOR_SECRET');
        expect(Object.keys(variables), id).not.toContain('CURSOR_SECRET_PREVIOUS');
        expect(JSON.stringify(variables), id).not.toContain('resolve:secretsmanager');
      }
    expect(JSON.stringify(apiTemplate.toJSON())).not.toContain('resolve:secretsmanager');
  });

  it('reaches exactly the routes that take a cursor or an unsubscribe token: their ARN variable and GetSecretValue on it alone', () => {
    const withArn: string[] = [];
    const withGrant: string[] = [];
    for (const [routeId, fn] of api.functions) {
      const cfn = apiTemplate.toJSON().Resources[logicalIdIn(api, fn.node.defaultChild)];
      const arn = cfn.Properties.Environment.Variables.CURSOR_SECRET_ARN;
      if (arn !== undefined) {
        withArn.push(routeId);
        expect(JSON.stringify(arn), routeId).toContain(secretId);
      }
      const roleId = logicalIdIn(api, fn.role?.node.defaultChild);
      const statements = resources(apiTemplate, 'AWS::IAM::Policy')
        .filter(([, p]) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
        .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]);
      const secretStatements = statements.filter((s) => JSON.stringify(s.Action).includes('secretsmanager:'));
      if (secretStatements.length) {
        withGrant.push(routeId);
        expect(secretStatements, routeId).toEqual([
          { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: arn },
        ]);
      }
    }
    expect(withArn).toEqual(SECRET_ROUTES);
    expect(withGrant).toEqual(SECRET_ROUTES);
    // The list is derived from the query schemas, and every route answering a page takes a cursor.
    expect(cursorRouteIds()).toEqual(SECRET_ROUTES);
    expect(routes.filter(answersWithCursor).map((r) => r.id)).toEqual(CURSOR_ROUTES);
    // The job and the rebuild step make no cursor: no ARN, no grant.
    for (const fn of [api.leaderboardJob, api.leaderboardRebuild.fn]) {
      const cfn = apiTemplate.toJSON().Resources[logicalIdIn(api, fn.node.defaultChild)];
      expect(Object.keys(cfn.Properties.Environment.Variables)).not.toContain('CURSOR_SECRET_ARN');
    }
    // And the two that write emails (each signs its unsubscribe links): the consumer, the digest.
    for (const fn of [api.notifications.consumer, api.notifications.digestJob]) {
      const cfn = apiTemplate.toJSON().Resources[logicalIdIn(api, fn.node.defaultChild)];
      expect(JSON.stringify(cfn.Properties.Environment.Variables.CURSOR_SECRET_ARN)).toContain(secretId);
    }
    const everyPolicy = JSON.stringify(resources(apiTemplate, 'AWS::IAM::Policy').map(([, p]) => p));
    expect(everyPolicy.match(/secretsmanager:/g)).toHaveLength(SECRET_ROUTES.length + 2);
  });

  it('is retained, and a resource policy denies DeleteSecret to the account (retained too)', () => {
    const secret = dataTemplate.toJSON().Resources[secretId];
    expect(secret.Type).toBe('AWS::SecretsManager::Secret');
    expect(secret.DeletionPolicy).toBe('Retain');
    // Its first value is as long as each rotation's.
    expect(secret.Properties.GenerateSecretString).toEqual({
      PasswordLength: SECRET_LENGTH,
      ExcludePunctuation: true,
    });
    expect(secret.UpdateReplacePolicy).toBe('Retain');
    const policies = resources(dataTemplate, 'AWS::SecretsManager::ResourcePolicy');
    expect(policies).toHaveLength(1);
    const [, policy] = policies[0] as [string, { Properties: any; DeletionPolicy?: string }];
    expect(policy.Properties.SecretId).toEqual({ Ref: secretId });
    expect(policy.DeletionPolicy).toBe('Retain');
    expect(policy.Properties.ResourcePolicy.Statement).toEqual([
      {
        Effect: 'Deny',
        Principal: { AWS: { 'Fn::Join': ['', ['arn:aws:iam::', { Ref: 'AWS::AccountId' }, ':root']] } },
        Action: 'secretsmanager:DeleteSecret',
        Resource: '*',
      },
    ]);
  });

  it('rotates every 90 days with its own function, which may touch this secret only', () => {
    const rotationId = logicalIdIn(data, data.cursorSecretProtection.rotation.node.defaultChild);
    dataTemplate.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      SecretId: { Ref: secretId },
      RotationLambdaARN: { 'Fn::GetAtt': [rotationId, 'Arn'] },
      RotationRules: { ScheduleExpression: 'rate(90 days)' },
      RotateImmediatelyOnUpdate: false,
    });
    dataTemplate.hasResourceProperties('AWS::Lambda::Permission', {
      FunctionName: { 'Fn::GetAtt': [rotationId, 'Arn'] },
      Principal: 'secretsmanager.amazonaws.com',
    });
    const fn = dataTemplate.toJSON().Resources[rotationId];
    expect(fn.Properties.Runtime).toBe('nodejs24.x');
    const roleId = logicalIdIn(data, data.cursorSecretProtection.rotation.role?.node.defaultChild);
    const statements = resources(dataTemplate, 'AWS::IAM::Policy')
      .filter(([, p]) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]);
    const secretActions = statements.filter((s) => JSON.stringify(s.Action).includes('secretsmanager:'));
    for (const s of secretActions) {
      const actions = [s.Action].flat();
      if (actions.includes('secretsmanager:GetRandomPassword')) {
        // Only actions that take no resource share its statement (X-Ray's, from active tracing).
        expect(
          actions.filter((a) => !a.startsWith('xray:')),
          'GetRandomPassword takes no resource: no other secret action in its statement',
        ).toEqual(['secretsmanager:GetRandomPassword']);
        expect(s.Resource).toBe('*');
      } else expect(JSON.stringify(s.Resource), JSON.stringify(actions)).toContain(secretId);
    }
    const granted = new Set(
      secretActions.flatMap((s) => [s.Action].flat()).filter((a) => a.startsWith('secretsmanager:')),
    );
    expect([...granted].sort()).toEqual([
      'secretsmanager:DescribeSecret',
      'secretsmanager:GetRandomPassword',
      'secretsmanager:GetSecretValue',
      'secretsmanager:PutSecretValue',
      'secretsmanager:UpdateSecretVersionStage',
    ]);
    expect(JSON.stringify(statements)).not.toContain('dynamodb:');
    expect(JSON.stringify(statements)).not.toContain('secretsmanager:DeleteSecret');
  });
});

it('the stages have secrets of their own', () => {
  expect(dev.data.stackName).not.toBe(prod.data.stackName);
  expect(Stack.of(prod.data.cursorSecret).stackName).toBe(prod.data.stackName);
  templateOf(prod.data).resourceCountIs('AWS::SecretsManager::Secret', 1);
  templateOf(prod.data).hasResource(
    'AWS::SecretsManager::Secret',
    Match.objectLike({ DeletionPolicy: 'Retain' }),
  );
});
