/** `npm start` itself: clear one-sentence failures, and Ctrl-C stops everything it started. */
import { spawn } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

const run = (env: Record<string, string>, until?: RegExp) =>
  new Promise<{ code: number | null; out: string; child: ReturnType<typeof spawn> }>((done) => {
    const child = spawn(process.execPath, ['infra/local/start.ts'], {
      cwd: root,
      env: { ...process.env, DATA_DIR: 'memory', LOG_LEVEL: 'SILENT', ...env },
    });
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      if (until?.test(out)) done({ code: null, out, child });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => done({ code, out, child }));
  });

const occupy = () =>
  new Promise<Server>((ok) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => ok(s));
  });
const portOf = (s: Server) => (s.address() as { port: number }).port;
const isFree = (port: number) =>
  new Promise<boolean>((ok) => {
    const s = createServer();
    s.once('error', () => ok(false));
    s.listen(port, '127.0.0.1', () => s.close(() => ok(true)));
  });

describe('npm start', () => {
  it('says in one sentence that the API port is taken', async () => {
    const busy = await occupy();
    const port = portOf(busy);
    const { code, out } = await run({ PORT: String(port), DYNAMODB_PORT: '0' });
    busy.close();
    expect(code).toBe(1);
    expect(out.trim()).toBe(
      `Port ${port} is already in use, so the API cannot start: stop whatever uses it or set PORT to another port.`,
    );
  });

  it('says in one sentence that Java is missing', async () => {
    // A PATH with node but no java.
    const bin = mkdtempSync(join(tmpdir(), 'nojava-'));
    symlinkSync(process.execPath, join(bin, 'node'));
    const { code, out } = await run({ PORT: '0', DYNAMODB_PORT: '0', PATH: bin });
    expect(code).toBe(1);
    expect(out.trim().split('\n')).toHaveLength(1);
    expect(out).toMatch(/^Java is not installed, and DynamoDB Local needs Java 17 or newer/);
  });

  it('stops DynamoDB Local and the server on Ctrl-C', async () => {
    const started = await run(
      { PORT: '0', DYNAMODB_PORT: '0' },
      /listening on (http:\/\/\S+) \(DynamoDB Local at http:\/\/127\.0\.0\.1:(\d+)/,
    );
    const m = /listening on (http:\/\/\S+) \(DynamoDB Local at http:\/\/127\.0\.0\.1:(\d+)/.exec(started.out);
    expect(m).not.toBeNull();
    const apiUrl = m?.[1] ?? '';
    const dynamoPort = Number(m?.[2]);
    expect((await fetch(`${apiUrl}/health`)).status).toBe(200);
    const exited = new Promise<number | null>((ok) => started.child.once('exit', ok));
    started.child.kill('SIGINT');
    expect(await exited).toBe(0);
    // Both ports are free again: nothing was left running.
    await expect.poll(() => isFree(dynamoPort), { timeout: 5000 }).toBe(true);
    await expect(fetch(`${apiUrl}/health`)).rejects.toThrow();
  });

  /** This machine's first address other people on its network can reach, if it has one. */
  const outwardAddress = () =>
    Object.values(networkInterfaces())
      .flat()
      .find((i) => i && !i.internal && i.family === 'IPv4')?.address;
  const answers = (address: string, port: number) =>
    fetch(`http://${address}:${port}/health`).then(
      (r) => r.status,
      () => 'refused',
    );
  const stop = async (child: ReturnType<typeof spawn>) => {
    const exited = new Promise((ok) => child.once('exit', ok));
    child.kill('SIGINT');
    await exited;
  };
  const LISTENING = /listening on http:\/\/(\S+):(\d+) /;

  it('listens on 127.0.0.1 only by default: no one else on the network can mint tokens', async () => {
    const started = await run({ PORT: '0', DYNAMODB_PORT: '0' }, LISTENING);
    try {
      const m = LISTENING.exec(started.out);
      expect(m?.[1]).toBe('127.0.0.1');
      const port = Number(m?.[2]);
      expect(await answers('127.0.0.1', port)).toBe(200);
      const outward = outwardAddress();
      if (outward) expect(await answers(outward, port)).toBe('refused');
    } finally {
      await stop(started.child);
    }
  });

  it('HOST=0.0.0.0 listens on every interface', async () => {
    const started = await run({ PORT: '0', DYNAMODB_PORT: '0', HOST: '0.0.0.0' }, LISTENING);
    try {
      const m = LISTENING.exec(started.out);
      expect(m?.[1]).toBe('localhost');
      const port = Number(m?.[2]);
      expect(await answers('127.0.0.1', port)).toBe(200);
      const outward = outwardAddress();
      if (outward) expect(await answers(outward, port)).toBe(200);
    } finally {
      await stop(started.child);
    }
  });
});
