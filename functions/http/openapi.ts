/**
 * The OpenAPI 3.1 document, generated from the route table and the zod schemas: paths,
 * parameters, request bodies, responses (success and problem+json errors), security.
 * `npm run openapi` writes it to openapi.json; `GET /openapi.json` serves it.
 */
import * as z from 'zod/mini';
import * as r from '../../domain/responses.ts';
import type { RouteSpec } from './route-spec.ts';
import { routes } from './routes.ts';

type Json = Record<string, unknown>;

/** Each route's success body; 204 routes have none, the share card is SVG. */
const responses: Record<string, z.ZodMiniType | 'none' | 'svg'> = {
  getHealth: r.healthResponse,
  listRegions: r.regionsResponse,
  listInterests: r.interestsResponse,
  routeNotFound: 'none',
  registerAmbassador: r.fullProfile,
  getMe: r.fullProfile,
  patchMe: r.fullProfile,
  deleteMe: 'none',
  exportMe: r.exportResponse,
  getAmbassador: r.publicProfile,
  listAmbassadors: r.page(r.publicProfile),
  reportLecture: r.lectureResponse,
  getLecture: r.lectureResponse,
  listLectures: r.page(r.lectureResponse),
  listMyLectures: r.page(r.lectureResponse),
  patchLecture: r.lectureResponse,
  deleteLecture: 'none',
  lectureQueue: r.page(r.lectureQueueItem),
  reviewLecture: r.lectureResponse,
  listCommunities: z.object({ items: z.array(r.communitySummary) }),
  getCommunity: r.communityDetail,
  addResource: r.resourceResponse,
  listResources: r.page(r.resourceResponse),
  getLeaderboard: r.leaderboardResponse,
  submitIdea: r.ideaResponse,
  getIdea: r.ideaResponse,
  listIdeas: r.page(r.ideaResponse),
  listMyIdeas: r.page(r.ideaResponse),
  patchIdea: r.ideaResponse,
  withdrawIdea: r.ideaResponse,
  ideaQueue: r.page(r.ideaQueueItem),
  decideIdea: r.ideaResponse,
  ideaAudit: r.auditResponse,
  addComment: r.commentResponse,
  listComments: r.page(r.commentResponse),
  deleteComment: 'none',
  hideComment: r.commentResponse,
  requestJoin: r.joinRequestResponse,
  listJoinRequests: z.object({ items: z.array(r.joinRequestResponse) }),
  decideJoin: r.joinRequestResponse,
  getTeam: r.teamResponse,
  leaveTeam: 'none',
  startProject: r.ideaResponse,
  completeProject: r.ideaResponse,
  featureProject: r.featuredIdeaResponse,
  unfeatureProject: 'none',
  listShowcase: r.page(r.showcaseItemResponse),
  getShareCard: 'svg',
  getOpenApi: z.looseObject({ openapi: z.string() }),
};

export const documentedRouteIds = (): string[] => Object.keys(responses);

