import { tableFreeHttp } from '#http/kit-core.ts';
import { TransportError } from '#http/problem.ts';
import { notFound } from '#http/routes.ts';

/** The API's `$default` route: the kit answers 404 `route_not_found` before this runs. */
export const handler = tableFreeHttp(notFound, async () => {
  throw new TransportError('route_not_found');
});
