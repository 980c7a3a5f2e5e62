/**
 * The stateful stack: the one DynamoDB table, the Cognito user pool and the cursor-signing
 * secret. Everything here is protected from deletion; the API stack can be redeployed freely.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { BundledFunction } from '#infra/constructs/bundled-function.ts';
import { tableDefinition } from '#store/table.ts';
import type { StageSettings } from '../stage.ts';

/**
 * The Cognito group whose members get the `staff` role (docs/api-contract.md §2, docs/identity.md);
 * the same name as functions/identity/staff-gate.ts (test/infra/identity.test.ts checks).
 */
export const STAFF_GROUP = 'staff';

/** Refresh tokens of the internal tool: a working day at most (docs/identity.md). */
export const STAFF_REFRESH_HOURS = 8;

const stringKey = (name: string): dynamodb.Attribute => ({ name, type: dynamodb.AttributeType.STRING });

export class DataStack extends Stack {
  readonly table: dynamodb.Table;
  readonly userPool: cognito.UserPool;
  readonly userPoolClient: cognito.UserPoolClient;
  /** The internal tool's app client: the only one whose tokens carry the staff role. */
  readonly staffClient: cognito.UserPoolClient;
  /** Drops the staff group from the tokens of a staff member without TOTP (docs/identity.md). */
  readonly preTokenTrigger: BundledFunction;
  readonly cursorSecret: secretsmanager.Secret;

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

    // docs/identity.md: the ID token is the API's token; the Lite plan; TOTP optional for
    // members and required for staff (the pre-token trigger); SES outside dev.
    const email = props.stage.email;
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      featurePlan: cognito.FeaturePlan.LITE,
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
      // TOTP (an authenticator app) only: no SMS cost, no SIM-swap risk. Optional for
      // members; staff without it lose the staff role (PreTokenTrigger).
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { sms: false, otp: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      ...(email
        ? {
            email: cognito.UserPoolEmail.withSES({
              fromEmail: email.from,
              fromName: 'Smart City Ambassadors',
              sesVerifiedDomain: email.identity.includes('@') ? undefined : email.identity,
              ...(email.configurationSet ? { configurationSetName: email.configurationSet } : {}),
            }),
          }
        : {}),
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
          'MFA is OPTIONAL (TOTP only) for the pool and required for staff: Cognito cannot require it for one group, ' +
          'so the pre-token-generation trigger drops the staff group from the tokens of a staff member without TOTP ' +
          '(docs/identity.md). Ambassadors sign themselves up (designed for 1,000,000) and a mandatory second ' +
          'factor is a barrier the programme has not chosen for them.',
      },
      {
        id: 'AwsSolutions-COG8',
        reason:
          'The pool is on the Lite feature plan, chosen explicitly (docs/identity.md): at the design scale of ' +
          '1,000,000 monthly active ambassadors Plus (threat protection) costs about four times Lite, a cost the ' +
          'programme has not approved. Staff rights come only from the staff group, granted by hand, and need TOTP.',
      },
    ]);

    new cognito.CfnUserPoolGroup(this, 'StaffGroup', {
      userPoolId: this.userPool.userPoolId,
      groupName: STAFF_GROUP,
      description: 'The Smart City Platform team (internal tool); grants the staff role (TOTP required)',
    });

    // Pre token generation (V1, which the Lite plan has): a staff member without TOTP gets
    // tokens without the staff group, at sign-in and at every refresh.
    this.preTokenTrigger = new BundledFunction(this, 'PreTokenTrigger', {
      entry: 'functions/identity/pre-token.ts',
      description: 'Cognito pre token generation: the staff group only for users with TOTP',
      timeout: Duration.seconds(5),
    });
    this.userPool.addTrigger(cognito.UserPoolOperation.PRE_TOKEN_GENERATION, this.preTokenTrigger);
    // A policy of its own rather than addToRolePolicy: the function must not depend on it,
    // or the pool (which names the function) and the policy (which names the pool) would
    // form a cycle. AdminGetUser on this pool only: it tells whether TOTP is set up.
    new iam.Policy(this, 'PreTokenTriggerReadsMfa', {
      roles: [this.preTokenTrigger.role as iam.IRole],
      statements: [
        new iam.PolicyStatement({
          actions: ['cognito-idp:AdminGetUser'],
          resources: [this.userPool.userPoolArn],
        }),
      ],
    });

    // What the apps read and write of a user: the email, nothing else (the profile lives in
    // the table).
    const readEmail = new cognito.ClientAttributes().withStandardAttributes({
      email: true,
      emailVerified: true,
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
      enableTokenRevocation: true,
      readAttributes: readEmail,
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ email: true }),
    });

    // The internal tool: the only client whose tokens carry the staff role (functions/http/claims.ts).
    // Short tokens, so that removal from the staff group or a disabled TOTP takes effect
    // within staffTokenMinutes; refresh for a working day at most.
    this.staffClient = this.userPool.addClient('InternalToolClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.minutes(props.stage.staffTokenMinutes),
      idTokenValidity: Duration.minutes(props.stage.staffTokenMinutes),
      refreshTokenValidity: Duration.hours(STAFF_REFRESH_HOURS),
      enableTokenRevocation: true,
      readAttributes: readEmail,
      writeAttributes: new cognito.ClientAttributes(),
    });

    // Signs list cursors. Losing it only invalidates outstanding cursors, so the default
    // removal policy is fine.
    this.cursorSecret = new secretsmanager.Secret(this, 'CursorSecret', {
      description: 'HMAC key that signs list cursors',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    NagSuppressions.addResourceSuppressions(this.cursorSecret, [
      {
        id: 'AwsSolutions-SMG4',
        reason:
          'The functions get this key as a CloudFormation dynamic reference resolved at deploy time, so an ' +
          'automatically rotated value would reach them only at the next deploy of the API stack, and rotation ' +
          'would need a rotation function of its own. It only signs list cursors: rotate it by hand (new value, ' +
          'then deploy), which invalidates outstanding cursors and nothing else.',
      },
    ]);

    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'InternalToolClientId', { value: this.staffClient.userPoolClientId });
  }
}
