/**
 * GET /docs in a real headless Chromium: Redoc renders the served /openapi.json, and every
 * operation of the route table is in what it rendered (not only in the page's own index).
 * Redoc renders its sections progressively, so the test drives Chromium over the DevTools
 * protocol and waits until the page is complete (or fails after a deadline), rather than
 * dumping the DOM after a fixed time. No Chromium is a failure, never a skip.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { routes } from '#http/routes/index.ts';
import { baseUrl } from '#support/api.ts';

const CHROMIUM = '/usr/bin/chromium';
const listed = routes.filter((r) => r.path !== '$default');

/** Starts Chromium with the DevTools protocol on a free port; resolves with its browser endpoint. */
const launch = (profile: string): Promise<{ chrome: ChildProcess; endpoint: string }> =>
  new Promise((ok, fail) => {
    const chrome = spawn(CHROMIUM, [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
      '--window-size=1400,30000',
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

/** A minimal DevTools protocol client over the browser's WebSocket. */
const connect = async (endpoint: string) => {
  const ws = new WebSocket(endpoint);
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
  return { send, close: () => ws.close() };
};

describe('the API reference page', () => {
  it('renders Redoc in Chromium with every operation listed', async () => {
    expect(
      existsSync(CHROMIUM),
      `${CHROMIUM} is missing: the docs page is checked in a real browser (npm test installs it as root: scripts/ensure-tools.ts; otherwise apt-get install -y chromium)`,
    ).toBe(true);
    const profile = mkdtempSync(join(tmpdir(), 'chromium-'));
    const { chrome, endpoint } = await launch(profile);
    try {
      const cdp = await connect(endpoint);
      const { targetId } = await cdp.send('Target.createTarget', { url: `${baseUrl()}/docs` });
      const { sessionId } = await cdp.send('Target.attachToTarget', { targetId, flatten: true });
      const evaluate = async (expression: string) =>
        (await cdp.send('Runtime.evaluate', { expression, returnByValue: true }, sessionId)).result.value;

      // Redoc links each operation as `#/<tag>/<operationid>`: wait until all are there.
      const wanted = listed.map((r) => r.id.toLowerCase());
      let links: string[] = [];
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        links = await evaluate(
          `[...document.querySelectorAll('#redoc a[href^="#/"]')].map((a) => a.getAttribute('href').split('/').pop())`,
        );
        if (wanted.every((id) => links.includes(id))) break;
        // Sections render as they come into view: nudge the page.
        await evaluate('window.scrollBy(0, 200); window.scrollTo(0, 0)');
        await new Promise((r) => setTimeout(r, 250));
      }
      const dom: string = await evaluate('document.documentElement.outerHTML');
      cdp.close();

      expect(dom).toContain('Smart City Ambassadors API');
      const index = dom.slice(0, dom.indexOf('id="redoc"'));
      const redoc = dom.slice(dom.indexOf('id="redoc"'));
      expect(redoc, 'Redoc did not render').toContain('data-component-name="Menu/Menu"');
      const missing: string[] = [];
      for (const r of listed) {
        // The page's own index, Redoc's link to the operation, and the path Redoc shows.
        if (!index.includes(`id="op-${r.id}"`)) missing.push(`${r.id} (index)`);
        if (!links.includes(r.id.toLowerCase())) missing.push(`${r.id} (Redoc link)`);
        if (!redoc.includes(`>${r.path}<`)) missing.push(`${r.method} ${r.path} (Redoc)`);
      }
      expect(missing).toEqual([]);
      console.log(`docs page: Redoc rendered all ${listed.length} operations`);
    } finally {
      chrome.kill('SIGKILL');
      await new Promise((r) => (chrome.exitCode === null ? chrome.once('exit', r) : r(undefined)));
      rmSync(profile, { recursive: true, force: true });
    }
  }, 120_000);
});
