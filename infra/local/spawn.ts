/**
 * Starts the local server exactly as `npm start` does, in a child process, on free ports by
 * default and with DynamoDB Local in memory, the write quota lifted. The tests' global setup
 * and the benchmarks use it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

export interface LocalServer {
  baseUrl: string;
  dynamoEndpoint: string;
  tableName: string;
  cursorSecret: string;
  previousCursorSecret: string | undefined;
  process: ChildProcess;
  /** SIGTERM, then SIGKILL after 5 s. */
  stop: () => Promise<void>;
}

export const spawnLocalServer = async (
  opts: {
    tableName?: string;
    cursorSecret?: string;
    /** The value before a rotation: cursors under it still verify. */
    previousCursorSecret?: string;
    env?: Record<string, string>;
  } = {},
): Promise<LocalServer> => {
  const root = resolve(import.meta.dirname, '../..');
  const tableName = opts.tableName ?? 'sca-local';
  const cursorSecret = opts.cursorSecret ?? 'local-cursor-secret';
  const child = spawn(process.execPath, [resolve(root, 'infra/local/start.ts')], {
    cwd: root,
    env: {
      ...process.env,
      PORT: '0',
      DYNAMODB_PORT: '0',
      DATA_DIR: 'memory',
      LOG_LEVEL: 'SILENT',
      // The job runs only when asked (POST /_local/schedules/leaderboards).
      LEADERBOARD_INTERVAL_SECONDS: '0',
      TABLE_NAME: tableName,
      CURSOR_SECRET: cursorSecret,
      // Empty is unset (functions/config.ts): nothing inherited from the caller's environment.
      CURSOR_SECRET_PREVIOUS: opts.previousCursorSecret ?? '',
      // Tests and benchmarks hammer the API with one token on purpose: the write quota (60 a
      // minute) is lifted here, and test/e2e/write-quota.test.ts sets it back to the default.
      WRITE_QUOTA_PER_MINUTE: '1000000',
      // DynamoDB Local on a loaded test machine can take seconds to answer: an attempt abandoned
      // at 3 s and retried would count a quota write twice (functions/config.ts).
      DYNAMODB_REQUEST_TIMEOUT_MS: '30000',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const started = await new Promise<{ baseUrl: string; dynamoEndpoint: string }>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`local server did not start in 60 s:\n${output}`)), 60_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      const m = /listening on (http:\/\/\S+) \(DynamoDB Local at (http:\/\/\S+),/.exec(output);
      if (m?.[1] && m[2]) {
        clearTimeout(timer);
        ok({ baseUrl: m[1], dynamoEndpoint: m[2] });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.once('exit', (code) => fail(new Error(`local server exited (${code}):\n${output}`)));
  });
  // Keep draining output so the child never blocks on a full pipe; show errors.
  child.stdout?.removeAllListeners('data');
  child.stdout?.resume();
  child.stderr?.removeAllListeners('data');
  child.stderr?.on('data', (d: Buffer) => process.stderr.write(d));
  return {
    ...started,
    tableName,
    cursorSecret,
    previousCursorSecret: opts.previousCursorSecret,
    process: child,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 5000)))]);
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
};
