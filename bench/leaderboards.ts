/**
 * `npm run bench:leaderboards [-- --large | --ambassadors N --lectures M]`: what the
 * leaderboard job costs, cold and incremental. Not a test: it measures and prints.
 *
 * Starts its own in-memory DynamoDB Local on a free port, seeds N ambassadors and M
 * lectures (700 / 7,000; `--large`: 100,000 / 1,000,000) through the domain's use cases,
 * then runs the job cold (every change marker the seed's verifications wrote), has staff
 * verify 1 % of M more lectures now, and runs the job again. Each job figure comes from the
 * run's own capacity meter (DynamoDB Local reports consumed capacity as DynamoDB does).
 * Prints one table and writes the same figures to bench/leaderboards.json.
 *
 * A run handles at most 50,000 markers (the rest wait for the next run), so "cold" and
 * "incremental" are as many runs as it takes to empty the queue; the run that finds it
 * empty is the "idle" row: what a run costs when nothing changed.
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import type { RunSummary } from '../functions/scheduled/leaderboards.ts';
import { ensureTable, type LocalDynamo, startDynamoLocal } from '../infra/local/dynamodb.ts';
import { freePort, numberFlag, progressBar, seedProgramme, verifyReported } from '../scripts/seed.ts';

interface JobFigures {
  runs: number;
  markers: number;
  entitiesRecomputed: number;
  rankWrites: number;
  snapshots: number;
  directoryEntriesRefreshed: number;
  ms: number;
  itemsRead: number;
  itemsWritten: number;
  rcu: number;
  wcu: number;
  calls: number;
}

const figures = (runs: RunSummary[]): JobFigures => ({
  runs: runs.length,
  markers: runs.reduce((s, r) => s + r.markers, 0),
  entitiesRecomputed: runs.reduce((s, r) => s + r.entitiesRecomputed, 0),
  rankWrites: runs.reduce((s, r) => s + r.rankWrites, 0),
  snapshots: runs.reduce((s, r) => s + r.snapshots, 0),
  directoryEntriesRefreshed: runs.reduce((s, r) => s + r.directoryEntriesRefreshed, 0),
  ms: runs.reduce((s, r) => s + r.ms, 0),
  itemsRead: runs.reduce((s, r) => s + r.capacity.itemsRead, 0),
  itemsWritten: runs.reduce((s, r) => s + r.capacity.itemsWritten, 0),
  rcu: runs.reduce((s, r) => s + r.capacity.read, 0),
  wcu: runs.reduce((s, r) => s + r.capacity.write, 0),
  calls: runs.reduce((s, r) => s + r.capacity.calls, 0),
});

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const fmt = (n: number) =>
  Number.isInteger(n) ? n.toLocaleString('en-US') : round(n).toLocaleString('en-US');

const table = (rows: { label: string; cells: Record<string, string> }[], columns: string[]): string => {
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => (r.cells[c] ?? '').length)));
  const labelWidth = Math.max(...rows.map((r) => r.label.length), 3);
  const line = (label: string, cells: string[]) =>
    `${label.padEnd(labelWidth)}  ${cells.map((c, i) => c.padStart(widths[i] ?? 0)).join('  ')}`;
  return [
    line('run', columns),
    line(
      '-'.repeat(labelWidth),
      widths.map((w) => '-'.repeat(w)),
    ),
    ...rows.map((r) =>
      line(
        r.label,
        columns.map((c) => r.cells[c] ?? ''),
      ),
    ),
  ].join('\n');
};

const main = async () => {
  const args = process.argv.slice(2);
  const large = args.includes('--large');
  const ambassadors = numberFlag(args, 'ambassadors', large ? 100_000 : 700);
  const lectures = numberFlag(args, 'lectures', large ? 1_000_000 : 7_000);
  const concurrency = numberFlag(args, 'concurrency', 12);
  const changes = Math.max(1, Math.round(lectures / 100));
  const tableName = 'bench-leaderboards';

  let dynamo: LocalDynamo | undefined;
  const stop = async () => {
    const d = dynamo;
    dynamo = undefined;
    await d?.stop();
  };
  const onSignal = () => void stop().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    const port = await freePort();
    dynamo = await startDynamoLocal(port);
    await ensureTable(dynamo.endpoint, tableName);
    Object.assign(process.env, {
      TABLE_NAME: tableName,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      CURSOR_SECRET: 'bench-cursor-secret',
      AWS_REGION: process.env.AWS_REGION ?? 'me-south-1',
      POWERTOOLS_LOG_LEVEL: 'WARN',
    });
    const { runLeaderboards } = await import('../functions/scheduled/leaderboards.ts');
    /** Runs the job until a run finds no markers: the handled runs, and that empty one. */
    const drain = async (): Promise<{ runs: RunSummary[]; empty: RunSummary }> => {
      const runs: RunSummary[] = [];
      for (;;) {
        const s = await runLeaderboards();
        if (s.markers === 0) return { runs, empty: s };
        runs.push(s);
        process.stderr.write(`  job run ${runs.length}: ${fmt(s.markers)} markers in ${fmt(s.ms)} ms\n`);
      }
    };

    process.stderr.write(
      `Seeding ${fmt(ambassadors)} ambassadors and ${fmt(lectures)} lectures (in-memory DynamoDB Local at ${dynamo.endpoint})\n`,
    );
    const bar = progressBar();
    const seed = await seedProgramme({ ambassadors, lectures, concurrency, onProgress: bar.update });
    bar.finish();

    process.stderr.write('Leaderboard job, cold\n');
    const cold = await drain();

    process.stderr.write(`Staff verify ${fmt(changes)} more lectures (1 % of ${fmt(lectures)})\n`);
    const change = await verifyReported({ count: changes, ambassadors, concurrency, onProgress: bar.update });
    bar.finish();

    process.stderr.write('Leaderboard job, incremental\n');
    const incremental = await drain();

    const results = {
      cold: figures(cold.runs),
      incremental: figures(incremental.runs),
      idle: figures([incremental.empty]),
    };
    const ratio = {
      ms: results.incremental.ms / results.cold.ms,
      itemsRead: results.incremental.itemsRead / results.cold.itemsRead,
      itemsWritten: results.incremental.itemsWritten / results.cold.itemsWritten,
      rcu: results.incremental.rcu / results.cold.rcu,
      wcu: results.incremental.wcu / results.cold.wcu,
    };

    const columns = ['runs', 'markers', 'wall ms', 'items read', 'items written', 'RCU', 'WCU', 'calls'];
    const row = (label: string, f: JobFigures) => ({
      label,
      cells: {
        runs: fmt(f.runs),
        markers: fmt(f.markers),
        'wall ms': fmt(f.ms),
        'items read': fmt(f.itemsRead),
        'items written': fmt(f.itemsWritten),
        RCU: fmt(f.rcu),
        WCU: fmt(f.wcu),
        calls: fmt(f.calls),
      },
    });
    const pct = (x: number) => (Number.isFinite(x) ? `${round(x * 100, 2)} %` : '–');
    const rows = [
      row('cold', results.cold),
      row('incremental', results.incremental),
      row('idle', results.idle),
      {
        label: 'incremental/cold',
        cells: {
          'wall ms': pct(ratio.ms),
          'items read': pct(ratio.itemsRead),
          'items written': pct(ratio.itemsWritten),
          RCU: pct(ratio.rcu),
          WCU: pct(ratio.wcu),
        },
      },
    ];

    const seedSeconds = seed.ms / 1000;
    console.log('');
    console.log(
      `Seed: ${fmt(ambassadors)} ambassadors, ${fmt(lectures)} lectures in ${fmt(round(seedSeconds))} s ` +
        `(registrations ${fmt(round(seed.ambassadors.ms / 1000))} s, lectures ${fmt(round(seed.lectures.ms / 1000))} s = ` +
        `${fmt(Math.round(lectures / Math.max(0.001, seed.lectures.ms / 1000)))} lectures/s); ` +
        `verified ${fmt(seed.status.verified)}, rejected ${fmt(seed.status.rejected)}, reported ${fmt(seed.status.reported)}`,
    );
    console.log(
      `Change: ${fmt(change.verified)} lectures verified now${change.reportedFirst > 0 ? ` (${fmt(change.reportedFirst)} reported first)` : ''} in ${fmt(round(change.ms / 1000))} s`,
    );
    console.log('');
    console.log(table(rows, columns));

    const out = resolve(import.meta.dirname, 'leaderboards.json');
    writeFileSync(
      out,
      `${JSON.stringify(
        {
          at: new Date().toISOString(),
          machine: {
            node: process.version,
            cpus: availableParallelism(),
            cpu: cpus()[0]?.model ?? 'unknown',
            memoryGiB: round(totalmem() / 2 ** 30),
            dynamodb: 'DynamoDB Local, in memory',
          },
          size: { ambassadors, lectures, changes, concurrency },
          seed: {
            ms: seed.ms,
            ambassadorsMs: seed.ambassadors.ms,
            lecturesMs: seed.lectures.ms,
            status: seed.status,
            activity: seed.activity,
            retries: seed.retries,
          },
          change: { verified: change.verified, reportedFirst: change.reportedFirst, ms: change.ms },
          runs: results,
          incrementalOverCold: ratio,
        },
        null,
        2,
      )}\n`,
    );
    console.log(`\nWritten to ${out}`);
  } finally {
    await stop();
  }
};

await main();
