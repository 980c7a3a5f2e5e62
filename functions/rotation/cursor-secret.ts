/**
 * The cursor secret's rotation function (infra/constructs/cursor-secret.ts schedules it every
 * 90 days): Secrets Manager invokes it once per step; ./steps.ts decides, this file only makes
 * the Secrets Manager calls.
 */
import {
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { type RotationEvent, rotate, SECRET_LENGTH, type SecretsPort } from './steps.ts';

const client = new SecretsManagerClient({});

export const secretsManagerPort = (sm: SecretsManagerClient = client): SecretsPort => ({
  describe: async (id) => {
    const out = await sm.send(new DescribeSecretCommand({ SecretId: id }));
    return { rotationEnabled: out.RotationEnabled === true, versions: out.VersionIdsToStages ?? {} };
  },
  value: async (id, { versionId, stage }) => {
    try {
      const out = await sm.send(
        new GetSecretValueCommand({ SecretId: id, VersionId: versionId, VersionStage: stage }),
      );
      return out.SecretString;
    } catch (err) {
      if (err instanceof ResourceNotFoundException) return undefined;
      throw err;
    }
  },
  randomValue: async () => {
    // Like the value the stack generates: letters and digits only.
    const out = await sm.send(
      new GetRandomPasswordCommand({ PasswordLength: SECRET_LENGTH, ExcludePunctuation: true }),
    );
    if (!out.RandomPassword) throw new Error('GetRandomPassword returned no value');
    return out.RandomPassword;
  },
  putPending: async (id, versionId, value) => {
    await sm.send(
      new PutSecretValueCommand({
        SecretId: id,
        ClientRequestToken: versionId,
        SecretString: value,
        VersionStages: ['AWSPENDING'],
      }),
    );
  },
  makeCurrent: async (id, versionId, fromVersionId) => {
    await sm.send(
      new UpdateSecretVersionStageCommand({
        SecretId: id,
        VersionStage: 'AWSCURRENT',
        MoveToVersionId: versionId,
        RemoveFromVersionId: fromVersionId,
      }),
    );
  },
});

export const handler = async (event: RotationEvent): Promise<void> => {
  const done = await rotate(event, secretsManagerPort());
  console.log(JSON.stringify({ secret: event.SecretId, step: event.Step, done }));
};
