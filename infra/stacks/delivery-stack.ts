/**
 * The delivery pipeline's foothold in an AWS account (docs/delivery.md): GitHub's OpenID
 * Connect provider and the roles the GitHub Actions workflows assume with it, so that no
 * long-lived access key exists anywhere. Created only when context `githubRepository`
 * (`owner/name`) is given, and deployed by a person once per account:
 * `npx cdk deploy SmartCityAmbassadors-Delivery -c githubRepository=owner/name`.
 *
 * Each role trusts tokens of GitHub's issuer, for AWS STS (`aud`), from that one repository
 * (`sub`), and may do one thing only: assume roles `cdk bootstrap` created, which carry the
 * actual permissions (and are scoped to the bootstrap's qualifier, account and region).
 * - `…-github-diff`: jobs of the repository's pull requests (`repo:<repo>:pull_request`). It may
 *   assume the bootstrap lookup role only (read-only, and denied kms:Decrypt), which is all
 *   `cdk diff --method template` needs. GitHub gives no OIDC token to pull requests from forks.
 * - `…-github-deploy-<stage>`: jobs running in the repository's GitHub environment `<stage>`
 *   (`repo:<repo>:environment:<stage>`), one role per stage, so that a job of the `dev`
 *   environment can never deploy prod, and prod's environment rules (required reviewers,
 *   main only) guard the prod role. It may assume the bootstrap deploy and file-publishing
 *   roles only: CloudFormation's execution role does the deploying.
 */
import { Arn, CfnOutput, DefaultStackSynthesizer, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { APP_NAME } from '../stage.ts';

export const DELIVERY_STACK_NAME = `${APP_NAME}-Delivery`;
export const GITHUB_ISSUER = 'token.actions.githubusercontent.com';
/** The roles' names are fixed, so that a workflow spells a role's ARN from the account id alone. */
export const DELIVERY_ROLE_PREFIX = 'smart-city-ambassadors-github';

/** GitHub's rules for an owner (user or organization) and a repository name. */
const REPOSITORY = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;

export interface DeliveryProps extends StackProps {
  /** `owner/name` of the GitHub repository whose workflows may assume the roles. */
  repository: string;
  /** The stages (= GitHub environments) that get a deploy role. */
  stages: string[];
  /** The `cdk bootstrap` qualifier (`hnb659fds` unless the account was bootstrapped with another). */
  qualifier: string;
  /**
   * An OIDC provider for GitHub that the account already has (an account holds one per
   * issuer): the stack then only references it.
   */
  existingProviderArn?: string | undefined;
}

/** The DeliveryStack's props from context: `githubRepository`, `deliveryStages`, `githubOidcProviderArn`. */
export const deliveryPropsOf = (scope: Construct): Omit<DeliveryProps, keyof StackProps> => {
  const repository = String(scope.node.tryGetContext('githubRepository') ?? '').trim();
  if (!REPOSITORY.test(repository))
    throw new Error(
      `githubRepository must be owner/name of a GitHub repository, not ${JSON.stringify(repository)}`,
    );
  const configured = Object.keys(scope.node.tryGetContext('stages') ?? {});
  const asked = scope.node.tryGetContext('deliveryStages') as string | string[] | undefined;
  const stages = asked === undefined ? configured : typeof asked === 'string' ? asked.split(',') : asked;
  for (const s of stages)
    if (!configured.includes(s.trim()))
      throw new Error(`deliveryStages: ${s} is not a stage of cdk.json (${configured.join(', ')})`);
  const providerArn = scope.node.tryGetContext('githubOidcProviderArn') as string | undefined;
  if (
    providerArn !== undefined &&
    !/^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/.test(providerArn)
  )
    throw new Error(
      `githubOidcProviderArn must be the ARN of the account's GitHub OIDC provider, not ${providerArn}`,
    );
  return {
    repository,
    stages: stages.map((s) => s.trim()),
    qualifier:
      (scope.node.tryGetContext('@aws-cdk/core:bootstrapQualifier') as string | undefined) ??
      DefaultStackSynthesizer.DEFAULT_QUALIFIER,
    existingProviderArn: providerArn,
  };
};

export class DeliveryStack extends Stack {
  readonly diffRole: iam.Role;
  readonly deployRoles: Record<string, iam.Role>;

  constructor(scope: Construct, id: string, props: DeliveryProps) {
    super(scope, id, { terminationProtection: true, ...props });

    const provider = props.existingProviderArn
      ? iam.OidcProviderNative.fromOidcProviderArn(this, 'GitHub', props.existingProviderArn)
      : new iam.OidcProviderNative(this, 'GitHub', {
          url: `https://${GITHUB_ISSUER}`,
          clientIds: ['sts.amazonaws.com'],
        });

    /** Tokens of that repository whose `sub` is exactly this one, issued for AWS STS. */
    const githubPrincipal = (sub: string) =>
      new iam.WebIdentityPrincipal(provider.oidcProviderArn, {
        StringEquals: {
          [`${GITHUB_ISSUER}:aud`]: 'sts.amazonaws.com',
          [`${GITHUB_ISSUER}:sub`]: `repo:${props.repository}:${sub}`,
        },
      });

    /** A role `cdk bootstrap` made in this account and region (`lookup`, `deploy`, `file-publishing`). */
    const bootstrapRole = (kind: string) =>
      Arn.format(
        {
          service: 'iam',
          region: '',
          resource: 'role',
          resourceName: `cdk-${props.qualifier}-${kind}-role-${this.account}-${this.region}`,
        },
        this,
      );
    const mayAssume = (role: iam.Role, kinds: string[]) =>
      role.addToPolicy(
        new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: kinds.map(bootstrapRole) }),
      );

    this.diffRole = new iam.Role(this, 'DiffRole', {
      roleName: `${DELIVERY_ROLE_PREFIX}-diff`,
      description: `cdk diff on pull requests of ${props.repository}: may assume the CDK lookup role only`,
      assumedBy: githubPrincipal('pull_request'),
    });
    mayAssume(this.diffRole, ['lookup']);
    new CfnOutput(this, 'DiffRoleArn', { value: this.diffRole.roleArn });

    this.deployRoles = {};
    for (const stage of props.stages) {
      const role = new iam.Role(this, `DeployRole-${stage}`, {
        roleName: `${DELIVERY_ROLE_PREFIX}-deploy-${stage}`,
        description: `Deploys stage ${stage} from the GitHub environment ${stage} of ${props.repository}`,
        assumedBy: githubPrincipal(`environment:${stage}`),
      });
      mayAssume(role, ['deploy', 'file-publishing']);
      new CfnOutput(this, `DeployRoleArn-${stage}`, { value: role.roleArn });
      this.deployRoles[stage] = role;
    }
  }
}
