import { listReviewQueue } from '../../store/lectures.ts';
import { http } from '../kit.ts';
import { lectureQueue } from '../routes.ts';
import { withWaiting } from '../waiting.ts';

export const handler = http(lectureQueue, async ({ query, now }) => {
  const page = await listReviewQueue(query);
  return { body: { ...page, items: withWaiting(page.items, (l) => l.reportedAt, now) } };
});
