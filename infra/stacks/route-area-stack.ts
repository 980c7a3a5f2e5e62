/**
 * One area of the route table (a module of functions/http/routes/) as a nested stack of the
 * API stack: each route's function (role, policy, log group), its integration, its route and
 * the permission API Gateway invokes it with. CloudFormation takes at most 500 resources per
 * stack and a route costs about 7, so the routes cannot all live in one stack; an area's
 * stack holds a few dozen at most. The HTTP API, its stage, the authorizer, the jobs and the
 * alarms stay in the parent (./api-stack.ts), which hands each area what its routes need.
 */
import { NestedStack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import type { RouteSpec } from '#http/route-spec.ts';
import { tableKeysOf } from '#http/table-keys.ts';
import { ApiFunction } from '#infra/constructs/api-function.ts';
import type { MonitoredRoute } from '#infra/constructs/monitoring.ts';
import type { StageSettings } from '../stage.ts';
import { createsItems } from './route-policy.ts';

/** The one route whose function may delete Cognito users (the erasure, docs/identity.md). */
export const ERASURE_ROUTE_ID = 'deleteMe';

/** `getHealth` → `GetHealth`: the prefix of the route's construct ids (and logical ids). */
export const constructName = (spec: RouteSpec): string => spec.id.charAt(0).toUpperCase() + spec.id.slice(1);

/** `ambassadors` → `AmbassadorsRoutes`: the construct id of an area's nested stack. */
export const areaStackId = (area: string): string => `${area.charAt(0).toUpperCase()}${area.slice(1)}Routes`;

/** `$default` catches every unmatched request; anything else is `METHOD /path`. */
export const routeKeyOf = (spec: RouteSpec): apigw.HttpRouteKey =>
  spec.path === '$default'
    ? apigw.HttpRouteKey.DEFAULT
    : apigw.HttpRouteKey.with(spec.path, apigw.HttpMethod[spec.method]);

export interface RouteAreaProps {
  /** The area's name (its module in functions/http/routes/). */
  area: string;
  /** The area's entries of the route table. */
  routes: readonly RouteSpec[];
  stage: StageSettings;
  httpApi: apigw.HttpApi;
  /** The parent's JWT authorizer, as a route binds it (never one created in this stack). */
  authorizer: apigw.IHttpRouteAuthorizer;
  table: ITable;
  userPool: IUserPool;
  staffClient: IUserPoolClient;
  cursorSecret: ISecret;
  /** The ids of the routes that take a cursor (./cursor-routes.ts). */
  cursorRoutes: ReadonlySet<string>;
}

export class RouteAreaStack extends NestedStack {
  readonly area: string;
  /** The function serving each route of the area, by route id. */
  readonly functions = new Map<string, ApiFunction>();
  /** Each route of the area, by route id. */
  readonly routes = new Map<string, apigw.HttpRoute>();
  /** What the parent's monitoring watches of each route. */
  readonly monitored: MonitoredRoute[] = [];

  constructor(scope: Construct, id: string, props: RouteAreaProps) {
    super(scope, id, {
      description: `Smart City Ambassadors: the ${props.area} routes of the HTTP API`,
    });
    this.area = props.area;
    for (const spec of props.routes) {
      const name = constructName(spec);
      const reservedConcurrency = createsItems(spec) ? props.stage.creatingRouteConcurrency : undefined;
      const fn = new ApiFunction(this, `${name}Function`, {
        entry: `functions/http/${spec.handler}`,
        description: `${spec.path === '$default' ? '$default' : `${spec.method} ${spec.path}`}: ${spec.summary}`,
        environment: {
          STAFF_CLIENT_ID: props.staffClient.userPoolClientId,
          ...(spec.id === ERASURE_ROUTE_ID ? { USER_POOL_ID: props.userPool.userPoolId } : {}),
        },
        // See CREATING_ROUTE_CONCURRENCY: caps what a flood of creates can do to the table
        // and to the account's concurrency.
        reservedConcurrentExecutions: reservedConcurrency,
      });
      fn.bindTable(props.table, spec.access === 'none' ? undefined : tableKeysOf(spec));
      // The cursor secret is read at run time (functions/store/cursor-keys.ts), by the
      // functions of the routes that take a cursor only: they get its ARN (never its value)
      // and may read it; no other function can.
      if (props.cursorRoutes.has(spec.id)) {
        fn.addEnvironment('CURSOR_SECRET_ARN', props.cursorSecret.secretArn);
        fn.addToRolePolicy(
          new iam.PolicyStatement({
            actions: ['secretsmanager:GetSecretValue'],
            resources: [props.cursorSecret.secretArn],
          }),
        );
      }
      // The erasure deletes the caller's Cognito user; no other function may.
      if (spec.id === ERASURE_ROUTE_ID)
        fn.addToRolePolicy(
          new iam.PolicyStatement({
            actions: ['cognito-idp:AdminDeleteUser'],
            resources: [props.userPool.userPoolArn],
          }),
        );
      this.functions.set(spec.id, fn);
      this.monitored.push({ spec, fn, reservedConcurrency });

      const routeKey = routeKeyOf(spec);
      const route = new apigw.HttpRoute(this, `${name}Route`, {
        httpApi: props.httpApi,
        routeKey,
        integration: new HttpLambdaIntegration(`${name}Integration`, fn),
        // Public routes have no authorizer; every other role needs a valid token, and the
        // handler checks the role itself (registered ambassador, `staff` group).
        authorizer: spec.role === 'public' ? undefined : props.authorizer,
      });
      this.routes.set(spec.id, route);
      if (spec.role === 'public')
        NagSuppressions.addResourceSuppressions(route, [
          {
            id: 'AwsSolutions-APIG4',
            reason: `${routeKey.key} is public by design (role "public" in the route table): it changes nothing and answers only what anyone may see without an account. It is throttled per route (class publicRead) instead.`,
          },
        ]);
    }
  }
}
