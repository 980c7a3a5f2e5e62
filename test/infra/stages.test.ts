/**
 * Stages: dev and prod (cdk.json's settings) synthesize independent stacks, and each stateful
 * setting (log retention, termination protection, domain, KMS key, backups, Contributor
 * Insights, throughput ceilings, a restored table) reaches the templates.
 */
import { Aspects } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks, type INagLogger, type NagLoggerNonComplianceData } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { HOT_KEY_INDEXES, MONTHLY_BACKUP_DAYS } from '#infra/stacks/data-stack.ts';
import { logRetentionOf, parseStageSettings } from '#infra/stage.ts';
import { tableDefinition } from '#store/table.ts';
import { logicalIdIn, newApp, resources, templateOf } from './synth.ts';

/** What every stage but dev must set (identity's rule: email; alarms: alarmEmail). */
const REQUIRED = {
  email: { identity: 'example.om', from: 'no-reply@example.om' },
  alarmEmail: 'ops@example.om',
};
const DOMAIN = {
  name: 'api.ambassadors.example.om',
  certificateArn: 'arn:aws:acm:me-south-1:123456789012:certificate/0f3a9c1e-1111-2222-3333-444455556666',
};

const dev = newApp();
const prod = newApp({ stage: 'prod', ...REQUIRED });
const devData = templateOf(dev.data);
const devApi = templateOf(dev.api);
const prodData = templateOf(prod.data);
const prodApi = templateOf(prod.api);

type Table = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string };
const tableOf = (t: Template): Table => {
  const [table, ...more] = resources(t, 'AWS::DynamoDB::Table');
  expect(more).toHaveLength(0);
  return table?.[1] as Table;
};
const indexOf = (t: Template, name: string) =>
  (tableOf(t).Properties.GlobalSecondaryIndexes as { IndexName: string; [k: string]: unknown }[]).find(
    (i) => i.IndexName === name,
  );

describe('stages', () => {
  it('name the stacks and physical names apart, so dev and prod share an account', () => {
    expect([dev.data.stackName, dev.api.stackName]).toEqual([
      'SmartCityAmbassadors-dev-Data',
      'SmartCityAmbassadors-dev-Api',
    ]);
    expect([prod.data.stackName, prod.api.stackName]).toEqual([
      'SmartCityAmbassadors-prod-Data',
      'SmartCityAmbassadors-prod-Api',
    ]);
    expect(resources(devApi, 'AWS::ApiGatewayV2::Api')[0]?.[1].Properties.Name).toBe(
      'smart-city-ambassadors-dev',
    );
    expect(resources(prodApi, 'AWS::ApiGatewayV2::Api')[0]?.[1].Properties.Name).toBe(
      'smart-city-ambassadors-prod',
    );
    expect(resources(prodData, 'AWS::Backup::BackupVault')[0]?.[1].Properties.BackupVaultName).toBe(
      'smart-city-ambassadors-prod-backups',
    );
  });

  it('tag every resource with project and stage, except dashboards (no Tags in me-south-1)', () => {
    for (const [t, type, stage] of [
      [devApi, 'AWS::Lambda::Function', 'dev'],
      [prodData, 'AWS::DynamoDB::Table', 'prod'],
    ] as const) {
      t.hasResourceProperties(
        type,
        Match.objectLike({
          Tags: Match.arrayWith([
            { Key: 'project', Value: 'smart-city-ambassadors' },
            { Key: 'stage', Value: stage },
          ]),
        }),
      );
    }
    const dashboards = resources(devApi, 'AWS::CloudWatch::Dashboard');
    expect(dashboards.length).toBeGreaterThan(0);
    for (const [, d] of dashboards) expect(d.Properties.Tags).toBeUndefined();
  });
});

