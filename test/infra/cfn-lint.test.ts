/**
 * cfn-lint over every synthesized template (nested stacks' included), dev and prod, in the app's region: an error fails
 * the test; a warning passes only if its rule is in ALLOWED_WARNINGS, with the reason it is
 * harmless. cfn-lint is a Python tool (`pip install cfn-lint`); CI machines have it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newApp, stacksIn } from './synth.ts';

/** Warnings that CDK's templates raise by design, and why each is harmless. */
const ALLOWED_WARNINGS: Record<string, string> = {
  W3005:
    "CDK adds a DependsOn on each function's role (and its policy) although a GetAtt already orders them: " +
    'redundant, not wrong. The policy dependency is the one that matters, and it is not redundant.',
};

const REGION = String(
  (
    JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
      context: { region: string };
    }
  ).context.region,
);

/** What every stage but dev must set, and a domain so the domain's resources are linted too. */
const PROD = {
  stage: 'prod',
  email: { identity: 'example.om', from: 'no-reply@example.om' },
  alarmEmail: 'ops@example.om',
  domain: {
    name: 'api.ambassadors.example.om',
    certificateArn: 'arn:aws:acm:me-south-1:123456789012:certificate/0f3a9c1e-1111-2222-3333-444455556666',
  },
};

type Finding = {
  Level: 'Error' | 'Warning' | 'Informational';
  Filename: string;
  Message: string;
  Rule: { Id: string };
};

const cfnLint = (files: string[]): { status: number; findings: Finding[] } => {
  const run = spawnSync('cfn-lint', ['--regions', REGION, '--format', 'json', '--', ...files], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error && (run.error as NodeJS.ErrnoException).code === 'ENOENT')
    throw new Error(
      'cfn-lint is not installed: `pip install cfn-lint` (or `pipx install cfn-lint`), then run the infra tests again',
    );
  if (run.status === null || run.status === 1)
    throw new Error(`cfn-lint failed to run (status ${run.status}): ${run.stderr}`);
  return { status: run.status, findings: JSON.parse(run.stdout || '[]') as Finding[] };
};

const show = (f: Finding) => `${f.Filename.split('/').at(-1)}: ${f.Rule.Id} ${f.Message}`;

describe('cfn-lint', () => {
  it(`finds no error, and only allowed warnings, in the dev and prod templates (${REGION})`, () => {
    // Each app synthesizes to a temporary directory of its own, removed when the process ends.
    // The nested stacks' templates (one per route area) are files of the same assembly.
    const apps = [newApp(), newApp(PROD)];
    const files = apps.flatMap(({ app, api }) => {
      const assembly = app.synth();
      return [
        ...assembly.stacks.map((s) => s.templateFullPath),
        ...stacksIn(api)
          .filter((stack) => stack.nestedStackParent)
          .map((stack) => join(assembly.directory, stack.templateFile)),
      ];
    });
    const names = files.map((f) => f.split('/').at(-1));
    expect(names.filter((f) => !f?.endsWith('.nested.template.json')).sort()).toEqual([
      'SmartCityAmbassadors-dev-Api.template.json',
      'SmartCityAmbassadors-dev-Data.template.json',
      'SmartCityAmbassadors-prod-Api.template.json',
      'SmartCityAmbassadors-prod-Data.template.json',
    ]);
    const nestedCount = apps.reduce((n, { api }) => n + stacksIn(api).length - 1, 0);
    expect(nestedCount).toBeGreaterThanOrEqual(16);
    expect(names.filter((f) => f?.endsWith('.nested.template.json'))).toHaveLength(nestedCount);
    for (const file of files) expect(existsSync(file), file).toBe(true);
    const { status, findings } = cfnLint(files);
    expect(findings.filter((f) => f.Level === 'Error').map(show)).toEqual([]);
    expect(status & 2).toBe(0);
    expect(
      findings.filter((f) => f.Level === 'Warning' && !(f.Rule.Id in ALLOWED_WARNINGS)).map(show),
    ).toEqual([]);
  }, 240_000);

  it('would fail on a tagged dashboard: why the app-wide tags leave dashboards out', () => {
    // The E3002 finding (docs/operations.md), kept as a check that the linter still sees it (and so that the
    // test above can fail): a Dashboard has no Tags in CloudFormation's schema for the region.
    const dir = mkdtempSync(join(tmpdir(), 'cfn-lint-'));
    const file = join(dir, 'tagged-dashboard.template.json');
    const template = {
      Resources: {
        Dashboard: {
          Type: 'AWS::CloudWatch::Dashboard',
          Properties: { DashboardBody: '{}', Tags: [{ Key: 'project', Value: 'smart-city-ambassadors' }] },
        },
      },
    };
    writeFileSync(file, JSON.stringify(template));
    const { status, findings } = (() => {
      try {
        return cfnLint([file]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    })();
    expect(status & 2).toBe(2);
    expect(findings.map((f) => f.Rule.Id)).toContain('E3002');
  }, 120_000);
});
