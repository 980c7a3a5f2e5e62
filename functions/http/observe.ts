/**
 * Traces and metrics for the routes that use the table (kit.ts wraps each one; the table-free
 * routes never load this module, see functions/observability.ts):
 * - an X-Ray subsegment `## <route id>` around the whole middy chain, annotated `route`,
 *   `role` and `status` (searchable: `annotation.route = "reviewLecture"`), so the captured
 *   DynamoDB calls nest under the route that made them;
 * - the capacity units the request consumed (the kit's meter, functions/store/meter.ts):
 *   `ReadCapacityUnits` and `WriteCapacityUnits` under the dimension `route`;
 * - the business metric of the route, on success (not on an idempotent replay, which did
 *   nothing new): BUSINESS below.
 *
 * Runs inside the meter's scope (kit-core.ts's withMetering wraps it), so it reads the
 * request's meter when the chain is done.
 */
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { type BusinessMetric, count, MetricUnit, record, tracer } from '#functions/observability.ts';
import type { RouteSpec } from '#http/route-spec.ts';
import { currentMeter } from '#store/meter.ts';
import { type Event, requestState } from './middleware/state.ts';

type Result = APIGatewayProxyStructuredResultV2;
type Handler = (event: Event, context: Context) => Promise<Result>;

/** The decision a deciding route's validated body carries. */
const decisionOf = (event: Event): Record<string, string> => {
  const body = requestState(event).body as { decision?: unknown } | undefined;
  return typeof body?.decision === 'string' ? { decision: body.decision } : {};
};

/** Route id → the count a success adds (and its dimensions). */
export const BUSINESS: Readonly<
  Record<string, { metric: BusinessMetric; dimensions?: (event: Event) => Record<string, string> }>
> = {
  registerAmbassador: { metric: 'AmbassadorRegistered' },
  reportLecture: { metric: 'LectureReported' },
  reviewLecture: { metric: 'LectureReviewed', dimensions: decisionOf },
  decideIdea: { metric: 'IdeaDecided', dimensions: decisionOf },
  decideJoin: { metric: 'JoinDecided', dimensions: decisionOf },
  // Check-ins (contract §12): checkIn: { metric: 'CheckedIn' },
};

export const observe = (spec: RouteSpec, chain: Handler): Handler => {
  const business = BUSINESS[spec.id];
  return async (event, context) => {
    const parent = tracer.isTracingEnabled() ? tracer.getSegment() : undefined;
    let segment: ReturnType<NonNullable<typeof parent>['addNewSubsegment']> | undefined;
    if (parent) {
      segment = parent.addNewSubsegment(`## ${spec.id}`);
      tracer.setSegment(segment);
      tracer.annotateColdStart();
      tracer.putAnnotation('route', spec.id);
      tracer.putAnnotation('role', spec.role);
    }
    try {
      const result = await chain(event, context);
      const status = result.statusCode ?? 200;
      if (segment) tracer.putAnnotation('status', status);
      const meter = currentMeter();
      if (meter)
        record({ route: spec.id }, [
          { name: 'ReadCapacityUnits', unit: MetricUnit.Count, value: meter.read },
          { name: 'WriteCapacityUnits', unit: MetricUnit.Count, value: meter.write },
        ]);
      if (business && status < 300 && result.headers?.['idempotent-replayed'] !== 'true')
        count(business.metric, business.dimensions?.(event));
      return result;
    } catch (err) {
      segment?.addError(err as Error);
      throw err;
    } finally {
      if (segment && parent) {
        segment.close();
        tracer.setSegment(parent);
      }
    }
  };
};
