/**
 * CloudFormation takes at most 500 resources per stack, a nested stack included. The API
 * stack held every route (function, role, policy, log group, integration, route, permission:
 * about 7 per route) until it reached 426 on dev at contract v1.1's first half; the routes
 * now live in one nested stack per area of the route table (infra/stacks/route-area-stack.ts),
 * and the parent keeps the API, its stage, the jobs and the alarms. This test holds every
 * stack, each nested one included, 20 resources under the limit, so a growing area or
 * parent is split by plan rather than by a failed deploy.
 */
import { describe, expect, it } from 'vitest';
import { newApp, resourceCounts } from './synth.ts';

const LIMIT = 500;
const HEADROOM = 20;

const STAGES = {
  dev: {},
  prod: {
    stage: 'prod',
    alarmEmail: 'ops@example.om',
    email: { identity: 'example.om', from: 'no-reply@example.om' },
  },
};

describe.each(Object.entries(STAGES))('the %s stage', (_name, context) => {
  const { data, api } = newApp(context);
  const counts = [...resourceCounts(data), ...resourceCounts(api)];

  it('has the data stack, the API stack and one nested stack per route area', () => {
    expect(counts.map(([path]) => path)).toEqual([
      data.node.path,
      api.node.path,
      ...[...api.areas.values()].map((area) => area.node.path),
    ]);
    expect(api.areas.size).toBeGreaterThanOrEqual(8);
  });

  it.each(counts)(`keeps %s ${HEADROOM} resources under CloudFormation's ${LIMIT}`, (path, count) => {
    expect(count, `${path}: ${count} resources`).toBeLessThan(LIMIT - HEADROOM);
    expect(count, path).toBeGreaterThan(0);
  });

  it('prints the resource count of each stack', () => {
    console.log(counts.map(([path, count]) => `${path}: ${count}`).join('\n'));
    expect(counts.every(([, count]) => count > 0)).toBe(true);
  });
});
