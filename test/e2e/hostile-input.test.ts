/**
 * Hostile input, every route (issue 5): random and boundary bodies, queries, path ids,
 * content types; huge strings, deep JSON, wrong types, RTL and zero-width marks, emoji, lone
 * surrogates, NUL. Nothing may answer 5xx; every refusal is problem+json with a contract
 * code; whatever is created stores no control characters and keeps Arabic intact.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCatalog } from '../../domain/errors.ts';
import { routes } from '../../functions/http/routes.ts';
import { call, newAmbassador, omanDate, staffToken } from '../support/api.ts';

const CODES = new Set(Object.keys(errorCatalog));
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

const nasty = fc.constantFrom(
  '\u200F',
  '\u202E',
  '\u200B',
  '\u200D',
  '\u2066',
  '\uFEFF',
  '\u0000',
  '\u0007',
  '\u001B[31m',
  '🌴',
  '👩🏽‍💻',
  'أَحْمَد',
  'ـــ',
  '\uD800',
  '\uDFFF',
  '%00',
  '../',
  '<script>',
  '"',
  '\\',
  '{{7*7}}',
  "' OR 1=1 --",
);
const hostileString = fc.oneof(
  fc.string({ unit: fc.oneof(nasty, fc.constantFrom('a', 'ب', ' ', '#')), maxLength: 40 }).map((s) => s),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom('', ' ', 'x'.repeat(2001), 'ع'.repeat(70_000), '9'.repeat(400)),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(hostileString, { maxLength: 12 }),
  fc.dictionary(hostileString, hostileString, { maxKeys: 4 }),
);

/** A valid body for the route, to mutate: hostile values land in real fields. */
const seeds: Record<string, Record<string, unknown>> = {
  registerAmbassador: { name: 'Fuzz Tester', governorate: 'OM-MA', wilayat: 'muscat', bio: 'hi' },
  patchMe: { bio: 'hi' },
  reportLecture: {
    title: 'Fuzzing lecture',
    topic: 'water',
    deliveredOn: omanDate(1),
    governorate: 'OM-MA',
    wilayat: 'muscat',
    audience: 'public',
    attendees: 5,
  },
  submitIdea: {
    title: 'Fuzzing idea',
    summary: 'A summary long enough to be valid here.',
    city: 'muscat',
    tags: ['water'],
    missions: ['research'],
    teamSize: 3,
  },
  addResource: { title: 'Fuzz resource', url: 'https://example.om/x', kind: 'other' },
};

/** Text fields of the seeds, and text that is valid but for hostile characters inside. */
const textFields: Record<string, string[]> = {
  registerAmbassador: ['name', 'bio'],
  patchMe: ['bio'],
  reportLecture: ['title'],
  submitIdea: ['title', 'summary'],
  addResource: ['title'],
};
const nastyText = fc
  .array(fc.oneof(nasty, fc.constantFrom('نص', 'text', ' ')), { minLength: 1, maxLength: 8 })
  .map((parts) => `Valid سفير ${parts.join('')} end of text`);

const bodyArb = (id: string) =>
  fc.oneof(
    fc
      .record({ field: fc.constantFrom(...(textFields[id] ?? ['x'])), value: nastyText })
      .map(({ field, value }) => JSON.stringify({ ...(seeds[id] ?? {}), [field]: value })),
    fc
      .record({ field: fc.constantFrom(...Object.keys(seeds[id] ?? { x: 1 })), value: hostileValue })
      .map(({ field, value }) => JSON.stringify({ ...(seeds[id] ?? {}), [field]: value })),
    fc.json({ maxDepth: 3 }),
    fc.constantFrom(
      `${'['.repeat(3000)}${']'.repeat(3000)}`,
      '{"a":',
      'null',
      '[]',
      '"x"',
      '{}',
      '\u0000',
      JSON.stringify({ x: 'y'.repeat(70_000) }),
    ),
  );
