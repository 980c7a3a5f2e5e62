/**
 * Traces and metrics (Powertools for AWS Lambda), one of each per function, shared by the
 * store (the DynamoDB client is captured: functions/store/client.ts), the HTTP kit (each
 * route's `## <route id>` subsegment and its metrics: functions/http/observe.ts) and the
 * leaderboard job. Routes that never touch the table (health, regions, interests, the OpenAPI
 * document, not-found) import neither: their bundles stay small (test/functions/observability.test.ts).
 *
 * Both are on in Lambda and off elsewhere (local server, tests, benchmarks), unless asked:
 * - tracing: Powertools turns it off outside Lambda (no `AWS_EXECUTION_ENV`) and whenever
 *   `POWERTOOLS_TRACE_ENABLED=false`; the function's X-Ray active tracing gives it the segment.
 * - metrics: written as CloudWatch Embedded Metric Format lines on stdout, in Lambda
 *   (`AWS_LAMBDA_FUNCTION_NAME` set) or when `POWERTOOLS_METRICS_DISABLED=false`; never when
 *   `POWERTOOLS_METRICS_DISABLED=true`.
 * Namespace `POWERTOOLS_METRICS_NAMESPACE` (the stack sets `SmartCityAmbassadors`), dimensions
 * `service` and `stage` (env `STAGE`, set by the stack) on every metric.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MetricUnit as Unit } from '@aws-lambda-powertools/metrics/types';
import { Tracer } from '@aws-lambda-powertools/tracer';

const SERVICE = process.env.POWERTOOLS_SERVICE_NAME || 'smart-city-ambassadors';
export const METRICS_NAMESPACE = process.env.POWERTOOLS_METRICS_NAMESPACE || 'SmartCityAmbassadors';

/** `true`/`false` (any case), or undefined when unset or empty. */
const flag = (name: string): boolean | undefined => {
  const v = process.env[name]?.trim().toLowerCase();
  return v ? v === 'true' || v === '1' : undefined;
};

const inLambda = Boolean(process.env.AWS_LAMBDA_FUNCTION_NAME);

export const tracer = new Tracer({
  serviceName: SERVICE,
  // The functions call DynamoDB only, through the captured client: no global http(s)/fetch
  // patching (it would also trace each DynamoDB call a second time, as a bare HTTP request).
  captureHTTPsRequests: false,
});

/** Whether metrics are written (see the comment at the top). */
export const metricsEnabled = !(flag('POWERTOOLS_METRICS_DISABLED') ?? !inLambda);

export const metrics = new Metrics({
  namespace: METRICS_NAMESPACE,
  serviceName: SERVICE,
  defaultDimensions: { stage: process.env.STAGE || 'local' },
});

/** The business metrics (counts) and the job's; names are the dashboards' and alarms' contract. */
export type BusinessMetric =
  | 'AmbassadorRegistered'
  | 'LectureReported'
  | 'LectureReviewed'
  | 'IdeaDecided'
  | 'JoinDecided'
  // The notification consumer and the digest (functions/events/, functions/scheduled/digest.ts).
  | 'NotificationDelivered'
  | 'EmailSent'
  | 'EmailFailed'
  | 'BusPut'
  | 'DigestSent';
// Check-ins (contract §12): add 'CheckedIn' here and in functions/http/observe.ts's BUSINESS.

/**
 * One count, with extra dimensions when given (a decision), written at once in its own EMF
 * line so that its dimension set stays apart from the function's default one.
 */
export const count = (name: BusinessMetric, dimensions: Record<string, string> = {}): void => {
  if (!metricsEnabled) return;
  const single = metrics.singleMetric();
  for (const [k, v] of Object.entries(dimensions)) single.addDimension(k, v);
  single.addMetric(name, MetricUnit.Count, 1);
};

/** Values under extra dimensions (a route), in one EMF line. */
export const record = (
  dimensions: Record<string, string>,
  values: readonly { name: string; unit: Unit; value: number }[],
): void => {
  if (!metricsEnabled || values.length === 0) return;
  // In one line under the default dimensions plus these (a Lambda serves one request at a
  // time, so the shared buffer holds this request's values only; publishing clears it).
  for (const [k, v] of Object.entries(dimensions)) metrics.addDimension(k, v);
  for (const { name, unit, value } of values) metrics.addMetric(name, unit, value);
  metrics.publishStoredMetrics();
};

export { MetricUnit };