describe('log retention', () => {
  it('maps days to the nearest retention CloudWatch Logs accepts that keeps them as long', () => {
    expect(logRetentionOf(30)).toBe(logs.RetentionDays.ONE_MONTH);
    expect(logRetentionOf(31)).toBe(logs.RetentionDays.TWO_MONTHS);
    expect(logRetentionOf(45)).toBe(logs.RetentionDays.TWO_MONTHS);
    expect(logRetentionOf(90)).toBe(logs.RetentionDays.THREE_MONTHS);
    expect(logRetentionOf(1)).toBe(logs.RetentionDays.ONE_DAY);
    expect(logRetentionOf(3653)).toBe(logs.RetentionDays.TEN_YEARS);
    expect(() => logRetentionOf(3654)).toThrow(/3653 days at most/);
  });

  it("keeps every log group (functions, jobs, state machine, access logs) the stage's days", () => {
    for (const [t, days] of [
      [devApi, 30],
      [prodApi, 90],
      [templateOf(newApp({ logRetentionDays: 45 }).api), 60],
    ] as const) {
      const groups = resources(t, 'AWS::Logs::LogGroup');
      expect(groups.length).toBeGreaterThan(10);
      for (const [id, g] of groups) expect([id, g.Properties.RetentionInDays]).toEqual([id, days]);
    }
  });
});

describe('termination protection', () => {
  it('is off on dev by default, on for the data stack outside dev, and on both when asked', () => {
    expect([dev.data.terminationProtection, dev.api.terminationProtection]).toEqual([false, false]);
    // cdk.json's prod asks for it on both.
    expect([prod.data.terminationProtection, prod.api.terminationProtection]).toEqual([true, true]);
    const staging = newApp({ stage: 'staging', allowedOrigins: 'https://staging.example.om', ...REQUIRED });
    expect([staging.data.terminationProtection, staging.api.terminationProtection]).toEqual([true, false]);
    const devAsked = newApp({ terminationProtection: true });
    expect([devAsked.data.terminationProtection, devAsked.api.terminationProtection]).toEqual([true, true]);
  });
});

describe('custom domain', () => {
  const withDomain = newApp({ domain: DOMAIN });
  const api = templateOf(withDomain.api);

  it('is a regional domain name with the certificate, mapped to the stage', () => {
    api.resourceCountIs('AWS::ApiGatewayV2::DomainName', 1);
    api.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: DOMAIN.name,
      DomainNameConfigurations: [
        { CertificateArn: DOMAIN.certificateArn, EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' },
      ],
    });
    const [[domainId]] = resources(api, 'AWS::ApiGatewayV2::DomainName') as unknown as [[string]];
    api.hasResource('AWS::ApiGatewayV2::ApiMapping', {
      Properties: {
        ApiId: { Ref: logicalIdIn(withDomain.api, withDomain.api.api.node.defaultChild) },
        DomainName: { Ref: domainId },
        Stage: '$default',
      },
      DependsOn: [logicalIdIn(withDomain.api, withDomain.api.stage.node.defaultChild)],
    });
  });

  it('outputs the URL, and the target and hosted zone of the DNS alias record', () => {
    const [[domainId]] = resources(api, 'AWS::ApiGatewayV2::DomainName') as unknown as [[string]];
    api.hasOutput('DomainUrl', { Value: `https://${DOMAIN.name}` });
    api.hasOutput('DomainTarget', { Value: { 'Fn::GetAtt': [domainId, 'RegionalDomainName'] } });
    api.hasOutput('DomainHostedZoneId', { Value: { 'Fn::GetAtt': [domainId, 'RegionalHostedZoneId'] } });
  });

  it('is absent without the setting', () => {
    devApi.resourceCountIs('AWS::ApiGatewayV2::DomainName', 0);
    devApi.resourceCountIs('AWS::ApiGatewayV2::ApiMapping', 0);
    expect(Object.keys(devApi.findOutputs('Domain*'))).toEqual([]);
  });
});

