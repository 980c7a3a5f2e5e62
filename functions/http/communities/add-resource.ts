import { ulid } from 'ulid';
import { findCommunity, type Resource } from '#domain/communities.ts';
import { DomainError } from '#domain/errors.ts';
import { http } from '#http/kit.ts';
import { addResourceRoute } from '#http/routes/communities.ts';
import { createResource } from '#store/communities.ts';

export const handler = http(addResourceRoute, async ({ me, params, body, now }) => {
  if (!findCommunity(params.id)) throw new DomainError('not_found');
  const resource: Resource = {
    ...body,
    id: ulid(),
    communityId: params.id,
    authorId: me.id,
    createdAt: now.toISOString(),
    version: 1,
  };
  await createResource(resource);
  return { body: resource, version: 1, created: resource.id };
});
