/**
 * The layering is enforced, not only described (docs/architecture.md "Layers": infra → functions →
 * domain). Each file is parsed with the TypeScript compiler, so comments never trip a rule,
 * and `#alias/*` specifiers are resolved through package.json `imports`.
 *
 * - domain/ stays pure: it imports only its own modules and zod/mini, and it reads neither
 *   the environment, the clock nor a random source (callers pass those in).
 * - functions/http/ calls the store's public modules, never its internals (keys, client,
 *   batch, items): what a handler needs from the table is a named store function.
 * - infra/ imports from functions/ only the route specs and the table definition; infra/local
 *   (the local stand-in for the cloud) may also run the scheduled jobs and the stream's
 *   consumer, move the one clock, build the OpenAPI document and answer in problem+json, and
 *   runs handlers by path like Lambda does.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DOMAIN = join(ROOT, 'domain');
const HTTP = join(ROOT, 'functions', 'http');
const INFRA = join(ROOT, 'infra');

const SOURCE = /\.(c|m)?tsx?$/;

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return SOURCE.test(e.name) ? [path] : [];
  });

/** A project path as the rules spell it: relative to the root, with `/`. */
const projectPath = (abs: string) => relative(ROOT, abs).split(sep).join('/');

const ALIASES = Object.entries(
  (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { imports: Record<string, string> })
    .imports,
);

/**
 * Where `specifier`, imported from `file`, points inside the project: a path, 'package' for
 * an npm package or a Node built-in, 'unknown alias' for a `#` name package.json does not declare.
 */
const resolveSpecifier = (file: string, specifier: string): string => {
  if (specifier.startsWith('./') || specifier.startsWith('../')) return resolve(dirname(file), specifier);
  if (!specifier.startsWith('#')) return 'package';
  for (const [pattern, target] of ALIASES) {
    const prefix = pattern.endsWith('*') ? pattern.slice(0, -1) : pattern;
    if (pattern.endsWith('*') ? specifier.startsWith(prefix) : specifier === pattern)
      return resolve(ROOT, target.replace('*', specifier.slice(prefix.length)));
  }
  return 'unknown alias';
};

/** zod/mini itself, or one of zod's locale subpaths (zod/locales, zod/v4/locales/en.js, …). */
const ZOD_ALLOWED = /^zod\/(mini|(v4\/)?locales(\/[A-Za-z0-9_-]+(\.js)?)?)$/;

/** One import of a file: static, `export … from`, `import()`, `require()` or `import('…')` in a type. */
interface ImportRef {
  /** undefined when computed (`import(name)`). */
  specifier: string | undefined;
  /** The names it takes (`*` for a namespace, a dynamic import or an `export *`). */
  names: string[];
}

/** Why an import breaks a rule, or undefined when it does not. */
type Rule = (file: string, ref: ImportRef) => string | undefined;

/** domain/: relative imports inside domain/ and zod/mini only. */
const domainRule =
  (domainDir: string): Rule =>
  (file, { specifier }) => {
    if (specifier === undefined) return 'import with a computed module specifier';
    if (ZOD_ALLOWED.test(specifier)) return undefined;
    const target = resolveSpecifier(file, specifier);
    if (specifier.startsWith('#'))
      return target.startsWith(domainDir + sep)
        ? 'a sibling inside domain/ is imported with ./, not an alias'
        : `reaches outside domain/ (${target})`;
    if (target !== 'package')
      return target.startsWith(domainDir + sep) ? undefined : `reaches outside domain/ (${target})`;
    if (specifier.startsWith('node:'))
      return 'Node built-ins are not allowed in domain/ (pass the value in instead)';
    return 'only relative imports inside domain/ and zod/mini are allowed';
  };

/** The store's internals: how items and keys are spelled and how the SDK is called. */
const STORE_INTERNALS = ['client.ts', 'batch.ts', 'items.ts'].map((f) => `functions/store/${f}`);
const isStoreInternal = (path: string) =>
  STORE_INTERNALS.includes(path) || path.startsWith('functions/store/entities/');

