/** The published contract: complete, current, consistent with the route table, and lint-clean by Redocly. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ValidateFunction } from 'ajv';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { countryCodes } from '#domain/countries.ts';
import { interestIds } from '#domain/interests.ts';
import { governorateIds, wilayatIds } from '#domain/regions.ts';
import { TEXT_PATTERN } from '#domain/text.ts';
import { buildOpenApi, errorCodesOf } from '#http/openapi.ts';
import { problemCatalog } from '#http/problem.ts';
import { routes } from '#http/routes/index.ts';

const root = resolve(import.meta.dirname, '../..');
type Json = Record<string, any>;
const doc = buildOpenApi() as Json;
const documented = routes.filter((r) => r.path !== '$default');
const operationOf = (id: string): Json => {
  const spec = routes.find((r) => r.id === id);
  if (!spec) throw new Error(`no route ${id}`);
  return doc.paths[spec.path][spec.method.toLowerCase()];
};

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

describe('the OpenAPI document', () => {
  it('describes every route of the table once, and nothing else ($default and /_local/ are not paths)', () => {
    const operations = Object.values<Json>(doc.paths).flatMap((p) =>
      Object.values<Json>(p).map((o) => o.operationId),
    );
    expect(operations.sort()).toEqual(documented.map((r) => r.id).sort());
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/_local') || p === '$default')).toEqual([]);
    for (const r of documented) expect(operationOf(r.id).tags).toEqual([r.tag]);
  });

  it('gives every route its success status, with the response schema of the table (none for 204)', () => {
    for (const r of documented) {
      const success = operationOf(r.id).responses[String(r.status)];
      expect(success, r.id).toBeDefined();
      if (r.status === 204) {
        expect(r.response, r.id).toBeUndefined();
        expect(success.content, r.id).toBeUndefined();
      } else {
        expect(
          r.response,
          `${r.id} needs a response schema in its route module (functions/http/routes/)`,
        ).toBeDefined();
        // A route that browsers open answers them a page besides its JSON.
        const html = r.htmlAnswers && !r.responseContentType ? ['text/html'] : [];
        expect(Object.keys(success.content), r.id).toEqual([
          r.responseContentType ?? 'application/json',
          ...html,
        ]);
      }
    }
    expect(Object.keys(operationOf('getShareCard').responses['200'].content)).toEqual(['image/svg+xml']);
    expect(Object.keys(operationOf('unsubscribePage').responses['200'].content)).toEqual(['text/html']);
    // A bad token: problem+json to API clients, a page to a browser.
    for (const id of ['unsubscribePage', 'unsubscribe'])
      expect(Object.keys(operationOf(id).responses['400'].content), id).toEqual([
        'application/problem+json',
        'text/html',
      ]);
  });

  it('secures every non-public route with the Cognito bearer token, and answers 401 there only', () => {
    expect(doc.components.securitySchemes.cognito).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const r of documented) {
      const op = operationOf(r.id);
      if (r.role === 'public') {
        expect(op.security, r.id).toEqual([]);
        expect(op.responses['401'], r.id).toBeUndefined();
      } else {
        expect(op.security, r.id).toEqual([{ cognito: [] }]);
        expect(op.responses['401'], r.id).toEqual({ $ref: '#/components/responses/Unauthorized' });
      }
    }
  });

  it('lists the problem codes each route can answer under their statuses', () => {
    expect(doc.components.schemas.Problem.properties.code.enum.sort()).toEqual(
      Object.keys(problemCatalog).sort(),
    );
    for (const r of documented) {
      const op = operationOf(r.id);
      const codes = errorCodesOf(r);
      for (const code of codes) {
        const response = op.responses[problemCatalog[code].status];
        expect(
          response?.content?.['application/problem+json'].schema.allOf[1].properties.code.enum,
          r.id,
        ).toContain(code);
      }
      if (r.body || r.params || r.query) expect(codes, r.id).toContain('validation_failed');
      if (r.body)
        expect(codes, r.id).toEqual(expect.arrayContaining(['malformed_json', 'payload_too_large']));
      if (r.role === 'staff') expect(codes, r.id).toContain('forbidden');
      if (r.role === 'ambassador') expect(codes, r.id).toContain('not_registered');
      if (r.params) expect(codes, r.id).toContain('not_found');
      if (r.method === 'PATCH') expect(codes, r.id).toContain('version_mismatch');
      if (r.access !== 'none') expect(op.responses['503'].headers['Retry-After'], r.id).toBeDefined();
      expect(op.responses['429'], r.id).toBeDefined();
    }
  });

  it('documents Location on creations and ETag where the body carries a version', () => {
    for (const r of documented) {
      const headers = operationOf(r.id).responses[String(r.status)].headers ?? {};
      if (r.status === 201) expect(headers.Location, r.id).toBeDefined();
    }
    expect(operationOf('patchMe').responses['200'].headers.ETag).toBeDefined();
    expect(operationOf('getIdea').responses['200'].headers.ETag).toBeDefined();
    expect(operationOf('getHealth').responses['200'].headers).toBeUndefined();
  });

  it('has schemas that compile (JSON Schema 2020-12) and examples that match them', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(doc, 'doc');
    let examples = 0;
    const check = (schemaPath: string, example: Json) => {
      const value = example.$ref ? doc.components.examples[example.$ref.split('/').pop()].value : example;
      const validate = ajv.compile({ $ref: `doc#${schemaPath}` });
      expect(validate(value), `${schemaPath}: ${ajv.errorsText(validate.errors)}`).toBe(true);
      examples++;
    };
    const esc = (s: string) => encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1'));
    for (const name of Object.keys(doc.components.schemas))
      ajv.compile({ $ref: `doc#/components/schemas/${name}` });
    for (const [path, ops] of Object.entries<Json>(doc.paths))
      for (const [method, op] of Object.entries<Json>(ops)) {
        const base = `/paths/${esc(path)}/${method}`;
        for (const [type, media] of Object.entries<Json>(op.requestBody?.content ?? {}))
          for (const ex of Object.values<Json>(media.examples ?? {}))
            check(`${base}/requestBody/content/${esc(type)}/schema`, ex);
        for (const [status, response] of Object.entries<Json>(op.responses))
          for (const [type, media] of Object.entries<Json>(response.content ?? {})) {
            ajv.compile({ $ref: `doc#${base}/responses/${status}/content/${esc(type)}/schema` });
            for (const ex of Object.values<Json>(media.examples ?? {}))
              check(`${base}/responses/${status}/content/${esc(type)}/schema`, ex);
          }
      }
    expect(examples).toBeGreaterThanOrEqual(4);
  });

  it('is committed as openapi.json, current (run `npm run openapi` after changing a route or schema)', () => {
    const committed = JSON.parse(readFileSync(resolve(root, 'openapi.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(buildOpenApi())));
  });

  it('has current client types (client/api-types.ts, run `npm run openapi`)', async () => {
    const { clientTypes } = await import('#scripts/openapi.ts');
    expect(readFileSync(resolve(root, 'client/api-types.ts'), 'utf8')).toBe(await clientTypes());
  });

  it('passes Redocly lint (recommended rules and more, redocly.yaml) with no problems', () => {
    // Run on this process's Node (24), with the project's redocly.yaml.
    const out = spawnSync(
      process.execPath,
      [resolve(root, 'node_modules/@redocly/cli/bin/cli.js'), 'lint', 'openapi.json', '--format=json'],
      { cwd: root, encoding: 'utf8' },
    );
    const report = JSON.parse(out.stdout) as {
      totals: { errors: number; warnings: number; ignored: number };
      problems: { ruleId: string; severity: string; message: string; location?: { pointer?: string }[] }[];
    };
    const { errors, warnings, ignored } = report.totals;
    console.log(
      `redocly lint: ${errors + warnings + ignored} problems (${errors} errors, ${warnings} warnings)`,
    );
    const listed = report.problems.map(
      (p) => `${p.severity} ${p.ruleId}: ${p.message} ${p.location?.[0]?.pointer ?? ''}`,
    );
    expect(listed).toEqual([]);
    expect(errors + warnings + ignored).toBe(0);
    // A rule misspelt in redocly.yaml is only a config warning: fail on it too.
    expect(out.stderr).not.toMatch(/config has \d+ (warning|error)/);
    expect(out.status, out.stderr).toBe(0);
  });
});

/**
 * The rules the server enforces are in the document, so that a generated client
 * can check before it sends: ids as enums of the reference data, https URLs as a pattern,
 * dates as `format: date`, and the cross-field and time rules in descriptions.
 */
