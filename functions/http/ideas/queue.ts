import { listIdeaQueue } from '../../store/ideas.ts';
import { http } from '../kit.ts';
import { ideaQueue } from '../routes.ts';
import { withWaiting } from '../waiting.ts';

/** Oldest first; an idea waits from its last (re)submission. */
export const handler = http(ideaQueue, async ({ query, now }) => {
  const page = await listIdeaQueue(query);
  return { body: { ...page, items: withWaiting(page.items, (i) => i.submittedAt, now) } };
});
