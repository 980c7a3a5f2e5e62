/**
 * Identity (docs/identity.md) as synthesized: the feature plan, TOTP, the two app clients and
 * their token lifetimes and attributes, SES per stage, the pre-token trigger, and
 * cognito-idp:AdminDeleteUser on the erasure function alone.
 */
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { STAFF_GROUP as GATED_GROUP } from '#functions/identity/staff-gate.ts';
import { ERASURE_ROUTE_ID } from '#infra/stacks/api-stack.ts';
import { STAFF_GROUP, STAFF_REFRESH_HOURS } from '#infra/stacks/data-stack.ts';
import { parseStageSettings } from '#infra/stage.ts';
import { logicalIdIn, newApp, resources, templateOf } from './synth.ts';

const PROD_EMAIL = { identity: 'example.om', from: 'no-reply@example.om' };

const dev = newApp();
const devData = templateOf(dev.data);
const devApi = templateOf(dev.api);

const clientsOf = (t: Template) => resources(t, 'AWS::Cognito::UserPoolClient');
const clientNamed = (t: Template, stack: typeof dev.data, which: 'AppClient' | 'InternalToolClient') => {
  const id = logicalIdIn(
    stack,
    (which === 'AppClient' ? stack.userPoolClient : stack.staffClient).node.defaultChild,
  );
  const found = clientsOf(t).find(([lid]) => lid === id);
  if (!found) throw new Error(`no ${which}`);
  return found[1].Properties;
};

describe('user pool', () => {
  it('makes the staff group the trigger gates', () => {
    expect(STAFF_GROUP).toBe(GATED_GROUP);
    devData.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: GATED_GROUP });
  });

  it('is on the Lite feature plan, chosen explicitly', () => {
    devData.hasResourceProperties('AWS::Cognito::UserPool', { UserPoolTier: 'LITE' });
  });

  it('offers TOTP only, optional for the pool (required for staff by the trigger)', () => {
    devData.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
    });
  });

  it('has a pre token generation trigger that may read MFA settings of this pool only', () => {
    const triggerId = logicalIdIn(dev.data, dev.data.preTokenTrigger.node.defaultChild);
    devData.hasResourceProperties('AWS::Cognito::UserPool', {
      LambdaConfig: { PreTokenGeneration: { 'Fn::GetAtt': [triggerId, 'Arn'] } },
    });
    const poolId = logicalIdIn(dev.data, dev.data.userPool.node.defaultChild);
    const statements = resources(devData, 'AWS::IAM::Policy').flatMap(
      ([, p]) => p.Properties.PolicyDocument.Statement as { Action: unknown; Resource: unknown }[],
    );
    const cognitoStatements = statements.filter((s) => JSON.stringify(s.Action).includes('cognito-idp'));
    expect(cognitoStatements).toEqual([
      expect.objectContaining({
        Action: 'cognito-idp:AdminGetUser',
        Resource: { 'Fn::GetAtt': [poolId, 'Arn'] },
      }),
    ]);
  });

  it('sends with Cognito on dev (no email setting) and with SES from the email setting elsewhere', () => {
    const pool = resources(devData, 'AWS::Cognito::UserPool')[0]?.[1].Properties;
    expect(pool?.EmailConfiguration?.EmailSendingAccount ?? 'COGNITO_DEFAULT').toBe('COGNITO_DEFAULT');

    const prod = newApp({ stage: 'prod' });
    templateOf(prod.data).hasResourceProperties('AWS::Cognito::UserPool', {
      EmailConfiguration: Match.objectLike({
        EmailSendingAccount: 'DEVELOPER',
        From: Match.stringLikeRegexp('no-reply@example\\.om'),
        SourceArn: Match.objectLike({
          'Fn::Join': Match.arrayWith([Match.arrayWith([':identity/example.om'])]),
        }),
      }),
    });

    const withSet = newApp({
      stage: 'prod',
      email: JSON.stringify({ ...PROD_EMAIL, configurationSet: 'cognito-mail' }),
    });
    templateOf(withSet.data).hasResourceProperties('AWS::Cognito::UserPool', {
      EmailConfiguration: Match.objectLike({ ConfigurationSet: 'cognito-mail' }),
    });
  });

  it('refuses a stage other than dev without the email setting, naming it', () => {
    expect(() =>
      parseStageSettings('staging', { allowedOrigins: ['https://a.example.om'], alarmEmail: 'o@example.om' }),
    ).toThrow(/stage staging: email is required outside dev/);
    expect(() => newApp({ stage: 'prod', email: '' })).toThrow(/email/);
    expect(parseStageSettings('dev', {}).email).toBeUndefined();
  });
});

