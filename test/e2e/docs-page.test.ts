/** GET /docs in a real headless Chromium: the page renders Redoc and lists every route. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { routes } from '../../functions/http/routes.ts';
import { baseUrl } from '../support/api.ts';

const CHROMIUM = '/usr/bin/chromium';

describe('the API reference page', () => {
  it('renders in Chromium with every route listed', () => {
    expect(existsSync(CHROMIUM), 'Chromium is missing: apt-get install -y chromium (.ci/run does)').toBe(
      true,
    );
    const out = spawnSync(
      CHROMIUM,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--user-data-dir=${mkdtempSync(join(tmpdir(), 'chromium-'))}`,
        '--virtual-time-budget=15000',
        '--dump-dom',
        `${baseUrl()}/docs`,
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    const dom = out.stdout;
    expect(dom, out.stderr).toContain('Smart City Ambassadors API');
    // Redoc ran: its menu is in the DOM.
    expect(dom).toContain('data-component-name="Menu/Menu"');
    const listed = routes.filter((r) => r.path !== '$default');
    for (const r of listed) expect(dom, `${r.method} ${r.path}`).toContain(`${r.method} ${r.path}`);
    console.log(`docs page: ${listed.length} routes listed, Redoc rendered`);
  }, 90_000);
});
