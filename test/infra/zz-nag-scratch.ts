import { readFileSync } from 'node:fs';
import { App, Aspects } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { defineStacks } from '../../infra/app.ts';

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8'));
const app = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
const { data, api } = defineStacks(app);
for (const s of [data, api]) Aspects.of(s).add(new AwsSolutionsChecks({ verbose: false }));
for (const s of [data, api]) {
  const a = Annotations.fromStack(s);
  for (const f of [
    ...a.findError('*', Match.stringLikeRegexp('AwsSolutions-.*')),
    ...a.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*')),
  ])
    console.log(s.stackName, f.id, String(f.entry.data).split('\n')[0]);
}
