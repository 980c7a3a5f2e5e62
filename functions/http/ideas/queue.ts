import { http } from '#http/kit.ts';
import { ideaQueueRoute } from '#http/routes/ideas.ts';
import { withWaiting } from '#http/waiting.ts';
import { listIdeaQueue } from '#store/ideas.ts';

/** Oldest first; an idea waits from its last (re)submission. */
export const handler = http(ideaQueueRoute, async ({ query, now }) => {
  const page = await listIdeaQueue(query);
  return { body: { ...page, items: withWaiting(page.items, (i) => i.submittedAt, now) } };
});
