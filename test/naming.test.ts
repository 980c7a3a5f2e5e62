/**
 * One name, one layer: a route spec (functions/http/routes/, `<operationId>Route`), a domain
 * rule or use case (domain/, plain verbs and `…Case`) and a store function
 * (functions/store/, `…Repo`/`…Store` or named for the stored thing) never share an exported
 * name, so `decideIdea` reads as one thing wherever it is imported. Exported values only:
 * types describe the same things in every layer (`Idea` is the domain's type the store
 * persists). The check parses each file with the TypeScript compiler, like
 * test/architecture.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const LAYERS = {
  routes: 'functions/http/routes',
  domain: 'domain',
  store: 'functions/store',
} as const;
type Layer = keyof typeof LAYERS;

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(e.name) ? [path] : [];
  });

const exported = (node: ts.Node) =>
  ts.canHaveModifiers(node) &&
  (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/** The value names a module exports (declarations and `export { … }`, not types). */
const exportedValues = (source: string, fileName = 'module.ts'): string[] => {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const names: string[] = [];
  for (const stmt of sf.statements) {
    if (ts.isVariableStatement(stmt) && exported(stmt))
      for (const d of stmt.declarationList.declarations) if (ts.isIdentifier(d.name)) names.push(d.name.text);
    if (
      (ts.isFunctionDeclaration(stmt) || ts.isClassDeclaration(stmt) || ts.isEnumDeclaration(stmt)) &&
      exported(stmt)
    )
      if (stmt.name) names.push(stmt.name.text);
    if (
      ts.isExportDeclaration(stmt) &&
      !stmt.isTypeOnly &&
      stmt.exportClause &&
      ts.isNamedExports(stmt.exportClause)
    )
      for (const el of stmt.exportClause.elements) if (!el.isTypeOnly) names.push(el.name.text);
  }
  return names;
};

/** Names exported by more than one layer, each with where it is exported. */
const collisions = (): string[] => {
  const where = new Map<string, Map<Layer, string[]>>();
  for (const [layer, dir] of Object.entries(LAYERS) as [Layer, string][])
    for (const file of sourceFiles(join(ROOT, dir)))
      for (const name of exportedValues(readFileSync(file, 'utf8'), file)) {
        const byLayer = where.get(name) ?? new Map<Layer, string[]>();
        byLayer.set(layer, [...(byLayer.get(layer) ?? []), relative(ROOT, file)]);
        where.set(name, byLayer);
      }
  return [...where]
    .filter(([, byLayer]) => byLayer.size > 1)
    .map(([name, byLayer]) => `${name}: ${[...byLayer.values()].flat().join(', ')}`)
    .sort();
};

describe('exported names', () => {
  it('are found by the parser (a planted collision would be seen)', () => {
    const source = [
      'export const decideIdeaRoute = 1;',
      'export function decideIdea() {}',
      'export class IdeaRepo {}',
      'const a = 1, b = 2;',
      'export { a, b as listIdeas };',
      'export type Idea = { id: string };',
      'export interface Comment { id: string }',
    ].join('\n');
    expect(exportedValues(source)).toEqual(['decideIdeaRoute', 'decideIdea', 'IdeaRepo', 'a', 'listIdeas']);
  });

  it('of route modules, domain/ and functions/store/ belong to one layer each', () => {
    expect(collisions(), 'names exported by more than one layer (name: files)').toEqual([]);
  });
});
