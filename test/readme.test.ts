/** The README's route list stays true: every route of the route table is in it. */
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
