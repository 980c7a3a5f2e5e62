/**
 * The delivery stack (infra/stacks/delivery-stack.ts): only when `githubRepository` is given;
 * GitHub's OIDC provider; roles that trust tokens of that repository alone, for AWS STS, with
 * exact `sub` conditions (pull requests for the diff role, one GitHub environment per deploy
 * role), and that may only assume the roles `cdk bootstrap` made; cdk-nag clean.
 */
import { Aspects, type Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { DELIVERY_STACK_NAME } from '#infra/stacks/delivery-stack.ts';
import { newApp, type Resource, resources } from './synth.ts';

const REPO = 'oman-smart-city/ambassadors-backend';
const ISSUER = 'token.actions.githubusercontent.com';

const deliveryOf = (context: Record<string, unknown>) => {
  const { app } = newApp(context);
  const stack = app.node.tryFindChild(DELIVERY_STACK_NAME) as Stack | undefined;
  return { app, stack, template: stack ? Template.fromStack(stack) : undefined };
};

/** An ARN as CloudFormation will spell it, pseudo parameters left as `${AWS::…}`. */
const flat = (v: unknown): string => {
  if (typeof v === 'string') return v;
  const o = v as Record<string, any>;
  if (o['Fn::Join']) return (o['Fn::Join'][1] as unknown[]).map(flat).join(o['Fn::Join'][0]);
  if (o.Ref) return `\${${o.Ref}}`;
  if (o['Fn::GetAtt']) return `\${${o['Fn::GetAtt'].join('.')}}`;
  return JSON.stringify(v);
};

const roles = (template: Template): Record<string, Resource> =>
  Object.fromEntries(resources(template, 'AWS::IAM::Role').map(([, r]) => [r.Properties.RoleName, r]));

/** What each role may do: its policies' statements, flattened. */
const permissionsOf = (template: Template, roleLogicalId: string) =>
  resources(template, 'AWS::IAM::Policy')
    .filter(([, p]) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleLogicalId))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Record<string, any>[])
    .map((s) => ({
      Effect: s.Effect,
      Action: s.Action,
      Resource: ([] as unknown[]).concat(s.Resource).map(flat).sort(),
    }));

const logicalIdOf = (template: Template, roleName: string) =>
  resources(template, 'AWS::IAM::Role').find(([, r]) => r.Properties.RoleName === roleName)?.[0] ?? '';

const bootstrapRole = (kind: string) =>
  `arn:aws:iam::\${AWS::AccountId}:role/cdk-hnb659fds-${kind}-role-\${AWS::AccountId}-me-south-1`;

