/** The published contract: complete, current, and lint-clean by Redocly. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOpenApi, documentedRouteIds } from '../../functions/http/openapi.ts';
import { routes } from '../../functions/http/routes.ts';

const root = resolve(import.meta.dirname, '../..');
const doc = buildOpenApi() as { paths: Record<string, Record<string, { operationId: string }>> };

describe('the OpenAPI document', () => {
  it('describes every route of the table, and only those', () => {
    const operations = Object.values(doc.paths).flatMap((p) => Object.values(p).map((o) => o.operationId));
    const expected = routes.filter((r) => r.path !== '$default').map((r) => r.id);
    expect(operations.sort()).toEqual([...expected].sort());
    expect(documentedRouteIds().sort()).toEqual(routes.map((r) => r.id).sort());
  });

  it('is committed as openapi.json, current (run `npm run openapi` after changing a route)', () => {
    const committed = JSON.parse(readFileSync(resolve(root, 'openapi.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(buildOpenApi())));
  });

  it('has current client types (client/api-types.ts, run `npm run openapi`)', async () => {
    const { clientTypes } = await import('../../scripts/openapi.ts');
    expect(readFileSync(resolve(root, 'client/api-types.ts'), 'utf8')).toBe(await clientTypes());
  });

  it('passes Redocly lint with no problems', () => {
    // Run on this process's Node (24), with the project's redocly.yaml.
    const out = spawnSync(
      process.execPath,
      [resolve(root, 'node_modules/@redocly/cli/bin/cli.js'), 'lint', 'openapi.json'],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    const text = `${out.stdout}${out.stderr}`;
    const problems = /You have (\d+) (?:warning|error)/g;
    const counted = [...text.matchAll(problems)].reduce((n, m) => n + Number(m[1]), 0);
    console.log(`redocly lint: ${counted} problems`);
    expect(out.status, text).toBe(0);
    expect(text).toContain('Your API description is valid');
    expect(counted, text).toBe(0);
  });
});
