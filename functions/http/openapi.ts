/**
 * The OpenAPI 3.1 document, generated from the route table and its zod schemas: paths,
 * parameters, request bodies, responses (the success body and the problem+json errors each
 * route can answer, with their codes), headers, security and named components.
 * `npm run openapi` writes it to openapi.json; `GET /openapi.json` serves it. Only that
 * route's handler imports this module: JSON Schema generation stays out of the others.
 */
import * as z from 'zod/mini';
import { components as namedSchemas } from '#http/responses/index.ts';
import { routes } from '#http/routes/index.ts';
import packageJson from '../../package.json' with { type: 'json' };
import { type ErrorCode, problemCatalog } from './problem.ts';
import type { RouteSpec } from './route-spec.ts';
import { LOCAL_DEFAULT_SERVER } from './system/servers.ts';

type Json = Record<string, unknown>;
type Io = 'input' | 'output';

const ref = (kind: string, name: string) => ({ $ref: `#/components/${kind}/${name}` });
const schemaRef = (name: string) => ref('schemas', name);

/** Drops what zod adds that says nothing to a client: safe-integer bounds, its own regexes behind a format. */
const tidy = (ctx: { jsonSchema: Json }) => {
  const s = ctx.jsonSchema;
  if (s.maximum === Number.MAX_SAFE_INTEGER) delete s.maximum;
  if (s.minimum === Number.MIN_SAFE_INTEGER) delete s.minimum;
  if (typeof s.format === 'string' && ['date-time', 'date', 'email'].includes(s.format)) delete s.pattern;
};

const withoutDialect = (s: Json): Json => {
  const { $schema: _s, $id: _i, ...rest } = s;
  return rest;
};

/** A request-side schema (path, query, body), inlined: each belongs to one route. */
const inputSchema = (s: z.ZodMiniType): Json =>
  withoutDialect(z.toJSONSchema(s, { io: 'input', unrepresentable: 'any', override: tidy }) as Json);

/**
 * The response side: every named schema of functions/http/responses/ becomes a component, and
 * each route's success body is a `$ref` to one, or a small wrapper (a page) around them.
 */
const responseSchemas = () => {
  const registry = z.registry<{ id: string }>();
  const nameOf = new Map<z.ZodMiniType, string>();
  for (const [name, schema] of Object.entries(namedSchemas)) {
    registry.add(schema, { id: name });
    nameOf.set(schema, name);
  }
  const opKey = (id: string) => `op_${id}`;
  for (const spec of routes)
    if (spec.response && !nameOf.has(spec.response) && !spec.responseContentType)
      registry.add(spec.response, { id: opKey(spec.id) });
  const out = z.toJSONSchema(registry, {
    io: 'output' satisfies Io,
    unrepresentable: 'any',
    override: tidy,
    uri: (id) => `#/components/schemas/${id}`,
  }).schemas as Record<string, Json>;
  const components = Object.fromEntries(
    Object.keys(namedSchemas).map((n) => [n, withoutDialect(out[n] ?? {})]),
  );
  const bodyOf = (spec: RouteSpec): Json | undefined => {
    if (!spec.response) return undefined;
    const named = nameOf.get(spec.response);
    if (named) return schemaRef(named);
    if (spec.responseContentType) return inputSchema(spec.response);
    return withoutDialect(out[opKey(spec.id)] ?? {});
  };
  return { components, bodyOf };
};

const TAGS: Record<string, string> = {
  System: 'Liveness and this document.',
  'Reference data': "Oman's governorates and wilayats, and the interest taxonomy. Public and cacheable.",
  Ambassadors: 'Registration, profiles, the directory, and the PDPL rights of access and erasure.',
  Lectures: 'The awareness challenge: lectures reported by ambassadors and verified by staff.',
  Staff: "The platform team's review queues, decisions and moderation (Cognito group `staff`).",
  Communities: 'One knowledge community per governorate, plus `abroad`: live counts and shared resources.',
  Leaderboards: 'Snapshots computed every 15 minutes; reads never compute.',
  Ideas: 'Smart-city ideas, from submission to project.',
  Discussion: 'Comments on public ideas.',
  Teams: 'Join requests, membership, and running a project.',
  Showcase: 'Featured projects with ready-to-post texts and share cards.',
  Notifications: "The caller's notifications and email preferences, and the unsubscribe link of every email.",
  Points:
    'What earns points, the caller’s ledger of immutable entries, and seasons (periods named by staff).',
};

