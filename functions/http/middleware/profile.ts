/**
 * The caller's profile (`me`) on `ambassador` routes, read before the request is validated:
 * who before what, so a caller who is not (or no longer) an ambassador hears 403
 * `not_registered` whatever it sent (docs/api-contract.md §10: erasure), not a 400 about the body.
 */
import type middy from '@middy/core';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DomainError } from '#domain/errors.ts';
import type { RouteSpec } from '#http/route-spec.ts';
import type { AmbassadorItem } from '#store/ambassadors.ts';
import { type Event, requestState } from './state.ts';

/** The caller's profile, strongly consistent (an ambassador who just registered is one at once). */
export type LoadMe = (id: string) => Promise<AmbassadorItem | undefined>;

export const profileMiddleware = (
  spec: RouteSpec,
  loadMe: LoadMe | undefined,
): middy.MiddlewareObj<Event, APIGatewayProxyStructuredResultV2> => ({
  name: 'profile',
  before: async (request) => {
    const state = requestState(request.event);
    if (spec.role !== 'ambassador' || !state.caller) return;
    const me = await loadMe?.(state.caller.id);
    // An erasure waiting for its Cognito step is finished by a retry (RouteSpec.finishesErasure).
    const unfinishedErasure =
      me?.erased === true && me.identityPending === true && spec.finishesErasure === true;
    if (!me || (me.erased && !unfinishedErasure)) throw new DomainError('not_registered');
    state.me = me;
  },
});
