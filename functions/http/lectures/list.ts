import { listVerifiedLectures } from '../../store/lectures.ts';
import { http } from '../kit.ts';
import { listLectures } from '../routes.ts';

export const handler = http(listLectures, async ({ query }) => ({ body: await listVerifiedLectures(query) }));
