/** The seed's progress on stderr, for the command line and the benchmarks. */
import type { SeedProgress } from './run.ts';

export const formatDuration = (seconds: number): string => {
  if (!Number.isFinite(seconds)) return '–';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
};

export const thousands = (n: number) => n.toLocaleString('en-US');

/**
 * A progress bar: phase, done/total, rate and ETA. On a terminal it redraws one line (at
 * most 10 times a second); otherwise it prints a plain line every 5 seconds.
 */
export const progressBar = (out: NodeJS.WriteStream = process.stderr) => {
  const tty = out.isTTY === true;
  let phase = '';
  let phaseStart = 0;
  let lastDraw = -Infinity;
  let last: SeedProgress | undefined;
  let printed: SeedProgress | undefined;

  const line = (p: SeedProgress, t: number): string => {
    const elapsed = (t - phaseStart) / 1000;
    const rate = elapsed > 0 ? p.done / elapsed : 0;
    const share = p.total > 0 ? p.done / p.total : 1;
    const width = 24;
    const filled = Math.round(share * width);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    const eta =
      p.done >= p.total
        ? `done in ${formatDuration(elapsed)}`
        : `ETA ${formatDuration((p.total - p.done) / rate)}`;
    return `${p.phase.padEnd(12)} ${bar} ${thousands(p.done).padStart(9)}/${thousands(p.total)} ${(share * 100).toFixed(1).padStart(5)}%  ${rate.toFixed(0).padStart(5)}/s  ${eta}`;
  };
  const draw = (p: SeedProgress, t: number, final = false) => {
    if (tty) out.write(`\r${line(p, t)}\x1b[K${final ? '\n' : ''}`);
    else out.write(`${line(p, t)}\n`);
    printed = p;
    lastDraw = t;
  };
  const finish = () => {
    if (last && (tty || printed !== last)) draw(last, performance.now(), true);
    last = undefined;
  };
  const update = (p: SeedProgress) => {
    const t = performance.now();
    if (p.phase !== phase) {
      finish();
      phase = p.phase;
      phaseStart = t;
      lastDraw = -Infinity;
    }
    last = p;
    if (t - lastDraw >= (tty ? 100 : 5000)) draw(p, t);
  };
  return { update, finish };
};