describe('the rules the server enforces', () => {
  const bodyOf = (id: string): Json => operationOf(id).requestBody.content['application/json'].schema;
  const paramOf = (id: string, name: string): Json =>
    operationOf(id).parameters.find((p: Json) => p.name === name);
  const sorted = (a: readonly string[]) => [...a].sort();
  const WILAYATS = sorted(wilayatIds);
  const GOVERNORATES = sorted(governorateIds);
  const INTERESTS = sorted(interestIds);
  const COUNTRIES = sorted([...countryCodes]);

  /** Every schema in the document, with where it is. */
  const walk = (node: unknown, at: string, out: [string, Json][] = []): [string, Json][] => {
    if (Array.isArray(node)) for (const [i, n] of node.entries()) walk(n, `${at}/${i}`, out);
    else if (node && typeof node === 'object') {
      out.push([at, node as Json]);
      for (const [k, v] of Object.entries(node)) walk(v, `${at}/${k}`, out);
    }
    return out;
  };
  const enums = walk(doc, '#').filter(([, s]) => Array.isArray(s.enum));

  it('gives every region field and filter the enum of the reference data', () => {
    for (const id of ['registerAmbassador', 'patchMe']) {
      const p = bodyOf(id).properties;
      const enumOf = (s: Json) => sorted((s.anyOf?.find((x: Json) => x.enum) ?? s).enum);
      expect(enumOf(p.governorate), id).toEqual(GOVERNORATES);
      expect(enumOf(p.wilayat), id).toEqual(WILAYATS);
      expect(enumOf(p.city), id).toEqual(WILAYATS);
      expect(enumOf(p.country), id).toEqual(COUNTRIES);
    }
    expect(sorted(bodyOf('reportLecture').properties.wilayat.enum)).toEqual(WILAYATS);
    expect(sorted(bodyOf('reportLecture').properties.governorate.enum)).toEqual(GOVERNORATES);
    expect(sorted(bodyOf('submitIdea').properties.city.enum)).toEqual(WILAYATS);
    for (const [route, name, ids] of [
      ['listAmbassadors', 'governorate', GOVERNORATES],
      ['listAmbassadors', 'wilayat', WILAYATS],
      ['listAmbassadors', 'city', WILAYATS],
      ['listAmbassadors', 'country', COUNTRIES],
      ['listAmbassadors', 'interest', INTERESTS],
      ['listLectures', 'governorate', GOVERNORATES],
      ['listLectures', 'wilayat', WILAYATS],
      ['listLectures', 'topic', INTERESTS],
      ['listIdeas', 'city', WILAYATS],
      ['listIdeas', 'tag', INTERESTS],
    ] as const)
      expect(sorted(paramOf(route, name).schema.enum), `${route} ${name}`).toEqual(ids);
  });

  it('has no enum of region or interest ids that differs from the reference data', () => {
    let checked = 0;
    for (const [at, s] of enums) {
      const values = s.enum as unknown[];
      for (const ids of [WILAYATS, GOVERNORATES, INTERESTS])
        if (values.some((v) => ids.includes(v as string))) {
          // Community ids are the governorates plus `abroad`.
          const expected = values.includes('abroad') ? sorted([...ids, 'abroad']) : ids;
          expect(sorted(values as string[]), at).toEqual(expected);
          checked++;
        }
    }
    expect(checked).toBeGreaterThanOrEqual(15);
  });

  it('has no plain-string region, interest or country field in any request', () => {
    const REF = /^(governorate|wilayat|city|country|interest|interests|topic|tag|tags)$/;
    for (const r of documented) {
      const op = operationOf(r.id);
      const fields: [string, Json][] = [
        ...op.parameters.filter((p: Json) => p.in === 'query').map((p: Json) => [p.name, p.schema]),
        ...Object.entries<Json>(op.requestBody?.content['application/json'].schema.properties ?? {}),
      ];
      for (const [name, s] of fields) {
        if (!REF.test(name)) continue;
        const text = JSON.stringify(s);
        expect(text.includes('"enum"'), `${r.id} ${name}: ${text.slice(0, 200)}`).toBe(true);
      }
    }
  });

  it('gives every URL an https pattern', () => {
    const urls = [
      bodyOf('reportLecture').properties.evidenceUrls.items,
      bodyOf('addResource').properties.url,
      bodyOf('completeProject').properties.links.items,
    ];
    for (const u of urls) {
      expect(u.pattern, JSON.stringify(u)).toBeDefined();
      const re = new RegExp(u.pattern);
      expect(re.test('https://example.om/photo.jpg')).toBe(true);
      for (const bad of ['http://example.om', 'ftp://example.om', 'javascript:alert(1)', 'https://a b'])
        expect(re.test(bad), bad).toBe(false);
    }
  });

  it('marks dates `format: date` and names the window of deliveredOn', () => {
    const delivered = bodyOf('reportLecture').properties.deliveredOn;
    expect(delivered.format).toBe('date');
    expect(delivered.description).toMatch(/future/);
    expect(delivered.description).toMatch(/90 days/);
    expect(paramOf('listLectures', 'from').schema.format).toBe('date');
    expect(paramOf('listLectures', 'to').schema.format).toBe('date');
  });

  it('describes the cross-field rules of registration, profile edits, lectures and filters', () => {
    for (const id of ['registerAmbassador', 'patchMe']) {
      const d = String(bodyOf(id).description);
      expect(d, id).toMatch(/country/);
      expect(d, id).toMatch(/OM/);
      expect(d, id).toMatch(/governorate/);
      expect(d, id).toMatch(/wilayat/);
      const city = bodyOf(id).properties.city;
      const cityText = city.description ?? city.anyOf?.find((x: Json) => x.description)?.description;
      expect(String(cityText), id).toMatch(/wilayat/);
    }
    const lecture = String(bodyOf('reportLecture').description);
    expect(lecture).toMatch(/online/);
    expect(lecture).toMatch(/governorate/);
    for (const route of ['listAmbassadors', 'listLectures'])
      expect(String(paramOf(route, 'wilayat').description), route).toMatch(/governorate/);
  });
});

