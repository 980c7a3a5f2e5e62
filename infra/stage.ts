/**
 * Stages: dev, staging and prod can share one account and region. Context `stage` (default
 * `dev`) picks one; cdk.json's context `stages` holds each stage's settings, and any setting
 * may be overridden for one command with `-c <setting>=<value>` (for example
 * `-c alarmEmail=ops@example.om`). The stage names both stacks (`SmartCityAmbassadors-<stage>-Data`,
 * `-Api`) and every physical name the app sets.
 *
 * Synth fails with a message naming the setting when a value is malformed, or when a stage
 * other than `dev` leaves a required one empty.
 */
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

export const APP_NAME = 'SmartCityAmbassadors';
export const DEFAULT_STAGE = 'dev';

export interface StageSettings {
  /** `dev`, `staging`, `prod`, …: lower-case letters and digits, starting with a letter. */
  name: string;
  /** Origins allowed by CORS: the stage's web app(s). `*` only on dev. */
  allowedOrigins: string[];
  /** Where alarm notifications go (an email address). Required for every stage but dev. */
  alarmEmail: string | undefined;
  /** How long the functions' logs and the API's access logs are kept, in days. */
  logRetentionDays: number;
  /**
   * Reserved concurrency of each creating route's function (infra/stacks/route-policy.ts), or
   * undefined for none (the default: an account whose concurrency quota is below 100 plus the
   * sum of reservations cannot deploy with it).
   */
  creatingRouteConcurrency: number | undefined;
  /** The API's custom domain and its ACM certificate (same region), or undefined. */
  domain: { name: string; certificateArn: string } | undefined;
  /**
   * The SES identity Cognito (and notifications) send email from: a verified domain or address
   * in the stage's region, and the From address. Undefined: Cognito's default sender (a few
   * dozen emails a day; dev only).
   */
  email: { identity: string; from: string; configurationSet?: string | undefined } | undefined;
  /** An AWS Backup plan for the table (daily, kept `backupRetentionDays`). */
  backup: boolean;
  backupRetentionDays: number;
  /** Encrypt the table with a customer-managed KMS key rather than an AWS-owned one. */
  customerManagedKey: boolean;
  /** On-demand throughput ceilings (request units per second), against runaway cost. */
  maxReadRequestUnits: number | undefined;
  maxWriteRequestUnits: number | undefined;
  /** Termination protection on the stacks (the data stack always has it outside dev). */
  terminationProtection: boolean;
  /** Access token lifetime of the staff (internal tool) app client, in minutes (5–60). */
  staffTokenMinutes: number;
  /**
   * An existing table to use instead of creating one: a table restored from a backup or to a
   * point in time (docs/operations.md, "Restore"). Undefined: the data stack creates the table.
   */
  tableName: string | undefined;
  /**
   * The stream of that existing table (required with `tableName`): a restored table has none
   * until one is enabled on it (NEW_IMAGE), and the notification consumer reads it.
   */
  tableStreamArn: string | undefined;
  /**
   * Where each alarm's description points for its runbook (`<runbookBaseUrl>#<alarm>`):
   * docs/runbooks.md in the repository, or its published address.
   */
  runbookBaseUrl: string;
}

const DEFAULTS: Omit<StageSettings, 'name'> = {
  allowedOrigins: ['*'],
  alarmEmail: undefined,
  logRetentionDays: 30,
  creatingRouteConcurrency: undefined,
  domain: undefined,
  email: undefined,
  backup: false,
  backupRetentionDays: 35,
  customerManagedKey: false,
  maxReadRequestUnits: undefined,
  maxWriteRequestUnits: undefined,
  terminationProtection: false,
  staffTokenMinutes: 15,
  tableName: undefined,
  tableStreamArn: undefined,
  runbookBaseUrl: 'docs/runbooks.md',
};

const SETTING_NAMES = Object.keys(DEFAULTS) as (keyof typeof DEFAULTS)[];

const fail = (stage: string, message: string): never => {
  throw new Error(`stage ${stage}: ${message}`);
};

