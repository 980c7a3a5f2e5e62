import { http } from '#http/kit.ts';
import { listLectures } from '#http/routes.ts';
import { listVerifiedLectures } from '#store/lectures.ts';

export const handler = http(listLectures, async ({ query }) => ({ body: await listVerifiedLectures(query) }));
