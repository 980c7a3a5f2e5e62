/**
 * The stateful stack: the one DynamoDB table, the Cognito user pool and the cursor-signing
 * secret. Everything here is protected from deletion; the API stack can be redeployed freely.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ses from 'aws-cdk-lib/aws-ses';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { BundledFunction } from '#infra/constructs/bundled-function.ts';
import { CursorSecretProtection } from '#infra/constructs/cursor-secret.ts';
import { type IndexName, tableDefinition } from '#store/table.ts';
import { DEFAULT_STAGE, physicalName, type StageSettings } from '../stage.ts';

/**
 * The indexes whose keys can run hot, watched by Contributor Insights with the table itself
 * (whose hot keys are the `STAT#` counters, the `LBQ#` shards and board snapshots):
 * `listings` (one partition per public list facet, `SHOWCASE` the hottest) and `ranking` (one
 * partition per board and period). docs/operations.md, "Contributor Insights".
 */
export const HOT_KEY_INDEXES = ['listings', 'ranking'] as const satisfies readonly IndexName[];

/** The table's backup rules: daily (kept `backupRetentionDays`), monthly (kept a year). */
export const MONTHLY_BACKUP_DAYS = 365;

/**
 * The Cognito group whose members get the `staff` role (docs/api-contract.md §2, docs/identity.md);
 * the same name as functions/identity/staff-gate.ts (test/infra/identity.test.ts checks).
 */
export const STAFF_GROUP = 'staff';

/** Refresh tokens of the internal tool: a working day at most (docs/identity.md). */
export const STAFF_REFRESH_HOURS = 8;

const stringKey = (name: string): dynamodb.Attribute => ({ name, type: dynamodb.AttributeType.STRING });

export class DataStack extends Stack {
  /** The table: created here, or (setting `tableName`) an existing one, such as a restored table. */
  readonly table: dynamodb.ITable;
  /** The table's customer-managed key (setting `customerManagedKey`). */
  readonly tableKey: kms.Key | undefined;
  /** The AWS Backup plan of the table (setting `backup`). */
  readonly backupPlan: backup.BackupPlan | undefined;
  readonly userPool: cognito.UserPool;
  readonly userPoolClient: cognito.UserPoolClient;
  /** The internal tool's app client: the only one whose tokens carry the staff role. */
  readonly staffClient: cognito.UserPoolClient;
  /** Drops the staff group from the tokens of a staff member without TOTP (docs/identity.md). */
  readonly preTokenTrigger: BundledFunction;
  readonly cursorSecret: secretsmanager.Secret;
  /** The SES configuration set the stack made (setting `email` without a `configurationSet`). */
  readonly emailConfigurationSet: ses.ConfigurationSet | undefined;
  /** The configuration set every email of the stage is sent with (stages with `email`). */
  readonly emailConfigurationSetName: string | undefined;
  readonly cursorSecretProtection: CursorSecretProtection;

  readonly stage: StageSettings;

  constructor(scope: Construct, id: string, props: StackProps & { stage: StageSettings }) {
    super(scope, id, props);
    this.stage = props.stage;

    // The key outlives a restore: the restored table is encrypted with it too (docs/operations.md).
    this.tableKey = props.stage.customerManagedKey ? this.tableKeyFor(props.stage) : undefined;
    this.table = props.stage.tableName
      ? this.importTable(props.stage.tableName, props.stage.tableStreamArn as string)
      : this.createTable(props.stage);
    this.backupPlan = props.stage.backup ? this.backupPlanFor(props.stage, this.table) : undefined;

    // docs/identity.md: the ID token is the API's token; the Lite plan; TOTP optional for
    // members and required for staff (the pre-token trigger); SES outside dev.
    const email = props.stage.email;
    // One SES configuration set for every email of the stage, Cognito's and the notifications':
    // the one named by `email.configurationSet`, or one of the stack's own (suppression of
    // bounced and complaining addresses, reputation metrics, TLS required).
    this.emailConfigurationSet =
      email && !email.configurationSet
        ? new ses.ConfigurationSet(this, 'EmailConfigurationSet', {
            suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
            reputationMetrics: true,
            tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
          })
        : undefined;
    this.emailConfigurationSetName =
      email?.configurationSet ?? this.emailConfigurationSet?.configurationSetName;
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
              configurationSetName: this.emailConfigurationSetName,
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
    NagSuppressions.addResourceSuppressions(this.preTokenTrigger, [
      {
        id: 'Serverless-LambdaDLQ',
        reason:
          'Cognito invokes the pre token generation trigger synchronously during sign-in and refresh and fails ' +
          'that sign-in when the trigger fails; nothing is ever queued for an asynchronous dead-letter queue.',
      },
    ]);
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
    new CfnOutput(this, 'InternalToolClientId', { value: this.staffClient.userPoolClientId });
  }

