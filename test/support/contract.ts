/**
 * Checks a response against the OpenAPI document: its status must be documented for that
 * operation, and a JSON body must match the documented schema. A mismatch throws, failing
 * the test that made the call.
 */
import type { ValidateFunction } from 'ajv';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { buildOpenApi } from '../../functions/http/openapi.ts';
import { matchRoute } from '../../infra/local/gateway.ts';

type Json = Record<string, any>;
const doc = buildOpenApi() as Json;
// CommonJS modules: their default export sits one level down under Node's ESM loader.
const Ajv2020 = ((Ajv2020Module as unknown as { default?: unknown }).default ??
  Ajv2020Module) as unknown as new (
  o: object,
) => {
  compile: (s: object) => ValidateFunction;
  addSchema: (s: object, k: string) => void;
  errorsText: (e: unknown) => string;
};
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  a: unknown,
) => void;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(doc.components.schemas.Problem, '#/components/schemas/Problem');
const compiled = new Map<string, ValidateFunction>();

export let checkedResponses = 0;

const validator = (key: string, schema: Json): ValidateFunction => {
  const known = compiled.get(key);
  if (known) return known;
  const v = ajv.compile(schema.$ref ? doc.components.schemas.Problem : schema);
  compiled.set(key, v);
  return v;
};

export const checkResponse = (
  method: string,
  url: string,
  status: number,
  contentType: string | null,
  body: unknown,
) => {
  const path = new URL(url, 'http://x').pathname;
  // Local-only routes, and the HTTP server's own 414/431 limits met before any route.
  if (path.startsWith('/_local/') || status === 414 || status === 431) return;
  const match = matchRoute(method, path);
  if (!match || match.spec.path === '$default') {
    if (status !== 404 || (body as Json)?.code !== 'route_not_found')
      throw new Error(`contract: ${method} ${path} is no route, yet answered ${status}`);
    return;
  }
  const operation = doc.paths[match.spec.path]?.[method.toLowerCase()];
  if (!operation) throw new Error(`contract: ${match.spec.id} is not in the document`);
  const response = operation.responses[String(status)];
  if (!response)
    throw new Error(`contract: ${match.spec.id} answered ${status}, which the document does not list`);
  checkedResponses++;
  if (!response.content) return;
  const type = (contentType ?? '').split(';')[0]?.trim() ?? '';
  const media = response.content[type];
  if (!media)
    throw new Error(
      `contract: ${match.spec.id} ${status} answered ${type}, the document says ${Object.keys(response.content)}`,
    );
  if (type === 'image/svg+xml') return;
  const validate = validator(`${match.spec.id}|${status}|${type}`, media.schema);
  if (!validate(body))
    throw new Error(
      `contract: ${match.spec.id} ${status} body does not match the document: ${ajv.errorsText(validate.errors)}`,
    );
};
