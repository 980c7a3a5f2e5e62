import { communities } from '#domain/communities.ts';
import { http } from '#http/kit.ts';
import { listCommunities } from '#http/routes.ts';
import { allCommunityCounts } from '#store/communities.ts';

export const handler = http(listCommunities, async () => {
  const counts = await allCommunityCounts();
  return { body: { items: communities.map((c) => ({ ...c, ...counts.get(c.id) })) } };
});