describe('app clients', () => {
  it('are two: the apps (AppClient) and the internal tool (InternalToolClient)', () => {
    expect(clientsOf(devData)).toHaveLength(2);
  });

  it("gives the internal tool's tokens staffTokenMinutes, and refresh for a working day at most", () => {
    const staff = clientNamed(devData, dev.data, 'InternalToolClient');
    expect(staff).toMatchObject({
      IdTokenValidity: dev.stage.staffTokenMinutes,
      AccessTokenValidity: dev.stage.staffTokenMinutes,
      RefreshTokenValidity: STAFF_REFRESH_HOURS * 60,
      TokenValidityUnits: { IdToken: 'minutes', AccessToken: 'minutes', RefreshToken: 'minutes' },
      GenerateSecret: false,
    });
    expect(STAFF_REFRESH_HOURS).toBeLessThanOrEqual(8);
    expect(dev.stage.staffTokenMinutes).toBe(15);

    const other = newApp({ staffTokenMinutes: 10 });
    expect(clientNamed(templateOf(other.data), other.data, 'InternalToolClient').IdTokenValidity).toBe(10);
  });

  it('read and write only what the apps use: the email', () => {
    const app = clientNamed(devData, dev.data, 'AppClient');
    expect([...app.ReadAttributes].sort()).toEqual(['email', 'email_verified']);
    expect(app.WriteAttributes).toEqual(['email']);
    const staff = clientNamed(devData, dev.data, 'InternalToolClient');
    expect([...staff.ReadAttributes].sort()).toEqual(['email', 'email_verified']);
    expect(staff.WriteAttributes ?? []).toEqual([]);
  });
});

describe('API stack', () => {
  it('lets both clients through the authorizer', () => {
    const audience = resources(devApi, 'AWS::ApiGatewayV2::Authorizer')[0]?.[1].Properties.JwtConfiguration
      .Audience as unknown[];
    expect(audience).toHaveLength(2);
    const text = JSON.stringify(audience);
    expect(text).toContain(logicalIdIn(dev.data, dev.data.userPoolClient.node.defaultChild));
    expect(text).toContain(logicalIdIn(dev.data, dev.data.staffClient.node.defaultChild));
  });

  it('tells every route function the staff client, and the erasure function alone the pool', () => {
    for (const [routeId, fn] of dev.api.functions) {
      const props = resources(devApi, 'AWS::Lambda::Function').find(
        ([lid]) => lid === logicalIdIn(dev.api, fn.node.defaultChild),
      )?.[1].Properties;
      const env = props?.Environment.Variables as Record<string, unknown>;
      expect(JSON.stringify(env.STAFF_CLIENT_ID), routeId).toContain('InternalToolClient');
      expect('USER_POOL_ID' in env, routeId).toBe(routeId === ERASURE_ROUTE_ID);
    }
  });

  it('grants cognito-idp:AdminDeleteUser to the erasure function alone', () => {
    const erasureRole = logicalIdIn(
      dev.api,
      dev.api.functions.get(ERASURE_ROUTE_ID)?.role?.node.defaultChild,
    );
    const granting = resources(devApi, 'AWS::IAM::Policy').filter(([, p]) =>
      JSON.stringify(p.Properties.PolicyDocument).includes('cognito-idp:'),
    );
    expect(granting).toHaveLength(1);
    const [, policy] = granting[0] ?? [];
    expect(policy?.Properties.Roles).toEqual([{ Ref: erasureRole }]);
    const statements = (policy?.Properties.PolicyDocument.Statement ?? []) as { Action: unknown }[];
    const statement = statements.find((s) => JSON.stringify(s.Action).includes('cognito-idp'));
    expect(statement?.Action).toBe('cognito-idp:AdminDeleteUser');
  });
});
