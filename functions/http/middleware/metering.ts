/**
 * Metering and the access log: the DynamoDB capacity a request consumed (read, write, calls,
 * items), in one `request` log line per request and, when the stage exposes it
 * (`config.exposeCapacity`, for the capacity budget tests), in `x-consumed-capacity`.
 *
 * A wrapper around the middy chain rather than a middleware: the meter is an
 * AsyncLocalStorage scope (functions/store/meter.ts) that must enclose every middleware and
 * the handler, which a middleware's before/after hooks cannot open around the others.
 */
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { config } from '#functions/config.ts';
import { logger } from '#functions/log.ts';
import type { RouteSpec } from '#http/route-spec.ts';
import { metered } from '#store/meter.ts';
import type { Event } from './state.ts';

type Result = APIGatewayProxyStructuredResultV2;

export const withMetering =
  (spec: RouteSpec, chain: (event: Event, context: Context) => Promise<Result>) =>
  async (event: Event, context: Context): Promise<Result> => {
    const started = performance.now();
    logger.addContext(context);
    const run = metered(() => chain(event, context));
    const result = await run;
    const { meter } = run;
    logger.info('request', {
      route: spec.id,
      method: event.requestContext?.http?.method,
      path: event.rawPath,
      status: result.statusCode,
      ms: Math.round(performance.now() - started),
      rcu: meter.read,
      wcu: meter.write,
      ddbCalls: meter.calls,
    });
    if (config.exposeCapacity)
      result.headers = {
        ...result.headers,
        'x-consumed-capacity': `read=${meter.read};write=${meter.write};calls=${meter.calls};itemsRead=${meter.itemsRead};itemsWritten=${meter.itemsWritten}`,
      };
    return result;
  };
