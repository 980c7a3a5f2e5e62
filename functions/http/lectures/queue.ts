import { http } from '#http/kit.ts';
import { lectureQueueRoute } from '#http/routes/lectures.ts';
import { withWaiting } from '#http/waiting.ts';
import { listReviewQueue } from '#store/lectures.ts';

export const handler = http(lectureQueueRoute, async ({ query, now }) => {
  const page = await listReviewQueue(query);
  return { body: { ...page, items: withWaiting(page.items, (l) => l.reportedAt, now) } };
});
