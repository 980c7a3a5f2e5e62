import { http } from '#http/kit.ts';
import { listAmbassadorsRoute } from '#http/routes/ambassadors.ts';
import { listDirectory } from '#store/ambassadors.ts';

export const handler = http(listAmbassadorsRoute, async ({ query }) => ({
  body: await listDirectory(query),
}));