const WHO: Record<RouteSpec['role'], string> = {
  public: 'Public: no token needed.',
  member: 'Any signed-in user (a valid token), registered as an ambassador or not.',
  ambassador: 'A registered ambassador: 403 `not_registered` for a signed-in user who has not registered.',
  staff: 'Staff only (Cognito group `staff`): 403 `forbidden` for anyone else.',
};

const isCreating = (spec: RouteSpec) => spec.method === 'POST' && spec.status === 201;
/** PATCH and PUT honour `If-Match` (docs/api-contract.md §1). */
const isUpdate = (spec: RouteSpec) => spec.method === 'PATCH' || spec.method === 'PUT';
const acceptsBody = (spec: RouteSpec) => spec.method !== 'GET';
const hasProperty = (s: z.ZodMiniType | undefined, name: string) =>
  s !== undefined && name in ((inputSchema(s).properties as Json | undefined) ?? {});

/** The problem codes a route can answer: from its role, inputs, table access and conflicts. */
export const errorCodesOf = (spec: RouteSpec): ErrorCode[] => {
  const codes: ErrorCode[] = [];
  // Every route rejects unknown query parameters; one without a body schema still rejects a
  // non-empty body that is not `{}`.
  codes.push('validation_failed');
  if (acceptsBody(spec)) codes.push('malformed_json', 'payload_too_large', 'unsupported_media_type');
  if (hasProperty(spec.query, 'cursor')) codes.push('invalid_cursor');
  if (hasProperty(spec.query, 'token')) codes.push('invalid_token');
  if (spec.role === 'ambassador' || spec.notRegistered) codes.push('not_registered');
  if (spec.role === 'staff' || spec.ownerOnly) codes.push('forbidden');
  if (spec.ownWork) codes.push('conflict_of_interest');
  if (spec.params || spec.queryNames) codes.push('not_found');
  codes.push(...(spec.conflicts ?? []));
  for (const code of spec.refusals ?? []) if (!codes.includes(code)) codes.push(code);
  if (isUpdate(spec)) codes.push('version_mismatch');
  if (isCreating(spec)) codes.push('idempotency_key_reused');
  if (spec.access !== 'none') codes.push('unavailable');
  return codes;
};

const describeProblem = (status: number, codes: ErrorCode[]): string => {
  const what: Record<number, string> = {
    400: 'The request is invalid',
    403: 'Not allowed',
    404: 'Not found, or not visible to the caller (its existence is never revealed)',
    409: 'A state conflict',
    412: '`If-Match` is stale: nothing changed',
    413: 'The body is over 64 KiB',
    415: 'The body is not `application/json`',
    422: 'This `Idempotency-Key` was used with another body',
    503: 'The database is throttling or unreachable: nothing was half-written; retry after `Retry-After` seconds',
  };
  return `${what[status] ?? 'Error'}: ${codes.map((c) => `\`${c}\``).join(', ')}`;
};

/** Named examples (`#/components/examples`): a route's `requestExample` names one. */
const EXAMPLES = {
  Registration: {
    summary: 'An ambassador in Bawshar, Muscat',
    value: {
      name: 'عائشة الحارثية',
      governorate: 'OM-MA',
      wilayat: 'bawshar',
      interests: ['mobility', 'energy'],
      expertise: ['urban planning'],
      bio: 'Civil engineer in Muscat.',
      phone: '+96891234567',
      languages: ['ar', 'en'],
    },
  },
  Lecture: {
    summary: 'A lecture delivered at a school',
    value: {
      title: 'Smart water meters for Bawshar homes',
      topic: 'water',
      deliveredOn: '2026-11-20',
      governorate: 'OM-MA',
      wilayat: 'bawshar',
      venue: 'Bawshar community hall',
      audience: 'school',
      attendees: 40,
      evidenceUrls: ['https://example.om/photo.jpg'],
    },
  },
  ReadNotifications: {
    summary: 'Two notifications read',
    value: { ids: ['01JDQ7Z3V6M3X8Q0F5W1K2H4NB', '01JDQ80B9S4C7T2N6P8R3M5QYZ'] },
  },
  Preferences: {
    summary: 'English, reviews at once, discussion never, a weekly digest for the rest',
    value: {
      language: 'en',
      email: {
        reviews: 'instant',
        team: 'digest',
        discussion: 'off',
        showcase: 'digest',
        certificates: 'digest',
        challenges: 'digest',
      },
      digest: 'weekly',
    },
  },
  ValidationFailed: {
    summary: 'A wilayat outside the governorate',
    value: {
      type: 'https://errors.smartcity-ambassadors.om/validation_failed',
      title: 'Request is invalid',
      status: 400,
      code: 'validation_failed',
      detail: 'Region fields are invalid',
      errors: [{ path: 'wilayat', message: 'Wilayat nizwa is not in OM-MA' }],
    },
  },
  NotFound: {
    summary: 'An unknown id',
    value: {
      type: 'https://errors.smartcity-ambassadors.om/not_found',
      title: 'Not found',
      status: 404,
      code: 'not_found',
      detail: 'Not found',
    },
  },
} satisfies Record<string, Json>;

