import { getAmbassador } from '../../store/ambassadors.ts';
import { listPublicIdeas } from '../../store/ideas.ts';
import { http } from '../kit.ts';
import { listIdeas } from '../routes.ts';

export const handler = http(listIdeas, async ({ query, caller }) => {
  // Only this filter needs the caller's profile; a member who has not registered has no interests.
  const interests =
    query.matchMyInterests === 'true' ? ((await getAmbassador(caller.id))?.interests ?? []) : undefined;
  return { body: await listPublicIdeas(query, interests) };
});