describe('customer-managed key', () => {
  it('encrypts the prod table with a rotated, retained key', () => {
    const [[keyId, key]] = resources(prodData, 'AWS::KMS::Key') as unknown as [[string, Table]];
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.DeletionPolicy).toBe('Retain');
    expect(tableOf(prodData).Properties.SSESpecification).toEqual({
      KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
      SSEEnabled: true,
      SSEType: 'KMS',
    });
  });

  it('lets principals of the account use it only through DynamoDB (and AWS Backup)', () => {
    const [[, key]] = resources(prodData, 'AWS::KMS::Key') as unknown as [[string, Table]];
    const statements = key.Properties.KeyPolicy.Statement as {
      Action: string[];
      Principal: unknown;
      Condition?: { StringEquals: Record<string, unknown> };
    }[];
    const crypto = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'];
    const using = statements.filter((s) => s.Action.some((a) => crypto.includes(a) || a === 'kms:*'));
    expect(using).toHaveLength(1);
    expect(using[0]?.Principal).toEqual({ AWS: '*' });
    expect(using[0]?.Condition?.StringEquals).toEqual({
      'kms:CallerAccount': { Ref: 'AWS::AccountId' },
      'kms:ViaService': ['dynamodb.me-south-1.amazonaws.com', 'backup.me-south-1.amazonaws.com'],
    });
    // The account administers the key, without using it directly.
    const admin = statements.find((s) => s !== using[0]);
    expect(admin?.Action).toContain('kms:ScheduleKeyDeletion');
    expect(admin?.Action.filter((a) => a.startsWith('kms:Create'))).toEqual(['kms:CreateAlias']);
    expect(admin?.Action.some((a) => crypto.includes(a) || a === 'kms:*')).toBe(false);
  });

  it('is absent on dev: the AWS-owned key', () => {
    devData.resourceCountIs('AWS::KMS::Key', 0);
    expect(tableOf(devData).Properties.SSESpecification).toBeUndefined();
  });
});

describe('AWS Backup', () => {
  it('backs the prod table up daily (kept backupRetentionDays) and monthly (kept a year)', () => {
    prodData.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanName: 'smart-city-ambassadors-prod-table',
        BackupPlanRule: [
          Match.objectLike({
            RuleName: 'Daily',
            ScheduleExpression: 'cron(0 1 * * ? *)',
            Lifecycle: { DeleteAfterDays: 35 },
          }),
          Match.objectLike({
            RuleName: 'Monthly',
            ScheduleExpression: 'cron(0 2 1 * ? *)',
            Lifecycle: { DeleteAfterDays: MONTHLY_BACKUP_DAYS },
          }),
        ],
      },
    });
    const days = templateOf(newApp({ backup: true, backupRetentionDays: 7 }).data);
    days.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanRule: Match.arrayWith([
          Match.objectLike({ RuleName: 'Daily', Lifecycle: { DeleteAfterDays: 7 } }),
        ]),
      },
    });
  });

  it('keeps a retained vault encrypted with the table key, and selects the table', () => {
    const [[keyId]] = resources(prodData, 'AWS::KMS::Key') as unknown as [[string]];
    const [[tableId]] = resources(prodData, 'AWS::DynamoDB::Table') as unknown as [[string]];
    prodData.hasResource('AWS::Backup::BackupVault', {
      DeletionPolicy: 'Retain',
      Properties: { EncryptionKeyArn: { 'Fn::GetAtt': [keyId, 'Arn'] } },
    });
    prodData.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: Match.objectLike({ Resources: [{ 'Fn::GetAtt': [tableId, 'Arn'] }] }),
    });
  });

  it('is absent on dev', () => {
    devData.resourceCountIs('AWS::Backup::BackupPlan', 0);
    devData.resourceCountIs('AWS::Backup::BackupVault', 0);
  });
});

describe('Contributor Insights', () => {
  it('watches the table and the hot-key indexes outside dev, and is off on dev', () => {
    expect(tableOf(prodData).Properties.ContributorInsightsSpecification).toEqual({ Enabled: true });
    expect(tableOf(devData).Properties.ContributorInsightsSpecification).toBeUndefined();
    for (const name of Object.keys(tableDefinition.indexes))
      expect(indexOf(devData, name)?.ContributorInsightsSpecification).toBeUndefined();
    for (const name of Object.keys(tableDefinition.indexes)) {
      const hot = (HOT_KEY_INDEXES as readonly string[]).includes(name);
      expect([name, indexOf(prodData, name)?.ContributorInsightsSpecification]).toEqual([
        name,
        hot ? { Enabled: true } : undefined,
      ]);
    }
    expect(HOT_KEY_INDEXES.length).toBeGreaterThan(0);
  });
});

describe('on-demand throughput ceilings', () => {
  it('cap the prod table and every index at the stage settings', () => {
    const ceiling = { MaxReadRequestUnits: 4000, MaxWriteRequestUnits: 2000 };
    expect(tableOf(prodData).Properties.OnDemandThroughput).toEqual(ceiling);
    for (const name of Object.keys(tableDefinition.indexes))
      expect([name, indexOf(prodData, name)?.OnDemandThroughput]).toEqual([name, ceiling]);
  });

  it('are absent unless set', () => {
    expect(tableOf(devData).Properties.OnDemandThroughput).toBeUndefined();
    for (const name of Object.keys(tableDefinition.indexes))
      expect(indexOf(devData, name)?.OnDemandThroughput).toBeUndefined();
  });
});

