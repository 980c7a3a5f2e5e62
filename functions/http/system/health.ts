import { tableFreeHttp } from '#http/kit-core.ts';
import { getHealthRoute } from '#http/routes/system.ts';

export const handler = tableFreeHttp(getHealthRoute, async () => ({ body: { status: 'ok' } }));
