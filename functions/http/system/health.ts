import { tableFreeHttp } from '../kit-core.ts';
import { health } from '../routes.ts';

export const handler = tableFreeHttp(health, async () => ({ body: { status: 'ok' } }));
