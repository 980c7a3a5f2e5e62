import { communities } from '#domain/communities.ts';
import { http } from '#http/kit.ts';
import { listCommunitiesRoute } from '#http/routes/communities.ts';
import { allCommunityCounts } from '#store/communities.ts';

export const handler = http(listCommunitiesRoute, async () => {
  const counts = await allCommunityCounts();
  return { body: { items: communities.map((c) => ({ ...c, ...counts.get(c.id) })) } };
});
