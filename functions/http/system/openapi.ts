// The committed document (test/openapi/openapi.test.ts keeps it equal to what the route
// table generates): serving it as data keeps the generator and zod's JSON Schema
// conversion out of this Lambda, and its cold start near a bare handler's. Only its
// `servers` are the request's: the server that answered, then the stages cdk.json gives a
// domain (the rule is in ./servers.ts).

import { tableFreeHttp } from '#http/kit-core.ts';
import { getOpenApiRoute } from '#http/routes/system.ts';
import cdk from '../../../cdk.json' with { type: 'json' };
import document from '../../../openapi.json' with { type: 'json' };
import { servedServers } from './servers.ts';

export const handler = tableFreeHttp(getOpenApiRoute, async ({ headers }) => ({
  body: { ...document, servers: servedServers(headers, cdk.context.stages) },
  headers: { 'cache-control': 'public, max-age=300' },
}));
