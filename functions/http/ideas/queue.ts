import { listIdeaQueue } from '../../store/ideas.ts';
import { http } from '../kit.ts';
import { ideaQueue } from '../routes.ts';

/** Oldest first, each with how long it has waited since it was (re)submitted. */
export const handler = http(ideaQueue, async ({ query, now }) => {
  const page = await listIdeaQueue(query);
  return {
    body: {
      ...page,
      items: page.items.map((i) => ({
        ...i,
        waitingSeconds: Math.max(0, Math.round((now.getTime() - Date.parse(i.submittedAt)) / 1000)),
      })),
    },
  };
});