export type ExampleName = keyof typeof EXAMPLES;

/** An HTML page, as a route with `htmlAnswers` gives a browser. */
const HTML_PAGE: Json = { 'text/html': { schema: { type: 'string' } } };

const problemResponse = (status: number, codes: ErrorCode[], spec?: RouteSpec): Json => {
  const example = status === 400 ? 'ValidationFailed' : status === 404 ? 'NotFound' : undefined;
  return {
    description:
      status === 415 && spec?.formBody
        ? 'The body is neither `application/json` nor `application/x-www-form-urlencoded`: `unsupported_media_type`'
        : describeProblem(status, codes),
    headers: {
      'Content-Language': ref('headers', 'ContentLanguage'),
      ...(status === 503 ? { 'Retry-After': ref('headers', 'RetryAfter') } : {}),
    },
    content: {
      'application/problem+json': {
        schema: {
          allOf: [schemaRef('Problem'), { type: 'object', properties: { code: { enum: codes } } }],
        },
        ...(example && codes.includes(example === 'NotFound' ? 'not_found' : 'validation_failed')
          ? { examples: { [example]: ref('examples', example) } }
          : {}),
      },
      // A browser (Accept prefers text/html) that followed a bad link gets a page saying so.
      ...(spec?.htmlAnswers && codes.includes('invalid_token') ? HTML_PAGE : {}),
    },
  };
};

const errorResponses = (spec: RouteSpec): Json => {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of errorCodesOf(spec)) {
    const status = problemCatalog[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const out: Json = {};
  for (const [status, codes] of byStatus) out[status] = problemResponse(status, codes, spec);
  if (spec.role !== 'public') out['401'] = ref('responses', 'Unauthorized');
  out['429'] = ref('responses', 'Throttled');
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => Number(a) - Number(b)));
};

const parameters = (spec: RouteSpec): Json[] => {
  const list: Json[] = [];
  for (const [where, schema] of [
    ['path', spec.params],
    ['query', spec.query],
  ] as const) {
    if (!schema) continue;
    const js = inputSchema(schema) as { properties?: Record<string, Json>; required?: string[] };
    for (const [name, s] of Object.entries(js.properties ?? {}))
      list.push({
        name,
        in: where,
        required: where === 'path' || (js.required ?? []).includes(name),
        // Where generated clients and the reference page show it: the rule a value must follow.
        ...(typeof s.description === 'string' ? { description: s.description } : {}),
        schema: s,
      });
  }
  if (isUpdate(spec)) list.push(ref('parameters', 'IfMatch'));
  if (isCreating(spec)) list.push(ref('parameters', 'IdempotencyKey'));
  list.push(ref('parameters', 'AcceptLanguage'));
  return list;
};