/** encodeURIComponent, except that a lone surrogate goes out as the raw bytes of one. */
const safeEncode = (s: string): string => {
  try {
    return encodeURIComponent(s);
  } catch {
    return `%ED%A0%80${encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, ''))}`;
  }
};
const idArb = fc.oneof(
  fc
    .string({
      unit: fc.oneof(nasty, fc.constantFrom('a', '1', '-', '/', '%', '.', '?')),
      minLength: 1,
      maxLength: 20,
    })
    .map(safeEncode),
  fc.constantFrom('x'.repeat(300), '%2F', '%E2%80%AE', 'OM-MA', '..', 'null'),
);
const queryArb = fc
  .dictionary(
    fc.constantFrom('limit', 'cursor', 'q', 'governorate', 'period', 'status', 'from', 'to', 'x'),
    hostileString,
    { maxKeys: 3 },
  )
  .map((d) =>
    new URLSearchParams(Object.entries(d).map(([k, v]): [string, string] => [k, String(v)])).toString(),
  );
const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/problem+json',
  '',
);

let staff = '';
let requests = 0;
let serverErrors = 0;
let created = 0;

beforeAll(async () => {
  staff = await staffToken();
});

describe('hostile input never breaks the API', () => {
  for (const spec of routes.filter((r) => r.path !== '$default')) {
    it(`${spec.method} ${spec.path}`, async () => {
      // Each route its own ambassador: a fuzzed DELETE /ambassadors/me must not erase the next route's caller.
      const ambassador = (await newAmbassador()).token;
      await fc.assert(
        fc.asyncProperty(idArb, queryArb, bodyArb(spec.id), contentType, async (id, query, body, type) => {
          const path = spec.path.replace(/\{\w+\}/g, id);
          const res = await call(spec.method, `${path}${query ? `?${query}` : ''}`, {
            token: spec.role === 'staff' ? staff : spec.role === 'public' ? undefined : ambassador,
            ...(spec.method === 'GET'
              ? {}
              : { rawBody: body, headers: type ? { 'content-type': type } : {} }),
          });
          requests++;
          if (res.status >= 500) serverErrors++;
          expect(
            res.status,
            `${spec.method} ${path.slice(0, 80)}?${query.slice(0, 80)} ${body.slice(0, 120)}`,
          ).toBeLessThan(500);
          // 414/431: the HTTP server's own limits on the request line and headers, met before
          // any route (API Gateway has its own); everything else must be the API's answer.
          const gatewayLimit = res.status === 414 || res.status === 431;
          if (res.status >= 400 && res.status !== 401 && !gatewayLimit) {
            expect(
              res.headers.get('content-type'),
              `${res.status} for ${spec.method} ${path.slice(0, 80)}`,
            ).toContain('application/problem+json');
            expect(CODES.has(res.body.code), `code ${res.body.code}`).toBe(true);
          }
          // Whatever a request stored (or any answer shows) holds no control characters.
          if (res.status < 300 && res.body && typeof res.body === 'object') {
            if (res.status === 201 || spec.method === 'PATCH') created++;
            expect(
              UNSAFE.test(
                JSON.stringify(res.body).replace(/\\u00[0-9a-f]{2}/gi, (m) => JSON.parse(`"${m}"`)),
              ),
              'stored a control character',
            ).toBe(false);
          }
        }),
        { numRuns: 25, interruptAfterTimeLimit: 4000 },
      );
    });
  }

  it('keeps Arabic intact while stripping controls', async () => {
    const res = await call('PATCH', '/ambassadors/me', {
      token: (await newAmbassador()).token,
      body: { bio: 'مَرْحَبًا\u0000 بِكُم\u202E في\u0007 المدن' },
    });
    expect(res.status).toBe(200);
    expect(res.body.bio).toBe('مَرْحَبًا بِكُم في المدن');
  });

  afterAll(() => {
    console.log(
      `hostile input: ${requests} requests over ${routes.length - 1} routes, ${serverErrors} server errors, ${created} writes accepted and checked`,
    );
  });
});
