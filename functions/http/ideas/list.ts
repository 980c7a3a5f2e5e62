import { http } from '#http/kit.ts';
import { listIdeasRoute } from '#http/routes/ideas.ts';
import { getAmbassador } from '#store/ambassadors.ts';
import { listPublicIdeas } from '#store/ideas.ts';

export const handler = http(listIdeasRoute, async ({ query, caller }) => {
  // Only this filter needs the caller's profile; a member who has not registered has no interests.
  const interests =
    query.matchMyInterests === 'true' ? ((await getAmbassador(caller.id))?.interests ?? []) : undefined;
  return { body: await listPublicIdeas(query, interests) };
});