  /** The table, built from the same definition the store and the local launcher use. */
  private createTable(stage: StageSettings): dynamodb.Table {
    const key = this.tableKey;
    // Off on dev (each rule costs money per month and per event); on for every other stage.
    const insights = stage.name !== DEFAULT_STAGE;
    const ceilings = {
      ...(stage.maxReadRequestUnits === undefined ? {} : { maxReadRequestUnits: stage.maxReadRequestUnits }),
      ...(stage.maxWriteRequestUnits === undefined
        ? {}
        : { maxWriteRequestUnits: stage.maxWriteRequestUnits }),
    };
    const table = new dynamodb.Table(this, 'Table', {
      partitionKey: stringKey(tableDefinition.partitionKey),
      sortKey: stringKey(tableDefinition.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      ...ceilings,
      timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
      // Read by the notification consumer (infra/constructs/notifications.ts).
      stream: dynamodb.StreamViewType[tableDefinition.stream],
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // Without a key of our own: the AWS-owned key (no KMS charge, no key policy to see).
      ...(key ? { encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED, encryptionKey: key } : {}),
      ...(insights ? { contributorInsightsSpecification: { enabled: true } } : {}),
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const [indexName, index] of Object.entries(tableDefinition.indexes)) {
      table.addGlobalSecondaryIndex({
        indexName,
        partitionKey: stringKey(index.partitionKey),
        sortKey: stringKey(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
        ...ceilings,
        ...(insights && (HOT_KEY_INDEXES as readonly string[]).includes(indexName)
          ? { contributorInsightsSpecification: { enabled: true } }
          : {}),
      });
    }
    return table;
  }

  /**
   * An existing table (a restored one): nothing about it is managed here, not even its deletion
   * protection, PITR, Contributor Insights or ceilings; docs/operations.md, "Restore", sets those
   * by hand. The table this stack created before is retained (RemovalPolicy.RETAIN), not deleted.
   */
  private importTable(tableName: string, tableStreamArn: string): dynamodb.ITable {
    return dynamodb.Table.fromTableAttributes(this, 'Table', {
      tableName,
      globalIndexes: Object.keys(tableDefinition.indexes),
      tableStreamArn,
      ...(this.tableKey ? { encryptionKey: this.tableKey } : {}),
    });
  }

  /**
   * The table's key: rotated yearly, retained, and usable only through DynamoDB (and AWS Backup
   * when the stage backs the table up) by principals of this account; the account can
   * administer it but not use it directly. docs/operations.md, "KMS key".
   */
  private tableKeyFor(stage: StageSettings): kms.Key {
    const services = [
      `dynamodb.${this.region}.amazonaws.com`,
      ...(stage.backup ? [`backup.${this.region}.amazonaws.com`] : []),
    ];
    return new kms.Key(this, 'TableKey', {
      description: `Encrypts the ${physicalName(stage)} table (personal data)`,
      alias: `alias/${physicalName(stage, 'table')}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      policy: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            sid: 'AccountAdministers',
            principals: [new iam.AccountRootPrincipal()],
            // Not kms:Create*: CreateGrant would let a principal hand itself direct use.
            actions: [
              'kms:CreateAlias',
              'kms:Describe*',
              'kms:Enable*',
              'kms:List*',
              'kms:Put*',
              'kms:Update*',
              'kms:Revoke*',
              'kms:Disable*',
              'kms:Get*',
              'kms:Delete*',
              'kms:TagResource',
              'kms:UntagResource',
              'kms:ScheduleKeyDeletion',
              'kms:CancelKeyDeletion',
            ],
            resources: ['*'],
          }),
          new iam.PolicyStatement({
            sid: 'UseThroughDynamoDbOnly',
            principals: [new iam.AnyPrincipal()],
            actions: [
              'kms:Encrypt',
              'kms:Decrypt',
              'kms:ReEncrypt*',
              'kms:GenerateDataKey*',
              'kms:CreateGrant',
              'kms:DescribeKey',
            ],
            resources: ['*'],
            conditions: {
              StringEquals: { 'kms:CallerAccount': this.account, 'kms:ViaService': services },
            },
          }),
        ],
      }),
    });
  }

  /** An AWS Backup vault and plan for the table: daily and monthly recovery points. */
  private backupPlanFor(stage: StageSettings, table: dynamodb.ITable): backup.BackupPlan {
    const vault = new backup.BackupVault(this, 'BackupVault', {
      backupVaultName: physicalName(stage, 'backups'),
      ...(this.tableKey ? { encryptionKey: this.tableKey } : {}),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const plan = new backup.BackupPlan(this, 'BackupPlan', {
      backupPlanName: physicalName(stage, 'table'),
      backupVault: vault,
      backupPlanRules: [
        new backup.BackupPlanRule({
          ruleName: 'Daily',
          scheduleExpression: events.Schedule.cron({ hour: '1', minute: '0' }),
          deleteAfter: Duration.days(stage.backupRetentionDays),
        }),
        new backup.BackupPlanRule({
          ruleName: 'Monthly',
          scheduleExpression: events.Schedule.cron({ day: '1', hour: '2', minute: '0' }),
          deleteAfter: Duration.days(MONTHLY_BACKUP_DAYS),
        }),
      ],
    });
    const selection = plan.addSelection('Table', {
      backupSelectionName: 'table',
      resources: [backup.BackupResource.fromArn(table.tableArn)],
    });
    NagSuppressions.addResourceSuppressions(
      selection,
      [
        {
          id: 'AwsSolutions-IAM4',
          reason:
            'The role AWS Backup assumes to back the table up has the AWS managed policy ' +
            'AWSBackupServiceRolePolicyForBackup, the one AWS Backup documents for this role and keeps up to date ' +
            'with what each resource type needs; it can do nothing but back up the resources of this selection.',
          appliesTo: [
            'Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup',
          ],
        },
      ],
      true,
    );
    return plan;
  }
}
