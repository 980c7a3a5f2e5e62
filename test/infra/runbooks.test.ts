/**
 * Runbooks generated from the alarm definitions: docs/runbooks.md is exactly what
 * `npm run runbooks` writes (so it cannot drift from the alarms), every alarm of every stage's
 * template links to a section of it, and an alarm declared without the helper is caught.
 */
import { readFileSync } from 'node:fs';
import { Stack } from 'aws-cdk-lib';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import { describe, expect, it } from 'vitest';
import { runbookAnchor } from '#infra/constructs/monitoring.ts';
import { RUNBOOKS_CONTEXT, RUNBOOKS_PATH, renderRunbooks } from '#scripts/runbooks.ts';
import { newApp, resources, templateOf } from './synth.ts';

const committed = readFileSync(RUNBOOKS_PATH, 'utf8');
const generated = renderRunbooks();

/** The anchors of the document's alarm sections (`## <AlarmId>`). */
const anchorsOf = (doc: string) =>
  new Set([...doc.matchAll(/^## (\S+)$/gm)].map((m) => runbookAnchor(m[1] as string)));

/** Alarms of a synthesized stack whose description does not end with a link to a section of `doc`. */
const withoutRunbook = (stack: Stack, doc: string, base = 'docs/runbooks.md') => {
  const anchors = anchorsOf(doc);
  const link = new RegExp(`\\. Runbook: ${base.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}#([a-z0-9-]+)$`);
  return resources(templateOf(stack), 'AWS::CloudWatch::Alarm')
    .filter(([, alarm]) => {
      const anchor = link.exec(String(alarm.Properties.AlarmDescription ?? ''))?.[1];
      return anchor === undefined || !anchors.has(anchor);
    })
    .map(([id]) => id);
};

const EMAIL = { identity: 'example.om', from: 'no-reply@example.om' };
const STAGES: Record<string, Record<string, unknown>> = {
  'dev (defaults)': {},
  'dev, every optional alarm': RUNBOOKS_CONTEXT,
  prod: { stage: 'prod', alarmEmail: 'ops@example.om', email: EMAIL },
};

describe('runbooks', () => {
  it('docs/runbooks.md is what `npm run runbooks` writes (run it after changing an alarm)', () => {
    expect(committed).toBe(generated);
  });

  it('has one section per alarm, each saying what it means, what to look at first and what to do', () => {
    const { api } = newApp(RUNBOOKS_CONTEXT);
    const definitions = api.monitoring.definitions;
    expect(definitions.length).toBeGreaterThan(10);
    expect([...anchorsOf(generated)]).toEqual(definitions.map((d) => d.anchor));
    for (const d of definitions) {
      for (const part of ['meaning', 'firstLook', 'action'] as const)
        expect(d.runbook[part].length, `${d.id} ${part}`).toBeGreaterThan(40);
      expect(d.runbook.title, d.id).not.toMatch(/\.$/);
      expect(generated).toContain(`## ${d.id}\n\n**${d.runbook.title}.** Fires when `);
    }
  });

  for (const [name, context] of Object.entries(STAGES))
    it(`links every alarm of the ${name} stage to its runbook, and declares every one through the helper`, () => {
      const { data, api } = newApp(context);
      for (const stack of [data, api]) expect(withoutRunbook(stack, committed), stack.stackName).toEqual([]);
      const alarms = resources(templateOf(api), 'AWS::CloudWatch::Alarm');
      expect(alarms).toHaveLength(api.monitoring.definitions.length);
      const api5xx = api.monitoring.alarms.get('Api5xxRate')?.node.defaultChild as cw.CfnAlarm;
      expect(api5xx.alarmDescription).toBe(
        'More than 1% of API requests answered 5xx over 5 minutes. Runbook: docs/runbooks.md#api5xxrate',
      );
    });

  it('catches an alarm declared without a runbook, or linking to no section', () => {
    const { api } = newApp();
    const metric = api.leaderboardJob.metricErrors();
    new cw.Alarm(api, 'Planted', { metric, threshold: 1, evaluationPeriods: 1 });
    new cw.Alarm(api, 'PlantedLink', {
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      alarmDescription: 'Something. Runbook: docs/runbooks.md#nosuchsection',
    });
    const missing = withoutRunbook(api, committed);
    expect(missing).toHaveLength(2);
    expect(missing.every((id) => id.startsWith('Planted'))).toBe(true);
    // And a document that lost a section leaves its alarm without a runbook.
    expect(withoutRunbook(newApp().api, committed.replace('## Api5xxRate\n', '## Gone\n'))).toHaveLength(1);
  });

  it('takes the runbook address from the stage setting runbookBaseUrl', () => {
    const base = 'https://github.com/example/smart-city-ambassadors/blob/main/docs/runbooks.md';
    const { api } = newApp({ runbookBaseUrl: base });
    const alarm = api.monitoring.alarms.get('LeaderboardJobFailures')?.node.defaultChild as cw.CfnAlarm;
    expect(alarm.alarmDescription).toMatch(
      new RegExp(`\\. Runbook: ${base.replace(/[.?/]/g, '\\$&')}#leaderboardjobfailures$`),
    );
    expect(withoutRunbook(api, committed, base)).toEqual([]);
    expect(() => newApp({ runbookBaseUrl: 'docs/runbooks.md#x' })).toThrow(/runbookBaseUrl/);
    expect(() => newApp({ runbookBaseUrl: '' })).toThrow(/runbookBaseUrl/);
    expect(Stack.of(api).stackName).toBe('SmartCityAmbassadors-dev-Api');
  });
});
