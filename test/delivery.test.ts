/**
 * The delivery workflow (.github/workflows/delivery.yml, docs/delivery.md), read as GitHub
 * reads it: the job graph test → synth → deploy-dev → deploy-prod (behind the `prod`
 * environment's approval) and the pull request's diff; OIDC tokens only for the jobs that
 * assume a role, and those roles named as the delivery stack names them; actions pinned to
 * commit SHAs; the Node.js the project pins; the README's test command; Java for DynamoDB Local.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DELIVERY_ROLE_PREFIX } from '#infra/stacks/delivery-stack.ts';

const root = resolve(import.meta.dirname, '..');
const read = (path: string) => readFileSync(resolve(root, path), 'utf8');

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, string | number | boolean>;
}
interface Job {
  needs?: string | string[];
  if?: string;
  environment?: string | { name: string };
  permissions?: Record<string, string>;
  strategy?: { matrix: { stage?: string[]; include?: { stage: string }[] } };
  steps: Step[];
}
interface Workflow {
  on: Record<string, { branches?: string[] }>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const WORKFLOW = '.github/workflows/delivery.yml';
const text = read(WORKFLOW);
const workflow = parse(text) as Workflow;
const jobs = workflow.jobs;
const pkg = JSON.parse(read('package.json')) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
};
const stages = Object.keys(
  (JSON.parse(read('cdk.json')) as { context: { stages: Record<string, unknown> } }).context.stages,
);

/** A GitHub expression, spelled without writing `${{` in a string (which reads as a typo for a template). */
const expr = (inner: string) => ['$', '{{ ', inner, ' }}'].join('');
const MATRIX_STAGE = expr('matrix.stage');

const needsOf = (job: Job) => ([] as string[]).concat(job.needs ?? []);
const environmentOf = (job: Job) =>
  typeof job.environment === 'object' ? job.environment.name : job.environment;
const runs = (job: Job) => job.steps.flatMap((s) => (s.run ? [s.run.trim()] : []));
const stepUsing = (job: Job, action: string) => job.steps.filter((s) => s.uses?.startsWith(`${action}@`));
const assumesRole = (job: Job) => stepUsing(job, 'aws-actions/configure-aws-credentials').length > 0;

