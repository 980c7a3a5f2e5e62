import { DomainError } from '#domain/errors.ts';
import { tableFreeHttp } from '#http/kit-core.ts';
import { routeNotFoundRoute } from '#http/routes/system.ts';

/** The API's `$default` route: the kit answers 404 `route_not_found` before this runs. */
export const handler = tableFreeHttp(routeNotFoundRoute, async () => {
  throw new DomainError('route_not_found');
});
