/**
 * The stateless stack: the HTTP API and one Lambda per route, all derived from the route
 * table (functions/http/routes.ts). Safe to destroy and redeploy; state lives in DataStack.
 */
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { RouteSpec } from '../../functions/http/route-spec.ts';
import { routes } from '../../functions/http/routes.ts';
import { ApiFunction, LeaderboardJob } from '../constructs/api-function.ts';

export interface ApiStackProps extends StackProps {
  table: ITable;
  userPool: IUserPool;
  userPoolClient: IUserPoolClient;
  cursorSecret: ISecret;
}

/** `getHealth` → `GetHealth`: the prefix of the route's construct ids (and logical ids). */
export const constructName = (spec: RouteSpec): string => spec.id.charAt(0).toUpperCase() + spec.id.slice(1);

/** `$default` catches every unmatched request; anything else is `METHOD /path`. */
export const routeKeyOf = (spec: RouteSpec): apigw.HttpRouteKey =>
  spec.path === '$default'
    ? apigw.HttpRouteKey.DEFAULT
    : apigw.HttpRouteKey.with(spec.path, apigw.HttpMethod[spec.method]);

/** Context `allowedOrigins`: a JSON array in cdk.json, or a comma-separated `-c` value. */
const allowedOrigins = (scope: Construct): string[] => {
  const value: unknown = scope.node.tryGetContext('allowedOrigins');
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string' && value.trim()) return value.split(',').map((o) => o.trim());
  return ['*'];
};

export class ApiStack extends Stack {
  readonly api: apigw.HttpApi;
  /** The function serving each route, by route id. */
  readonly functions = new Map<string, ApiFunction>();
  readonly leaderboardJob: LeaderboardJob;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);

    this.api = new apigw.HttpApi(this, 'HttpApi', {
      apiName: 'smart-city-ambassadors',
      description: 'Smart City Ambassadors API',
      createDefaultStage: false,
      // API Gateway answers preflight requests itself, before any authorizer.
      corsPreflight: {
        allowOrigins: allowedOrigins(this),
        allowMethods: [...new Set(routes.map((r) => r.method)), 'OPTIONS' as const].map(
          (m) => apigw.CorsHttpMethod[m],
        ),
        allowHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key', 'Accept-Language'],
        exposeHeaders: ['ETag', 'Location', 'Retry-After'],
        maxAge: Duration.hours(1),
      },
    });
    // The default stage, made here rather than by HttpApi so it can carry throttling.
    const stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
    });

    // ID tokens carry aud = client id; access tokens carry client_id, which the JWT
    // authorizer also matches against the audience.
    const authorizer = new HttpJwtAuthorizer(
      'CognitoAuthorizer',
      `https://cognito-idp.${this.region}.amazonaws.com/${props.userPool.userPoolId}`,
      { jwtAudience: [props.userPoolClient.userPoolClientId] },
    );

    // functions/config.ts requires both on every function, whatever its table access.
    // The secret reaches the function as a CloudFormation dynamic reference
    // ({{resolve:secretsmanager:...}}), resolved at deploy time: it never appears in the
    // template or cdk.out, and the function needs no Secrets Manager call (nor permission)
    // at cold start. The price: it is visible in the function's configuration to anyone
    // allowed lambda:GetFunctionConfiguration.
    const cursorSecret = props.cursorSecret.secretValue.unsafeUnwrap();

    for (const spec of routes) {
      const name = constructName(spec);
      const fn = new ApiFunction(this, `${name}Function`, {
        entry: `functions/http/${spec.handler}`,
        description: `${spec.path === '$default' ? '$default' : `${spec.method} ${spec.path}`}: ${spec.summary}`,
        environment: { CURSOR_SECRET: cursorSecret },
      });
      fn.bindTable(props.table, spec.access);
      this.functions.set(spec.id, fn);

      new apigw.HttpRoute(this, `${name}Route`, {
        httpApi: this.api,
        routeKey: routeKeyOf(spec),
        integration: new HttpLambdaIntegration(`${name}Integration`, fn),
        // Public routes have no authorizer; every other role needs a valid token, and the
        // handler checks the role itself (registered ambassador, `staff` group).
        authorizer: spec.role === 'public' ? undefined : authorizer,
      });
    }

    this.leaderboardJob = new LeaderboardJob(this, 'LeaderboardJob', {
      table: props.table,
      environment: { CURSOR_SECRET: cursorSecret },
    });

    new CfnOutput(this, 'ApiUrl', { value: stage.url });
  }
}
