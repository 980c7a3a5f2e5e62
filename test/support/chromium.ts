/**
 * A headless Chromium driven over the DevTools protocol, for what only a browser can show:
 * how an email's HTML lays out (direction, overflow) and what it looks like (a screenshot).
 * No Chromium is a failure, never a skip: `npm test` installs it (scripts/ensure-tools.ts).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumMissing = () =>
  existsSync(CHROMIUM)
    ? undefined
    : `${CHROMIUM} is missing: email layouts are checked in a real browser (npm test installs it as root: scripts/ensure-tools.ts; otherwise apt-get install -y chromium)`;

const launch = (profile: string): Promise<{ chrome: ChildProcess; endpoint: string }> =>
  new Promise((ok, fail) => {
    const chrome = spawn(CHROMIUM, [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
      '--remote-debugging-port=0',
      'about:blank',
    ]);
    let err = '';
    const timer = setTimeout(() => fail(new Error(`Chromium did not start:\n${err}`)), 30_000);
    chrome.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(err);
      if (m?.[1]) {
        clearTimeout(timer);
        ok({ chrome, endpoint: m[1] });
      }
    });
    chrome.once('exit', (code) => fail(new Error(`Chromium exited (${code}):\n${err}`)));
  });

export interface Page {
  /** Evaluates `expression` in the page; its value, returned by value. */
  evaluate: <T = unknown>(expression: string) => Promise<T>;
  /** A PNG of the whole page at `width` CSS pixels. */
  screenshot: () => Promise<Buffer>;
}

/** Opens `html` at a viewport `width` wide in a fresh headless Chromium, runs `use`, closes it all. */
export const withPage = async <T>(
  html: string,
  width: number,
  use: (page: Page) => Promise<T>,
): Promise<T> => {
  const profile = mkdtempSync(join(tmpdir(), 'chromium-'));
  const { chrome, endpoint } = await launch(profile);
  const ws = new WebSocket(endpoint);
  try {
    await new Promise((ok, fail) => {
      ws.onopen = ok;
      ws.onerror = fail;
    });
    let next = 0;
    const pending = new Map<number, (m: { result?: any; error?: { message: string } }) => void>();
    ws.onmessage = (e) => {
      const m = JSON.parse(String(e.data));
      if (m.id !== undefined) pending.get(m.id)?.(m);
    };
    const send = (method: string, params: object = {}, sessionId?: string): Promise<any> =>
      new Promise((ok, fail) => {
        const id = ++next;
        pending.set(id, (m) => (m.error ? fail(new Error(`${method}: ${m.error.message}`)) : ok(m.result)));
        ws.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
      });
    const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
    await send(
      'Emulation.setDeviceMetricsOverride',
      { width, height: 800, deviceScaleFactor: 1, mobile: width < 600 },
      sessionId,
    );
    const { frameTree } = await send('Page.getFrameTree', {}, sessionId);
    await send('Page.setDocumentContent', { frameId: frameTree.frame.id, html }, sessionId);
    const evaluate = async <V>(expression: string): Promise<V> =>
      (await send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true }, sessionId))
        .result.value as V;
    // Fonts and layout settled before anything is measured.
    await evaluate('document.fonts.ready.then(() => true)');
    return await use({
      evaluate,
      screenshot: async () =>
        Buffer.from(
          (await send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: true }, sessionId))
            .data,
          'base64',
        ),
    });
  } finally {
    ws.close();
    chrome.kill('SIGKILL');
    await new Promise((r) => (chrome.exitCode === null ? chrome.once('exit', r) : r(undefined)));
    rmSync(profile, { recursive: true, force: true });
  }
};
