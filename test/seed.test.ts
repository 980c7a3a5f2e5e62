/**
 * The seed is a library (scripts/seed/: model, generator, runner) under a thin command line,
 * and its generator is deterministic: the same seed, sizes and clock give the same programme,
 * which is what lets a re-run of `npm run seed` skip what exists.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Programme } from '#scripts/seed/generate.ts';

const root = resolve(import.meta.dirname, '..');
const now = new Date('2026-11-20T08:00:00Z');

const fingerprint = (plan: Programme) => {
  const h = createHash('sha256');
  for (let i = 0; i < plan.ambassadors; i++) h.update(JSON.stringify(plan.ambassador(i)));
  for (let j = 0; j < plan.lectures; j++) h.update(JSON.stringify(plan.lecture(j)));
  h.update(JSON.stringify(plan.byOrganizer()));
  return h.digest('hex');
};

describe('the seed', () => {
  it('generates the same programme from the same seed, sizes and clock', () => {
    const a = new Programme({ ambassadors: 120, lectures: 600, now, seed: 7 });
    const b = new Programme({ ambassadors: 120, lectures: 600, now, seed: 7 });
    expect(fingerprint(a)).toBe(fingerprint(b));
    expect(fingerprint(new Programme({ ambassadors: 120, lectures: 600, now, seed: 8 }))).not.toBe(
      fingerprint(a),
    );
  });

  it('generates the programme it generated before the library split (ids and data stay put)', () => {
    const plan = new Programme({ ambassadors: 120, lectures: 600, now, seed: 7 });
    expect(fingerprint(plan)).toBe(GOLDEN);
  });

  it('is imported by the benchmarks as a library, never through its command line', () => {
    const bench = resolve(root, 'bench');
    const importers = readdirSync(bench)
      .filter((f) => f.endsWith('.ts'))
      .filter((f) => /#scripts\/seed\.ts|scripts\/seed\.ts'/.test(readFileSync(resolve(bench, f), 'utf8')));
    expect(importers).toEqual([]);
  });

  it('keeps its command line thin: flags, output, DynamoDB Local; the work is in scripts/seed/', () => {
    const cli = readFileSync(resolve(root, 'scripts/seed.ts'), 'utf8');
    expect(cli.split('\n').length).toBeLessThan(200);
    expect(cli).not.toMatch(/class Programme|registerAmbassadorCase|mulberry32/);
  });
});

/** The fingerprint of this programme as scripts/seed.ts generated it before it became a library. */
const GOLDEN = 'a86d94e4ebb9e85a39c681d03dbf6c0961f99c472c0dfa8240c72b9e879292bd';
