import { findCommunity } from '#domain/communities.ts';
import { DomainError } from '#domain/errors.ts';
import { http } from '#http/kit.ts';
import { listResources } from '#http/routes.ts';
import { listResources as list } from '#store/communities.ts';

export const handler = http(listResources, async ({ params, query }) => {
  if (!findCommunity(params.id)) throw new DomainError('not_found');
  return { body: await list(params.id, query) };
});
