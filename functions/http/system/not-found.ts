import { DomainError } from '../../../domain/errors.ts';
import { http } from '../kit.ts';
import { notFound } from '../routes.ts';

/** The API's `$default` route: the kit answers 404 `route_not_found` before this runs. */
export const handler = http(notFound, async () => {
  throw new DomainError('route_not_found');
});
