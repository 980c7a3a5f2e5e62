import { findCommunity } from '../../../domain/communities.ts';
import { DomainError } from '../../../domain/errors.ts';
import { listResources as list } from '../../store/communities.ts';
import { http } from '../kit.ts';
import { listResources } from '../routes.ts';

export const handler = http(listResources, async ({ params, query }) => {
  if (!findCommunity(params.id)) throw new DomainError('not_found');
  return { body: await list(params.id, query) };
});