export const buildOpenApi = (): Json => {
  const { components, bodyOf } = responseSchemas();

  const success = (spec: RouteSpec): Json => {
    const body = bodyOf(spec);
    const headers: Json = {};
    if (isCreating(spec)) {
      headers.Location = ref('headers', 'Location');
      headers['Idempotent-Replayed'] = ref('headers', 'IdempotentReplayed');
    }
    const carriesVersion =
      spec.etagOnly ||
      (spec.response && 'version' in ((inputSchema(spec.response).properties as Json) ?? {}));
    if (carriesVersion) headers.ETag = ref('headers', 'ETag');
    const description = spec.status === 201 ? 'Created' : spec.status === 204 ? 'Done: no content' : 'OK';
    return {
      [spec.status]: {
        description,
        ...(Object.keys(headers).length ? { headers } : {}),
        ...(body
          ? {
              content: {
                [spec.responseContentType ?? 'application/json']: { schema: body },
                // A browser's answer: the page instead of the JSON.
                ...(spec.htmlAnswers && !spec.responseContentType ? HTML_PAGE : {}),
              },
            }
          : {}),
      },
    };
  };

  const paths: Record<string, Json> = {};
  for (const spec of routes) {
    if (spec.path === '$default') continue;
    const notes = [
      WHO[spec.role],
      ...(isCreating(spec) ? ['Retries with the same `Idempotency-Key` get the first answer back.'] : []),
      ...(isUpdate(spec) ? ['Send `If-Match` with the version read to avoid lost updates.'] : []),
      ...(spec.etagOnly ? ['The version is in the `ETag` header only, not in the body.'] : []),
      ...(spec.htmlAnswers
        ? [
            spec.responseContentType === 'text/html'
              ? 'A page for browsers (`text/html; charset=utf-8`, in the language of the recipient the token names). A token that is altered or unknown answers 400 `invalid_token`: an HTML page saying the link is not valid when `Accept` prefers `text/html` (a browser), otherwise problem+json as everywhere.'
              : 'When `Accept` prefers `text/html` (a browser submitting the form of `GET /unsubscribe`), the answer is an HTML page instead of the JSON, and a token that is altered or unknown is a 400 HTML page; otherwise JSON and problem+json as everywhere.',
          ]
        : []),
    ];
    const example = spec.requestExample;
    const operation: Json = {
      operationId: spec.id,
      summary: spec.summary,
      description: notes.join('\n\n'),
      tags: [spec.tag],
      security: spec.role === 'public' ? [] : [{ cognito: [] }],
      'x-role': spec.role,
      parameters: parameters(spec),
      ...(spec.body
        ? {
            requestBody: {
              // A body that may be left out (the one-click unsubscribe's) is not required.
              required: !spec.body.safeParse(undefined).success,
              content: {
                'application/json': {
                  schema: inputSchema(spec.body),
                  ...(example ? { examples: { [example]: ref('examples', example) } } : {}),
                },
                ...(spec.formBody
                  ? { 'application/x-www-form-urlencoded': { schema: inputSchema(spec.body) } }
                  : {}),
              },
            },
          }
        : {}),
      responses: { ...success(spec), ...errorResponses(spec) },
    };
    paths[spec.path] = { ...paths[spec.path], [spec.method.toLowerCase()]: operation };
  }

  const tags = [...new Set(routes.filter((s) => s.path !== '$default').map((s) => s.tag))];
  return {
    openapi: '3.1.0',
    info: {
      title: 'Smart City Ambassadors API',
      // One version number: package.json's (its major.minor is the contract's; CHANGELOG.md).
      version: packageJson.version,
      summary: 'Smart City Ambassadors (سفراء المدن الذكية), Oman',
      description: [
        'The API of **Smart City Ambassadors** (سفراء المدن الذكية), the programme of the Smart City Platform',
        '(منصة المدن الذكية) of Oman: ambassadors (سفير) register, deliver awareness lectures, share resources in',
        'their knowledge community, and turn smart-city ideas into team projects.',
        '',
        '- JSON in and out, UTF-8; Arabic text is returned exactly as sent. Timestamps are ISO-8601 UTC,',
        '  dates `YYYY-MM-DD`; periods are `all`, `YYYY` or `YYYY-MM` in Oman time.',
        '- Lists answer `{ "items": [...], "nextCursor": "..." | null }`; `limit` is 1–100 (default 20).',
        '- Resources carry `version`, also sent as `ETag: "<version>"`; a `PATCH` may send `If-Match`.',
        '- Creating `POST`s accept `Idempotency-Key`.',
        '- Text is stored trimmed and NFC. A text field refuses (400) control characters, U+2028/U+2029, the',
        '  bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) and U+FEFF; single-line',
        '  fields (names, titles, roles, headlines) refuse line breaks too, multi-line ones (bio, description,',
        '  summary, comments, messages, notes) take LF (CRLF is stored as LF). Direction marks (U+200E, U+200F,',
        '  U+061C) and joiners (U+200C, U+200D) are fine. Each text field carries this rule as its `pattern`.',
        '- Errors are `application/problem+json` (RFC 9457) with a stable `code`; `title` and `detail` follow',
        '  `Accept-Language` (`ar` or `en`). A missing or invalid token is answered by the API gateway itself:',
        '  401 `{"message":"Unauthorized"}`.',
        '- Roles: public; member (any signed-in user); ambassador (registered); staff (Cognito group `staff`).',
        '- A path and method not listed here answer 404 `route_not_found`.',
      ].join('\n'),
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    // The committed file's list; the served document names the actual server (system/servers.ts).
    servers: [LOCAL_DEFAULT_SERVER],
    security: [{ cognito: [] }],
    tags: tags.map((name) => ({ name, description: TAGS[name] ?? name })),
    paths,
    components: {
      securitySchemes: {
        cognito: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            "A Cognito ID token (it carries `email`). Locally, `POST /_local/token` mints one. Group `staff` is the platform team's.",
        },
      },
      schemas: components,
      parameters: {
        AcceptLanguage: {
          name: 'Accept-Language',
          in: 'header',
          required: false,
          description: 'The language of `title` and `detail` in errors: `ar` or `en` (default).',
          schema: { type: 'string', examples: ['ar'] },
        },
        IfMatch: {
          name: 'If-Match',
          in: 'header',
          required: false,
          description: 'The version read, as `"<version>"`: a stale one is 412 `version_mismatch`.',
          schema: { type: 'string', examples: ['"3"'] },
        },
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description:
            'The same key with the same body within 24 h gets the first answer back; with another body, 422.',
          schema: { type: 'string', minLength: 1, maxLength: 128 },
        },
      },
      headers: {
        ETag: {
          description: 'The resource\'s `version`, as `"<version>"`.',
          required: true,
          schema: { type: 'string', pattern: '^"\\d+"$' },
        },
        Location: {
          description: 'The path of the created resource.',
          required: true,
          schema: { type: 'string' },
        },
        IdempotentReplayed: {
          description:
            '`true` when this is the stored answer to an earlier request with the same `Idempotency-Key`.',
          schema: { type: 'string', enum: ['true'] },
        },
        ContentLanguage: {
          description: 'The language of `title` and `detail`.',
          schema: { type: 'string', enum: ['ar', 'en'] },
        },
        RetryAfter: {
          description: 'Seconds to wait before retrying.',
          required: true,
          schema: { type: 'integer', minimum: 0 },
        },
      },
      responses: {
        Unauthorized: {
          description:
            'Missing, expired or invalid token: answered by the JWT authorizer before any handler, with its own body; a signed token whose `sub` is not 1–128 of `A-Za-z0-9._:@|+=-` is refused by the API itself (problem+json `unauthorized`).',
          content: {
            'application/json': {
              schema: schemaRef('GatewayMessage'),
              example: { message: 'Unauthorized' },
            },
            'application/problem+json': { schema: schemaRef('Problem') },
          },
        },
        Throttled: {
          description:
            'Throttled by the API gateway (stage and route limits), with its own body; or, on a writing route, the caller is over its write quota (60 a minute, §10): problem+json `rate_limited` with `Retry-After`, nothing written.',
          headers: {
            'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer', minimum: 0 } },
          },
          content: {
            'application/json': {
              schema: schemaRef('GatewayMessage'),
              example: { message: 'Too Many Requests' },
            },
            'application/problem+json': { schema: schemaRef('Problem') },
          },
        },
      },
      examples: EXAMPLES,
    },
  };
};
