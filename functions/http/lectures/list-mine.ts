import { lectureView } from '#domain/lectures.ts';
import { http } from '#http/kit.ts';
import { listMyLecturesRoute } from '#http/routes/lectures.ts';
import { listOwnLectures } from '#store/lectures.ts';

export const handler = http(listMyLecturesRoute, async ({ me, query }) => {
  const page = await listOwnLectures(me.id, query);
  return { body: { ...page, items: page.items.map((l) => lectureView(l, { id: me.id, staff: false })) } };
});
