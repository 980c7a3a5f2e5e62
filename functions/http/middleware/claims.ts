/**
 * Who is calling, and may they come here at all: before anything is read. The caller comes
 * from the JWT authorizer's claims (functions/http/claims.ts); a route's role decides who may
 * call it (401 without a valid token, 403 for a non-staff caller on a staff route). The
 * `$default` route answers 404 `route_not_found` before reading anything the request carries.
 */
import type middy from '@middy/core';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DomainError } from '#domain/errors.ts';
import { callerOf } from '#http/claims.ts';
import { TransportError } from '#http/problem.ts';
import type { RouteSpec } from '#http/route-spec.ts';
import { type Event, requestState } from './state.ts';

export const claimsMiddleware = (
  spec: RouteSpec,
): middy.MiddlewareObj<Event, APIGatewayProxyStructuredResultV2> => ({
  name: 'claims',
  before: async (request) => {
    const state = requestState(request.event);
    if (spec.path === '$default') throw new TransportError('route_not_found');
    const caller = callerOf(request.event);
    if (spec.role !== 'public' && !caller) throw new TransportError('unauthorized');
    if (spec.role === 'staff' && !caller?.staff) throw new DomainError('forbidden');
    state.caller = caller;
  },
});
