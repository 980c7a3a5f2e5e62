/**
 * The cursor secret's protection and rotation (the secret itself is the data stack's
 * `CursorSecret`):
 * - retained when the stack or the resource goes (RemovalPolicy RETAIN), and a resource
 *   policy denying `secretsmanager:DeleteSecret` to the account, its administrators included:
 *   deleting it takes removing that policy first, on purpose;
 * - rotated every 90 days by functions/rotation/cursor-secret.ts, without a deploy: the
 *   functions read it at run time and accept the previous value (functions/store/cursor-keys.ts),
 *   so cursors issued before a rotation keep working.
 */
import { CfnDeletionPolicy, type CfnResource, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { BundledFunction } from './bundled-function.ts';

export const CURSOR_SECRET_ROTATION_DAYS = 90;

export class CursorSecretProtection extends Construct {
  readonly rotation: BundledFunction;
  readonly schedule: secretsmanager.RotationSchedule;

  constructor(scope: Construct, id: string, props: { secret: secretsmanager.Secret }) {
    super(scope, id);
    const { secret } = props;
    this.rotation = new BundledFunction(this, 'Rotation', {
      entry: 'functions/rotation/cursor-secret.ts',
      description: 'Rotates the cursor secret (Secrets Manager rotation steps)',
      memorySize: 256,
      timeout: Duration.seconds(30),
    });
    // Grants the function, on this secret only, DescribeSecret, GetSecretValue, PutSecretValue
    // and UpdateSecretVersionStage, plus GetRandomPassword, and lets Secrets Manager invoke it.
    this.schedule = secret.addRotationSchedule('RotationSchedule', {
      rotationLambda: this.rotation,
      automaticallyAfter: Duration.days(CURSOR_SECRET_ROTATION_DAYS),
      // The first rotation comes 90 days after creation, not at the deploy that turns it on.
      rotateImmediatelyOnUpdate: false,
    });
    // The rotation schedule gives the secret a resource policy denying
    // secretsmanager:DeleteSecret to the account (arn:aws:iam::<account>:root, so every
    // principal of it; CDK's Secret.denyAccountRootDelete): deleting the secret takes deleting
    // that policy first. The policy stays if the stack goes, or the protection would go with it.
    const policy = secret.node.tryFindChild('Policy');
    if ((secret.node.defaultChild as CfnResource).cfnOptions.deletionPolicy !== CfnDeletionPolicy.RETAIN)
      throw new Error('The cursor secret must be made with removalPolicy RETAIN');
    if (!(policy instanceof secretsmanager.ResourcePolicy))
      throw new Error('The cursor secret has no resource policy denying DeleteSecret');
    policy.applyRemovalPolicy(RemovalPolicy.RETAIN);

    if (!this.rotation.role) throw new Error('The rotation function has no role');
    NagSuppressions.addResourceSuppressions(
      this.rotation.role,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'secretsmanager:GetRandomPassword takes no resource (the IAM Service Authorization Reference lists no ' +
            'resource type for it), so its statement can only name "*"; it reads and changes nothing. Every other ' +
            'action of the rotation role names the cursor secret alone. Added by CDK RotationSchedule.',
          appliesTo: ['Resource::*'],
        },
      ],
      true,
    );
    NagSuppressions.addResourceSuppressions(this.rotation, [
      {
        id: 'Serverless-LambdaDLQ',
        reason:
          'Secrets Manager invokes the rotation function synchronously, one step at a time, and records a failed ' +
          'step on the secret itself (the rotation stays pending and is retried at the next schedule or by hand); ' +
          'an asynchronous dead-letter queue would never receive anything.',
      },
    ]);
  }
}
