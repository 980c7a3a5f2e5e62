// The committed document (test/openapi/openapi.test.ts keeps it equal to what the route
// table generates): serving it as data keeps the generator and zod's JSON Schema
// conversion out of this Lambda, and its cold start near a bare handler's.

import { tableFreeHttp } from '#http/kit-core.ts';
import { getOpenApiRoute } from '#http/routes/system.ts';
import document from '../../../openapi.json' with { type: 'json' };

export const handler = tableFreeHttp(getOpenApiRoute, async () => ({
  body: document,
  headers: { 'cache-control': 'public, max-age=300' },
}));
