/**
 * The local stand-in for API Gateway: matches a request against the route table, checks the
 * bearer token the way the JWT authorizer does, turns the request into an API Gateway v2
 * (payload 2.0) event and calls the route's real handler, unchanged.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import * as z from 'zod/mini';
import { problem } from '#http/problem.ts';
import type { RouteSpec } from '#http/route-spec.ts';
import { routes } from '#http/routes/index.ts';
import { mergeTableKeys, tableKeysOf } from '#http/table-keys.ts';
import type { LocalCognito } from './cognito.ts';
import { enforcing, withKeyAccess } from './key-access.ts';
import { apiGatewayEvent, lambdaContext } from './lambda-event.ts';
import type { TokenIssuer } from './tokens.ts';

type Handler = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** A route of the local server only (never deployed): `/_local/...`. */
export type LocalRoute = (
  req: IncomingMessage,
  body: string,
) => Promise<{ status: number; body: unknown; contentType?: string }>;

interface CompiledRoute {
  spec: RouteSpec;
  pattern: RegExp;
  names: string[];
  literalSegments: number;
}

const compile = (spec: RouteSpec): CompiledRoute => {
  const names: string[] = [];
  const segments = spec.path.split('/').filter(Boolean);
  const source = segments
    .map((seg) => {
      const m = /^\{(\w+)\}$/.exec(seg);
      if (m?.[1]) {
        names.push(m[1]);
        return '/([^/]+)';
      }
      return `/${seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`;
    })
    .join('');
  return {
    spec,
    pattern: new RegExp(`^${source}/?$`),
    names,
    literalSegments: segments.length - names.length,
  };
};

// API Gateway prefers the most specific route: `/ambassadors/me` over `/ambassadors/{id}`.
const table = routes
  .filter((r) => r.path !== '$default')
  .map(compile)
  .sort((a, b) => b.literalSegments - a.literalSegments);
const fallback = routes.find((r) => r.path === '$default');

/** A path segment, percent-decoded; one that is not valid UTF-8 is passed on as sent. */
const decodeSegment = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

export const matchRoute = (method: string, path: string) => {
  for (const r of table) {
    if (r.spec.method !== method) continue;
    const m = r.pattern.exec(path);
    if (!m) continue;
    const params: Record<string, string> = {};
    r.names.forEach((n, i) => {
      params[n] = decodeSegment(m[i + 1] ?? '');
    });
    return { spec: r.spec, params };
  }
  return fallback ? { spec: fallback, params: {} } : undefined;
};

const handlers = new Map<string, Promise<Handler>>();
const loadHandler = (spec: RouteSpec): Promise<Handler> => {
  let h = handlers.get(spec.handler);
  if (!h) {
    h = import(new URL(`../../functions/http/${spec.handler}`, import.meta.url).href).then(
      (m: { handler: Handler }) => m.handler,
    );
    handlers.set(spec.handler, h);
  }
  return h;
};

/** Routes whose declaration the local server withholds (KEY_ACCESS_WITHHOLD, comma-separated ids): tests of the guard. */
const withheld = () => new Set((process.env.KEY_ACCESS_WITHHOLD ?? '').split(',').filter(Boolean));

/**
 * Calls the handler, under ENFORCE_KEY_ACCESS=1 inside the route's key scope: every table
 * access it makes beyond its declaration is refused, and reported here.
 */
const invoke = async (
  spec: RouteSpec,
  call: () => Promise<APIGatewayProxyStructuredResultV2>,
): Promise<{ result: APIGatewayProxyStructuredResultV2; refused: string[] }> => {
  if (!enforcing()) return { result: await call(), refused: [] };
  const keys = spec.access === 'none' || withheld().has(spec.id) ? mergeTableKeys() : tableKeysOf(spec);
  const { scope, result } = withKeyAccess(spec.id, keys, call);
  try {
    return { result: await result, refused: scope.violations };
  } catch (err) {
    if (scope.violations.length) return { result: { statusCode: 500 }, refused: scope.violations };
    throw err;
  }
};

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'authorization,content-type,if-match,idempotency-key,accept-language',
  'access-control-allow-methods': 'GET,POST,PATCH,PUT,DELETE,OPTIONS',
  'access-control-expose-headers': 'etag,location,retry-after',
};

const readRaw = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      // API Gateway's own ceiling is 10 MB; the handler enforces the API's 64 KiB.
      if (size > 10 * 1024 * 1024) req.destroy();
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

