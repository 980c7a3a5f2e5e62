import { http } from '#http/kit.ts';
import { listLecturesRoute } from '#http/routes/lectures.ts';
import { listVerifiedLectures } from '#store/lectures.ts';

export const handler = http(listLecturesRoute, async ({ query }) => ({
  body: await listVerifiedLectures(query),
}));
