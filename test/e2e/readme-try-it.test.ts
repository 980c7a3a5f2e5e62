/**
 * Every command of the README's "Try it" block, run as written with bash and curl against the
 * test's own fresh local server, as a reader's first `npm start` would be (what users
 * saw): only `localhost:3000` becomes the server's address and the example's user `u1`
 * a fresh one. (On the shared test server other tests' أحمد would fill the search's page.) Each command's status
 * and body are checked against what the README says of it: the search without hamza or
 * tashkeel finds the registered name, the stale `If-Match` is 412.
 *
 * Was a defect: raw UTF-8 in the request line (`?q=احمد`, which curl sends as is) got an
 * empty 400 from Node's HTTP parser before the local gateway ran; API Gateway accepts it.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, spawnLocalServer } from '#infra/local/spawn.ts';
import { uniqueSub } from '#support/api.ts';

let server: LocalServer;
beforeAll(async () => {
  server = await spawnLocalServer({ tableName: 'sca-readme' });
}, 90_000);
afterAll(() => server?.stop());

const readme = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');
const block = /### Try it\n+```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';

/** The answers of the block's curl commands, in order: status (written to stderr) and body. */
const runBlock = async () => {
  const sub = uniqueSub('readme');
  const script = block
    .replaceAll('localhost:3000', new URL(server.baseUrl).host)
    .replaceAll('"sub":"u1","email":"u1@example.om"', `"sub":"${sub}","email":"${sub}@example.om"`);
  // Each curl also writes its status to stderr; stdout stays what the reader sees.
  const prelude = `curl() { command curl -w '%{stderr}%{http_code}\\n' "$@"; echo; }\nset -e\n`;
  const { stdout, stderr } = await promisify(execFile)('bash', ['-c', prelude + script], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  const statuses = stderr.trim().split('\n').map(Number);
  // The token request's answer went into $TOKEN; the others print one body each.
  const bodies = stdout
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, any>);
  return { sub, statuses, bodies };
};

describe('README "Try it"', () => {
  it('the block is there and rewritten as expected', () => {
    expect(block).toContain('curl -s localhost:3000/_local/token');
    expect(block).toContain('"sub":"u1","email":"u1@example.om"');
  });

  it('every command answers what the README says', async () => {
    const { sub, statuses, bodies } = await runBlock();
    expect(statuses).toEqual([200, 201, 200, 200, 200, 412]);
    const [registered, me, search, byGovernorate, stale] = bodies;
    expect(registered).toMatchObject({ id: sub, name: 'أَحْمَد البلوشي', governorate: 'OM-MA' });
    expect(me).toMatchObject({ id: sub, email: `${sub}@example.om` });
    // "no hamza, no tashkeel": احمد finds أَحْمَد.
    expect(search?.items.map((i: { id: string }) => i.id)).toContain(sub);
    expect(byGovernorate?.items.length).toBeGreaterThan(0);
    for (const i of byGovernorate?.items ?? []) expect(i.governorate).toBe('OM-MA');
    expect(stale).toMatchObject({ status: 412, code: 'version_mismatch' });
  });
});
