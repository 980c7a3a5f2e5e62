import { http } from '../kit.ts';
import { buildOpenApi } from '../openapi.ts';
import { getOpenApi } from '../routes.ts';

const document = buildOpenApi();

export const handler = http(getOpenApi, async () => ({
  body: document,
  headers: { 'cache-control': 'public, max-age=300' },
}));
