/**
 * GET /openapi.json through the local server: its `servers` start with the server that
 * answered, at the port it actually listens on (the test server picks a free one, never 3000),
 * then every stage cdk.json configures with a domain; the rest is the committed openapi.json.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stageServers } from '#http/system/servers.ts';
import { baseUrl, call } from '#support/api.ts';

const root = resolve(import.meta.dirname, '../..');
const read = (path: string) => JSON.parse(readFileSync(resolve(root, path), 'utf8'));

describe('the served OpenAPI document', () => {
  it('lists the answering server at its actual port first, then the configured stages', async () => {
    const res = await call('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(new URL(baseUrl()).port).not.toBe('3000');
    expect(res.body.servers).toEqual([
      { url: baseUrl(), description: 'The server that answered this request' },
      ...stageServers(read('cdk.json').context.stages),
    ]);
    const committed = read('openapi.json');
    expect({ ...res.body, servers: committed.servers }).toEqual(committed);
  });
});
