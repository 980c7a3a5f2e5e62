import { http } from '../kit.ts';
import { health } from '../routes.ts';

export const handler = http(health, async () => ({ body: { status: 'ok' } }));