describe('the delivery stack', () => {
  it('exists only when context githubRepository names a repository', () => {
    expect(deliveryOf({}).stack).toBeUndefined();
    const { stack } = deliveryOf({ githubRepository: REPO });
    expect(stack?.stackName).toBe('SmartCityAmbassadors-Delivery');
    expect(stack?.terminationProtection).toBe(true);
    for (const bad of ['', 'ambassadors', 'owner/name/extra', 'own er/name', '*/*', 'owner/*'])
      expect(() => deliveryOf({ githubRepository: bad }), bad).toThrow(/githubRepository/);
  });

  it("creates GitHub's OIDC provider for AWS STS (or references the account's own)", () => {
    const { template } = deliveryOf({ githubRepository: REPO });
    const providers = resources(template as Template, 'AWS::IAM::OIDCProvider');
    expect(providers).toHaveLength(1);
    expect(providers[0]?.[1].Properties).toMatchObject({
      Url: `https://${ISSUER}`,
      ClientIdList: ['sts.amazonaws.com'],
    });

    const existing = 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com';
    const reused = deliveryOf({ githubRepository: REPO, githubOidcProviderArn: existing })
      .template as Template;
    expect(resources(reused, 'AWS::IAM::OIDCProvider')).toEqual([]);
    for (const role of Object.values(roles(reused)))
      expect(role.Properties.AssumeRolePolicyDocument.Statement[0].Principal).toEqual({
        Federated: existing,
      });
    expect(() =>
      deliveryOf({ githubRepository: REPO, githubOidcProviderArn: 'arn:aws:iam::123456789012:role/x' }),
    ).toThrow(/githubOidcProviderArn/);
  });

  it('trusts tokens of that repository only, for STS, with an exact sub: pull requests, or one environment', () => {
    const { template } = deliveryOf({ githubRepository: REPO });
    const byName = roles(template as Template);
    expect(Object.keys(byName).sort()).toEqual([
      'smart-city-ambassadors-github-deploy-dev',
      'smart-city-ambassadors-github-deploy-prod',
      'smart-city-ambassadors-github-diff',
    ]);
    const subs: Record<string, string> = {
      'smart-city-ambassadors-github-diff': `repo:${REPO}:pull_request`,
      'smart-city-ambassadors-github-deploy-dev': `repo:${REPO}:environment:dev`,
      'smart-city-ambassadors-github-deploy-prod': `repo:${REPO}:environment:prod`,
    };
    for (const [name, role] of Object.entries(byName)) {
      // One statement, exact conditions: no StringLike, no wildcard, no other principal.
      const [statement, ...others] = role.Properties.AssumeRolePolicyDocument.Statement;
      expect(others, name).toEqual([]);
      expect(statement, name).toEqual({
        Effect: 'Allow',
        Action: 'sts:AssumeRoleWithWebIdentity',
        Principal: { Federated: { Ref: expect.stringMatching(/^GitHub/) } },
        Condition: {
          StringEquals: { [`${ISSUER}:aud`]: 'sts.amazonaws.com', [`${ISSUER}:sub`]: subs[name] },
        },
      });
      expect(role.Properties.ManagedPolicyArns, name).toBeUndefined();
      expect(role.Properties.Policies, name).toBeUndefined();
    }
  });

  it('lets the diff role assume the bootstrap lookup role only, and each deploy role the deploy and file-publishing roles only', () => {
    const template = deliveryOf({ githubRepository: REPO }).template as Template;
    expect(permissionsOf(template, logicalIdOf(template, 'smart-city-ambassadors-github-diff'))).toEqual([
      { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: [bootstrapRole('lookup')] },
    ]);
    for (const stage of ['dev', 'prod'])
      expect(
        permissionsOf(template, logicalIdOf(template, `smart-city-ambassadors-github-deploy-${stage}`)),
        stage,
      ).toEqual([
        {
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Resource: [bootstrapRole('deploy'), bootstrapRole('file-publishing')],
        },
      ]);
    // A custom bootstrap qualifier is followed.
    const custom = deliveryOf({ githubRepository: REPO, '@aws-cdk/core:bootstrapQualifier': 'sca2026' })
      .template as Template;
    expect(
      permissionsOf(custom, logicalIdOf(custom, 'smart-city-ambassadors-github-diff'))[0]?.Resource,
    ).toEqual([bootstrapRole('lookup').replace('hnb659fds', 'sca2026')]);
  });

  it('makes deploy roles for the stages asked for (deliveryStages), never for an unknown stage', () => {
    const template = deliveryOf({ githubRepository: REPO, deliveryStages: 'prod' }).template as Template;
    expect(Object.keys(roles(template)).sort()).toEqual([
      'smart-city-ambassadors-github-deploy-prod',
      'smart-city-ambassadors-github-diff',
    ]);
    expect(() => deliveryOf({ githubRepository: REPO, deliveryStages: 'prod,qa' })).toThrow(/qa/);
  });

  it('is clean under cdk-nag AwsSolutions and Serverless', () => {
    const { stack } = deliveryOf({ githubRepository: REPO });
    Aspects.of(stack as Stack).add(new AwsSolutionsChecks());
    Aspects.of(stack as Stack).add(new ServerlessChecks());
    const packs = Match.stringLikeRegexp('(AwsSolutions|Serverless)-.*');
    const findings = [
      ...Annotations.fromStack(stack as Stack).findError('*', packs),
      ...Annotations.fromStack(stack as Stack).findWarning('*', packs),
    ].map((f) => `${f.id}: ${String(f.entry.data).split('\n')[0]}`);
    expect(findings).toEqual([]);
  });
});
