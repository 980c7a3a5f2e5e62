/**
 * Bundle sizes alone: every function and its floor bundled as bench/cold-start.ts bundles them,
 * without sampling (seconds, not minutes; no DynamoDB Local), so the bundle target
 * (≤ floor + 150 KB) can be checked for every function on a busy machine.
 *
 * `./node_modules/.bin/node bench/bundle-sizes.ts`
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { routes } from '#http/routes/index.ts';
import { buildBundles, floorOf, floorSource, JOB, txItemsOf } from './cold-start.ts';

const ROOT = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'sizes-'));
const fns = [...routes.map((r) => ({ id: r.id, entry: `functions/http/${r.handler}` })), JOB];
const entries: Record<string, string> = {};
const floorOfFn: Record<string, string> = {};
for (const f of fns) {
  const c = floorOf(f.id) ?? [];
  const tx = c.includes('TransactWrite') ? txItemsOf(f.id) : 0;
  const name = `floor-${c.length ? [...c].sort().join('-') : 'constant'}${tx > 2 ? `-tx${tx}` : ''}`;
  writeFileSync(join(dir, `${name}.mjs`), floorSource(c, tx));
  entries[name] = join(dir, `${name}.mjs`);
  entries[f.id] = join(ROOT, f.entry);
  floorOfFn[f.id] = name;
}
const { metafile } = await buildBundles(entries, join(dir, 'out'));
const kb = (n: string) =>
  (Object.entries(metafile.outputs).find(([k]) => k.endsWith(`/out/${n}.mjs`))?.[1].bytes ?? Number.NaN) /
  1024;
const rows = fns.map((f) => ({
  id: f.id,
  kb: kb(f.id),
  floor: kb(floorOfFn[f.id] ?? ''),
  delta: kb(f.id) - kb(floorOfFn[f.id] ?? ''),
}));
console.log(`${'function'.padEnd(20)} bundle KB floor KB    Δ KB`);
for (const r of rows)
  console.log(
    `${r.id.padEnd(20)} ${r.kb.toFixed(1).padStart(9)} ${r.floor.toFixed(1).padStart(8)} ${r.delta.toFixed(1).padStart(7)}${r.delta > 150 ? ' ✗' : ''}`,
  );
rmSync(dir, { recursive: true, force: true });
