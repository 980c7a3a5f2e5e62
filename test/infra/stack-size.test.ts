/**
 * CloudFormation takes at most 500 resources per stack. The API stack holds every route
 * (function, role, policy, log group, integration, route, permission, alarms): 426 on dev at
 * contract v1.1's first half, about 7 per route. The remaining routes of contract v1.1 (about
 * 40) would not fit: the API stack must be split by area before they land. This test stops a
 * change before a deploy would, with room for the split to be planned rather than forced.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { newApp } from './synth.ts';

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
  it.each([
    ['data', data],
    ['api', api],
  ])(`keeps the %s stack ${HEADROOM} resources under CloudFormation's ${LIMIT}`, (_part, stack) => {
    const count = Object.keys(Template.fromStack(stack).toJSON().Resources ?? {}).length;
    expect(count, `${stack.stackName}: ${count} resources`).toBeLessThan(LIMIT - HEADROOM);
    expect(count).toBeGreaterThan(10);
  });
});