/** functions/http/: the store's public modules only. */
const httpRule: Rule = (file, { specifier }) => {
  if (specifier === undefined) return undefined;
  const target = resolveSpecifier(file, specifier);
  if (target === 'unknown alias') return 'an alias package.json `imports` does not declare';
  if (target === 'package') return undefined;
  const path = projectPath(target);
  return isStoreInternal(path)
    ? `reaches into the store's internals (${path}): call a named function of a store module instead`
    : undefined;
};

/**
 * What any of infra/ may import from functions/: the route specs, the table definition, and
 * the key-access declarations the grants are made from (data and pure functions over it:
 * functions/http/table-keys.ts for the routes and the kit, functions/scheduled/table-access.ts
 * for the jobs).
 */
const INFRA_MAY_IMPORT = [
  /^functions\/http\/routes(\.ts|\/.+)$/,
  /^functions\/http\/route-spec\.ts$/,
  /^functions\/http\/table-keys\.ts$/,
  /^functions\/scheduled\/table-access\.ts$/,
  /^functions\/store\/table\.ts$/,
];
/**
 * What infra/local/ may import besides: it plays the cloud locally, so it runs the scheduled
 * jobs (EventBridge, Step Functions) and the stream's consumer (the event source mapping),
 * moves the one clock (POST /_local/clock), serves the OpenAPI document, answers what its own
 * HTTP parser refuses in the API's problem+json (as API Gateway answers before any handler).
 */
const INFRA_LOCAL_MAY_IMPORT = [
  /^functions\/scheduled\/.+$/,
  /^functions\/events\/.+$/,
  /^functions\/clock\.ts$/,
  /^functions\/http\/openapi\.ts$/,
  /^functions\/http\/problem\.ts$/,
];

interface Exception {
  from: string;
  target: string;
  names: readonly string[];
  why: string;
}
/**
 * Imports infra/ still makes beyond the rule: named, with why. A listed exception that no file
 * uses any more fails the test below, so the list only shrinks.
 */
const INFRA_EXCEPTIONS: readonly Exception[] = [
  {
    from: 'infra/local/start.ts',
    target: 'functions/store/client.ts',
    names: ['*'],
    why:
      "the local server plays IAM's dynamodb:LeadingKeys conditions (infra/local/key-access.ts) as " +
      "middleware on the functions' own DynamoDB client, imported after the environment is set",
  },
  {
    from: 'infra/local/notifications.ts',
    target: 'functions/store/client.ts',
    names: ['*'],
    why:
      "the local event source mapping meters the consumer's DynamoDB calls and injects its crashes " +
      "as middleware on the functions' own client, imported after the environment is set",
  },
];

/** infra/: see INFRA_MAY_IMPORT, INFRA_LOCAL_MAY_IMPORT and INFRA_EXCEPTIONS. */
const infraRule =
  (exceptions: readonly Exception[] = INFRA_EXCEPTIONS): Rule =>
  (file, { specifier, names }) => {
    const local = projectPath(file).startsWith('infra/local/');
    if (specifier === undefined)
      // The local gateway imports each route's handler by its path, as Lambda loads it.
      return local ? undefined : 'import with a computed module specifier';
    const target = resolveSpecifier(file, specifier);
    if (target === 'unknown alias') return 'an alias package.json `imports` does not declare';
    if (target === 'package') return undefined;
    const path = projectPath(target);
    if (!path.startsWith('functions/')) return undefined;
    if (INFRA_MAY_IMPORT.some((r) => r.test(path))) return undefined;
    if (local && INFRA_LOCAL_MAY_IMPORT.some((r) => r.test(path))) return undefined;
    const exception = exceptions.find((e) => e.from === projectPath(file) && e.target === path);
    if (exception && names.every((n) => exception.names.includes(n))) return undefined;
    return `imports ${path}: infra/ may import only the route specs, the key declarations and the table definition from functions/${
      local ? ' (infra/local also the scheduled job, openapi.ts and problem.ts)' : ''
    }`;
  };

