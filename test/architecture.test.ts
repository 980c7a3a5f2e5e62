/**
 * The domain layer stays pure: it imports only its own modules and zod/mini, and it reads
 * neither the environment, the clock nor a random source (callers pass those in). The
 * check parses each file with the TypeScript compiler, so comments never trip it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DOMAIN = join(ROOT, 'domain');

const SOURCE = /\.(c|m)?tsx?$/;

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return SOURCE.test(e.name) ? [path] : [];
  });

/** zod/mini itself, or one of zod's locale subpaths (zod/locales, zod/v4/locales/en.js, …). */
const ZOD_ALLOWED = /^zod\/(mini|(v4\/)?locales(\/[A-Za-z0-9_-]+(\.js)?)?)$/;

/** Why `specifier`, imported from `file`, is not allowed, or undefined when it is. */
const importProblem = (file: string, specifier: string, domainDir: string): string | undefined => {
  if (specifier.startsWith('./') || specifier.startsWith('../')) {
    const target = resolve(dirname(file), specifier);
    return target.startsWith(domainDir + sep) ? undefined : `reaches outside domain/ (${target})`;
  }
  if (ZOD_ALLOWED.test(specifier)) return undefined;
  if (specifier.startsWith('node:'))
    return 'Node built-ins are not allowed in domain/ (pass the value in instead)';
  return 'only relative imports inside domain/ and zod/mini are allowed';
};

/** The rightmost name of an expression: `Date` for `Date`, `globalThis.Date`, `globalThis['Date']`. */
const nameOf = (e: ts.Expression): string | undefined => {
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  if (ts.isElementAccessExpression(e) && ts.isStringLiteralLike(e.argumentExpression))
    return e.argumentExpression.text;
  if (ts.isParenthesizedExpression(e)) return nameOf(e.expression);
  return undefined;
};
/** `object.member` or `object['member']`: [object name, member name]. */
const memberOf = (e: ts.Expression): [string | undefined, string | undefined] | undefined => {
  if (ts.isPropertyAccessExpression(e)) return [nameOf(e.expression), e.name.text];
  if (ts.isElementAccessExpression(e) && ts.isStringLiteralLike(e.argumentExpression))
    return [nameOf(e.expression), e.argumentExpression.text];
  return undefined;
};

interface Violation {
  file: string;
  line: number;
  problem: string;
}

/** Every rule the file breaks, with its line. `file` is only used for messages and paths. */
const violations = (file: string, source: string, domainDir: string = DOMAIN): Violation[] => {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: Violation[] = [];
  const report = (node: ts.Node, problem: string) =>
    out.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, problem });
  const checkSpecifier = (node: ts.Node, spec: ts.Expression | undefined) => {
    if (!spec || !ts.isStringLiteralLike(spec)) {
      report(node, 'import with a computed module specifier');
      return;
    }
    const p = importProblem(file, spec.text, domainDir);
    if (p) report(node, `imports '${spec.text}': ${p}`);
  };

  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) checkSpecifier(node, node.moduleSpecifier);
    else if (ts.isExportDeclaration(node) && node.moduleSpecifier) checkSpecifier(node, node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference))
      checkSpecifier(node, node.moduleReference.expression);
    else if (ts.isImportTypeNode(node)) {
      const arg = node.argument;
      checkSpecifier(node, ts.isLiteralTypeNode(arg) ? (arg.literal as ts.Expression) : undefined);
    } else if (ts.isCallExpression(node)) {
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword) checkSpecifier(node, node.arguments[0]);
      else if (ts.isIdentifier(node.expression) && node.expression.text === 'require')
        checkSpecifier(node, node.arguments[0]);
      const m = memberOf(node.expression);
      if (m?.[0] === 'Date' && m[1] === 'now')
        report(node, 'calls Date.now() (take the time as a parameter)');
      if (m?.[0] === 'Math' && m[1] === 'random')
        report(node, 'calls Math.random() (take ids/randomness as a parameter)');
    } else if (
      ts.isNewExpression(node) &&
      nameOf(node.expression) === 'Date' &&
      (node.arguments?.length ?? 0) === 0
    ) {
      report(node, 'calls new Date() without arguments (take the time as a parameter)');
    } else {
      const m =
        ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)
          ? memberOf(node)
          : undefined;
      if (m?.[0] === 'process' && m[1] === 'env') report(node, 'reads process.env (pass configuration in)');
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
};

const format = (vs: Violation[]) =>
  vs.map((v) => `  ${relative(ROOT, v.file)}:${v.line}: ${v.problem}`).join('\n');

