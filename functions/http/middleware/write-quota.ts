/**
 * The per-caller write quota (docs/api-contract.md §10 "Write quota"): one conditional counter
 * write (functions/store/quota.ts) before the body is read or validated, so a flood of bad
 * writes is counted and refused as cheaply as good ones. Per token `sub`; per source address
 * for guests. Refused: 429 `rate_limited` with `Retry-After`.
 */
import type middy from '@middy/core';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { TransportError } from '#http/problem.ts';
import type { RouteSpec } from '#http/route-spec.ts';
import type { QuotaAnswer, QuotaSubject } from '#store/quota.ts';
import { type Event, requestState } from './state.ts';

/** Counts one writing request of a caller. */
export type TakeWrite = (subject: QuotaSubject, now: Date, requestId: string) => Promise<QuotaAnswer>;

/** Writing methods (docs/api-contract.md §10); a route may opt out with `quota: false`. */
export const countsAgainstQuota = (spec: RouteSpec) => spec.method !== 'GET' && spec.quota !== false;

export const writeQuotaMiddleware = (
  takeWrite: TakeWrite,
): middy.MiddlewareObj<Event, APIGatewayProxyStructuredResultV2> => ({
  name: 'writeQuota',
  before: async (request) => {
    const { caller } = requestState(request.event);
    const subject: QuotaSubject = caller
      ? `SUB#${caller.id}`
      : `IP#${request.event.requestContext?.http?.sourceIp ?? 'unknown'}`;
    const answer = await takeWrite(subject, new Date(), request.context.awsRequestId);
    if (!answer.allowed)
      throw new TransportError('rate_limited', 'Too many writing requests this minute', {
        'retry-after': String(answer.retryAfterSeconds),
      });
  },
});
