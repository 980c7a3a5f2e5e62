/**
 * The stateless stack: the HTTP API and one Lambda per route, all derived from the route
 * table (functions/http/routes/). Safe to destroy and redeploy; state lives in DataStack.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { LEADERBOARD_JOB_KEYS } from '#functions/scheduled/table-access.ts';
import { routeAreas, routes } from '#http/routes/index.ts';
import type { ApiFunction } from '#infra/constructs/api-function.ts';
import { JobFunction, LEADERBOARD_JOB_TIMEOUT } from '#infra/constructs/job-function.ts';
import { LeaderboardRebuild } from '#infra/constructs/leaderboard-rebuild.ts';
import { type MonitoredRoute, Monitoring } from '#infra/constructs/monitoring.ts';
import { Notifications } from '#infra/constructs/notifications.ts';
import { logRetentionOf, physicalName, type StageSettings } from '../stage.ts';
import { cursorRouteIds } from './cursor-routes.ts';
import { areaStackId, RouteAreaStack, routeKeyOf } from './route-area-stack.ts';
import { routeClassOf, THROTTLE_BY_CLASS } from './route-policy.ts';

export interface ApiStackProps extends StackProps {
  stage: StageSettings;
  table: ITable;
  userPool: IUserPool;
  userPoolClient: IUserPoolClient;
  /** The internal tool's client: the staff role comes only from its tokens (STAFF_CLIENT_ID). */
  staffClient: IUserPoolClient;
  cursorSecret: ISecret;
  /** The SES configuration set of the stage's emails (DataStack), when it has `email`. */
  emailConfigurationSetName?: string | undefined;
}

export { constructName, ERASURE_ROUTE_ID, routeKeyOf } from './route-area-stack.ts';

/**
 * One JSON object per request in the access log. Every value is quoted: API Gateway
 * substitutes `-` for a missing one, which would not be valid JSON unquoted.
 */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  httpMethod: '$context.httpMethod',
  routeKey: '$context.routeKey',
  path: '$context.path',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  // API Gateway's own error, when it answered itself (throttled, unauthorized, no route,
  // integration failure): the gateway response type and its message.
  errorResponseType: '$context.error.responseType',
  errorMessage: '$context.error.message',
  // The caller's Cognito user (JWT authorizer claims): who, on authorized routes; `-` on public ones.
  sub: '$context.authorizer.claims.sub',
  userAgent: '$context.identity.userAgent',
} as const;

