/**
 * Checks every response the tests receive against the OpenAPI document (built as
 * `npm run openapi` builds openapi.json): the status must be one the operation lists, a
 * body must have a media type it lists and match that schema (ajv, JSON Schema 2020-12,
 * with formats), required headers must be there (and `ETag` must be the body's version),
 * a bodiless answer must be empty. A mismatch throws, failing the test that made the call.
 *
 * Each test file ends by printing how many responses it checked and the run's total so far,
 * and records its count in the file's task meta (`contractChecks`) for reporters.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, inject } from 'vitest';
import { buildOpenApi } from '#http/openapi.ts';
import { matchRoute } from '#infra/local/gateway.ts';

declare module 'vitest' {
  interface TaskMeta {
    /** Responses checked against the OpenAPI document by the file's tests. */
    contractChecks?: number;
  }
}

type Json = Record<string, any>;
const doc = buildOpenApi() as Json;
const DOC_ID = 'https://contract.test/openapi.json';

// CommonJS modules: their default export sits one level down under Node's ESM loader.
const Ajv2020 = ((Ajv2020Module as unknown as { default?: unknown }).default ??
  Ajv2020Module) as unknown as new (
  o: object,
) => {
  compile: (s: object) => ValidateFunction;
  addSchema: (s: object, k: string) => void;
  errorsText: (e: unknown, o?: object) => string;
};
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  a: unknown,
) => void;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
// The whole document as one schema resource: `#/components/...` refs resolve inside it.
ajv.addSchema(doc, DOC_ID);
const compiled = new Map<string, ValidateFunction>();

/** A JSON pointer as a URI fragment (RFC 6901 §6). */
const pointer = (...parts: string[]) =>
  parts.map((p) => `/${encodeURIComponent(p.replace(/~/g, '~0').replace(/\//g, '~1'))}`).join('');

const validatorAt = (path: string[]): ValidateFunction => {
  const key = pointer(...path);
  let v = compiled.get(key);
  if (!v) {
    v = ajv.compile({ $ref: `${DOC_ID}#${key}` });
    compiled.set(key, v);
  }
  return v;
};

const resolve = (o: Json): Json => {
  if (typeof o.$ref !== 'string') return o;
  const [, kind, name] = /^#\/components\/(\w+)\/(.+)$/.exec(o.$ref) ?? [];
  const target = kind && name ? doc.components?.[kind]?.[name] : undefined;
  if (!target) throw new Error(`contract: unresolvable ${o.$ref}`);
  return target;
};

/** The path as the local gateway reads it; a request line no URL parser takes, as sent. */
const pathOf = (url: string): string => {
  try {
    return new URL(url, 'http://localhost').pathname;
  } catch {
    return url.split(/[?#]/)[0] ?? url;
  }
};

let checked = 0;
/** How many responses this test file has had checked so far. */
export const checkedResponses = () => checked;

export const checkResponse = (
  method: string,
  url: string,
  status: number,
  headers: Headers,
  text: string,
  body: unknown,
) => {
  const path = pathOf(url);
  // Local-only routes, and the HTTP server's own 414/431 limits met before any route.
  if (path.startsWith('/_local/') || status === 414 || status === 431) return;
  const match = matchRoute(method, path);
  if (!match || match.spec.path === '$default') {
    if (status !== 404 || (body as Json)?.code !== 'route_not_found')
      throw new Error(`contract: ${method} ${path} is no route, yet answered ${status}`);
    checked++;
    return;
  }
  const { spec } = match;
  const where = `${spec.id} (${method} ${path}) ${status}`;
  const opPath = ['paths', spec.path, method.toLowerCase()];
  const operation = doc.paths[spec.path]?.[method.toLowerCase()];
  if (!operation) throw new Error(`contract: ${spec.id} is not in the document`);
  const documented = operation.responses[String(status)];
  if (!documented)
    throw new Error(
      `contract: ${where}: the document lists only ${Object.keys(operation.responses).join(', ')}; body ${text.slice(0, 300)}`,
    );
  const response = resolve(documented);

  for (const [name, h] of Object.entries<Json>(response.headers ?? {})) {
    const header = resolve(h);
    const value = headers.get(name);
    if (header.required && value === null) throw new Error(`contract: ${where}: header ${name} is missing`);
    // Where the body carries the version, the ETag is it; where it does not (preferences, whose
    // version travels in the ETag only), the ETag is still a version.
    const version = (body as Json)?.version;
    if (name === 'ETag' && value !== null && version !== undefined && value !== `"${version}"`)
      throw new Error(`contract: ${where}: ETag ${value} is not the body's version ${version}`);
    if (name === 'ETag' && value !== null && !/^"\d+"$/.test(value))
      throw new Error(`contract: ${where}: ETag ${value} is not a version`);
  }

  if (headers.get('etag') !== null && !response.headers?.ETag)
    throw new Error(
      `contract: ${where}: sends an ETag the document does not list (functions/http/openapi.ts lists it where the body carries a version)`,
    );

  if (!response.content) {
    if (text.length > 0)
      throw new Error(`contract: ${where}: the document says no body, got ${text.slice(0, 200)}`);
  } else {
    const type = (headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
    if (!response.content[type])
      throw new Error(
        `contract: ${where}: answered ${type || 'no content type'}, the document says ${Object.keys(response.content)}`,
      );
    if (type === 'image/svg+xml') {
      if (!text.includes('<svg')) throw new Error(`contract: ${where}: not an SVG document`);
    } else if (type === 'text/html') {
      if (!/^<!doctype html>\n<html lang="(ar|en)" dir="(rtl|ltr)">/.test(text))
        throw new Error(`contract: ${where}: not an HTML page with its language and direction`);
    } else {
      const responsePath =
        documented === response
          ? [...opPath, 'responses', String(status)]
          : (documented.$ref as string).slice(2).split('/');
      const validate = validatorAt([...responsePath, 'content', type, 'schema']);
      if (!validate(body))
        throw new Error(
          `contract: ${where}: the body does not match the document: ${ajv.errorsText(validate.errors, { separator: '; ' })}\n${JSON.stringify(body).slice(0, 1000)}`,
        );
    }
  }
  checked++;
};

/** The run's total so far, kept in a file named after this run's server (test files are isolated). */
const addToRunTotal = (n: number): number => {
  const file = join(
    tmpdir(),
    `sca-contract-checks-${createHash('sha256').update(inject('baseUrl')).digest('hex').slice(0, 16)}`,
  );
  let total = n;
  try {
    total += Number(readFileSync(file, 'utf8')) || 0;
  } catch {
    // the run's first file
  }
  writeFileSync(file, String(total));
  return total;
};

// Vitest reads the first parameter as fixtures, so it must be a destructuring pattern.
// biome-ignore lint/correctness/noEmptyPattern: no fixtures are used
afterAll(({}, suite) => {
  if (checked === 0) return;
  suite.meta.contractChecks = checked;
  console.log(
    `contract: ${checked} responses checked against the OpenAPI document in this file, ${addToRunTotal(checked)} in this run so far`,
  );
});