/** Whether the rule would refuse one of `e.from`'s imports without `e` (else `e` is stale). */
const stillNeeded = (
  e: Exception,
  all: readonly Exception[],
  source = readFileSync(join(ROOT, e.from), 'utf8'),
): boolean =>
  violations(join(ROOT, e.from), source, infraRule(all.filter((x) => x !== e))).some((v) =>
    v.problem.includes(e.target),
  );

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

/** The names an import or re-export takes (`default`, `*`, or each named one). */
const namesOf = (node: ts.ImportDeclaration | ts.ExportDeclaration): string[] => {
  if (ts.isExportDeclaration(node))
    return node.exportClause && ts.isNamedExports(node.exportClause)
      ? node.exportClause.elements.map((e) => (e.propertyName ?? e.name).text)
      : ['*'];
  const clause = node.importClause;
  if (!clause) return [];
  const names = clause.name ? ['default'] : [];
  const b = clause.namedBindings;
  if (b && ts.isNamespaceImport(b)) names.push('*');
  else if (b) names.push(...b.elements.map((e) => (e.propertyName ?? e.name).text));
  return names;
};

/**
 * Every import of the file that `rule` refuses, with its line; with `pure`, also every read
 * of the environment, the clock or randomness. `file` is only used for messages and paths.
 */
const violations = (file: string, source: string, rule: Rule, pure = false): Violation[] => {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: Violation[] = [];
  const report = (node: ts.Node, problem: string) =>
    out.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, problem });
  const checkImport = (node: ts.Node, spec: ts.Expression | undefined, names: string[] = ['*']) => {
    const specifier = spec && ts.isStringLiteralLike(spec) ? spec.text : undefined;
    const p = rule(file, { specifier, names });
    if (p) report(node, specifier === undefined ? p : `imports '${specifier}': ${p}`);
  };

  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) checkImport(node, node.moduleSpecifier, namesOf(node));
    else if (ts.isExportDeclaration(node) && node.moduleSpecifier)
      checkImport(node, node.moduleSpecifier, namesOf(node));
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference))
      checkImport(node, node.moduleReference.expression);
    else if (ts.isImportTypeNode(node)) {
      const arg = node.argument;
      checkImport(node, ts.isLiteralTypeNode(arg) ? (arg.literal as ts.Expression) : undefined);
    } else if (ts.isCallExpression(node)) {
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword) checkImport(node, node.arguments[0]);
      else if (ts.isIdentifier(node.expression) && node.expression.text === 'require')
        checkImport(node, node.arguments[0]);
      const m = memberOf(node.expression);
      if (pure && m?.[0] === 'Date' && m[1] === 'now')
        report(node, 'calls Date.now() (take the time as a parameter)');
      if (pure && m?.[0] === 'Math' && m[1] === 'random')
        report(node, 'calls Math.random() (take ids/randomness as a parameter)');
    } else if (
      pure &&
      ts.isNewExpression(node) &&
      nameOf(node.expression) === 'Date' &&
      (node.arguments?.length ?? 0) === 0
    ) {
      report(node, 'calls new Date() without arguments (take the time as a parameter)');
    } else if (pure) {
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
      const vs = violations(file, readFileSync(file, 'utf8'), domainRule(DOMAIN), true);
      expect(vs.length, `domain/ must stay pure; fix these:\n${format(vs)}`).toBe(0);
    },
  );
});