describe('architecture: domain/ is pure', () => {
  const files = sourceFiles(DOMAIN);

  it('finds the domain sources', () => {
    const names = files.map((f) => relative(DOMAIN, f));
    expect(names).toEqual(expect.arrayContaining(['text.ts', 'ambassadors.ts', 'regions.ts', 'errors.ts']));
  });

  it.each(files.map((f) => [relative(ROOT, f), f]))(
    '%s imports only domain/ and zod/mini, and reads no environment, clock or randomness',
    (_name, file) => {
      const vs = violations(file, readFileSync(file, 'utf8'));
      expect(vs.length, `domain/ must stay pure; fix these:\n${format(vs)}`).toBe(0);
    },
  );
});

describe('architecture checker (self-test on synthetic sources)', () => {
  const file = join(DOMAIN, 'sample.ts');
  const problems = (src: string) => violations(file, src).map((v) => v.problem);
  const lines = (src: string) => violations(file, src).map((v) => v.line);

  it('accepts relative imports inside domain/, zod/mini and zod locales', () => {
    expect(
      problems(`
        import * as z from 'zod/mini';
        import { en } from 'zod/locales';
        import ar from 'zod/v4/locales/ar.js';
        import { fold } from './text.ts';
        import type { X } from './sub/x.ts';
        import data from './oman-regions.json' with { type: 'json' };
        export { fold } from './text.ts';
        export * from './errors.ts';
        const later = () => import('./regions.ts');
        type T = import('./ambassadors.ts').Ambassador;
        const d = new Date('2026-01-01T00:00:00Z');
        const e = new Date(0);
        // Date.now() and Math.random() and process.env in a comment are fine
        /* new Date() too */
        const s = 'not a call: Date.now( Math.random( process.env';
      `),
    ).toEqual([]);
  });

  it.each([
    [`import { x } from '../functions/http.ts';`, 'reaches outside domain/'],
    [`import { x } from '../infra/local/start.ts';`, 'reaches outside domain/'],
    [`import { x } from './../../main/functions/a.ts';`, 'reaches outside domain/'],
    [`import { x } from '#store/client.ts';`, 'only relative imports'],
    [`import { x } from '#domain/ideas.ts';`, 'only relative imports'],
    [`import * as z from 'zod';`, 'only relative imports'],
    [`import * as z from 'zod/v4';`, 'only relative imports'],
    [`import { ulid } from 'ulid';`, 'only relative imports'],
    [`import { DynamoDBClient } from '@aws-sdk/client-dynamodb';`, 'only relative imports'],
    [`import type { APIGatewayProxyEventV2 } from 'aws-lambda';`, 'only relative imports'],
    [`import { readFileSync } from 'node:fs';`, 'Node built-ins'],
    [`import { randomUUID } from 'node:crypto';`, 'Node built-ins'],
    [`import fs from 'fs';`, 'only relative imports'],
    [`export { a } from 'lodash';`, 'only relative imports'],
    [`import 'reflect-metadata';`, 'only relative imports'],
    [`const m = await import('node:os');`, 'Node built-ins'],
    [`const m = await import(name);`, 'computed module specifier'],
    [`const m = require('pg');`, 'only relative imports'],
    [`import x = require('pg');`, 'only relative imports'],
    [`type T = import('aws-lambda').Context;`, 'only relative imports'],
  ])('rejects %s', (src, expected) => {
    const ps = problems(src);
    expect(ps).toHaveLength(1);
    expect(ps[0]).toContain(expected);
  });

  it.each([
    ['const t = Date.now();', 'Date.now()'],
    ['const t = globalThis.Date.now();', 'Date.now()'],
    ["const t = Date['now']();", 'Date.now()'],
    ['const d = new Date();', 'new Date()'],
    ['const d = new Date;', 'new Date()'],
    ['const d = new globalThis.Date();', 'new Date()'],
    ['const r = Math.random();', 'Math.random()'],
    ['const stage = process.env.STAGE;', 'process.env'],
    ["const stage = process['env'].STAGE;", 'process.env'],
    ['const { STAGE } = process.env;', 'process.env'],
    ['const stage = globalThis.process.env.STAGE;', 'process.env'],
  ])('rejects %s', (src, expected) => {
    const ps = problems(src);
    expect(ps).toHaveLength(1);
    expect(ps[0]).toContain(expected);
  });

  it('names the line of each violation', () => {
    expect(lines(`import * as z from 'zod/mini';\n\nconst a = 1;\nconst t = Date.now();\n`)).toEqual([4]);
  });
});
