/**
 * cdk-nag's AwsSolutions and Serverless packs over both stacks of the dev and the prod stage:
 * no unsuppressed error or warning, every suppression where it belongs and with a reason, and
 * the findings that were fixed rather than suppressed still compliant. A logger of our own
 * records every verdict of the packs, so the counts are printed with the test output.
 */
import { Aspects, type CfnResource, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import {
  AwsSolutionsChecks,
  type INagLogger,
  type NagLoggerComplianceData,
  type NagLoggerErrorData,
  type NagLoggerNonComplianceData,
  type NagLoggerSuppressedData,
  type NagLoggerSuppressedErrorData,
  ServerlessChecks,
} from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { routeAreas, routes } from '#http/routes/index.ts';
import { tableKeysOf } from '#http/table-keys.ts';
import { routeKeyOf } from '#infra/stacks/api-stack.ts';
import { areaStackId } from '#infra/stacks/route-area-stack.ts';
import { tableDefinition } from '#store/table.ts';
import { logicalIdIn, newApp, resources, stacksIn, templateOf } from './synth.ts';

interface Verdict {
  stack: string;
  path: string;
  ruleId: string;
  level: string;
  reason?: string;
}

class Recorder implements INagLogger {
  readonly compliant: Verdict[] = [];
  readonly unsuppressed: Verdict[] = [];
  readonly suppressed: Verdict[] = [];
  /** A rule that could not evaluate a resource (an unresolvable token, say). */
  readonly failed: Verdict[] = [];
  /**
   * Later syntheses (templateOf, Annotations.fromStack) run the pack again: only the
   * first one is recorded.
   */
  frozen = false;

  private verdict(data: NagLoggerComplianceData, reason?: string): Verdict {
    const resource: CfnResource = data.resource;
    return {
      // The stack's path: a nested stack's name is only known at deploy time.
      stack: Stack.of(resource).node.path,
      path: resource.node.path,
      ruleId: data.ruleId,
      level: data.ruleLevel,
      ...(reason === undefined ? {} : { reason }),
    };
  }
  onCompliance(data: NagLoggerComplianceData) {
    if (!this.frozen) this.compliant.push(this.verdict(data));
  }
  onNonCompliance(data: NagLoggerNonComplianceData) {
    if (!this.frozen) this.unsuppressed.push(this.verdict(data));
  }
  onSuppressed(data: NagLoggerSuppressedData) {
    if (!this.frozen) this.suppressed.push(this.verdict(data, data.suppressionReason));
  }
  onError(data: NagLoggerErrorData) {
    if (!this.frozen) this.failed.push(this.verdict(data, data.errorMessage));
  }
  onSuppressedError(data: NagLoggerSuppressedErrorData) {
    if (!this.frozen) this.failed.push(this.verdict(data, data.errorMessage));
  }
  onNotApplicable() {}
}

const EMAIL = { identity: 'example.om', from: 'no-reply@example.om' };
/** Each stage checked: dev as cdk.json has it, prod as cdk.json has it (its email identity given). */
const STAGES = {
  dev: {},
  prod: { stage: 'prod', alarmEmail: 'ops@example.om', email: EMAIL },
} as const;

/** Synthesizes one stage with both packs on both stacks, recording every verdict. */
const check = (context: Record<string, unknown>) => {
  const recorder = new Recorder();
  const { app, data, api } = newApp(context);
  const stacks = [data, api];
  for (const stack of stacks) {
    Aspects.of(stack).add(new AwsSolutionsChecks({ reports: false, additionalLoggers: [recorder] }));
    Aspects.of(stack).add(new ServerlessChecks({ reports: false, additionalLoggers: [recorder] }));
  }
  // An unsuppressed error fails synthesis (feature flag annotationsInValidationReport); keep the
  // error so that the test below can list the findings first.
  let synthError: unknown;
  try {
    app.synth();
  } catch (error) {
    synthError = error;
  }
  recorder.frozen = true;
  return { recorder, data, api, stacks, synthError };
};

/** Rules whose findings were fixed in the stacks, not suppressed; and the new resources' rules. */
const FIXED = {
  'AwsSolutions-IAM4': 'own execution roles, no AWS managed AWSLambdaBasicExecutionRole',
  'AwsSolutions-IAM5': 'table and each index named, no table/index/*; logs only on the own log group',
  'AwsSolutions-APIG1': 'JSON access logs on the $default stage',
} as const;
/** Rules the resources added with the alarms (and the job's queue) were built to pass. */
const COMPLIANT_BY_DESIGN = [
  'AwsSolutions-SNS3',
  'AwsSolutions-KMS5',
  'AwsSolutions-SQS2',
  'AwsSolutions-SQS4',
];

const count = (verdicts: Verdict[]) => {
  const byRule = new Map<string, number>();
  for (const v of verdicts) byRule.set(v.ruleId, (byRule.get(v.ruleId) ?? 0) + 1);
  return byRule;
};

describe.each(Object.entries(STAGES))(
  'cdk-nag AwsSolutions and Serverless, %s stage',
  (stageName, context) => {
    const { recorder, data, api, stacks, synthError } = check(context);
    const apiPath = `SmartCityAmbassadors-${stageName}-Api`;
    const dataPath = `SmartCityAmbassadors-${stageName}-Data`;
    /** The rebuild's state machine (infra/constructs/leaderboard-rebuild.ts). */
    const REBUILD = `${apiPath}/LeaderboardRebuild/StateMachine`;

    it('ran on the resources of both stacks that its rules cover', () => {
      const checked = new Set([...recorder.compliant, ...recorder.suppressed].map((v) => v.path));
      const pathOf = (construct: { node: { defaultChild?: { node: { path: string } } } }) =>
        construct.node.defaultChild?.node.path ?? '';
      const expected = [
        pathOf(data.table),
        pathOf(data.userPool),
        pathOf(data.cursorSecret),
        pathOf(api.stage),
        pathOf(api.monitoring.topic),
        pathOf(api.leaderboardJob),
        pathOf(api.leaderboardJob.deadLetters),
        pathOf(api.leaderboardJob.failures),
        pathOf(api.leaderboardRebuild.stateMachine),
        pathOf(api.leaderboardRebuild.fn),
        pathOf(api.notifications.consumer),
        pathOf(api.notifications.failures),
        ...[api.notifications.digestJob, api.notifications.queueClock].flatMap((job) => [
          pathOf(job),
          pathOf(job.deadLetters),
          pathOf(job.failures),
        ]),
        ...[...api.functions.values()].flatMap((fn) => [
          pathOf(fn),
          fn.role?.node.defaultChild?.node.path ?? '',
        ]),
      ];
      expect(expected).toHaveLength(18 + 2 * routes.length);
      for (const path of expected) expect(checked, path).toContain(path);
      expect(recorder.failed, 'rules that could not evaluate a resource').toEqual([]);
    });

    it('leaves no unsuppressed error or warning in either stack', () => {
      const list = recorder.unsuppressed.map((v) => `${v.level} ${v.ruleId} ${v.path}`);
      expect(list).toEqual([]);
      expect(synthError).toBeUndefined();
      // A parent's annotations include its nested stacks' (they have no artifact of their own).
      for (const stack of stacks) {
        const annotations = Annotations.fromStack(stack);
        const packs = Match.stringLikeRegexp('(AwsSolutions|Serverless)-.*');
        expect(annotations.findError('*', packs), stack.stackName).toEqual([]);
        expect(annotations.findWarning('*', packs), stack.stackName).toEqual([]);
      }
    });

    it('ran on every stack, each route area nested stack included, and counts its suppressions', () => {
      const every = [data, ...stacksIn(api)];
      expect(every).toHaveLength(2 + api.areas.size);
      expect(api.areas.size).toBe(Object.values(routeAreas).filter((specs) => specs.length > 0).length);
      for (const stack of every) {
        const path = stack.node.path;
        expect(recorder.compliant.filter((v) => v.stack === path).length, path).toBeGreaterThan(0);
        expect(
          recorder.unsuppressed.filter((v) => v.stack === path),
          path,
        ).toEqual([]);
      }
      const inStack = (path: string) => recorder.suppressed.filter((v) => v.stack === path);
      for (const [area, nested] of api.areas) {
        const specs = routeAreas[area] ?? [];
        const here = inStack(nested.node.path);
        const byRule = count(here);
        // One function per route: its DLQ suppression, its policy's X-Ray wildcard; and each
        // public route's missing authorizer.
        expect(byRule.get('Serverless-LambdaDLQ'), area).toBe(specs.length);
        expect(
          new Set(here.filter((v) => v.ruleId === 'AwsSolutions-IAM5').map((v) => v.path)).size,
          area,
        ).toBe(specs.length);
        const publicRoutes = specs.filter((r) => r.role === 'public').length;
        expect(byRule.get('AwsSolutions-APIG4'), area).toBe(publicRoutes === 0 ? undefined : publicRoutes);
        // And nothing else is suppressed in an area's stack.
        expect([...byRule.keys()].sort(), area).toEqual([
          ...(publicRoutes === 0 ? [] : ['AwsSolutions-APIG4']),
          'AwsSolutions-IAM5',
          'Serverless-LambdaDLQ',
        ]);
      }
      // The parent keeps the jobs, the rebuild step and the stream consumer (no route
      // function), and no route.
      const parent = count(inStack(api.node.path));
      expect(parent.get('Serverless-LambdaDLQ')).toBe(5);
      expect(parent.get('AwsSolutions-APIG4')).toBeUndefined();
    });

    it('suppresses only where each suppression belongs, each with a specific reason', () => {
      const publicRouteKeys = routes.filter((r) => r.role === 'public').map((r) => routeKeyOf(r).key);
      expect(publicRouteKeys.length).toBeGreaterThan(0);
      // A route's function lives in its area's nested stack.
      const routeFunction = (v: Verdict) =>
        routes.some((r) => v.path === `${apiPath}/${areaPath(r.id)}/${name(r.id)}Function/Resource`);
      const functionPolicy = (v: Verdict) =>
        [
          ...routes.map((r) => `${areaPath(r.id)}/${name(r.id)}Function`),
          'LeaderboardJob',
          'LeaderboardRebuild/Step',
          'Notifications/Consumer',
          'Notifications/DigestJob',
          'Notifications/QueueClock',
        ].some((fn) => v.path === `${apiPath}/${fn}Role/DefaultPolicy/Resource`);
      const rebuildPolicy = (v: Verdict) =>
        v.path === `${REBUILD}/Role/DefaultPolicy/Resource` ||
        v.path === `${REBUILD}/DistributedMapPolicy/Resource`;
      // The cursor secret's rotation function: secretsmanager:GetRandomPassword takes no resource.
      const rotationPolicy = `${dataPath}/CursorSecretProtection/RotationRole/DefaultPolicy/Resource`;
      const jobQueue = (v: Verdict) =>
        [
          'LeaderboardJobDeadLetters',
          'LeaderboardJobFailures',
          'Notifications/DigestJobDeadLetters',
          'Notifications/DigestJobFailures',
          'Notifications/QueueClockDeadLetters',
          'Notifications/QueueClockFailures',
          // The stream consumer's on-failure destination.
          'Notifications/Failures',
        ].some((queue) => v.path === `${apiPath}/${queue}/Resource`);
      const allowed: Record<string, (v: Verdict) => boolean> = {
        // Public by contract: one per public route of the table, on that route only.
        'AwsSolutions-APIG4': (v) =>
          routes.some(
            (r) =>
              r.role === 'public' && v.path === `${apiPath}/${areaPath(r.id)}/${name(r.id)}Route/Resource`,
          ),
        'AwsSolutions-COG1': (v) => v.path === `${dataPath}/UserPool/Resource`,
        'AwsSolutions-COG2': (v) => v.path === `${dataPath}/UserPool/Resource`,
        'AwsSolutions-COG8': (v) => v.path === `${dataPath}/UserPool/Resource`,
        // The AWS Backup service role (prod's backup plan): AWS's own managed policy for backups.
        'AwsSolutions-IAM4': (v) => v.path === `${dataPath}/BackupPlan/Table/Role/Resource`,
        // The jobs' schedule DLQs and on-failure queues, and the consumer's, are themselves where
        // failures end.
        'AwsSolutions-SQS3': jobQueue,
        'Serverless-SQSRedrivePolicy': jobQueue,
        // The rebuild's state machine: its default policy (lambda:InvokeFunction on <arn>:*; log
        // delivery and X-Ray actions, which take no resource) and its Distributed Map policy
        // (Describe/StopExecution on its own child executions, execution:<name>/*); and each
        // function's X-Ray statement (Resource::* only, see below). No other policy.
        'AwsSolutions-IAM5': (v) =>
          rebuildPolicy(v) ||
          functionPolicy(v) ||
          v.path === rotationPolicy ||
          v.path === `${dataPath}/PreTokenTriggerRole/DefaultPolicy/Resource`,
        // Synchronous invocations only (API Gateway, Step Functions, the stream's event source
        // mapping); the jobs have an on-failure destination instead of a DLQ.
        'Serverless-LambdaDLQ': (v) =>
          routeFunction(v) ||
          [
            'LeaderboardJob',
            'Notifications/Consumer',
            'Notifications/DigestJob',
            'Notifications/QueueClock',
          ].some((fn) => v.path === `${apiPath}/${fn}/Resource`) ||
          v.path === `${apiPath}/LeaderboardRebuild/Step/Resource` ||
          v.path === `${dataPath}/CursorSecretProtection/Rotation/Resource` ||
          v.path === `${dataPath}/PreTokenTrigger/Resource`,
        // Alarm emails: SNS retries them; a DLQ's alarm could only notify the same topic.
        'Serverless-SNSRedrivePolicy': (v) =>
          v.path.startsWith(`${apiPath}/Monitoring/AlarmTopic/`) && v.path.endsWith('/Resource'),
      };
      for (const v of recorder.suppressed) {
        expect(Object.keys(allowed), `${v.ruleId} suppressed on ${v.path}`).toContain(v.ruleId);
        expect(allowed[v.ruleId]?.(v), `${v.ruleId} suppressed on ${v.path}`).toBe(true);
        // A reason says why for this resource, not just "accepted".
        expect(v.reason?.length ?? 0, `${v.ruleId} on ${v.path}`).toBeGreaterThan(80);
      }
      const suppressed = count(recorder.suppressed);
      const functions = routes.length + 5;
      expect(suppressed.get('AwsSolutions-APIG4')).toBe(publicRouteKeys.length);
      // And the data stack's two: the cursor secret's rotation, Cognito's pre token trigger.
      expect(suppressed.get('Serverless-LambdaDLQ')).toBe(functions + 2);
      expect(
        new Set(recorder.suppressed.filter((v) => v.ruleId === 'AwsSolutions-IAM5').map((v) => v.path)).size,
      ).toBe(functions + 4);
      expect(suppressed.get('AwsSolutions-IAM4')).toBe(stageName === 'prod' ? 1 : undefined);
      // The functions' IAM5 suppression covers Resource::* (X-Ray) and nothing else.
      for (const v of recorder.suppressed.filter(
        (v) => v.ruleId === 'AwsSolutions-IAM5' && functionPolicy(v),
      ))
        expect(v.reason, v.path).toMatch(/^\[Resource::\*\] .*xray:PutTraceSegments/);
      expect(suppressed.get('AwsSolutions-SQS3')).toBe(7);
      expect(suppressed.get('Serverless-SQSRedrivePolicy')).toBe(7);
      // Only a stage with an alarm email has a subscription (dev in cdk.json has none).
      expect(suppressed.get('Serverless-SNSRedrivePolicy')).toBe('alarmEmail' in context ? 1 : undefined);
      for (const id of ['AwsSolutions-COG1', 'AwsSolutions-COG2', 'AwsSolutions-COG8'])
        expect(suppressed.get(id), id).toBe(1);
      // Nothing fixed is suppressed instead anywhere else (IAM5: only the policies above).
      for (const id of [...Object.keys(FIXED), ...COMPLIANT_BY_DESIGN].filter(
        (id) => id !== 'AwsSolutions-IAM5' && id !== 'AwsSolutions-IAM4',
      ))
        expect(suppressed.get(id), id).toBeUndefined();
      // The cursor secret rotates: SMG4 is met, not suppressed.
      expect(suppressed.get('AwsSolutions-SMG4')).toBeUndefined();
    });

    it('keeps the fixed findings fixed', () => {
      const compliant = count(recorder.compliant);
      // Both stacks: the data stack has the cursor secret's rotation function.
      const functions = [api, data].flatMap((stack) =>
        resources(templateOf(stack), 'AWS::Lambda::Function'),
      ).length;
      // One execution role, and one policy, per function; and the rebuild state machine's role.
      expect(compliant.get('AwsSolutions-IAM4')).toBe(functions + 1);
      expect(compliant.get('AwsSolutions-APIG1')).toBe(1);
      for (const id of COMPLIANT_BY_DESIGN) expect(compliant.get(id), id).toBeGreaterThanOrEqual(1);
      // Active tracing on every function and the state machine; failures of the job's async runs
      // go to a destination; explicit memory and timeout; structured, throttled API stage.
      expect(compliant.get('Serverless-LambdaTracing')).toBe(functions);
      expect(compliant.get('Serverless-LambdaAsyncFailureDestination')).toBe(3);
      expect(compliant.get('Serverless-LambdaDefaultMemorySize')).toBe(functions);
      expect(compliant.get('Serverless-LambdaDefaultTimeout')).toBe(functions);
      expect(compliant.get('Serverless-StepFunctionStateMachineXray')).toBe(1);
      for (const id of [
        'Serverless-APIGWAccessLogging',
        'Serverless-APIGWStructuredLogging',
        'Serverless-APIGWDefaultThrottling',
      ])
        expect(compliant.get(id), id).toBe(1);
      expect(compliant.get('Serverless-EventBusDLQ')).toBeGreaterThanOrEqual(1);

      // What the fixes are, concretely: no managed policy on any role; each policy names its
      // own log group and the table and indexes; its only wildcard is X-Ray's resource.
      const template = templateOf(api);
      for (const [id, role] of resources(template, 'AWS::IAM::Role'))
        expect(role.Properties.ManagedPolicyArns, id).toBeUndefined();
      const indexes = Object.keys(tableDefinition.indexes);
      for (const spec of routes.filter((r) => r.access !== 'none')) {
        const fn = api.functions.get(spec.id);
        const roleId = logicalIdIn(api, fn?.role?.node.defaultChild);
        const statements = resources(template, 'AWS::IAM::Policy')
          .filter(([, p]) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
          .flatMap(
            ([, p]) => p.Properties.PolicyDocument.Statement as { Action: string[]; Resource: unknown }[],
          );
        const xray = statements.filter((st) => st.Resource === '*');
        expect(
          xray.map((st) => st.Action),
          spec.id,
        ).toEqual([['xray:PutTelemetryRecords', 'xray:PutTraceSegments']]);
        const scoped = statements.filter((st) => st.Resource !== '*');
        const text = JSON.stringify(scoped);
        // No wildcard in an action or a resource (the LeadingKeys conditions hold `<prefix>*`).
        expect(JSON.stringify(scoped.map((st) => [st.Action, st.Resource])), spec.id).not.toContain('*');
        expect(text, spec.id).toContain(
          JSON.stringify({ 'Fn::GetAtt': [logicalIdIn(api, fn?.logGroup.node.defaultChild), 'Arn'] }),
        );
        // Each index the route declares, by name; no other (test/infra/least-privilege.test.ts).
        const declared = Object.keys(tableKeysOf(spec).indexes);
        for (const index of indexes)
          if (declared.includes(index)) expect(text, spec.id).toContain(`/index/${index}"`);
          else expect(text, spec.id).not.toContain(`/index/${index}"`);
      }
    });

    it('prints what was fixed and what was suppressed', () => {
      const compliant = count(recorder.compliant);
      const suppressed = count(recorder.suppressed);
      const fixed = Object.entries(FIXED).map(([id, how]) => `${id} x${compliant.get(id) ?? 0} (${how})`);
      const lines = [
        `cdk-nag AwsSolutions + Serverless (${stageName}): ${recorder.unsuppressed.length} unsuppressed findings, ` +
          `${recorder.compliant.length} compliant checks, ${recorder.suppressed.length} suppressed`,
        `  fixed (now compliant): ${fixed.join('; ')}`,
        `  suppressed: ${[...suppressed].map(([id, n]) => `${id} x${n}`).join(', ')}`,
        ...[data, ...stacksIn(api)].map((stack) => {
          const path = stack.node.path;
          const ofStack = (verdicts: Verdict[]) => verdicts.filter((v) => v.stack === path).length;
          return `  ${path}: ${ofStack(recorder.unsuppressed)} unsuppressed, ${ofStack(recorder.compliant)} compliant, ${ofStack(recorder.suppressed)} suppressed`;
        }),
      ];
      console.log(lines.join('\n'));
      expect(lines[0]).toMatch(/: 0 unsuppressed findings, [1-9]\d* compliant checks/);
    });
  },
);

const name = (id: string) => id.charAt(0).toUpperCase() + id.slice(1);
/** The construct id of the nested stack holding route `id` (its area's). */
const areaPath = (id: string) => {
  const area = Object.entries(routeAreas).find(([, specs]) => specs.some((r) => r.id === id))?.[0];
  if (area === undefined) throw new Error(`route ${id} is in no area`);
  return areaStackId(area);
};
