import { listDirectory } from '../../store/ambassadors.ts';
import { http } from '../kit.ts';
import { listAmbassadors } from '../routes.ts';

export const handler = http(listAmbassadors, async ({ query }) => ({ body: await listDirectory(query) }));
