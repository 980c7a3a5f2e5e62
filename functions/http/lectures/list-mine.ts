import { lectureView } from '../../../domain/lectures.ts';
import { listOwnLectures } from '../../store/lectures.ts';
import { http } from '../kit.ts';
import { listMyLectures } from '../routes.ts';

export const handler = http(listMyLectures, async ({ me, query }) => {
  const page = await listOwnLectures(me.id, query);
  return { body: { ...page, items: page.items.map((l) => lectureView(l, { id: me.id, staff: false })) } };
});