/** A `-c key=value` arrives as a string; cdk.json values keep their JSON type. */
const fromCli = (value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  const t = value.trim();
  if (/^(true|false|\d+)$/.test(t) || t.startsWith('{') || t.startsWith('[')) {
    try {
      return JSON.parse(t);
    } catch {
      return value;
    }
  }
  return value;
};

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Checks and normalizes one stage's raw settings (cdk.json merged with `-c` overrides). */
export const parseStageSettings = (name: string, raw: Record<string, unknown>): StageSettings => {
  if (!/^[a-z][a-z0-9]{0,15}$/.test(name))
    fail(name, 'the name must be 1–16 lower-case letters or digits, starting with a letter');
  for (const key of Object.keys(raw))
    if (!(SETTING_NAMES as string[]).includes(key))
      fail(name, `unknown setting ${JSON.stringify(key)} (known: ${SETTING_NAMES.join(', ')})`);
  const s = { ...DEFAULTS, ...raw, name } as Record<string, unknown>;

  const origins = typeof s.allowedOrigins === 'string' ? s.allowedOrigins.split(',') : s.allowedOrigins;
  if (!Array.isArray(origins) || origins.length === 0)
    fail(name, 'allowedOrigins must list at least one origin');
  const allowedOrigins = (origins as unknown[]).map((o) => String(o).trim());
  if (name !== DEFAULT_STAGE && allowedOrigins.includes('*'))
    fail(name, 'allowedOrigins may not be "*" outside dev: list the web app origins');
  for (const o of allowedOrigins)
    if (o !== '*' && !/^https?:\/\/[A-Za-z0-9.-]+(:\d+)?$/.test(o))
      fail(name, `allowedOrigins: ${o} is not an origin`);

  const alarmEmail =
    s.alarmEmail === undefined || s.alarmEmail === null || s.alarmEmail === ''
      ? undefined
      : String(s.alarmEmail).trim();
  if (alarmEmail !== undefined && !EMAIL.test(alarmEmail))
    fail(name, `alarmEmail must be one email address, not ${JSON.stringify(s.alarmEmail)}`);
  if (alarmEmail === undefined && name !== DEFAULT_STAGE)
    fail(
      name,
      'alarmEmail is required outside dev: alarms must reach somebody (-c alarmEmail=… or cdk.json stages)',
    );

  const int = (key: keyof StageSettings, min: number, max: number, optional = false): number | undefined => {
    const v = s[key];
    if (optional && (v === undefined || v === null)) return undefined;
    if (!Number.isInteger(v) || (v as number) < min || (v as number) > max)
      fail(name, `${key} must be a whole number from ${min} to ${max}`);
    return v as number;
  };
  const bool = (key: keyof StageSettings): boolean => {
    if (typeof s[key] !== 'boolean') fail(name, `${key} must be true or false`);
    return s[key] as boolean;
  };

  const domain = s.domain as StageSettings['domain'] | null | undefined;
  if (
    domain &&
    (typeof domain.name !== 'string' || !/^arn:aws[a-z-]*:acm:/.test(String(domain.certificateArn)))
  )
    fail(name, 'domain must be { "name": "api.example.om", "certificateArn": "arn:aws:acm:…" }');
  const email = s.email as StageSettings['email'] | null | undefined;
  if (email && (typeof email.identity !== 'string' || !EMAIL.test(String(email.from))))
    fail(name, 'email must be { "identity": "example.om", "from": "no-reply@example.om" }');
  const runbookBaseUrl = typeof s.runbookBaseUrl === 'string' ? s.runbookBaseUrl.trim() : '';
  if (!/^[^\s#]+$/.test(runbookBaseUrl))
    fail(name, 'runbookBaseUrl must be a path or URL without spaces or "#" (the alarm adds #<anchor>)');

  const tableName =
    s.tableName === undefined || s.tableName === null || s.tableName === '' ? undefined : String(s.tableName);
  if (tableName !== undefined && !/^[A-Za-z0-9_.-]{3,255}$/.test(tableName))
    fail(
      name,
      `tableName must be a DynamoDB table name (3–255 of A–Z a–z 0–9 _ . -), not ${JSON.stringify(s.tableName)}`,
    );
  const tableStreamArn =
    s.tableStreamArn === undefined || s.tableStreamArn === null || s.tableStreamArn === ''
      ? undefined
      : String(s.tableStreamArn);
  if (tableName !== undefined && tableStreamArn === undefined)
    fail(
      name,
      'tableStreamArn is required with tableName: enable a NEW_IMAGE stream on the table and give its ' +
        'LatestStreamArn (docs/operations.md, "Restore")',
    );
  if (
    tableStreamArn !== undefined &&
    !new RegExp(
      `^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\\d{12}:table/${tableName?.replaceAll('.', '\\.') ?? '[^/]+'}/stream/[^/\\s]+$`,
    ).test(tableStreamArn)
  )
    fail(
      name,
      `tableStreamArn must be the stream ARN of table ${tableName ?? '(tableName)'}, not ${tableStreamArn}`,
    );
  if (!email && name !== DEFAULT_STAGE)
    fail(
      name,
      "email is required outside dev: Cognito's default sender is capped at a few dozen emails a day " +
        '(cdk.json stages: "email": { "identity": "example.om", "from": "no-reply@example.om" })',
    );

  return {
    name,
    allowedOrigins,
    alarmEmail,
    logRetentionDays: int('logRetentionDays', 1, 3653) as number,
    creatingRouteConcurrency: int('creatingRouteConcurrency', 1, 100, true),
    domain: domain ?? undefined,
    email: email ?? undefined,
    backup: bool('backup'),
    backupRetentionDays: int('backupRetentionDays', 1, 3653) as number,
    customerManagedKey: bool('customerManagedKey'),
    maxReadRequestUnits: int('maxReadRequestUnits', 1, 1_000_000, true),
    maxWriteRequestUnits: int('maxWriteRequestUnits', 1, 1_000_000, true),
    terminationProtection: bool('terminationProtection'),
    staffTokenMinutes: int('staffTokenMinutes', 5, 60) as number,
    tableName,
    tableStreamArn,
    runbookBaseUrl,
  };
};

/** The stage the app is synthesized for: context `stage`, its cdk.json settings, `-c` overrides. */
export const stageOf = (scope: Construct): StageSettings => {
  const name = String(scope.node.tryGetContext('stage') ?? DEFAULT_STAGE);
  const stages = (scope.node.tryGetContext('stages') ?? {}) as Record<string, Record<string, unknown>>;
  const raw: Record<string, unknown> = { ...(stages[name] ?? {}) };
  for (const key of SETTING_NAMES) {
    const v: unknown = scope.node.tryGetContext(key);
    if (v !== undefined) raw[key] = fromCli(v);
  }
  return parseStageSettings(name, raw);
};

/** `SmartCityAmbassadors-prod-Data`. */
export const stackName = (stage: StageSettings, part: 'Data' | 'Api') => `${APP_NAME}-${stage.name}-${part}`;

/** A physical name the app sets: `smart-city-ambassadors-prod-<what>`. */
export const physicalName = (stage: StageSettings, what?: string) =>
  ['smart-city-ambassadors', stage.name, what].filter(Boolean).join('-');

/** The retention periods CloudWatch Logs accepts, in days (RetentionDays without INFINITE). */
const RETENTION_DAYS = Object.values(logs.RetentionDays)
  .filter((d): d is logs.RetentionDays => typeof d === 'number' && d !== logs.RetentionDays.INFINITE)
  .sort((a, b) => a - b);

/**
 * A stage's `logRetentionDays` as a log group retention: the nearest period CloudWatch Logs
 * accepts that keeps logs at least that long (45 days → 60).
 */
export const logRetentionOf = (days: number): logs.RetentionDays => {
  const found = RETENTION_DAYS.find((d) => d >= days);
  if (found === undefined)
    throw new Error(
      `logRetentionDays ${days}: CloudWatch Logs keeps logs ${RETENTION_DAYS.at(-1)} days at most`,
    );
  return found;
};

/** The retention of every log group the app makes, for the stage `scope` is synthesized for. */
export const logRetentionFor = (scope: Construct): logs.RetentionDays =>
  logRetentionOf(stageOf(scope).logRetentionDays);
