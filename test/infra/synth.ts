/**
 * The CDK app as `cdk synth` builds it (cdk.json's context, feature flags included), minus
 * esbuild: no stack is bundled. Each call makes a new App, so a test file may add aspects or
 * context without touching another's.
 */
import { readFileSync } from 'node:fs';
import { App, type CfnElement, NestedStack, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
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

/**
 * The logical id of `element` in the template of its own stack (a nested stack's, for a
 * resource of a route area), which must be `stack` or one nested in it.
 */
export const logicalIdIn = (stack: Stack, element: unknown): string => {
  const own = Stack.of(element as CfnElement);
  let s: Stack | undefined = own;
  while (s && s !== stack) s = s.nestedStackParent;
  if (s !== stack) throw new Error(`${(element as CfnElement).node.path} is not in ${stack.node.path}`);
  return own.getLogicalId(element as CfnElement);
};

/** The nested stacks whose parent is `stack` (not their own nested stacks). */
export const nestedStacksOf = (stack: Stack): NestedStack[] =>
  stack.node
    .findAll()
    .filter((c): c is NestedStack => NestedStack.isNestedStack(c) && c.nestedStackParent === stack);

/** `stack` and every stack nested in it, at any depth, parents first. */
export const stacksIn = (stack: Stack): Stack[] => [stack, ...nestedStacksOf(stack).flatMap(stacksIn)];

type Json = Record<string, any>;

/** Replaces, anywhere in `value`, each object `replace` recognizes by the value it returns. */
const rewrite = (value: unknown, replace: (o: Json) => unknown): unknown => {
  if (Array.isArray(value)) return value.map((v) => rewrite(v, replace));
  if (value === null || typeof value !== 'object') return value;
  const replaced = replace(value as Json);
  if (replaced !== undefined) return replaced;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrite(v, replace)]));
};

/**
 * `stack`'s template with the resources of every stack nested in it, as if they were one:
 * a nested stack's parameters are replaced by what the parent passes, and the parent's
 * `Fn::GetAtt` of a nested stack's output by that output's value. For assertions that do not
 * care which stack holds a resource (each nested stack keeps the logical ids it would have in
 * the parent, and a duplicate is an error). The AWS::CloudFormation::Stack resources stay.
 */
const mergedJson = (stack: Stack): Json => {
  const own = Template.fromStack(stack).toJSON() as Json;
  const merged: Json = { ...own, Resources: { ...own.Resources } };
  const outputs = new Map<string, Json>();
  for (const nested of nestedStacksOf(stack)) {
    const resourceId = stack.getLogicalId(nested.nestedStackResource as CfnElement);
    const passed = (own.Resources[resourceId]?.Properties?.Parameters ?? {}) as Json;
    const inner = mergedJson(nested);
    const substituted = rewrite(inner.Resources, (o) =>
      typeof o.Ref === 'string' && o.Ref in passed ? passed[o.Ref] : undefined,
    ) as Json;
    for (const [id, resource] of Object.entries(substituted)) {
      if (id in merged.Resources) throw new Error(`logical id ${id} in two stacks of ${stack.stackName}`);
      merged.Resources[id] = resource;
    }
    const innerOutputs = rewrite(inner.Outputs ?? {}, (o) =>
      typeof o.Ref === 'string' && o.Ref in passed ? passed[o.Ref] : undefined,
    ) as Json;
    for (const [name, output] of Object.entries(innerOutputs)) outputs.set(`${resourceId}/${name}`, output);
  }
  const fromOutput = (o: Json) => {
    const att = o['Fn::GetAtt'];
    if (!Array.isArray(att) || typeof att[1] !== 'string' || !att[1].startsWith('Outputs.')) return undefined;
    return outputs.get(`${att[0]}/${att[1].slice('Outputs.'.length)}`)?.Value;
  };
  merged.Resources = rewrite(merged.Resources, fromOutput);
  if (merged.Outputs) merged.Outputs = rewrite(merged.Outputs, fromOutput);
  return merged;
};

/** One Template of `stack` and every stack nested in it (see mergedJson). */
export const templateOf = (stack: Stack): Template => Template.fromJSON(mergedJson(stack));

/** How many resources each stack (nested ones included) of `stack` declares, by path. */
export const resourceCounts = (stack: Stack): [string, number][] =>
  stacksIn(stack).map((s) => [
    s.node.path,
    Object.keys(Template.fromStack(s).toJSON().Resources ?? {}).length,
  ]);
