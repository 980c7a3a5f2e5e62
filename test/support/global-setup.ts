/**
 * Starts the local server exactly as `npm start` does, on free ports, with DynamoDB Local
 * in memory, and hands its addresses to the tests.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    dynamoEndpoint: string;
    tableName: string;
    cursorSecret: string;
  }
}

let server: ChildProcess | undefined;

export default async function setup(project: TestProject) {
  const root = resolve(import.meta.dirname, '../..');
  const tableName = 'sca-test';
  const cursorSecret = 'test-cursor-secret';
  server = spawn(process.execPath, [resolve(root, 'infra/local/start.ts')], {
    cwd: root,
    env: {
      ...process.env,
      PORT: '0',
      DYNAMODB_PORT: '0',
      DATA_DIR: 'memory',
      LOG_LEVEL: 'SILENT',
      // The tests run the job when they want it (POST /_local/schedules/leaderboards).
      LEADERBOARD_INTERVAL_SECONDS: '0',
      TABLE_NAME: tableName,
      CURSOR_SECRET: cursorSecret,
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
    server?.stdout?.on('data', onData);
    server?.stderr?.on('data', (d: Buffer) => {
      output += d.toString();
    });
    server?.once('exit', (code) => fail(new Error(`local server exited (${code}):\n${output}`)));
  });
  // Keep draining output so the child never blocks on a full pipe; show errors.
  server.stdout?.removeAllListeners('data');
  server.stdout?.resume();
  server.stderr?.on('data', (d: Buffer) => process.stderr.write(d));
  project.provide('baseUrl', started.baseUrl);
  project.provide('dynamoEndpoint', started.dynamoEndpoint);
  project.provide('tableName', tableName);
  project.provide('cursorSecret', cursorSecret);

  return async () => {
    if (!server || server.exitCode !== null) return;
    const exited = new Promise((r) => server?.once('exit', r));
    server.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (server.exitCode === null) server.kill('SIGKILL');
  };
}
