import { findCommunity } from '#domain/communities.ts';
import { DomainError } from '#domain/errors.ts';
import { http } from '#http/kit.ts';
import { listResourcesRoute } from '#http/routes/communities.ts';
import { listResources as list } from '#store/communities.ts';

export const handler = http(listResourcesRoute, async ({ params, query }) => {
  if (!findCommunity(params.id)) throw new DomainError('not_found');
  return { body: await list(params.id, query) };
});
