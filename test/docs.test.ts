/**
 * Comments cite code and documents in this repository: every `*.md` a comment names exists
 * (paths from the repository's root, as `docs/api-contract.md §10`), every contract section it
 * names is a heading there, and no comment points outside the repository (the product team's
 * shared folder, the issue tracker's numbered issues).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const FOLDERS = ['domain', 'functions', 'infra', 'test', 'bench', 'scripts', 'client'];

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sources(path);
    return /\.tsx?$/.test(e.name) ? [path] : [];
  });

/** Every comment of a file, found by the TypeScript parser (so no string or regex is taken for one). */
const commentsOf = (file: string): { line: number; text: string }[] => {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const seen = new Map<number, ts.CommentRange>();
  const visit = (node: ts.Node) => {
    for (const r of ts.getLeadingCommentRanges(text, node.pos) ?? []) seen.set(r.pos, r);
    for (const r of ts.getTrailingCommentRanges(text, node.end) ?? []) seen.set(r.pos, r);
    node.forEachChild(visit);
  };
  visit(source);
  return [...seen.values()].map((r) => ({
    line: source.getLineAndCharacterOfPosition(r.pos).line + 1,
    text: text.slice(r.pos, r.end),
  }));
};

const comments = FOLDERS.flatMap((f) => sources(resolve(root, f))).flatMap((file) =>
  commentsOf(file).map((c) => ({ ...c, where: `${relative(root, file)}:${c.line}` })),
);

const contractSections = new Set(
  [...readFileSync(resolve(root, 'docs/api-contract.md'), 'utf8').matchAll(/^## (\d+)\./gm)].map((m) => m[1]),
);

describe('comments cite what is in this repository', () => {
  it('finds the comments (the scan itself works)', () => {
    expect(comments.length).toBeGreaterThan(500);
    const errors = comments.filter((c) => c.where.startsWith('domain/errors.ts:'));
    expect(errors.some((c) => c.text.includes("The domain's error codes"))).toBe(true);
  });

  it('every *.md a comment names exists, named from the repository root', () => {
    const missing = comments.flatMap((c) =>
      [...c.text.matchAll(/[\w./-]*[\w-]\.md\b/g)]
        .map((m) => m[0])
        .filter((path) => !existsSync(resolve(root, path)))
        .map((path) => `${c.where} cites ${path}`),
    );
    expect(missing).toEqual([]);
  });

  it('every contract section a comment names is a section of docs/api-contract.md', () => {
    const unknown = comments.flatMap((c) =>
      [...c.text.matchAll(/docs\/api-contract\.md(?: v1\.1)?,? §§?(\d+)(?:[–-]§?(\d+))?/g)]
        .flatMap((m) => [m[1], m[2]].filter((n) => n !== undefined))
        .filter((n) => !contractSections.has(n))
        .map((n) => `${c.where} cites §${n}`),
    );
    expect(unknown).toEqual([]);
  });

  it('no comment points outside the repository (../shared, the issue tracker)', () => {
    const outside = comments
      .filter((c) => /\.\.\/shared|\bshared\/docs\b|\bissue \d+/i.test(c.text))
      .map((c) => `${c.where}: ${c.text.split('\n')[0]}`);
    expect(outside).toEqual([]);
  });
});
