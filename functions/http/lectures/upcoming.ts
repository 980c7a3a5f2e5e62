import { http } from '#http/kit.ts';
import { listUpcomingLecturesRoute } from '#http/routes/lectures.ts';
import { listUpcomingLectures } from '#store/lectures.ts';

export const handler = http(listUpcomingLecturesRoute, async ({ query, now }) => ({
  body: await listUpcomingLectures(query, now),
}));
