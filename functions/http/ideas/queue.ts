import { http } from '#http/kit.ts';
import { ideaQueue } from '#http/routes.ts';
import { withWaiting } from '#http/waiting.ts';
import { listIdeaQueue } from '#store/ideas.ts';

/** Oldest first; an idea waits from its last (re)submission. */
export const handler = http(ideaQueue, async ({ query, now }) => {
  const page = await listIdeaQueue(query);
  return { body: { ...page, items: withWaiting(page.items, (i) => i.submittedAt, now) } };
});
