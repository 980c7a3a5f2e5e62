/**
 * `npm run seed [-- --ambassadors N --lectures M]`: fills the local database with a
 * realistic programme (700 ambassadors and 7,000 lectures by default) through the same use
 * cases the API runs, each with its clock set to the moment of the event: registrations
 * over the last ~14 months, lectures delivered in the last 365 days, reported 0–3 days
 * later, reviewed by staff 1–7 days after that when that moment has passed.
 *
 * Deterministic (a seeded PRNG, ids `seed-amb-000001`, `seed-lec-0000001`), so a re-run
 * skips what exists. Talks to DynamoDB Local on DYNAMODB_PORT (8000) when something answers
 * there (`npm start`), or starts its own with its data in `.data/` and stops it at the end.
 *
 * A thin command line over the library in `scripts/seed/`: the programme model
 * (`model.ts`), its generator (`generate.ts`, `random.ts`, `data.ts`) and the runner
 * (`run.ts`), which the benchmarks import too.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DomainError } from '#domain/errors.ts';
import { dynamoAnswers } from './seed/local.ts';
import { DEFAULT_AMBASSADORS, DEFAULT_LECTURES, DEFAULT_SEED } from './seed/model.ts';
import { formatDuration, progressBar, thousands } from './seed/progress.ts';
import { seedProgramme, verifyReported } from './seed/run.ts';

const root = resolve(import.meta.dirname, '..');

/** `--name value` options, as numbers. */
const numberFlag = (args: readonly string[], name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  const inline = args.find((a) => a.startsWith(`--${name}=`));
  const raw = inline ? inline.slice(name.length + 3) : i >= 0 ? args[i + 1] : undefined;
  if (raw === undefined) return fallback;
  const n = Number(raw.replaceAll('_', ''));
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, not ${raw}`);
  return n;
};

const usage = `Usage: npm run seed [-- --ambassadors N --lectures M --verify K --seed S --concurrency C]

Seeds DynamoDB Local (DYNAMODB_PORT, default 8000; started with its data in .data/ when
nothing answers there) with a realistic programme: N ambassadors (700) and M lectures
(7000), through the domain's use cases. Re-runs skip what exists. --verify K then has
staff verify K more of the lectures still waiting for review.`;

const main = async () => {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(usage);
    return;
  }
  const ambassadors = numberFlag(args, 'ambassadors', DEFAULT_AMBASSADORS);
  const lectures = numberFlag(args, 'lectures', DEFAULT_LECTURES);
  const verify = numberFlag(args, 'verify', 0);
  const seed = numberFlag(args, 'seed', DEFAULT_SEED);
  const concurrency = numberFlag(args, 'concurrency', 12);
  if (lectures > 0 && ambassadors === 0)
    throw new Error('Lectures need ambassadors: --ambassadors must be > 0');

  const port = Number(process.env.DYNAMODB_PORT ?? 8000);
  const endpoint = `http://127.0.0.1:${port}`;
  const tableName = process.env.TABLE_NAME ?? 'smart-city-ambassadors';
  const { ensureTable, startDynamoLocal, StartupError } = await import('#infra/local/dynamodb.ts');

  let own: Awaited<ReturnType<typeof startDynamoLocal>> | undefined;
  const controller = new AbortController();
  let interrupted = false;
  const stopOwn = async () => {
    const d = own;
    own = undefined;
    await d?.stop();
  };
  const onSignal = () => {
    if (interrupted) {
      // A second Ctrl-C: stop now.
      void stopOwn().finally(() => process.exit(130));
      return;
    }
    interrupted = true;
    process.stderr.write('\nStopping after the requests in flight (Ctrl-C again to stop now)…\n');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const bar = progressBar();
  try {
    let where: string;
    if (await dynamoAnswers(endpoint)) where = `DynamoDB Local at ${endpoint} (already running)`;
    else {
      const dataDir = resolve(root, '.data');
      mkdirSync(dataDir, { recursive: true });
      process.stderr.write(`Starting DynamoDB Local on port ${port} (data in ${dataDir})…\n`);
      try {
        own = await startDynamoLocal(port, dataDir);
      } catch (err) {
        if (err instanceof StartupError) throw new Error(err.message);
        throw err;
      }
      where = `DynamoDB Local at ${endpoint} (started by the seed, data in .data/)`;
    }
    await ensureTable(endpoint, tableName);
    Object.assign(process.env, {
      TABLE_NAME: tableName,
      DYNAMODB_ENDPOINT: endpoint,
      CURSOR_SECRET: process.env.CURSOR_SECRET ?? 'seed-cursor-secret',
      AWS_REGION: process.env.AWS_REGION ?? 'me-south-1',
      POWERTOOLS_LOG_LEVEL: process.env.LOG_LEVEL ?? 'WARN',
    });

    const s = await seedProgramme({
      ambassadors,
      lectures,
      seed,
      concurrency,
      onProgress: bar.update,
      signal: controller.signal,
    });
    bar.finish();
    const rate = (n: number, ms: number) => (ms > 0 ? `${Math.round((n * 1000) / ms)}/s` : '–');
    const pct = (n: number) =>
      s.lectures.total > 0 ? `${((n * 100) / s.lectures.total).toFixed(1)} %` : '–';
    console.log(`Seeded ${where}, table ${tableName}, in ${formatDuration(s.ms / 1000)}`);
    console.log(
      `  ambassadors ${thousands(s.ambassadors.total).padStart(9)}: ${thousands(s.ambassadors.registered)} registered, ${thousands(s.ambassadors.existing)} already there (${formatDuration(s.ambassadors.ms / 1000)}, ${rate(s.ambassadors.total, s.ambassadors.ms)})`,
    );
    console.log(
      `  lectures    ${thousands(s.lectures.total).padStart(9)}: ${thousands(s.lectures.reported)} reported, ${thousands(s.lectures.existing)} already there; reviewed now: ${thousands(s.lectures.verified)} verified, ${thousands(s.lectures.rejected)} rejected (${formatDuration(s.lectures.ms / 1000)}, ${rate(s.lectures.total, s.lectures.ms)})`,
    );
    console.log(
      `  status:      verified ${thousands(s.status.verified)} (${pct(s.status.verified)}), rejected ${thousands(s.status.rejected)} (${pct(s.status.rejected)}), reported ${thousands(s.status.reported)} (${pct(s.status.reported)})`,
    );
    console.log(
      `  activity:    ${thousands(s.activity.organizers)} ambassadors gave lectures; the most active ${thousands(s.activity.most)}, the median ${thousands(s.activity.median)}${s.retries > 0 ? `; ${thousands(s.retries)} busy answers retried` : ''}`,
    );
    if (verify > 0) {
      const v = await verifyReported({
        count: verify,
        ambassadors,
        seed,
        concurrency,
        onProgress: bar.update,
        signal: controller.signal,
      });
      bar.finish();
      console.log(
        `  verified ${thousands(v.verified)} more now${v.reportedFirst > 0 ? ` (${thousands(v.reportedFirst)} of them reported first: the queue held too few)` : ''} in ${formatDuration(v.ms / 1000)}`,
      );
    }
  } catch (err) {
    bar.finish();
    if (controller.signal.aborted) {
      console.error('Interrupted: what was written stays; run the seed again to finish.');
      process.exitCode = 130;
    } else {
      console.error(err instanceof Error && !(err instanceof DomainError) ? err.message : err);
      if (err instanceof Error && err.stack && process.env.DEBUG) console.error(err.stack);
      process.exitCode = 1;
    }
  } finally {
    await stopOwn();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
};

if (import.meta.main) await main();
