/**
 * `npm test` runs this first (`pretest`): the two tools the suite needs beyond npm, Chromium
 * (the docs page test opens /docs in it) and Java 17 or newer (DynamoDB Local). A missing one
 * is installed when this machine can (root, with apt-get), quietly and with a one-line
 * message; otherwise one sentence says what to run, and the exit code is 1, so that the
 * suite never runs without them (the docs page test fails rather than skip).
 *
 * ENSURE_TOOLS_CHROMIUM and ENSURE_TOOLS_APT_GET point at other paths, so a test can make
 * a tool look missing and apt-get look absent without uninstalling anything.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

export interface Tool {
  name: string;
  /** What it is for, in the sentence a user reads. */
  purpose: string;
  /** The Debian/Ubuntu package that provides it. */
  aptPackage: string;
}

export interface Machine {
  root: boolean;
  aptGet: boolean;
}

export type Plan =
  | { action: 'none' }
  | { action: 'install'; packages: string[]; message: string }
  | { action: 'fail'; message: string };

const listed = (items: string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

/** What to do about the missing tools on this machine: nothing, install them, or say what to run. */
export const planFor = (missing: Tool[], machine: Machine): Plan => {
  if (missing.length === 0) return { action: 'none' };
  const packages = missing.map((t) => t.aptPackage);
  const needs = listed(missing.map((t) => `${t.name} (${t.purpose})`));
  if (machine.root && machine.aptGet)
    return { action: 'install', packages, message: `npm test: installing ${needs} with apt-get…` };
  return {
    action: 'fail',
    message: `npm test needs ${needs}: run \`sudo apt-get install -y ${packages.join(' ')}\` (or your system's equivalent) and run npm test again.`,
  };
};

/** The major version of `java -version`, or undefined when there is no working java. */
export const javaMajor = (versionText: string): number | undefined => {
  const m = /version "(\d+)(?:\.(\d+))?/.exec(versionText);
  if (!m) return undefined;
  return m[1] === '1' ? Number(m[2]) : Number(m[1]);
};

const executable = (path: string) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

const CHROMIUM = process.env.ENSURE_TOOLS_CHROMIUM ?? '/usr/bin/chromium';
const APT_GET = process.env.ENSURE_TOOLS_APT_GET ?? '/usr/bin/apt-get';

const javaPresent = () => {
  const r = spawnSync('java', ['-version'], { encoding: 'utf8' });
  return !r.error && r.status === 0 && (javaMajor(`${r.stderr}${r.stdout}`) ?? 0) >= 17;
};

/** Debian 13 has no openjdk-17: take the first Java 17+ runtime apt knows. */
const javaPackage = () =>
  ['openjdk-17-jre-headless', 'openjdk-21-jre-headless'].find(
    (p) => spawnSync('apt-cache', ['show', p], { stdio: 'ignore' }).status === 0,
  ) ?? 'default-jre-headless';

const run = (args: string[]) =>
  spawnSync(APT_GET, args, {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  }).status === 0;

const main = (): number => {
  const machine: Machine = { root: process.getuid?.() === 0, aptGet: executable(APT_GET) };
  const missing: Tool[] = [];
  if (!executable(CHROMIUM))
    missing.push({ name: 'Chromium', purpose: 'for the docs page test', aptPackage: 'chromium' });
  if (!javaPresent())
    missing.push({
      name: 'Java 17 or newer',
      purpose: 'for DynamoDB Local',
      aptPackage: machine.aptGet && machine.root ? javaPackage() : 'openjdk-17-jre-headless',
    });
  const plan = planFor(missing, machine);
  if (plan.action === 'none') return 0;
  if (plan.action === 'fail') {
    console.error(plan.message);
    return 1;
  }
  console.log(plan.message);
  if (run(['update', '-qq']) && run(['install', '-y', '-qq', ...plan.packages])) return 0;
  const sentence = planFor(missing, { root: false, aptGet: false });
  console.error(
    `apt-get could not install ${plan.packages.join(' ')}. ${'message' in sentence ? sentence.message : ''}`,
  );
  return 1;
};

if (import.meta.main) process.exitCode = main();