describe('a restored table (setting tableName)', () => {
  const streamArn =
    'arn:aws:dynamodb:me-south-1:123456789012:table/smart-city-ambassadors-prod-restored/stream/2026-12-02T10:00:00.000';
  const restored = newApp({
    stage: 'prod',
    ...REQUIRED,
    tableName: 'smart-city-ambassadors-prod-restored',
    tableStreamArn: streamArn,
  });
  const data = templateOf(restored.data);
  const api = templateOf(restored.api);

  it('is used, not created, and the functions are pointed at it', () => {
    data.resourceCountIs('AWS::DynamoDB::Table', 0);
    data.hasOutput('TableName', { Value: 'smart-city-ambassadors-prod-restored' });
    api.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ TABLE_NAME: 'smart-city-ambassadors-prod-restored' }) },
    });
  });

  it("grants the functions the restored table's indexes, and backs it up with the same key", () => {
    const policies = JSON.stringify(resources(api, 'AWS::IAM::Policy'));
    for (const name of Object.keys(tableDefinition.indexes))
      expect(policies).toContain(`:table/smart-city-ambassadors-prod-restored/index/${name}`);
    // The table by its name, never an export of the data stack; only its key is (stream records
    // are encrypted with it: the consumer decrypts them).
    expect(policies).not.toMatch(/"Fn::ImportValue"[^}]*Table(?!Key)/);
    expect(policies).toMatch(/"Fn::ImportValue"[^}]*TableKey/);
    data.resourceCountIs('AWS::KMS::Key', 1);
    expect(JSON.stringify(resources(data, 'AWS::Backup::BackupSelection'))).toContain(
      ':table/smart-city-ambassadors-prod-restored',
    );
  });

  it("feeds the notification consumer from the restored table's stream", () => {
    api.hasResourceProperties('AWS::Lambda::EventSourceMapping', { EventSourceArn: streamArn });
  });

  it('must be a table name, with the ARN of its own stream', () => {
    expect(() => parseStageSettings('dev', { tableName: 'no spaces allowed' })).toThrow(/tableName/);
    expect(parseStageSettings('dev', {}).tableName).toBeUndefined();
    expect(() => parseStageSettings('dev', { tableName: 'restored' })).toThrow(/tableStreamArn is required/);
    // Another table's stream, or not a stream ARN at all.
    expect(() =>
      parseStageSettings('dev', {
        tableName: 'smart-city-ambassadors-prod-restoredX',
        tableStreamArn: streamArn,
      }),
    ).toThrow(/tableStreamArn must be the stream ARN/);
    expect(() =>
      parseStageSettings('dev', {
        tableName: 'a.b',
        tableStreamArn: streamArn.replace('prod-restored', 'aXb'),
      }),
    ).toThrow(/tableStreamArn/);
    expect(
      parseStageSettings('dev', {
        tableName: 'smart-city-ambassadors-prod-restored',
        tableStreamArn: streamArn,
      }).tableStreamArn,
    ).toBe(streamArn);
  });
});

describe('cdk-nag on prod', () => {
  it('finds nothing unsuppressed in the resources only prod has (key, vault, backup plan, domain)', () => {
    const findings: string[] = [];
    const logger = {
      onCompliance() {},
      onNonCompliance(d: NagLoggerNonComplianceData) {
        findings.push(`${d.resource.node.path}: ${d.ruleId}`);
      },
      onSuppressed() {},
      onError(d: { resource: { node: { path: string } }; ruleId: string }) {
        findings.push(`${d.resource.node.path}: ${d.ruleId} could not be evaluated`);
      },
      onSuppressedError() {},
      onNotApplicable() {},
    } as INagLogger;
    const { app, data, api } = newApp({ stage: 'prod', ...REQUIRED, domain: DOMAIN });
    for (const stack of [data, api])
      Aspects.of(stack).add(new AwsSolutionsChecks({ reports: false, additionalLoggers: [logger] }));
    let error: unknown;
    try {
      app.synth();
    } catch (e) {
      error = e;
    }
    expect([...new Set(findings)]).toEqual([]);
    expect(error).toBeUndefined();
  }, 120_000);
});
