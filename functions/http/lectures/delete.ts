import { deleteLecture as remove } from '../../../domain/lecture-cases.ts';
import { http } from '../kit.ts';
import { deleteLecture } from '../routes.ts';
import { lectureDeps } from './deps.ts';

export const handler = http(deleteLecture, async ({ me, params, now }) => {
  await remove(lectureDeps(now), me, params.id);
  return { status: 204 };
});