const isText = (contentType: string | undefined) =>
  !contentType ||
  /^(text\/|application\/([\w.+-]*json|xml|x-www-form-urlencoded|javascript))/i.test(contentType);

const send = (res: ServerResponse, status: number, headers: Record<string, string>, body?: string) => {
  res.writeHead(status, { ...CORS, ...headers });
  res.end(body);
};

export interface GatewayOptions {
  tokens: TokenIssuer;
  localRoutes: Record<string, LocalRoute>;
  log?: (line: Record<string, unknown>) => void;
}

const tokenRequest = z.strictObject({
  sub: z.string().check(z.minLength(1), z.maxLength(128)),
  email: z.optional(z.string().check(z.maxLength(254))),
  groups: z.optional(z.array(z.string().check(z.minLength(1), z.maxLength(64))).check(z.maxLength(20))),
  expiresInSeconds: z.optional(z.number().check(z.int(), z.minimum(-86400), z.maximum(86400))),
  /** The app client signed in to: `staff` is the internal tool (the default for a `staff` group member). */
  client: z.optional(z.enum(['member', 'staff'])),
  /** `id` (the default: what the API takes) or `access`. */
  tokenUse: z.optional(z.enum(['id', 'access'])),
});

/**
 * `POST /_local/token`: mints a token like Cognito would (docs/api-contract.md §2,
 * docs/identity.md). A user erased by DELETE /ambassadors/me gets none: 400
 * NotAuthorizedException, as Cognito answers a sign-in of a deleted user.
 */
export const tokenRoute =
  (tokens: TokenIssuer, cognito?: Pick<LocalCognito, 'isErased'>): LocalRoute =>
  async (_req, body) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body || '{}');
    } catch {
      return { status: 400, body: { code: 'malformed_json' } };
    }
    const r = tokenRequest.safeParse(parsed);
    if (!r.success) return { status: 400, body: { code: 'validation_failed', errors: r.error.issues } };
    if (cognito?.isErased(r.data.sub))
      return {
        status: 400,
        body: { code: 'NotAuthorizedException', message: 'Incorrect username or password.' },
      };
    // A staff member signs in to the internal tool unless told otherwise.
    const client = r.data.client ?? (r.data.groups?.includes('staff') ? 'staff' : 'member');
    return {
      status: 200,
      body: { token: await tokens.sign({ ...r.data, client }, r.data.expiresInSeconds) },
    };
  };

/** Bytes 0x80 and above in the request line (up to its LF), percent-encoded. */
const encodeRequestLine = (chunk: Buffer): Buffer => {
  const lf = chunk.indexOf(10);
  const end = lf < 0 ? chunk.length : lf;
  const parts: Buffer[] = [];
  let from = 0;
  for (let i = 0; i < end; i++) {
    const b = chunk[i] ?? 0;
    if (b < 0x80) continue;
    parts.push(chunk.subarray(from, i), Buffer.from(`%${b.toString(16).toUpperCase()}`));
    from = i + 1;
  }
  if (from === 0) return chunk;
  parts.push(chunk.subarray(from));
  return Buffer.concat(parts);
};

/**
 * API Gateway accepts raw UTF-8 in the request target (`curl "localhost:3000/ambassadors?q=احمد"`,
 * as the README shows); Node's HTTP parser refuses it before any handler runs. So the first
 * request line of each connection is percent-encoded before the parser reads it (which is what
 * API Gateway's decoding then undoes). A later request on a kept-alive connection is not
 * rewritten: if it carries raw UTF-8, it gets the problem+json 400 below.
 */
const acceptRawUtf8 = (server: Server) => {
  const onConnection = server.listeners('connection') as ((socket: Duplex) => void)[];
  server.removeAllListeners('connection');
  server.on('connection', (socket: Duplex) => {
    socket.once('readable', () => {
      const first = socket.read() as Buffer | null;
      if (first) socket.unshift(encodeRequestLine(first));
      for (const listener of onConnection) listener.call(server, socket);
    });
  });
};

