import { http } from '#http/kit.ts';
import { listAmbassadors } from '#http/routes.ts';
import { listDirectory } from '#store/ambassadors.ts';

export const handler = http(listAmbassadors, async ({ query }) => ({ body: await listDirectory(query) }));
