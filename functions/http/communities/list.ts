import { communities } from '../../../domain/communities.ts';
import { allCommunityCounts } from '../../store/communities.ts';
import { http } from '../kit.ts';
import { listCommunities } from '../routes.ts';

export const handler = http(listCommunities, async () => {
  const counts = await allCommunityCounts();
  return { body: { items: communities.map((c) => ({ ...c, ...counts.get(c.id) })) } };
});