/** A request Node's parser cannot read: problem+json, as every answer of the API, not an empty 400. */
const answerUnparsable = (err: NodeJS.ErrnoException, socket: Duplex) => {
  if (err.code === 'ECONNRESET' || !socket.writable) return socket.destroy();
  // Too large (a URL of thousands of parameters) is 431 as Node says, still in problem+json.
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
  const answer = problem('validation_failed', 'en', {
    detail: tooLarge
      ? 'The request line or headers are too large'
      : 'The request line or headers cannot be parsed',
  });
  const body = tooLarge
    ? JSON.stringify({ ...JSON.parse(String(answer.body)), status: 431 })
    : String(answer.body);
  const head = [
    tooLarge ? 'HTTP/1.1 431 Request Header Fields Too Large' : 'HTTP/1.1 400 Bad Request',
    ...Object.entries({ ...CORS, ...answer.headers }).map(([k, v]) => `${k}: ${v}`),
    `content-length: ${Buffer.byteLength(body)}`,
    'connection: close',
  ];
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
};

export const createGateway = (options: GatewayOptions): Server => {
  const server = handleRequests(options);
  acceptRawUtf8(server);
  server.on('clientError', answerUnparsable);
  return server;
};

const handleRequests = ({ tokens, localRoutes, log }: GatewayOptions): Server =>
  createServer(async (req, res) => {
    const started = performance.now();
    const method = (req.method ?? 'GET').toUpperCase();
    try {
      // Prefixing keeps a request target like `//x` a path, never an authority (which also
      // cannot throw outside this try and take the server down).
      const url = new URL(`http://localhost${req.url?.startsWith('/') ? req.url : `/${req.url ?? ''}`}`);
      if (method === 'OPTIONS') return send(res, 204, {});
      const raw = await readRaw(req);

      const local = localRoutes[`${method} ${url.pathname}`];
      if (local) {
        const out = await local(req, raw.toString('utf8'));
        if (out.contentType)
          return send(res, out.status, { 'content-type': out.contentType }, String(out.body));
        return send(res, out.status, { 'content-type': 'application/json' }, JSON.stringify(out.body));
      }

      const match = matchRoute(method, url.pathname);
      if (!match) return send(res, 404, { 'content-type': 'application/json' }, '{"message":"Not Found"}');
      const { spec, params } = match;

      // The JWT authorizer: protected routes need a valid bearer token, checked before any handler.
      let claims: Record<string, string> | undefined;
      if (spec.role !== 'public') {
        const auth = req.headers.authorization ?? '';
        const token = /^Bearer\s+(\S+)$/i.exec(auth)?.[1];
        claims = token ? await tokens.verify(token) : undefined;
        if (!claims)
          return send(
            res,
            401,
            { 'content-type': 'application/json', 'www-authenticate': 'Bearer' },
            '{"message":"Unauthorized"}',
          );
      }

      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers))
        if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
      const query: Record<string, string> = {};
      for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
      const text = isText(headers['content-type']);
      const requestId = randomUUID();
      const event = apiGatewayEvent({
        method,
        route: spec.path,
        rawPath: url.pathname,
        headers,
        query,
        rawQueryString: url.search.slice(1),
        params,
        ...(claims ? { claims } : {}),
        ...(raw.length ? { body: text ? raw.toString('utf8') : raw.toString('base64') } : {}),
        isBase64Encoded: raw.length > 0 && !text,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        requestId,
      });
      const context = lambdaContext(spec.id, requestId);

      const handler = await loadHandler(spec);
      const { result, refused } = await invoke(spec, () => handler(event, context));
      if (refused.length) {
        // What IAM's dynamodb:LeadingKeys would have refused (infra/local/key-access.ts).
        send(
          res,
          500,
          { 'content-type': 'application/problem+json' },
          JSON.stringify({
            type: 'about:blank',
            title: 'Undeclared key access',
            status: 500,
            detail: refused.join(' | '),
          }),
        );
        log?.({ method, path: url.pathname, status: 500, keyAccess: refused });
        return;
      }
      const outHeaders: Record<string, string> = {};
      for (const [k, v] of Object.entries(result.headers ?? {})) outHeaders[k] = String(v);
      const body =
        result.body === undefined
          ? undefined
          : result.isBase64Encoded
            ? Buffer.from(result.body, 'base64')
            : result.body;
      res.writeHead(result.statusCode ?? 200, { ...CORS, ...outHeaders });
      res.end(body);
      log?.({
        method,
        path: url.pathname,
        status: result.statusCode,
        ms: Math.round(performance.now() - started),
      });
    } catch (err) {
      // What a Lambda crash looks like through API Gateway.
      console.error(err);
      if (!res.headersSent)
        send(res, 500, { 'content-type': 'application/json' }, '{"message":"Internal Server Error"}');
    }
  });
