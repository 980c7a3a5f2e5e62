/**
 * What the API stack derives from each entry of the route table beyond its function and
 * route: the throttling class of the route and whether its function gets reserved
 * concurrency. Both follow from the entry's method, role and success status, so a route
 * added to the table is classified without editing this file.
 */
import type { ThrottleSettings } from 'aws-cdk-lib/aws-apigatewayv2';
import type { RouteSpec } from '#http/route-spec.ts';

export type RouteClass = 'publicRead' | 'authenticatedRead' | 'write' | 'checkIn' | 'staff';

/**
 * - `staff`: any method on a staff route (the platform team's internal tool, a handful of
 *   people): the lowest limits, whatever the method.
 * - `publicRead`: GET without a token (reference data, communities, leaderboards, the
 *   showcase and its share cards): what a launch or a shared post sends a crowd to.
 * - `authenticatedRead`: GET with a token.
 * - `write`: every other method; each call is one or more conditional writes or a
 *   transaction on the table.
 * - `checkIn`: the writes outside the per-caller write quota (`quota: false`), the lecture
 *   check-ins (docs/api-contract.md §12): a full hall checks in at once, 500 people within a
 *   minute, many behind one address.
 */
export const routeClassOf = (spec: RouteSpec): RouteClass => {
  if (spec.role === 'staff') return 'staff';
  if (spec.method !== 'GET' && spec.quota === false) return 'checkIn';
  if (spec.method === 'GET') return spec.role === 'public' ? 'publicRead' : 'authenticatedRead';
  return 'write';
};

/**
 * Per-route limits (requests per second, steady and burst) for each class. Each route has
 * its own bucket: the limits are not shared across the routes of a class. The stage default
 * (50/100) stays as the fallback for any route without settings of its own.
 */
export const THROTTLE_BY_CLASS: Record<RouteClass, Required<ThrottleSettings>> = {
  publicRead: { rateLimit: 100, burstLimit: 200 },
  authenticatedRead: { rateLimit: 50, burstLimit: 100 },
  write: { rateLimit: 10, burstLimit: 20 },
  // 500 people within a minute is 8 a second on average; they arrive in waves as the code is
  // shown, so the burst takes a wave of 200 at once and the rate refills it within seconds.
  checkIn: { rateLimit: 50, burstLimit: 200 },
  staff: { rateLimit: 5, burstLimit: 10 },
};

/** A route that creates something: a POST answering 201 Created. */
export const createsItems = (spec: RouteSpec): boolean => spec.method === 'POST' && spec.status === 201;

/**
 * Reserved concurrency of each creating route's function. Creating routes are the ones a
 * script (or a buggy client in a retry loop) can flood: each call adds items, counters and
 * fan-out entries to the one table. The cap bounds the write rate such a flood can reach
 * (at 100–200 ms a call, 50–100 creates a second per route), so it can neither starve the
 * other routes of table throughput nor take the account's shared Lambda concurrency (1,000
 * by default) away from the reads. 10 is above what the route's own API throttle (10 rps,
 * burst 20) needs even with cold starts, so legitimate traffic is not clipped by it. The
 * price: 10 per route is set aside from the account's unreserved pool, which Lambda keeps
 * at 100 or more (a deployment that would go below fails).
 */
export const CREATING_ROUTE_CONCURRENCY = 10;