const schemaOf = (s: z.ZodMiniType, io: 'input' | 'output'): Json => {
  const { $schema: _s, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Json;
  return rest;
};

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

/** The errors a route can answer, from what it declares. */
const errorResponses = (spec: RouteSpec): Json => {
  const out: Json = {};
  const hasInput = spec.params || spec.query || spec.body || spec.method !== 'GET';
  if (hasInput) out['400'] = problem('validation_failed, malformed_json or invalid_cursor');
  if (spec.role !== 'public')
    out['401'] = {
      description: 'Missing, expired or invalid token (answered by the JWT authorizer)',
      content: {
        'application/json': { schema: { type: 'object', properties: { message: { type: 'string' } } } },
      },
    };
  if (spec.role !== 'public') out['403'] = problem('forbidden or not_registered');
  if (spec.params) out['404'] = problem('not_found');
  if (spec.method !== 'GET') out['409'] = problem('A state conflict');
  if (spec.method === 'PATCH') out['412'] = problem('version_mismatch: a stale If-Match');
  if (spec.method !== 'GET') {
    out['413'] = problem('payload_too_large: body over 64 KiB');
    out['415'] = problem('unsupported_media_type');
  }
  if (spec.method === 'POST' && spec.status === 201) out['422'] = problem('idempotency_key_reused');
  out['429'] = problem('rate_limited');
  out['503'] = {
    ...problem('unavailable: the database is throttling or unreachable; nothing was half-written'),
    headers: { 'Retry-After': { schema: { type: 'integer' } } },
  };
  return out;
};

const parameters = (spec: RouteSpec): Json[] => {
  const list: Json[] = [];
  for (const [where, schema] of [
    ['path', spec.params],
    ['query', spec.query],
  ] as const) {
    if (!schema) continue;
    const js = schemaOf(schema, 'input') as { properties?: Record<string, Json>; required?: string[] };
    for (const [name, s] of Object.entries(js.properties ?? {}))
      list.push({
        name,
        in: where,
        required: where === 'path' || (js.required ?? []).includes(name),
        schema: s,
      });
  }
  if (spec.method === 'PATCH')
    list.push({
      name: 'If-Match',
      in: 'header',
      required: false,
      schema: { type: 'string' },
      description: 'The version read, as "<version>"',
    });
  if (spec.method === 'POST' && spec.status === 201)
    list.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      schema: { type: 'string', minLength: 1, maxLength: 128 },
      description: 'Retries with the same key and body within 24 h get the first answer back',
    });
  list.push({
    name: 'Accept-Language',
    in: 'header',
    required: false,
    schema: { type: 'string', example: 'ar' },
  });
  return list;
};

const success = (spec: RouteSpec): Json => {
  const body = responses[spec.id];
  const headers: Json = {};
  if (spec.status === 201) headers.Location = { schema: { type: 'string' } };
  if (spec.method !== 'GET' || spec.path.includes('{')) headers.ETag = { schema: { type: 'string' } };
  const description = spec.status === 201 ? 'Created' : spec.status === 204 ? 'Done' : 'OK';
  if (!body || body === 'none') return { [spec.status]: { description } };
  if (body === 'svg')
    return { [spec.status]: { description, content: { 'image/svg+xml': { schema: { type: 'string' } } } } };
  return {
    [spec.status]: {
      description,
      ...(Object.keys(headers).length ? { headers } : {}),
      content: { 'application/json': { schema: schemaOf(body, 'output') } },
    },
  };
};

export const buildOpenApi = (): Json => {
  const paths: Record<string, Json> = {};
  for (const spec of routes) {
    if (spec.path === '$default') continue;
    const operation: Json = {
      operationId: spec.id,
      summary: spec.summary,
      tags: [spec.tag],
      ...(spec.role === 'public' ? { security: [] } : { security: [{ cognito: [] }] }),
      'x-role': spec.role,
      parameters: parameters(spec),
      ...(spec.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: schemaOf(spec.body, 'input') } },
            },
          }
        : {}),
      responses: { ...success(spec), ...errorResponses(spec) },
    };
    paths[spec.path] = { ...paths[spec.path], [spec.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Smart City Ambassadors API',
      version: '1.0.0',
      description:
        'The API of Smart City Ambassadors (سفراء المدن الذكية), the programme of the Smart City Platform of Oman. ' +
        'Roles: public, member (any signed-in user), ambassador (registered), staff (Cognito group `staff`).',
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    },
    servers: [{ url: 'http://localhost:3000', description: 'npm start' }],
    security: [{ cognito: [] }],
    tags: [...new Set(routes.filter((s) => s.path !== '$default').map((s) => s.tag))].map((name) => ({
      name,
      description: `${name} routes`,
    })),
    paths,
    components: {
      securitySchemes: {
        cognito: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A Cognito ID token' },
      },
      schemas: { Problem: schemaOf(r.problemSchema, 'output') },
    },
  };
};
