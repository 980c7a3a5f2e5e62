/** Configuration, read once when a function starts; a missing value fails the cold start. */
const required = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`Environment variable ${name} is not set`);
  return v;
};

/** A whole number of at least 1, or the default when unset; anything else fails the cold start. */
const positiveInt = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`Environment variable ${name} must be a whole number >= 1`);
  return n;
};

export const config = {
  tableName: required('TABLE_NAME'),
  /**
   * The secret list cursors are encrypted under (functions/store/cursor-keys.ts). In AWS, only
   * the functions of routes that take a `cursor` get the ARN of the Secrets Manager secret
   * (infra/stacks/cursor-routes.ts) and read its current and previous values at run time;
   * locally, the value itself and optionally the one before a rotation. Checked when a cursor
   * is first made or read, not at cold start: most functions have none.
   */
  cursor: {
    secretArn: process.env.CURSOR_SECRET_ARN || undefined,
    secret: process.env.CURSOR_SECRET || undefined,
    previousSecret: process.env.CURSOR_SECRET_PREVIOUS || undefined,
  },
  /** Only DynamoDB Local needs an endpoint; in AWS the SDK finds it from the region. */
  dynamodbEndpoint: process.env.DYNAMODB_ENDPOINT,
  /** Locally, answers carry the capacity units the request consumed (`x-consumed-capacity`). */
  exposeCapacity: process.env.EXPOSE_CAPACITY === '1',
  /** Writing requests a caller may make a minute (docs/api-contract.md §10 "Write quota"). */
  writeQuotaPerMinute: positiveInt('WRITE_QUOTA_PER_MINUTE', 60),
  /**
   * How long one DynamoDB attempt may take before it is abandoned and retried (ms). 3 s in
   * the cloud, where an answer takes milliseconds; the test servers (infra/local/spawn.ts) wait
   * longer, because DynamoDB Local on a loaded machine can take seconds, and a retried write
   * that had in fact gone through counts twice where it is not idempotent (the write quota's
   * `ADD`, docs/how-it-works.md).
   */
  dynamodbRequestTimeoutMs: positiveInt('DYNAMODB_REQUEST_TIMEOUT_MS', 3000),
};
