/**
 * One version number: package.json's `version` is the OpenAPI document's `info.version`
 * (generated and committed alike), its major.minor is the contract version docs/api-contract.md
 * names, and CHANGELOG.md has a section for it. And the document's `servers`: the committed
 * file lists only the local server at its default port (so that it does not depend on the
 * machine that generated it); the document GET /openapi.json serves names the server that
 * answered and every stage configured with a domain (over HTTP: test/e2e/openapi-servers.test.ts).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOpenApi } from '#http/openapi.ts';
import { LOCAL_DEFAULT_SERVER, servedServers, stageServers } from '#http/system/servers.ts';

const root = resolve(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(resolve(root, path), 'utf8');
const pkg = JSON.parse(read('package.json')) as { version: string };
const generated = buildOpenApi() as { info: { version: string }; servers: unknown };
const committed = JSON.parse(read('openapi.json')) as { info: { version: string }; servers: unknown };

describe('one version number', () => {
  it('is semver in package.json, and the document (generated and committed) carries it', () => {
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
    expect(generated.info.version).toBe(pkg.version);
    expect(committed.info.version).toBe(pkg.version);
  });

  it('names the contract version in its major.minor', () => {
    const contract = /API contract \(v(\d+)\.(\d+)\)/.exec(read('docs/api-contract.md'));
    expect(contract, 'docs/api-contract.md names its version in its title').not.toBeNull();
    const [major, minor] = pkg.version.split(/[.-]/);
    expect(`${major}.${minor}`).toBe(`${contract?.[1]}.${contract?.[2]}`);
  });

  it('has its section in CHANGELOG.md (Keep a Changelog), with the contract version it serves', () => {
    const changelog = read('CHANGELOG.md');
    expect(changelog).toContain('https://keepachangelog.com/');
    const heading = changelog.split('\n').find((l) => l.startsWith(`## [${pkg.version}]`));
    expect(heading, `CHANGELOG.md has a "## [${pkg.version}]" section`).toBeDefined();
    const [major, minor] = pkg.version.split(/[.-]/);
    expect(heading).toContain(`(contract v${major}.${minor}`);
  });
});

describe('the servers list', () => {
  it('is the local default alone in the committed file, which stays independent of the machine', () => {
    expect(committed.servers).toEqual([LOCAL_DEFAULT_SERVER]);
    expect(generated.servers).toEqual([LOCAL_DEFAULT_SERVER]);
    expect(LOCAL_DEFAULT_SERVER.url).toBe('http://localhost:3000');
  });

  it('names each stage configured with a domain as https://<domain.name>, and no other', () => {
    expect(
      stageServers({
        dev: {},
        staging: { domain: { name: 'api.staging.example.om', certificateArn: 'arn:aws:acm:x' } },
        prod: { domain: { name: 'api.example.om', certificateArn: 'arn:aws:acm:y' } },
      }),
    ).toEqual([
      { url: 'https://api.staging.example.om', description: 'Stage staging' },
      { url: 'https://api.example.om', description: 'Stage prod' },
    ]);
    expect(stageServers({ dev: {}, odd: { domain: { name: 'not a host/' } } })).toEqual([]);
    expect(stageServers(undefined)).toEqual([]);
  });

  it('says https behind API Gateway (x-forwarded-proto), and never lists a server twice', () => {
    const stages = { prod: { domain: { name: 'api.example.om', certificateArn: 'arn:aws:acm:y' } } };
    expect(servedServers({ host: 'api.example.om', 'x-forwarded-proto': 'https' }, stages)).toEqual([
      { url: 'https://api.example.om', description: 'The server that answered this request' },
    ]);
    expect(
      servedServers(
        { host: 'abc123.execute-api.me-south-1.amazonaws.com', 'x-forwarded-proto': 'https' },
        {},
      ),
    ).toEqual([
      {
        url: 'https://abc123.execute-api.me-south-1.amazonaws.com',
        description: 'The server that answered this request',
      },
    ]);
  });

  it('never reflects a host that is not one (falls back to the local default)', () => {
    for (const host of ['evil.example/"><script>', 'a b', '', 'x:99999999'])
      expect(servedServers({ host }, {}), host).toEqual([LOCAL_DEFAULT_SERVER]);
    expect(servedServers({ host: 'localhost:3000', 'x-forwarded-proto': 'javascript' }, {})).toEqual([
      LOCAL_DEFAULT_SERVER,
    ]);
    expect(servedServers({}, {})).toEqual([LOCAL_DEFAULT_SERVER]);
  });
});
