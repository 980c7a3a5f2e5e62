/**
 * `npm test` on a fresh machine: scripts/ensure-tools.ts runs first and installs
 * Chromium and Java 17+ when it can (root with apt-get), or says in one sentence what to run
 * and fails. Its missing branch is driven with fake paths, never by uninstalling anything.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { javaMajor, planFor, type Tool } from '#scripts/ensure-tools.ts';

const root = resolve(import.meta.dirname, '..');
const chromium: Tool = { name: 'Chromium', purpose: 'for the docs page test', aptPackage: 'chromium' };
const java: Tool = {
  name: 'Java 17 or newer',
  purpose: 'for DynamoDB Local',
  aptPackage: 'openjdk-17-jre-headless',
};

const runScript = (env: Record<string, string>) =>
  spawnSync(process.execPath, [resolve(root, 'scripts/ensure-tools.ts')], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });

describe('planFor', () => {
  it('does nothing when nothing is missing, wherever it runs', () => {
    expect(planFor([], { root: false, aptGet: false })).toEqual({ action: 'none' });
    expect(planFor([], { root: true, aptGet: true })).toEqual({ action: 'none' });
  });

  it('installs what is missing as root with apt-get, announcing it in one line', () => {
    const plan = planFor([chromium, java], { root: true, aptGet: true });
    expect(plan.action).toBe('install');
    if (plan.action !== 'install') return;
    expect(plan.packages).toEqual(['chromium', 'openjdk-17-jre-headless']);
    expect(plan.message).not.toMatch(/\n/);
    expect(plan.message).toMatch(/Chromium/);
  });

  it.each([
    { root: false, aptGet: true },
    { root: true, aptGet: false },
    { root: false, aptGet: false },
  ])('otherwise fails with one sentence naming the command to run (%o)', (machine) => {
    const plan = planFor([chromium], machine);
    expect(plan.action).toBe('fail');
    if (plan.action !== 'fail') return;
    expect(plan.message).toMatch(
      /^npm test needs Chromium \(for the docs page test\): run `sudo apt-get install -y chromium`/,
    );
    expect(plan.message).not.toMatch(/\n/);
    expect(plan.message.match(/\. /g)).toBeNull();
    expect(plan.message.endsWith('.')).toBe(true);
    const both = planFor([chromium, java], machine);
    expect(both.action === 'fail' && both.message).toMatch(
      /apt-get install -y chromium openjdk-17-jre-headless/,
    );
  });
});

describe('javaMajor', () => {
  it('reads the major version of both numbering schemes', () => {
    expect(javaMajor('openjdk version "17.0.15" 2025-04-15')).toBe(17);
    expect(javaMajor('openjdk version "21" 2023-09-19')).toBe(21);
    expect(javaMajor('java version "1.8.0_292"')).toBe(8);
    expect(javaMajor('bash: java: command not found')).toBeUndefined();
  });
});

describe('scripts/ensure-tools.ts', () => {
  it('with Chromium missing and no apt-get to install it: exit 1 and one sentence on stderr', () => {
    const r = runScript({
      ENSURE_TOOLS_CHROMIUM: '/nonexistent/chromium',
      ENSURE_TOOLS_APT_GET: '/nonexistent/apt-get',
    });
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/npm test needs Chromium .*sudo apt-get install -y chromium/);
  });

  it('with Chromium missing, as root with apt-get: installs it quietly after one line (a fake apt-get)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ensure-tools-'));
    const aptGet = join(dir, 'apt-get');
    writeFileSync(aptGet, `#!/bin/sh\necho "$@" >> ${join(dir, 'calls')}\n`, { mode: 0o755 });
    const r = runScript({ ENSURE_TOOLS_CHROMIUM: '/nonexistent/chromium', ENSURE_TOOLS_APT_GET: aptGet });
    const calls = existsSync(join(dir, 'calls')) ? readFileSync(join(dir, 'calls'), 'utf8') : '';
    if (process.getuid?.() === 0) {
      expect(r.status, r.stderr).toBe(0);
      expect(calls).toBe('update -qq\ninstall -y -qq chromium\n');
      expect(r.stdout.trim().split('\n')).toEqual([expect.stringMatching(/^npm test: installing Chromium/)]);
    } else {
      // Not root: nothing is run, the sentence says what to run.
      expect(r.status).toBe(1);
      expect(calls).toBe('');
      expect(r.stderr).toMatch(/sudo apt-get install -y chromium/);
    }
  });

  it('with everything present: exit 0 and silent', () => {
    // Any executable stands in for Chromium; Java is present wherever this suite runs (pretest).
    const r = runScript({
      ENSURE_TOOLS_CHROMIUM: process.execPath,
      ENSURE_TOOLS_APT_GET: '/nonexistent/apt-get',
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toBe('');
  });

  it('runs before every npm test', () => {
    const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'));
    expect(pkg.scripts.pretest).toBe('node scripts/ensure-tools.ts');
  });
});