describe('the delivery workflow', () => {
  it('runs on pull requests into main and on pushes to main', () => {
    expect(workflow.on).toEqual({ pull_request: { branches: ['main'] }, push: { branches: ['main'] } });
  });

  it('runs test → synth → deploy-dev → deploy-prod, prod behind the prod environment; diff after synth', () => {
    expect(Object.keys(jobs).sort()).toEqual(['deploy-dev', 'deploy-prod', 'diff', 'synth', 'test']);
    expect(needsOf(jobs.test as Job)).toEqual([]);
    expect(needsOf(jobs.synth as Job)).toEqual(['test']);
    expect(needsOf(jobs['deploy-dev'] as Job)).toEqual(['synth']);
    expect(needsOf(jobs['deploy-prod'] as Job)).toEqual(['deploy-dev']);
    expect(needsOf(jobs.diff as Job)).toEqual(['synth']);
    expect(environmentOf(jobs['deploy-prod'] as Job)).toBe('prod');
    expect(environmentOf(jobs['deploy-dev'] as Job)).toBe('dev');
    // Deploys happen on pushes to main only; the diff on pull requests only.
    for (const name of ['deploy-dev', 'deploy-prod'])
      expect(jobs[name]?.if, name).toBe("github.event_name == 'push' && github.ref == 'refs/heads/main'");
    expect(jobs.diff?.if).toMatch(/^github\.event_name == 'pull_request' && /);
  });

  it('asks for an OIDC token (id-token: write) only in the jobs that assume a role, and writes nothing else', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' });
    const withToken = Object.entries(jobs)
      .filter(([, job]) => job.permissions?.['id-token'] === 'write')
      .map(([name]) => name);
    const assuming = Object.entries(jobs)
      .filter(([, job]) => assumesRole(job))
      .map(([name]) => name);
    expect(withToken.sort()).toEqual(['deploy-dev', 'deploy-prod', 'diff']);
    expect(assuming.sort()).toEqual(withToken.sort());
    for (const [name, job] of Object.entries(jobs))
      if (job.permissions) expect(job.permissions, name).toEqual({ contents: 'read', 'id-token': 'write' });
  });

  it('assumes the roles the delivery stack makes: the diff role on pull requests, each stage its own deploy role', () => {
    const roleOf = (job: Job) =>
      String(stepUsing(job, 'aws-actions/configure-aws-credentials')[0]?.with?.['role-to-assume']);
    expect(roleOf(jobs.diff as Job)).toMatch(new RegExp(`:role/${DELIVERY_ROLE_PREFIX}-diff$`));
    for (const stage of ['dev', 'prod']) {
      const job = jobs[`deploy-${stage}`] as Job;
      expect(roleOf(job)).toMatch(
        new RegExp(
          `^arn:aws:iam::\\$\\{\\{ vars\\.AWS_ACCOUNT_ID_${stage.toUpperCase()} \\}\\}:role/${DELIVERY_ROLE_PREFIX}-deploy-${stage}$`,
        ),
      );
      // It deploys the assembly synth made for its stage, without asking anyone on the terminal.
      expect(stepUsing(job, 'actions/download-artifact')[0]?.with).toEqual({
        name: `cdk-out-${stage}`,
        path: `cdk.out.${stage}`,
      });
      expect(runs(job).at(-1)).toBe(
        `npx cdk deploy --app cdk.out.${stage} --all --require-approval never --no-notices`,
      );
    }
  });

  it('pins every action to a full commit SHA, with the version it is in a comment', () => {
    const uses = [...text.matchAll(/^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/gm)];
    expect(uses.length).toBeGreaterThan(10);
    for (const [, action, rest] of uses) {
      expect(action, action).toMatch(/^[\w.-]+\/[\w.-]+(?:\/[\w./-]+)?@[0-9a-f]{40}$/);
      expect(rest, action).toMatch(/^\s+# v\d+\.\d+\.\d+$/);
    }
    // The same action at the same commit everywhere.
    const commitOf = new Map<string, string>();
    for (const [, action] of uses) {
      const [name, sha] = String(action).split('@') as [string, string];
      expect(commitOf.get(name) ?? sha, name).toBe(sha);
      commitOf.set(name, sha);
    }
  });

  it('uses the Node.js the project pins (package.json), in every job', () => {
    const engineMajor = /^>=\s*(\d+)/.exec(pkg.engines.node)?.[1];
    expect(engineMajor).toBe('24');
    for (const [name, job] of Object.entries(jobs)) {
      const setup = stepUsing(job, 'actions/setup-node');
      expect(setup, name).toHaveLength(1);
      expect(String(setup[0]?.with?.['node-version']), name).toBe(pkg.devDependencies.node);
      expect(String(setup[0]?.with?.['node-version']).split('.')[0], name).toBe(engineMajor);
    }
  });

  it("runs the README's test command on a clean install, with Java 17 or newer for DynamoDB Local", () => {
    const readme = read('README.md');
    const firstBlock = readme.slice(
      readme.indexOf('```sh') + 5,
      readme.indexOf('```', readme.indexOf('```sh') + 5),
    );
    const testCommand = firstBlock
      .split('\n')
      .map((l) => l.replace(/#.*$/, '').trim())
      .find((l) => l.startsWith('npm test'));
    expect(testCommand).toBe('npm test');
    const test = jobs.test as Job;
    expect(runs(test)).toEqual(['npm ci --no-audit --no-fund', testCommand]);
    const java = stepUsing(test, 'actions/setup-java');
    expect(java).toHaveLength(1);
    expect(Number(java[0]?.with?.['java-version'])).toBeGreaterThanOrEqual(17);
  });

  it('synthesizes every stage of cdk.json once, and diffs each against what is deployed, into the job summary', () => {
    const synth = jobs.synth as Job;
    expect(synth.strategy?.matrix.stage).toEqual(stages);
    expect(runs(synth)).toContain(
      `npm run synth -- -c stage=${MATRIX_STAGE} --output cdk.out.${MATRIX_STAGE}`,
    );
    const diff = jobs.diff as Job;
    expect(diff.strategy?.matrix.include?.map((i) => i.stage)).toEqual(stages);
    const script = runs(diff).at(-1) ?? '';
    expect(script).toContain(`npx cdk diff --app cdk.out.${MATRIX_STAGE} --all --method template`);
    expect(script).toContain('>> "$GITHUB_STEP_SUMMARY"');
  });
});