describe('architecture checker (self-test on synthetic sources)', () => {
  const file = join(DOMAIN, 'sample.ts');
  const check = (src: string) => violations(file, src, domainRule(DOMAIN), true);
  const problems = (src: string) => check(src).map((v) => v.problem);
  const lines = (src: string) => check(src).map((v) => v.line);

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
    [`import { x } from '#store/client.ts';`, 'reaches outside domain/'],
    [`import { x } from '#http/problem.ts';`, 'reaches outside domain/'],
    [`import { x } from '#nowhere/x.ts';`, 'reaches outside domain/'],
    [`import { x } from '#domain/ideas.ts';`, 'imported with ./, not an alias'],
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

describe('architecture: functions/http calls the store, never its internals', () => {
  const files = sourceFiles(HTTP);

  it('finds the handlers and the kit', () => {
    const names = files.map(projectPath);
    expect(names).toEqual(
      expect.arrayContaining(['functions/http/kit-core.ts', 'functions/http/ideas/team.ts']),
    );
  });

  it.each(files.map((f) => [projectPath(f), f]))('%s imports no store internals', (_name, file) => {
    const vs = violations(file, readFileSync(file, 'utf8'), httpRule);
    expect(vs.length, `functions/http must go through the store's modules; fix these:\n${format(vs)}`).toBe(
      0,
    );
  });
});

describe('architecture: infra imports only route specs and the table definition from functions', () => {
  const files = sourceFiles(INFRA);

  it('finds the stacks, constructs and the local stand-in', () => {
    const names = files.map(projectPath);
    expect(names).toEqual(
      expect.arrayContaining([
        'infra/stacks/api-stack.ts',
        'infra/constructs/leaderboard-rebuild.ts',
        'infra/local/gateway.ts',
        'infra/local/start.ts',
      ]),
    );
  });

  it.each(files.map((f) => [projectPath(f), f]))('%s imports only what infra may', (_name, file) => {
    const vs = violations(file, readFileSync(file, 'utf8'), infraRule());
    expect(vs.length, `infra/ imports too much of functions/; fix these:\n${format(vs)}`).toBe(0);
  });

  it.each(INFRA_EXCEPTIONS.map((e) => [`${e.from} → ${e.target} { ${e.names.join(', ')} }`, e]))(
    'the exception %s is still needed',
    (_name, e) => {
      expect(
        stillNeeded(e, INFRA_EXCEPTIONS),
        `nothing needs this exception any more: remove it from INFRA_EXCEPTIONS (${e.why})`,
      ).toBe(true);
    },
  );
});

describe('architecture checker: the functions/http rule (self-test on synthetic sources)', () => {
  const problems = (src: string, file = join(HTTP, 'ideas', 'sample.ts')) =>
    violations(file, src, httpRule).map((v) => v.problem);

  it('accepts the store modules, the kit, the domain and packages', () => {
    expect(
      problems(`
        import { getAmbassador } from '#store/ambassadors.ts';
        import { metered } from '#store/meter.ts';
        import { x } from '../../store/ideas.ts';
        import { http } from '#http/kit.ts';
        import { route } from '../routes.ts';
        import { readIdeaCase } from '#domain/idea-cases.ts';
        import middy from '@middy/core';
        // import { batchGet } from '#store/batch.ts';
        const s = "import { profileEntity } from '#store/entities/ambassadors.ts'";
      `),
    ).toEqual([]);
  });

  it.each([
    `import { batchGet } from '#store/batch.ts';`,
    `import { profileEntity } from '#store/entities/ambassadors.ts';`,
    `import { ddb } from '#store/client.ts';`,
    `import type { Item } from '#store/items.ts';`,
    `import { profileEntity } from '#functions/store/entities/ambassadors.ts';`,
    `import { profileEntity } from '../../store/entities/ambassadors.ts';`,
    `export { batchGet } from '#store/batch.ts';`,
    `const m = await import('#store/client.ts');`,
    `type C = import('#store/client.ts').CapacityMeter;`,
  ])('rejects %s', (src) => {
    const ps = problems(src);
    expect(ps).toHaveLength(1);
    expect(ps[0]).toContain("reaches into the store's internals");
  });

  it('resolves relative paths from the importing file', () => {
    expect(problems(`import { k } from '../store/client.ts';`, join(HTTP, 'kit.ts'))).toHaveLength(1);
    expect(problems(`import { k } from '../store/client.ts';`, join(HTTP, 'ideas', 'team.ts'))).toEqual([]);
  });

  it('rejects an alias package.json does not declare', () => {
    expect(problems(`import { k } from '#storage/client.ts';`)[0]).toContain('does not declare');
  });
});

describe('architecture checker: the infra rule (self-test on synthetic sources)', () => {
  const problems = (src: string, file: string, exceptions?: readonly Exception[]) =>
    violations(join(ROOT, file), src, infraRule(exceptions)).map((v) => v.problem);
  const stack = 'infra/stacks/sample.ts';
  const local = 'infra/local/sample.ts';

  it('accepts the route specs, the table definition, CDK and what is outside functions/', () => {
    const src = `
      import type { RouteSpec } from '#http/route-spec.ts';
      import { routes } from '#http/routes.ts';
      import { ideaRoutes } from '#http/routes/ideas.ts';
      import { tableDefinition } from '#store/table.ts';
      import { tableDefinition as t } from '../../functions/store/table.ts';
      import * as cdk from 'aws-cdk-lib';
      import { x } from '#infra/constructs/api-function.ts';
      import { y } from '../constructs/monitoring.ts';
    `;
    expect(problems(src, stack)).toEqual([]);
    expect(problems(src, local)).toEqual([]);
  });

  it.each([
    `import { getAmbassador } from '#store/ambassadors.ts';`,
    `import { changeShard } from '#store/entities/leaderboards.ts';`,
    `import { http } from '#http/kit.ts';`,
    `import { config } from '#functions/config.ts';`,
    `import { handler } from '../../functions/http/system/health.ts';`,
    `import { runLeaderboards } from '#functions/scheduled/leaderboards.ts';`,
    `import { buildOpenApi } from '#http/openapi.ts';`,
    `import { problem } from '#http/problem.ts';`,
    `const m = await import('#functions/scheduled/leaderboards.ts');`,
    `const m = await import(path);`,
    `export * from '#store/ideas.ts';`,
    `import { x } from '#functionz/config.ts';`,
  ])('rejects in infra/stacks: %s', (src) => {
    expect(problems(src, stack)).toHaveLength(1);
  });

  it('lets infra/local run the scheduled job, build the document, answer problem+json and load handlers by path', () => {
    expect(
      problems(
        `
        import type { RunSummary } from '#functions/scheduled/leaderboards.ts';
        import { problem } from '#http/problem.ts';
        const { buildOpenApi } = await import('#http/openapi.ts');
        const { settle } = await import('../../functions/scheduled/leaderboards.ts');
        const h = await import(new URL(\`../../functions/http/\${spec.handler}\`, import.meta.url).href);
      `,
        local,
      ),
    ).toEqual([]);
  });

  it.each([
    `import { getAmbassador } from '#store/ambassadors.ts';`,
    `import { http } from '#http/kit.ts';`,
    `import { ddb } from '#store/client.ts';`,
    `const m = await import('#http/ideas/team.ts');`,
  ])('rejects in infra/local: %s', (src) => {
    expect(problems(src, local)).toHaveLength(1);
  });

  it('allows an exception only for its file, its target and its names', () => {
    const only: Exception[] = [
      { from: local, target: 'functions/store/client.ts', names: ['A'], why: 'test' },
    ];
    expect(problems(`import { A } from '#store/client.ts';`, local, only)).toEqual([]);
    expect(problems(`import { A, B } from '#store/client.ts';`, local, only)).toHaveLength(1);
    expect(problems(`import * as k from '#store/client.ts';`, local, only)).toHaveLength(1);
    expect(problems(`import { A } from '#store/batch.ts';`, local, only)).toHaveLength(1);
    expect(problems(`import { A } from '#store/client.ts';`, 'infra/local/other.ts', only)).toHaveLength(1);
  });

  it('finds an exception stale once its file no longer makes the import', () => {
    const e: Exception = {
      from: local,
      target: 'functions/store/batch.ts',
      names: ['mapLimit'],
      why: 'test',
    };
    expect(stillNeeded(e, [e], `import { mapLimit } from '#store/batch.ts';`)).toBe(true);
    expect(
      stillNeeded(e, [e], `import { mapLimit } from '#functions/scheduled/leaderboard-rebuild.ts';`),
    ).toBe(false);
  });
});
