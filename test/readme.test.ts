/**
 * The README stays a newcomer's five minutes: the two commands first, the route list true to
 * the route table, the recipe for adding a route, and the depth in the documents it links.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { routes } from '#http/routes/index.ts';

const readme = readFileSync(resolve(import.meta.dirname, '../README.md'), 'utf8');

describe('README', () => {
  it('starts with the two commands', () => {
    const firstBlock = readme.slice(
      readme.indexOf('```sh'),
      readme.indexOf('```', readme.indexOf('```sh') + 5),
    );
    expect(firstBlock).toContain('npm install && npm start');
    expect(firstBlock).toContain('npm test');
  });

  it('is read in five minutes: at most 260 lines, the depth linked, not copied', () => {
    expect(readme.split('\n').length).toBeLessThanOrEqual(260);
    for (const doc of [
      'docs/data-model.md',
      'docs/how-it-works.md',
      'docs/api-contract.md',
      'bench/README.md',
    ])
      expect(readme).toContain(`](${doc})`);
    // Data-model internals live in the data-model document: no access-pattern table, no key chart.
    expect(readme).not.toMatch(/\| AP\d+ \||\| Ambassador \| `AMB#/);
  });

  it('gives the recipe for adding a route in its layout section, with the import aliases', () => {
    const layout = readme.slice(readme.indexOf('## Layout'), readme.indexOf('## Routes'));
    for (const piece of [
      'functions/http/routes/<area>.ts',
      '<operationId>Route',
      'functions/http/<area>/<verb>.ts',
      'domain/<area>-cases.ts',
      'functions/store/<area>.ts',
      'test/e2e/authorization-matrix.test.ts',
      'npm run openapi',
      'test/architecture.test.ts',
      ...['#domain/*', '#store/*', '#http/*', '#functions/*', '#infra/*', '#support/*'],
    ])
      expect(layout).toContain(piece);
  });

  it.each(routes.filter((r) => r.path !== '$default').map((r) => [r.method, r.path, r.role]))(
    'lists %s %s (%s)',
    (method, path, role) => {
      const escaped = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      expect(readme).toMatch(
        new RegExp(`\\|\\s*${method}\\s*\\|\\s*${escaped(path)}\\s*\\|\\s*${role}\\s*\\|`),
      );
    },
  );
});
