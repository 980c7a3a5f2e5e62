import { listReviewQueue } from '../../store/lectures.ts';
import { http } from '../kit.ts';
import { lectureQueue } from '../routes.ts';

/** Oldest first, each with how long it has waited, for the platform team's tool. */
export const handler = http(lectureQueue, async ({ query, now }) => {
  const page = await listReviewQueue(query);
  return {
    body: {
      ...page,
      items: page.items.map((l) => ({
        ...l,
        waitingSeconds: Math.max(0, Math.round((now.getTime() - Date.parse(l.reportedAt)) / 1000)),
      })),
    },
  };
});
