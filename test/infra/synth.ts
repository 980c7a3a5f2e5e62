/**
 * The CDK app as `cdk synth` builds it (cdk.json's context, feature flags included), minus
 * esbuild: no stack is bundled. Each call makes a new App, so a test file may add aspects or
 * context without touching another's.
 */
import { readFileSync } from 'node:fs';
import { App, type CfnElement, type Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { defineStacks } from '#infra/app.ts';

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown>;
};

export const newApp = (context: Record<string, unknown> = {}) => {
  const app = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [], ...context } });
  return { app, ...defineStacks(app) };
};

export type Resource = { Type: string; Properties: Record<string, any>; DependsOn?: string[] };

export const resources = (template: Template, type: string): [string, Resource][] =>
  Object.entries(template.findResources(type)) as [string, Resource][];

export const logicalIdIn = (stack: Stack, element: unknown): string =>
  stack.getLogicalId(element as CfnElement);