export class ApiStack extends Stack {
  readonly api: apigw.HttpApi;
  /** The function serving each route, by route id. */
  readonly functions = new Map<string, ApiFunction>();
  /** Each area's nested stack (its routes and their functions), by area name. */
  readonly areas = new Map<string, RouteAreaStack>();
  /** The JWT authorizer every non-public route uses. */
  readonly authorizer: apigw.HttpAuthorizer;
  readonly leaderboardJob: JobFunction;
  readonly leaderboardRebuild: LeaderboardRebuild;
  readonly stage: apigw.HttpStage;
  readonly accessLogs: logs.LogGroup;
  readonly monitoring: Monitoring;
  /** The stream consumer, the event bus, email and the notification jobs. */
  readonly notifications: Notifications;
  /** The custom domain (setting `domain`). */
  readonly domain: apigw.DomainName | undefined;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);

    this.api = new apigw.HttpApi(this, 'HttpApi', {
      apiName: physicalName(props.stage),
      description: 'Smart City Ambassadors API',
      createDefaultStage: false,
      // API Gateway answers preflight requests itself, before any authorizer.
      corsPreflight: {
        allowOrigins: props.stage.allowedOrigins,
        allowMethods: [...new Set(routes.map((r) => r.method)), 'OPTIONS' as const].map(
          (m) => apigw.CorsHttpMethod[m],
        ),
        allowHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key', 'Accept-Language'],
        exposeHeaders: ['ETag', 'Location', 'Retry-After'],
        maxAge: Duration.hours(1),
      },
    });
    // Holds client IP addresses: kept the stage's logRetentionDays, like the functions' logs,
    // and gone with the (stateless) stack.
    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logRetentionOf(props.stage.logRetentionDays),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // The default stage, made here rather than by HttpApi so it can carry throttling. The
    // stage default applies to any route without settings of its own; every route of the
    // table gets its class's (RouteSettings, below).
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
    const stage = this.stage;

    // The API takes ID tokens (docs/identity.md). Their aud is the client id; access tokens
    // carry client_id, which the JWT authorizer also matches against the audience, so they
    // pass here and are refused by the functions (functions/http/claims.ts: token_use).
    // Made here, in the parent, and bound by id: HttpJwtAuthorizer would create itself in the
    // scope of the first route that uses it, inside one area's nested stack.
    this.authorizer = new apigw.HttpAuthorizer(this, 'CognitoAuthorizer', {
      httpApi: this.api,
      authorizerName: 'CognitoAuthorizer',
      type: apigw.HttpAuthorizerType.JWT,
      identitySource: ['$request.header.Authorization'],
      jwtIssuer: `https://cognito-idp.${this.region}.amazonaws.com/${props.userPool.userPoolId}`,
      jwtAudience: [props.userPoolClient.userPoolClientId, props.staffClient.userPoolClientId],
    });
    const authorizerId = this.authorizer.authorizerId;
    const authorizer: apigw.IHttpRouteAuthorizer = {
      bind: () => ({ authorizerId, authorizationType: 'JWT' }),
    };

    // One nested stack per area of the route table (./route-area-stack.ts).
    const cursorRoutes = new Set(cursorRouteIds(routes));
    const byRoute = new Map<string, MonitoredRoute>();
    for (const [area, areaRoutes] of Object.entries(routeAreas)) {
      if (areaRoutes.length === 0) continue;
      const nested = new RouteAreaStack(this, areaStackId(area), {
        area,
        routes: areaRoutes,
        stage: props.stage,
        httpApi: this.api,
        authorizer,
        table: props.table,
        userPool: props.userPool,
        staffClient: props.staffClient,
        cursorSecret: props.cursorSecret,
        cursorRoutes,
      });
      this.areas.set(area, nested);
      for (const watched of nested.monitored) byRoute.set(watched.spec.id, watched);
      // CloudFormation refuses settings for a route key that does not exist yet: the stage
      // waits for the nested stack that creates the area's routes.
      stage.node.addDependency(nested);
    }
    const unplaced = routes.filter((spec) => !byRoute.has(spec.id)).map((spec) => spec.id);
    if (unplaced.length) throw new Error(`routes in no area of routeAreas: ${unplaced.join(', ')}`);
    // In the route table's order, whatever the areas' (the alarms, the runbooks and the
    // dashboard follow it).
    const monitored = routes.map((spec) => byRoute.get(spec.id) as MonitoredRoute);
    for (const spec of routes)
      for (const area of this.areas.values()) {
        const fn = area.functions.get(spec.id);
        if (fn) this.functions.set(spec.id, fn);
      }
    // Every route of the table gets its class's limits.
    const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    for (const spec of routes) {
      const limits = THROTTLE_BY_CLASS[routeClassOf(spec)];
      routeSettings[routeKeyOf(spec).key] = {
        ThrottlingRateLimit: limits.rateLimit,
        ThrottlingBurstLimit: limits.burstLimit,
      };
    }
    // HttpStage has no per-route settings of its own: set them on the CloudFormation stage.
    (stage.node.defaultChild as apigw.CfnStage).routeSettings = routeSettings;

    // The leaderboard job (functions/scheduled/leaderboards.ts): every 15 minutes, more
    // memory and time than a route.
    this.leaderboardJob = new JobFunction(this, 'LeaderboardJob', {
      entry: 'functions/scheduled/leaderboards.ts',
      description: 'Leaderboard job: recomputes the boards the changes since the last run touched',
      every: Duration.minutes(15),
      ruleDescription: 'Recompute the leaderboards every 15 minutes',
      memorySize: 1024,
      timeout: LEADERBOARD_JOB_TIMEOUT,
      table: props.table,
      keys: LEADERBOARD_JOB_KEYS,
      environment: {},
    });
    this.leaderboardRebuild = new LeaderboardRebuild(this, 'LeaderboardRebuild', {
      table: props.table,
      environment: {},
    });

    this.monitoring = new Monitoring(this, 'Monitoring', {
      api: this.api,
      routes: monitored,
      table: props.table,
      job: this.leaderboardJob,
      jobDeadLetters: this.leaderboardJob.deadLetters,
      jobFailures: this.leaderboardJob.failures,
      jobTimeout: LEADERBOARD_JOB_TIMEOUT,
      rebuild: this.leaderboardRebuild.stateMachine,
      alarmEmail: props.stage.alarmEmail,
      runbookBaseUrl: props.stage.runbookBaseUrl,
    });

    this.notifications = new Notifications(this, 'Notifications', {
      stage: props.stage,
      table: props.table,
      cursorSecret: props.cursorSecret,
      configurationSetName: props.emailConfigurationSetName,
      // Links in emails: the custom domain when the stage has one, else the API's own URL.
      publicBaseUrl: props.stage.domain ? `https://${props.stage.domain.name}` : stage.url,
      alarm: this.monitoring.alarm,
      dashboard: this.monitoring.dashboard,
    });
    new CfnOutput(this, 'EventBusName', { value: this.notifications.bus.eventBusName });

    new CfnOutput(this, 'ApiUrl', { value: stage.url });
    this.domain = props.stage.domain ? this.customDomain(props.stage.domain) : undefined;
  }

  /**
   * The stage's custom domain: a regional API Gateway domain name with its ACM certificate (in
   * the stack's region), mapped to the `$default` stage. The DNS record is not made here (the
   * zone may live anywhere): point an alias (or CNAME) for the name at DomainTarget, with
   * DomainHostedZoneId for a Route 53 alias (docs/operations.md, "Custom domain").
   */
  private customDomain(domain: NonNullable<StageSettings['domain']>): apigw.DomainName {
    const name = new apigw.DomainName(this, 'Domain', {
      domainName: domain.name,
      certificate: acm.Certificate.fromCertificateArn(this, 'DomainCertificate', domain.certificateArn),
      endpointType: apigw.EndpointType.REGIONAL,
      securityPolicy: apigw.SecurityPolicy.TLS_1_2,
    });
    new apigw.ApiMapping(this, 'DomainMapping', { api: this.api, domainName: name, stage: this.stage });
    new CfnOutput(this, 'DomainUrl', { value: `https://${domain.name}` });
    new CfnOutput(this, 'DomainTarget', { value: name.regionalDomainName });
    new CfnOutput(this, 'DomainHostedZoneId', { value: name.regionalHostedZoneId });
    return name;
  }
}
