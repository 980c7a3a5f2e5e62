/**
 * The stateful stack: the one DynamoDB table, the Cognito user pool and the cursor-signing
 * secret. Everything here is protected from deletion; the API stack can be redeployed freely.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { CursorSecretProtection } from '#infra/constructs/cursor-secret.ts';
import { tableDefinition } from '#store/table.ts';
import type { StageSettings } from '../stage.ts';

/** The Cognito group whose members get the `staff` role (docs/api-contract.md §2). */
export const STAFF_GROUP = 'staff';

const stringKey = (name: string): dynamodb.Attribute => ({ name, type: dynamodb.AttributeType.STRING });

export class DataStack extends Stack {
  readonly table: dynamodb.Table;
  readonly userPool: cognito.UserPool;
  readonly userPoolClient: cognito.UserPoolClient;
  readonly cursorSecret: secretsmanager.Secret;
  readonly cursorSecretProtection: CursorSecretProtection;

  readonly stage: StageSettings;

  constructor(scope: Construct, id: string, props: StackProps & { stage: StageSettings }) {
    super(scope, id, props);
    this.stage = props.stage;

    // Built from the same definition the store and the local launcher use.
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: stringKey(tableDefinition.partitionKey),
      sortKey: stringKey(tableDefinition.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const [indexName, index] of Object.entries(tableDefinition.indexes)) {
      this.table.addGlobalSecondaryIndex({
        indexName,
        partitionKey: stringKey(index.partitionKey),
        sortKey: stringKey(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      signInAliases: { email: true },
      signInCaseSensitive: false,
      selfSignUpEnabled: true,
      autoVerify: { email: true },
      // A changed email takes effect only once verified, so `email` stays a verified address.
      keepOriginal: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: false,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    NagSuppressions.addResourceSuppressions(this.userPool, [
      {
        id: 'AwsSolutions-COG1',
        reason:
          'Passwords need 12 characters or more with upper case, lower case and digits; symbols are not required on ' +
          'purpose: NIST SP 800-63B favours length over composition rules, and most ambassadors sign up on phones ' +
          'with Arabic keyboards, where symbols are awkward to type.',
      },
      {
        id: 'AwsSolutions-COG2',
        reason:
          'MFA is not required: ambassadors sign themselves up (about 700 today, designed for 1,000,000) and a ' +
          'mandatory second factor (SMS cost, TOTP set-up) is a barrier the programme has not chosen. Cognito cannot ' +
          'require MFA for the staff group alone; revisit if staff accounts need it.',
      },
      {
        id: 'AwsSolutions-COG8',
        reason:
          'The pool is not on the Plus feature plan. Plus (threat protection: compromised-credential checks, ' +
          'adaptive authentication) is billed per monthly active user, a cost at the design scale of 1,000,000 ' +
          'ambassadors that the programme has not approved. Staff rights come only from the staff group, which is ' +
          'granted by hand, never through sign-up.',
      },
    ]);

    new cognito.CfnUserPoolGroup(this, 'StaffGroup', {
      userPoolId: this.userPool.userPoolId,
      groupName: STAFF_GROUP,
      description: 'The Smart City Platform team (internal tool); grants the staff role',
    });

    // Web and mobile apps are public clients: no secret, SRP sign-in, refresh tokens
    // (CDK adds ALLOW_REFRESH_TOKEN_AUTH to any explicit auth flow). No hosted UI yet.
    this.userPoolClient = this.userPool.addClient('AppClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });

    // Encrypts list cursors. Retained, deletion-protected by a deny policy and rotated every 90
    // days (CursorSecretProtection); the functions read it at run time.
    this.cursorSecret = new secretsmanager.Secret(this, 'CursorSecret', {
      description: 'Key that list cursors are encrypted under (read at run time, rotated every 90 days)',
      // As long as each rotation's value (functions/rotation/steps.ts SECRET_LENGTH; a test checks).
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.cursorSecretProtection = new CursorSecretProtection(this, 'CursorSecretProtection', {
      secret: this.cursorSecret,
    });

    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClient.userPoolClientId });
  }
}
