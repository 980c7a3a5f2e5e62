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
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
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

/** The Cognito group whose members get the `staff` role (docs/api-contract.md §2). */
export const STAFF_GROUP = 'staff';

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
  readonly cursorSecret: secretsmanager.Secret;
  readonly cursorSecretProtection: CursorSecretProtection;

  readonly stage: StageSettings;

  constructor(scope: Construct, id: string, props: StackProps & { stage: StageSettings }) {
    super(scope, id, props);
    this.stage = props.stage;

    // The key outlives a restore: the restored table is encrypted with it too (docs/operations.md).
    this.tableKey = props.stage.customerManagedKey ? this.tableKeyFor(props.stage) : undefined;
    this.table = props.stage.tableName
      ? this.importTable(props.stage.tableName)
      : this.createTable(props.stage);
    this.backupPlan = props.stage.backup ? this.backupPlanFor(props.stage, this.table) : undefined;

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
  private importTable(tableName: string): dynamodb.ITable {
    return dynamodb.Table.fromTableAttributes(this, 'Table', {
      tableName,
      globalIndexes: Object.keys(tableDefinition.indexes),
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