describe('the text rule in the document', () => {
  const bodyOf = (id: string): Json => operationOf(id).requestBody.content['application/json'].schema;
  it('gives single-line and multi-line fields the pattern the server enforces', () => {
    const reg = bodyOf('registerAmbassador').properties;
    expect(reg.name.pattern).toBe(TEXT_PATTERN.singleLine);
    expect(reg.expertise.items.pattern).toBe(TEXT_PATTERN.singleLine);
    expect(reg.bio.pattern).toBe(TEXT_PATTERN.multiLine);
    expect(bodyOf('reportLecture').properties.title.pattern).toBe(TEXT_PATTERN.singleLine);
    expect(bodyOf('reportLecture').properties.venue.pattern).toBe(TEXT_PATTERN.singleLine);
    expect(bodyOf('reportLecture').properties.description.pattern).toBe(TEXT_PATTERN.multiLine);
    expect(bodyOf('requestJoin').properties.role.pattern).toBe(TEXT_PATTERN.singleLine);
    expect(bodyOf('requestJoin').properties.message.pattern).toBe(TEXT_PATTERN.multiLine);
    expect(bodyOf('featureProject').properties.headlineAr.pattern).toBe(TEXT_PATTERN.singleLine);
    expect(bodyOf('addComment').properties.body.pattern).toBe(TEXT_PATTERN.multiLine);
    expect(doc.info.description).toMatch(/U\+202A–U\+202E/);
  });

  it('gives the leaderboard period its shape', () => {
    const period = operationOf('getLeaderboard').parameters.find((p: Json) => p.name === 'period');
    const re = new RegExp(period.schema.pattern);
    for (const ok of ['all', '2026', '2026-11']) expect(re.test(ok), ok).toBe(true);
    for (const bad of ['ALL', '26', '2026-13', '2026-1']) expect(re.test(bad), bad).toBe(false);
  });
});
