/**
 * The CDK app: a stateful stack (table, user pool, secret) and a stateless one (HTTP API and
 * its functions). `cdk synth` runs this file directly on Node.js 24 (type stripping); the
 * infra tests call `defineStacks` on an App of their own.
 */
import { App, type Environment, Tags } from 'aws-cdk-lib';
import { ApiStack } from './stacks/api-stack.ts';
import { DataStack } from './stacks/data-stack.ts';
import { DELIVERY_STACK_NAME, DeliveryStack, deliveryPropsOf } from './stacks/delivery-stack.ts';
import { DEFAULT_STAGE, stackName, stageOf } from './stage.ts';

export const defineStacks = (app: App) => {
  // The account of the caller's AWS profile, if any (synth needs no credentials). The region
  // comes from context `region` (me-south-1 in cdk.json; `-c region=...` to change it) before
  // the profile's: the CLI always sets CDK_DEFAULT_REGION, to us-east-1 when nothing is
  // configured, so a fallback after it would never apply.
  const env: Environment = {
    account: process.env.CDK_DEFAULT_ACCOUNT,
    region:
      (app.node.tryGetContext('region') as string | undefined) ??
      process.env.CDK_DEFAULT_REGION ??
      'me-south-1',
  };

  const stage = stageOf(app);
  const data = new DataStack(app, stackName(stage, 'Data'), {
    env,
    stage,
    // The table and the user pool: never deleted by a stray `cdk destroy` outside dev.
    terminationProtection: stage.terminationProtection || stage.name !== DEFAULT_STAGE,
    description: 'Smart City Ambassadors: table, user pool and secrets (stateful)',
  });

  const api = new ApiStack(app, stackName(stage, 'Api'), {
    env,
    stage,
    terminationProtection: stage.terminationProtection,
    description: 'Smart City Ambassadors: HTTP API and functions (stateless)',
    table: data.table,
    userPool: data.userPool,
    userPoolClient: data.userPoolClient,
    staffClient: data.staffClient,
    cursorSecret: data.cursorSecret,
    emailConfigurationSetName: data.emailConfigurationSetName,
  });

  // The delivery pipeline's OIDC provider and roles, once per account (docs/delivery.md).
  if (app.node.tryGetContext('githubRepository') !== undefined)
    new DeliveryStack(app, DELIVERY_STACK_NAME, {
      env,
      ...deliveryPropsOf(app),
      description: 'Smart City Ambassadors: GitHub Actions OIDC provider and deploy roles',
    });

  // Every taggable resource, except dashboards: CloudFormation's resource specification for
  // me-south-1 has no Tags on AWS::CloudWatch::Dashboard (cfn-lint E3002), so a tagged
  // dashboard may fail the deploy there (docs/operations.md, "Tags").
  const untagged = { excludeResourceTypes: ['AWS::CloudWatch::Dashboard'] };
  Tags.of(app).add('project', 'smart-city-ambassadors', untagged);
  Tags.of(app).add('stage', stage.name, untagged);
  return { stage, data, api };
};

// Only when run as the CDK app (`node infra/app.ts`), not when a test imports it.
if (import.meta.main) defineStacks(new App());
