// The committed document (test/openapi/openapi.test.ts keeps it equal to what the route
// table generates): serving it as data keeps the generator and zod's JSON Schema
// conversion out of this Lambda, and its cold start near a bare handler's.
import document from '../../../openapi.json' with { type: 'json' };
import { tableFreeHttp } from '../kit-core.ts';
import { getOpenApi } from '../routes.ts';

export const handler = tableFreeHttp(getOpenApi, async () => ({
  body: document,
  headers: { 'cache-control': 'public, max-age=300' },
}));
