import { tableFreeHttp } from '#http/kit-core.ts';
import { TransportError } from '#http/problem.ts';
import { routeNotFoundRoute } from '#http/routes/system.ts';

/** The API's `$default` route: the kit answers 404 `route_not_found` before this runs. */
export const handler = tableFreeHttp(routeNotFoundRoute, async () => {
  throw new TransportError('route_not_found');
});
