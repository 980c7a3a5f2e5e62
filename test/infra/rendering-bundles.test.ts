/**
 * The card handlers read the font files and resvg's WebAssembly from their npm packages at
 * run time (functions/render/); a Lambda whose bundle lacks those packages would fail on
 * its first request, which no synth (bundling is skipped in tests) would show. So every
 * handler that imports functions/render/ must be listed in RENDERING_ENTRIES, with every
 * package that module reads, and nothing else may be.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { routes } from '#http/routes/index.ts';
import { projectRoot, RENDERING_ENTRIES } from '#infra/constructs/bundling.ts';

const source = (path: string) => readFileSync(resolve(projectRoot, path), 'utf8');

/** The packages a render module resolves files from (`require.resolve('<pkg>/…')`). */
const packagesRead = (module: string): string[] =>
  [...source(`functions/render/${module}.ts`).matchAll(/'(@[^/']+\/[^/']+)\/[^']*\.(?:ttf|wasm)'/g)].map(
    (m) => m[1] ?? '',
  );

/** A render module and the render modules it imports, transitively. */
const withImports = (module: string): string[] => [
  module,
  ...[...source(`functions/render/${module}.ts`).matchAll(/from '\.\/([\w-]+)\.ts'/g)].flatMap((m) =>
    withImports(m[1] ?? ''),
  ),
];

describe('bundling of the card renderers', () => {
  it('ships the packages each rendering handler reads files from, and only for those handlers', () => {
    const expected: Record<string, string[]> = {};
    for (const entry of new Set(routes.map((r) => `functions/http/${r.handler}`))) {
      const modules = [
        ...source(entry).matchAll(/from '(?:(?:\.\.\/)+|#functions\/)render\/([\w-]+)\.ts'/g),
      ].map((m) => m[1] ?? '');
      const all = new Set(modules.flatMap(withImports));
      const packages = [...all].flatMap(packagesRead);
      if (packages.length) expected[entry] = [...new Set(packages)].sort();
    }
    expect(Object.keys(expected).length).toBeGreaterThanOrEqual(2);
    expect(Object.fromEntries(Object.entries(RENDERING_ENTRIES).map(([k, v]) => [k, [...v].sort()]))).toEqual(
      expected,
    );
  });
});
