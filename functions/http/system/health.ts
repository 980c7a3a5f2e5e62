import { tableFreeHttp } from '#http/kit-core.ts';
import { health } from '#http/routes.ts';

export const handler = tableFreeHttp(health, async () => ({ body: { status: 'ok' } }));
