/**
 * `npm run bench [-- --quick] [-- --only capacity,cold-start,overhead,load,leaderboards,delivery]`:
 * the performance budget (bench/README.md), every part against DynamoDB Local, one after another
 * (never two at once: the machine is small and noisy), each in a process of its own (the
 * store modules bind their table and endpoint when first loaded). Prints one table per part
 * and the targets missed, and writes every figure to bench/results.json.
 */
import { fork } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type BenchOptions, machine, type SectionResult } from './lib.ts';

interface Section {
  name: string;
  title: string;
  load: () => Promise<{ run: (opts: BenchOptions) => Promise<SectionResult> }>;
}

const SECTIONS: Section[] = [
  {
    name: 'capacity',
    title: '1. Capacity per request (seeded programme; floor = the items the route must touch)',
    load: () => import('./capacity.ts'),
  },
  {
    name: 'cold-start',
    title: '2. Cold start per function (fresh Node 24 process: import + first request) against the SDK floor',
    load: () => import('./cold-start.ts'),
  },
  {
    name: 'overhead',
    title: '3. Handler overhead, public profile, in process, against the raw SDK call',
    load: () => import('./overhead.ts'),
  },
  {
    name: 'load',
    title: '4. Load: autocannon, 50 connections, mixed reads and writes, against the local server',
    load: () => import('./load.ts'),
  },
  {
    name: 'leaderboards',
    title: '5. The leaderboard job as the programme grows (full and incremental runs)',
    load: () => import('./leaderboard-scale.ts'),
  },
  {
    name: 'delivery',
    title: "6. Delivery lag (change answered → inbox item visible) and the consumer's capacity per recipient",
    load: () => import('./delivery-lag.ts'),
  },
];

/** In a child: runs one section and sends its result back. */
if (process.argv[2] === '--section') {
  const section = SECTIONS.find((s) => s.name === process.argv[3]);
  if (!section) throw new Error(`no section ${process.argv[3]}`);
  const { run } = await section.load();
  const result = await run({ quick: process.argv.includes('--quick') });
  process.send?.(result, () => process.exit(0));
  await new Promise(() => undefined);
}

const runSection = (name: string, quick: boolean) =>
  new Promise<SectionResult>((ok, fail) => {
    const child = fork(import.meta.filename, ['--section', name, ...(quick ? ['--quick'] : [])], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: SectionResult | undefined;
    child.once('message', (m) => {
      result = m as SectionResult;
    });
    child.once('exit', (code) =>
      result ? ok(result) : fail(new Error(`section ${name} exited (${code}) without a result`)),
    );
  });

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyArg = args.find((a) => a.startsWith('--only'));
const only = (onlyArg?.includes('=') ? onlyArg.split('=')[1] : args[args.indexOf('--only') + 1])
  ?.split(',')
  .filter(Boolean);
const chosen = onlyArg && only ? SECTIONS.filter((s) => only.includes(s.name)) : SECTIONS;
if (chosen.length === 0) throw new Error(`--only takes ${SECTIONS.map((s) => s.name).join(', ')}`);

const started = performance.now();
const results: Record<string, unknown> = {};
const misses: { section: string; miss: string }[] = [];
for (const section of chosen) {
  const t = performance.now();
  console.log(`\n## ${section.title}\n`);
  const r = await runSection(section.name, quick);
  console.log(r.table);
  for (const miss of r.misses) {
    console.log(`MISS: ${miss}`);
    misses.push({ section: section.name, miss });
  }
  results[section.name] = { ...(r.results as object), seconds: Math.round((performance.now() - t) / 1000) };
  console.log(`(${Math.round((performance.now() - t) / 1000)} s)`);
}

const out = resolve(import.meta.dirname, 'results.json');
// With --only, the other sections' latest figures stay (each keeps its own `measuredAt`).
const previous =
  onlyArg && existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>) : {};
const stamp = new Date().toISOString();
const sections = Object.fromEntries(
  Object.entries(results).map(([k, v]) => [k, { measuredAt: stamp, quick, ...(v as object) }]),
);
const keptMisses = ((previous.misses as { section: string }[] | undefined) ?? []).filter(
  (m) => !(m.section in results),
);
writeFileSync(
  out,
  `${JSON.stringify(
    {
      ...previous,
      generatedAt: stamp,
      lastRunSeconds: Math.round((performance.now() - started) / 1000),
      machine: await machine(),
      misses: [...keptMisses, ...misses],
      ...sections,
    },
    null,
    2,
  )}\n`,
);
console.log(
  `\n${misses.length ? `${misses.length} target(s) missed (see above and README "Performance budget")` : 'Every target met'}; figures in ${out}`,
);
