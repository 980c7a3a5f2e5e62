/**
 * Hostile input: fast-check properties over EVERY route of the table, sent
 * over HTTP to the local server with a valid token of a suitable role (an ambassador; staff
 * for staff routes). Bodies: random JSON (fc.json, fc.anything), wrong types, ~1000-level
 * nesting, strings near and over 64 KiB, RTL and bidi marks, zero-width joiners, emoji and
 * astral characters, lone surrogates (as JSON escapes and as raw bytes), Arabic with
 * tashkeel, NUL; random query strings, path ids (`%2F`, very long, unicode, broken
 * percent-escapes), content types, malformed JSON, Accept-Language, If-Match and
 * Idempotency-Key.
 *
 * Properties, for every request:
 * - the status is never 5xx;
 * - every non-2xx answer is application/problem+json whose `code` is one of the contract's
 *   (docs/api-contract.md §1) with that code's status, and the answer matches the OpenAPI document;
 * - a body over 64 KiB is 413 `payload_too_large` (unless the path or query was refused
 *   first), a body within 64 KiB never is;
 * - no 2xx answer carries a C0/C1 control or a bidi override/isolate;
 * - after every accepted write (201, and the 200s of edits and actions) the resource is read
 *   back through the API and straight from the table: no stored string holds a C0/C1 control
 *   (TAB and LF excepted: multi-line text) or U+202A–U+202E / U+2066–U+2069, and a text sent
 *   with hostile characters inside comes back as exactly the sent text without them (NFC),
 *   Arabic letters and tashkeel intact.
 *
 * Each property is bounded by numRuns and a time limit, so the file stays under a minute.
 */
import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { resolve as resolvePath } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PREFERENCES } from '#domain/notifications.ts';
import type { RouteSpec } from '#http/route-spec.ts';
import { routes } from '#http/routes/index.ts';
import { matchRoute } from '#infra/local/gateway.ts';
import { call, newAmbassador, staffToken, token, uniqueSub } from '#support/api.ts';
import { timeBudget } from '#support/budget.ts';
import { checkResponse } from '#support/contract.ts';
import { ideaDecision, validComment, validFeature, validIdea, validLecture } from '#support/fixtures.ts';
import { closeRawHttp, HEADER_LIMIT, pinHost, type Raw, sendRaw } from '#support/raw-http.ts';
import { findInPages, joinTeam, must, newMember } from '#support/scenes.ts';
import { item, partition } from '#support/table.ts';

// ---------------------------------------------------------------------------------------------
// The oracle: the contract's error codes (docs/api-contract.md §1, "Errors"), and what may be stored.

const CONTRACT_CODES: Record<string, number> = {
  validation_failed: 400,
  malformed_json: 400,
  invalid_cursor: 400,
  invalid_token: 400,
  invalid_code: 400,
  unauthorized: 401,
  forbidden: 403,
  not_registered: 403,
  not_found: 404,
  route_not_found: 404,
  already_registered: 409,
  email_taken: 409,
  invalid_transition: 409,
  team_full: 409,
  already_member: 409,
  duplicate_request: 409,
  already_exists: 409,
  already_checked_in: 409,
  checkin_closed: 409,
  version_mismatch: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  idempotency_key_reused: 422,
  rate_limited: 429,
  unavailable: 503,
};

const MAX_BODY = 64 * 1024;
// C0 and C1 controls (TAB and LF are allowed: multi-line text), bidi overrides and isolates.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'g');
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const ARABIC_LETTERS = /[\u0621-\u064A\u0671]/g;

/** What must be stored of a text sent with hostile characters inside: the text without them. */
const expectedStored = (sent: string) => sent.replace(UNSAFE_ALL, '').normalize('NFC').trim();

const codePoints = (s: string) =>
  [...s].map((c) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`).join(' ');

/**
 * Index key attributes are built by the store, not sent by clients: the directory's sort key
 * ends the folded name with U+001F on purpose (domain/ranking.ts NAME_END), so they are skipped.
 */
const KEY_ATTRIBUTE = /^(pk|sk|gsi\dpk|gsi\dsk)$/;

/** Paths of every string (keys too) holding an unsafe character, with what it holds. */
const unsafeStrings = (v: unknown, path = '$', out: string[] = []): string[] => {
  if (typeof v === 'string') {
    const bad = v.match(UNSAFE_ALL);
    if (bad) out.push(`${path}: ${codePoints(bad.join(''))} in ${JSON.stringify(v.slice(0, 80))}`);
  } else if (Array.isArray(v))
    v.forEach((x, i) => {
      unsafeStrings(x, `${path}[${i}]`, out);
    });
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      if (KEY_ATTRIBUTE.test(k)) continue;
      unsafeStrings(k, `${path}{key}`, out);
      unsafeStrings(x, `${path}.${k}`, out);
    }
  return out;
};
const countLoneSurrogates = (v: unknown): number =>
  typeof v === 'string'
    ? Number(LONE_SURROGATE.test(v))
    : Array.isArray(v)
      ? v.reduce((n: number, x) => n + countLoneSurrogates(x), 0)
      : v && typeof v === 'object'
        ? Object.values(v).reduce((n: number, x) => n + countLoneSurrogates(x), 0)
        : 0;

// ---------------------------------------------------------------------------------------------
// Hostile material.

const ARABIC = [
  'أَحْمَد',
  'مَرْحَبًا بِكُمْ',
  'سُفَرَاءُ المُدُنِ الذَّكِيَّة',
  'إِنْ شَاءَ ٱللَّٰه',
  'مُحَمَّد',
  'مَّ', // shadda then fatha: not canonical order, NFC reorders the marks
  'سـلام', // tatweel
  'ﷺ',
  'ا\u0654', // alef + combining hamza: NFC composes it to أ
];
const NASTY = [
  '\u200F', // RLM
  '\u200E', // LRM
  '\u061C', // Arabic letter mark
  '\u202E', // RLO
  '\u202A',
  '\u202D',
  '\u2066',
  '\u2067',
  '\u2069',
  '\u200B', // zero-width space
  '\u200D', // ZWJ
  '\u200C',
  '\uFEFF',
  '\u0000',
  '\u0007',
  '\u001B[31m',
  '\u007F',
  '\u0085',
  '\u009B',
  '\r',
  '\r\n',
  '\t',
  '\n',
  '\u2028',
  '\u00A0',
  '🌴',
  '👩🏽‍💻',
  '🇴🇲',
  '𝕏',
  '\u{10FFFF}',
  '\uD800', // lone surrogates: JSON.stringify sends them as "\ud800" escapes
  '\uDFFF',
  'e\u0301',
  '\u0301',
  '<script>alert(1)</script>',
  '"',
  '\\',
  '%00',
  '{{7*7}}',
  "' OR 1=1 --",
  '$' + '{x}',
];
const nastyPiece = fc.oneof(
  fc.constantFrom(...NASTY),
  fc.constantFrom(...ARABIC),
  fc.constantFrom(' ', 'نص', 'Text'),
);
/** Valid text with hostile characters inside: letters at both ends, so trimming never matters. */
const nastyText = fc
  .array(nastyPiece, { minLength: 1, maxLength: 6 })
  .map((parts) => `سفير ${parts.join('')} ok`);
const hostileString = fc.oneof(
  fc.string({ unit: fc.oneof(nastyPiece, fc.constantFrom('a', 'ب', '#', '/')), maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('', ' ', '\u0000', 'x'.repeat(2001), 'ع'.repeat(1001), '9'.repeat(400), 'null', 'true'),
);
const deep = (levels: number, leaf: unknown): unknown => {
  let v = leaf;
  for (let i = 0; i < levels; i++) v = i % 2 ? [v] : { a: v };
  return v;
};
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  fc.integer(),
  fc.constantFrom(0, -1, 1.5, 1e308, -0, 2 ** 53 + 1, 10_001, 20, 21, 1),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(hostileString, { maxLength: 12 }),
  fc.dictionary(hostileString, hostileString, { maxKeys: 3 }),
  fc.constantFrom(deep(1000, 'x'), deep(1000, null), [[[[[[[['x']]]]]]]]),
);

/** The JSON text of anything fast-check makes (Maps, Dates, boxed values, -0, sparse arrays…). */
const anythingJson = fc
  .anything({ maxDepth: 4, withBoxedValues: true, withDate: true, withMap: true, withSet: true })
  .map((v) => {
    try {
      return JSON.stringify(v) ?? '';
    } catch {
      return 'null';
    }
  });

interface Body {
  bytes?: Buffer | undefined;
  contentType?: string;
  /** The text field set to a hostile-but-valid text, to be found again after a 2xx. */
  sent?: { field: string; value: string };
  /** Valid UTF-8, so the 64 KiB rule can be checked on its byte length. */
  utf8: boolean;
  label: string;
}

const contentTypeArb = fc.oneof(
  { weight: 8, arbitrary: fc.constant('application/json') },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'APPLICATION/JSON',
      'application/json; charset=utf-16',
      'application/vnd.api+json',
      'application/problem+json',
      'text/json',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/octet-stream',
      'application/jsonx',
      'application/',
      '*/*',
      ';;;',
      'application/json\u00e9',
      '',
    ),
  },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

/** A JSON body of exactly `size` bytes: one text field filled with `unit`, padded with ASCII. */
const sizedBody = (field: string, size: number, unit: string) => {
  const overhead = Buffer.byteLength(JSON.stringify({ [field]: '' }));
  const unitBytes = Buffer.byteLength(JSON.stringify(unit)) - 2;
  const n = Math.max(0, Math.floor((size - overhead) / unitBytes));
  const pad = Math.max(0, size - overhead - n * unitBytes);
  const json = JSON.stringify({ [field]: unit.repeat(n) + 'a'.repeat(pad) });
  return json;
};

const MALFORMED = [
  '{"a":',
  '{"a":1,}',
  "{'a':1}",
  '{a:1}',
  '{"a":NaN}',
  '{"a":Infinity}',
  '{"a":1} // comment',
  '\uFEFF{}',
  '[1,2',
  '"unterminated',
  '{"a":"\u0000"}', // a raw NUL inside a string: not JSON
  '{"a":"\\x41"}',
  '{"a":"\\u12"}',
  '{"a":01}',
  '{"a":.5}',
  'undefined',
  '}',
  '{}{}',
  'nul',
  `${'['.repeat(32_000)}${']'.repeat(32_000)}`, // 64,000 bytes of nesting
  `${'{"a":'.repeat(1000)}1${'}'.repeat(1000)}`, // 1000 levels, valid JSON
  `${'['.repeat(1000)}${']'.repeat(1000)}`,
];
const RAW_BYTES = [
  Buffer.from([0xff, 0xfe, 0x7b, 0x7d]),
  Buffer.from('{"name":"\u00ff"}', 'latin1'),
  Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('ab"}')]), // CESU-8 surrogate
  Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('ab"}')]), // overlong '/'
  Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xe0, 0xa4]), Buffer.from('"}')]), // truncated sequence
  Buffer.from([0x00, 0x00, 0x00]),
  Buffer.from(JSON.stringify({ name: 'x' }), 'utf16le'),
];

const isUtf8 = (b: Buffer) => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
};

/** How fast-check prints a body in a counterexample: short, and readable. */
const shown = (b: Body): Body => {
  const preview = () => {
    if (!b.bytes) return '<no body>';
    if (b.bytes.length > 300) return `<${b.bytes.length} bytes: ${b.label}>`;
    return b.utf8 ? JSON.stringify(b.bytes.toString('utf8')) : `<bytes ${b.bytes.toString('hex')}>`;
  };
  return Object.assign(b, {
    [fc.toStringMethod]: () => `${preview()} as ${JSON.stringify(b.contentType ?? '(no content-type)')}`,
  });
};

const bodyArb = (seed: Record<string, unknown> | undefined, textFields: string[]): fc.Arbitrary<Body> => {
  const base = seed ?? {};
  const keys = Object.keys(base).length ? Object.keys(base) : ['x'];
  const fields = textFields.length ? textFields : keys;
  const json = (label: string, text: string, sent?: Body['sent']) =>
    contentTypeArb.map(
      (contentType): Body =>
        shown({
          bytes: Buffer.from(text),
          ...(contentType === undefined ? {} : { contentType }),
          ...(sent ? { sent } : {}),
          utf8: true,
          label,
        }),
    );
  return fc.oneof(
    // Hostile characters inside an otherwise valid body: these are the writes that get through.
    {
      weight: textFields.length ? 6 : 0,
      arbitrary: fc
        .tuple(fc.constantFrom(...fields), nastyText)
        .chain(([field, value]) =>
          json(`valid body, ${field} hostile`, JSON.stringify({ ...base, [field]: value }), { field, value }),
        ),
    },
    // The valid body as is (so accepted writes happen even for routes without text).
    { weight: 1, arbitrary: json('valid body', JSON.stringify(base)) },
    // Wrong types, deep nesting, huge strings in a real field.
    {
      weight: 3,
      arbitrary: fc
        .tuple(fc.constantFrom(...keys), hostileValue)
        .chain(([field, value]) =>
          json(`${field} = hostile value`, JSON.stringify({ ...base, [field]: value })),
        ),
    },
    // Unknown fields, prototype keys.
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(
          '__proto__',
          'constructor',
          'prototype',
          'extra',
          '',
          '\u202E',
          'pk',
          'version',
          'id',
          'status',
        )
        .chain((k) =>
          json(
            `extra field ${JSON.stringify(k)}`,
            `${JSON.stringify(base).slice(0, -1)}${keys.length ? ',' : ''}"${k}":{"polluted":true}}`,
          ),
        ),
    },
    // Random JSON of any shape.
    { weight: 1, arbitrary: fc.json({ maxDepth: 3 }).chain((t) => json('fc.json', t)) },
    { weight: 1, arbitrary: anythingJson.chain((t) => json('fc.anything', t)) },
    // Malformed JSON: fixed shapes, and the valid body cut short.
    { weight: 1, arbitrary: fc.constantFrom(...MALFORMED).chain((t) => json('malformed JSON', t)) },
    {
      weight: 1,
      arbitrary: fc
        .nat()
        .map((n) => JSON.stringify(base).slice(0, n % Math.max(1, JSON.stringify(base).length)))
        .chain((t) => json('truncated JSON', t)),
    },
    // Around 64 KiB: exact byte sizes, with 1-, 2-, 3- and 4-byte characters.
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.constantFrom(...fields),
          fc.constantFrom(MAX_BODY - 1, MAX_BODY, MAX_BODY + 1, MAX_BODY + 3, 100_000, 60_000),
          fc.constantFrom('a', 'ع', '\u200F', '🌴', '\u0000', 'َ'),
        )
        .chain(([field, size, unit]) =>
          json(`${size} bytes of ${codePoints(unit)}`, sizedBody(field, size, unit)),
        ),
    },
    // Bytes that are not UTF-8 (or not text at all).
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom(...RAW_BYTES), contentTypeArb).map(
        ([bytes, contentType]): Body =>
          shown({
            bytes,
            ...(contentType === undefined ? {} : { contentType }),
            utf8: isUtf8(bytes),
            label: `raw bytes ${bytes.subarray(0, 12).toString('hex')}`,
          }),
      ),
    },
    // Nothing, or only white space.
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('', ' ', '\n\t ', 'null', '{}', '[]', '""', '0')
        .chain((t) => json(`body ${JSON.stringify(t)}`, t)),
    },
  );
};

/** encodeURIComponent, except that a lone surrogate goes out as the (invalid) bytes of one. */
const enc = (s: string): string => {
  try {
    return encodeURIComponent(s);
  } catch {
    return s
      .split(/([\uD800-\uDFFF])/)
      .map((part) => (/^[\uD800-\uDFFF]$/.test(part) ? '%ED%A0%80' : encodeURIComponent(part)))
      .join('');
  }
};

const hostileId = fc.oneof(
  { weight: 3, arbitrary: hostileString.filter((s) => s.length > 0).map(enc) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '%2F',
      '%2f',
      'a%2Fb',
      'x/y',
      '%2E%2E',
      '..',
      '.',
      ':',
      '-',
      '%00',
      '%',
      '%zz',
      '%E0%A4',
      '%ED%A0%80',
      '%C0%AF',
      '%20',
      '+',
      'me',
      'ME',
      'undefined',
      'null',
      '0',
      '-1',
      enc('سفير'),
      enc('أَحْمَد'),
      enc('\u202Eevil'),
      enc('\u200B'),
      enc('🌴'),
      'a'.repeat(128),
      'a'.repeat(129),
      'a'.repeat(2000),
      'a'.repeat(12_000),
      '01JAAAAAAAAAAAAAAAAAAAAAAA',
    ),
  },
);

const QUERY_VALUES = [
  '0',
  '1',
  '100',
  '101',
  '-1',
  '1.5',
  '1e2',
  '0x10',
  ' 7',
  'NaN',
  'Infinity',
  '',
  'true',
  'false',
  'all',
  '2026',
  '2026-11',
  '2026-13',
  '2026-02-30',
  '2026-02-28',
  '1999-01-01',
  '9999-12-31',
  'OM-MA',
  'muscat',
  'abroad',
  'OM',
  'om',
  'reported',
  'submitted',
  'approved',
  'water',
  'research',
  'احمد',
  'أَحْمَد',
  'ab',
  'a',
  'eyJ9',
  'x'.repeat(2049),
];
const queryArb = (spec: RouteSpec, cursors: string[]) => {
  const shape =
    (spec.query as unknown as { shape?: Record<string, unknown> } | undefined)?.shape ??
    (spec.query as unknown as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined)?._zod?.def
      ?.shape ??
    {};
  const keys = [...Object.keys(shape), 'x', 'limit', 'cursor', '__proto__', enc('\u202E'), ''];
  const value = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...QUERY_VALUES) },
    { weight: 3, arbitrary: hostileString },
    {
      weight: cursors.length ? 2 : 0,
      arbitrary: fc.constantFrom(...(cursors.length ? cursors : ['x'])).chain((c) =>
        fc.oneof(
          fc.constant(c),
          fc
            .nat({ max: Math.max(0, c.length - 1) })
            .map((i) => c.slice(0, i) + (c[i] === 'A' ? 'B' : 'A') + c.slice(i + 1)),
          fc.constant(c.slice(0, -3)),
        ),
      ),
    },
  );
  return fc
    .tuple(
      fc.array(fc.tuple(fc.constantFrom(...keys), value), { maxLength: 4 }),
      fc.option(
        fc.constantFrom('%', '%zz', '%E0%A4', '%ED%A0%80', '&&', '=', 'a', '%00', '+', 'limit=1&limit=2'),
        {
          freq: 4,
        },
      ),
    )
    .map(([pairs, junk]) => {
      const parts = pairs.map(([k, v]) => `${k.includes('%') ? k : enc(k)}=${enc(v)}`);
      if (junk) parts.push(junk);
      return parts.join('&');
    });
};

const acceptLanguage = fc.constantFrom(
  undefined,
  undefined,
  'ar',
  'en',
  'ar-OM,ar;q=0.9,en;q=0.8',
  '*',
  'fr',
  'ar;q=0',
  'en;q=abc',
  ';;;',
  'ar;q=1e999',
  'x'.repeat(1000),
);
const ifMatch = fc.constantFrom(
  undefined,
  undefined,
  '"1"',
  '"2"',
  'W/"1"',
  '*',
  '"abc"',
  '"9999999999999999"',
  '',
  '"-1"',
  '1',
);
const idempotencyKey = fc.constantFrom(
  undefined,
  undefined,
  'k1',
  'k2',
  '',
  ' ',
  '\u00e9t\u00e9',
  'a'.repeat(128),
  'a'.repeat(129),
  '\t',
);

// ---------------------------------------------------------------------------------------------
// The world each route is fuzzed in: real ids, so hostile input reaches past "not found".

interface Amb {
  id: string;
  token: string;
}
interface World {
  a: Amb; // organizer, author, team leader
  b: Amb; // commenter, joiner, team member
  member: Amb; // signed in, not registered
  lectures: string[]; // reported, by a
  approved: string; // by a; b has a pending join request and a comment on it
  submitted: string; // by a
  running: string; // by a, in progress, b on the team
  comment: string;
  cursors: string[];
}

let staff = '';

const ideaSeed = () =>
  validIdea({
    title: 'حساسات المياه الذكية',
    summary: 'A summary of a smart water idea, long enough.',
    problem: 'Leaks',
    city: 'muscat',
    tags: ['water'],
    missions: ['research'],
    teamSize: 4,
  });

const buildWorld = async (): Promise<World> => {
  const [na, nb] = await Promise.all([
    newAmbassador({ name: 'أَحْمَد البلوشي' }),
    newAmbassador({ name: 'Fuzz Member' }),
  ]);
  const a = { id: na.id, token: na.token };
  const b = { id: nb.id, token: nb.token };
  const member = await newMember('member');
  const lectures = await Promise.all(
    [0, 1, 2].map(async () => (await must('POST', '/lectures', a.token, validLecture())).id as string),
  );
  const [approved, submitted, running] = await Promise.all(
    [0, 1, 2].map(async () => (await must('POST', '/ideas', a.token, ideaSeed())).id as string),
  );
  await Promise.all(
    [approved, running].map((id) =>
      must('POST', `/staff/ideas/${id}/decision`, staff, ideaDecision.approve()),
    ),
  );
  const comment = (await must('POST', `/ideas/${approved}/comments`, b.token, validComment())).id as string;
  await must('POST', `/ideas/${approved}/join-requests`, b.token, { message: 'أود المشاركة', role: 'مهندس' });
  await joinTeam(running as string, a, b, {});
  await must('POST', `/ideas/${running}/start`, a.token);
  await must('POST', `/staff/ideas/${running}/feature`, staff, validFeature());
  return {
    a,
    b,
    member,
    lectures: lectures as string[],
    approved: approved as string,
    submitted: submitted as string,
    running: running as string,
    comment,
    cursors: [],
  };
};

/** Real values for a path parameter, by the route's resource. */
const realParams = (spec: RouteSpec, name: string, w: World): string[] => {
  if (name === 'commentId') return [w.comment];
  if (name === 'ambassadorId') return [w.b.id, w.a.id, w.member.id];
  if (name === 'board') return ['lectures', 'attendance', 'governorates', 'cities', 'community-OM-MA'];
  if (spec.path.startsWith('/ambassadors/')) return [w.a.id, w.b.id, w.member.id];
  if (spec.path.includes('/lectures/')) return w.lectures;
  if (spec.path.startsWith('/communities/')) return ['OM-MA', 'abroad', 'OM-DH', 'om-ma'];
  return [w.approved, w.submitted, w.running];
};

type Who = 'a' | 'b' | 'member' | 'staff' | 'none' | 'fresh-member' | 'fresh-ambassador';

interface Plan {
  /** Who calls; the first one is the caller a clean run uses (the owner, leader or staff). */
  callers: Who[];
  /** The path values a clean run uses: the ones the action applies to. */
  good?: (w: World) => Record<string, string[]>;
  seed?: (w: World) => Record<string, unknown>;
  text?: string[];
  /** Where a text field of the body is found on the resource read back. */
  alias?: (field: string) => string[];
}

const plans: Record<string, Plan> = {
  registerAmbassador: {
    callers: ['fresh-member', 'a'],
    seed: () => ({
      name: 'Fuzz Tester',
      governorate: 'OM-MA',
      wilayat: 'muscat',
      bio: 'مرحبا',
      interests: ['water'],
    }),
    text: ['name', 'bio'],
  },
  patchMe: { callers: ['a'], seed: () => ({ bio: 'hi', name: 'Fuzz Patch' }), text: ['name', 'bio'] },
  deleteMe: { callers: ['a', 'b'] },
  reportLecture: {
    callers: ['a', 'member'],
    seed: () => validLecture({ description: 'وصف', venue: 'قاعة' }),
    text: ['title', 'description', 'venue'],
  },
  patchLecture: {
    good: (w) => ({ id: w.lectures }),
    callers: ['a', 'b'],
    seed: () => ({ title: 'عنوان محاضرة' }),
    text: ['title', 'description', 'venue'],
  },
  deleteLecture: { good: (w) => ({ id: w.lectures }), callers: ['a', 'b'] },
  reviewLecture: {
    good: (w) => ({ id: w.lectures }),
    callers: ['staff'],
    seed: () => ({ decision: 'reject', note: 'ملاحظة' }),
    text: ['note'],
    alias: () => ['reviewNote'],
  },
  addResource: {
    good: () => ({ id: ['OM-MA', 'abroad'] }),
    callers: ['a', 'b'],
    seed: () => ({ title: 'مورد مفيد', url: 'https://example.om/x', kind: 'article', language: 'ar' }),
    text: ['title'],
  },
  submitIdea: { callers: ['a', 'b'], seed: ideaSeed, text: ['title', 'summary', 'problem'] },
  patchIdea: {
    good: (w) => ({ id: [w.submitted] }),
    callers: ['a', 'b'],
    seed: () => ({ title: 'عنوان جديد للفكرة' }),
    text: ['title', 'summary', 'problem'],
  },
  withdrawIdea: { good: (w) => ({ id: [w.submitted, w.approved, w.running] }), callers: ['a', 'b'] },
  decideIdea: {
    good: (w) => ({ id: [w.submitted] }),
    callers: ['staff'],
    seed: () => ({ decision: 'request_changes', note: 'يرجى التوضيح' }),
    text: ['note'],
    alias: () => ['decisionNote'],
  },
  addComment: {
    good: (w) => ({ id: [w.approved, w.running] }),
    callers: ['b', 'a'],
    seed: () => ({ body: 'تعليق' }),
    text: ['body'],
  },
  deleteComment: { good: (w) => ({ id: [w.approved], commentId: [w.comment] }), callers: ['b', 'a'] },
  hideComment: { good: (w) => ({ id: [w.approved], commentId: [w.comment] }), callers: ['staff'] },
  requestJoin: {
    good: (w) => ({ id: [w.approved, w.running] }),
    callers: ['fresh-ambassador', 'b'],
    seed: () => ({ message: 'رسالة', role: 'مصمم' }),
    text: ['message', 'role'],
  },
  decideJoin: {
    good: (w) => ({ id: [w.approved], ambassadorId: [w.b.id] }),
    callers: ['a', 'b'],
    seed: () => ({ decision: 'accept' }),
  },
  leaveTeam: { good: (w) => ({ id: [w.running] }), callers: ['b', 'a'] },
  startProject: { callers: ['a', 'b'] },
  completeProject: {
    good: (w) => ({ id: [w.running] }),
    callers: ['a', 'b'],
    seed: () => ({ outcome: 'نتيجة المشروع: انخفض الهدر بنسبة كبيرة', links: ['https://example.om/r'] }),
    text: ['outcome'],
  },
  featureProject: {
    good: (w) => ({ id: [w.running] }),
    callers: ['staff'],
    seed: () => ({ headlineAr: 'مشروع مميز', headlineEn: 'A featured project' }),
    text: ['headlineAr', 'headlineEn'],
    alias: (f) => [`featured.${f}`],
  },
  unfeatureProject: { good: (w) => ({ id: [w.running] }), callers: ['staff'] },
  readNotifications: { callers: ['a', 'member'], seed: () => ({ ids: ['01JDQ7Z3V6M3X8Q0F5W1K2H4NB'] }) },
  putPreferences: { callers: ['member', 'a'], seed: () => ({ ...DEFAULT_PREFERENCES, language: 'en' }) },
};

const defaultCallers = (spec: RouteSpec): Who[] =>
  spec.role === 'staff'
    ? ['staff']
    : spec.role === 'ambassador'
      ? ['a', 'b']
      : spec.role === 'member'
        ? ['a', 'b', 'member']
        : ['none', 'a'];

const tokenFor = async (who: Who, w: World): Promise<Amb | undefined> => {
  switch (who) {
    case 'a':
      return w.a;
    case 'b':
      return w.b;
    case 'member':
      return w.member;
    case 'staff':
      return { id: 'staff', token: staff };
    case 'none':
      return undefined;
    case 'fresh-member': {
      const sub = uniqueSub('fz');
      return { id: sub, token: await token(sub) };
    }
    case 'fresh-ambassador': {
      const n = await newAmbassador({ name: 'Fresh Joiner' });
      return { id: n.id, token: n.token };
    }
  }
};

// ---------------------------------------------------------------------------------------------
// Reading back what a write stored: through the API, and straight from the table.

interface ReadBack {
  /** The resource as the API shows it, and its item as stored. */
  api?: Record<string, unknown> | undefined;
  stored?: Record<string, unknown> | undefined;
  /** Every stored item the write touched (copies in listings and directory entries too). */
  items: Record<string, unknown>[];
}

const readBack = async (
  spec: RouteSpec,
  params: Record<string, string>,
  caller: Amb | undefined,
  res: Raw,
): Promise<ReadBack | undefined> => {
  const b = (res.body ?? {}) as Record<string, any>;
  const byId = (items: Record<string, unknown>[], sk: string) => items.find((i) => i.sk === sk);
  switch (spec.id) {
    case 'registerAmbassador':
    case 'patchMe': {
      const id = caller?.id ?? '';
      const items = await partition(`AMB#${id}`);
      const api = (await call('GET', '/ambassadors/me', { token: caller?.token })).body as Record<
        string,
        unknown
      >;
      return { api, stored: byId(items, 'PROFILE'), items };
    }
    case 'reportLecture':
    case 'patchLecture':
    case 'reviewLecture': {
      const id = spec.id === 'reportLecture' ? String(b.id) : (params.id ?? '');
      const items = await partition(`LECT#${id}`);
      const api = (await call('GET', `/lectures/${id}`, { token: staff })).body as Record<string, unknown>;
      return { api, stored: byId(items, 'LECTURE'), items };
    }
    case 'addResource': {
      const stored = await item(`COMMUNITY#${b.communityId}`, `RES#${b.createdAt}#${b.id}`);
      const api = await findInPages(
        `/communities/${b.communityId}/resources`,
        undefined,
        (x) => x.id === b.id,
        20,
      );
      return { api, stored, items: stored ? [stored] : [] };
    }
    case 'submitIdea':
    case 'patchIdea':
    case 'withdrawIdea':
    case 'decideIdea':
    case 'startProject':
    case 'completeProject':
    case 'featureProject':
    case 'unfeatureProject':
    case 'leaveTeam': {
      const id = spec.id === 'submitIdea' ? String(b.id) : (params.id ?? '');
      const items = await partition(`IDEA#${id}`);
      const api = (await call('GET', `/ideas/${id}`, { token: staff })).body as Record<string, unknown>;
      return { api, stored: byId(items, 'IDEA'), items };
    }
    case 'addComment':
    case 'hideComment': {
      const ideaId = params.id ?? '';
      const commentId = spec.id === 'addComment' ? String(b.id) : (params.commentId ?? '');
      const stored = await item(`IDEA#${ideaId}`, `COMMENT#${commentId}`);
      const api = await findInPages(`/ideas/${ideaId}/comments`, staff, (x) => x.id === commentId, 20);
      const audit = (await partition(`IDEA#${ideaId}`)).filter((i) => String(i.sk).startsWith('AUDIT#'));
      return { api, stored, items: [...(stored ? [stored] : []), ...audit] };
    }
    case 'requestJoin':
    case 'decideJoin': {
      const ideaId = params.id ?? '';
      const who = spec.id === 'requestJoin' ? (caller?.id ?? '') : (params.ambassadorId ?? '');
      const stored = await item(`IDEA#${ideaId}`, `JOIN#${who}`);
      const pending = (await call('GET', `/ideas/${ideaId}/join-requests`, { token: staff })).body as {
        items?: any[];
      };
      const api = pending.items?.find((x) => x.ambassadorId === who);
      return { api, stored, items: stored ? [stored] : [] };
    }
    case 'deleteMe': {
      const items = await partition(`AMB#${caller?.id ?? ''}`);
      return { items };
    }
    default:
      return undefined;
  }
};

const pick = (o: Record<string, unknown> | undefined, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>(
      (v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined),
      o,
    );

// ---------------------------------------------------------------------------------------------
// Counting, for the summary line.

const stats = {
  requests: 0,
  serverErrors: 0,
  byStatus: new Map<number, number>(),
  writesAccepted: 0,
  storedItemsScanned: 0,
  arabicRoundTrips: 0,
  over64k: 0,
  loneSurrogatesStored: 0,
  getWithBody: 0,
  routes: new Set<string>(),
  acceptedByRoute: new Map<string, number>(),
};

interface Sent {
  method: string;
  path: string;
  /** Whether a bearer token went along. */
  token: boolean;
  /**
   * Check the answer against the OpenAPI document too. Not for GETs that carry a body: the
   * document says GETs take none (functions/http/openapi.ts `acceptsBody`), yet the kit reads
   * and refuses them (400 malformed_json / 413 / 415), which the document does not list.
   */
  openApi: boolean;
}

/**
 * A notification's body quotes its subject's title between FIRST STRONG ISOLATE and POP
 * DIRECTIONAL ISOLATE, put there by the server (domain/notifications.ts) so that the title
 * cannot reorder the sentence; titles themselves never hold one (text fields refuse them). Each
 * balanced pair around isolate-free text is taken out before the check; anything else stays.
 */
const withoutQuotedTitles = (path: string, body: unknown): unknown => {
  if (!path.startsWith('/me/notifications') || !body || typeof body !== 'object') return body;
  const page = body as { items?: { body?: unknown }[] };
  if (!Array.isArray(page.items)) return body;
  return {
    ...page,
    items: page.items.map((n) =>
      typeof n?.body === 'string'
        ? { ...n, body: n.body.replace(/\u2068([^\u2066-\u2069]*)\u2069/g, '$1') }
        : n,
    ),
  };
};

/** The checks every answer must pass; `where` names the request for the failure message. */
const checkAnswer = (where: string, sent: Sent, res: Raw) => {
  stats.requests++;
  stats.byStatus.set(res.status, (stats.byStatus.get(res.status) ?? 0) + 1);
  if (res.status >= 500) stats.serverErrors++;
  expect(res.status, `${where}\n→ ${res.status} ${res.text.slice(0, 300)}`).toBeLessThan(500);
  // The HTTP server's own limits on the request line and headers (16 KiB), before any route.
  if ((res.status === 414 || res.status === 431) && sent.path.length > HEADER_LIMIT / 2) return;
  if (res.status === 401 && !sent.token) {
    // The JWT authorizer's own answer (docs/api-contract.md §1: clients rely on the status alone).
    expect(res.body, where).toEqual({ message: 'Unauthorized' });
  } else if (res.status >= 300) {
    expect(
      res.headers.get('content-type') ?? '',
      `${where}\n→ ${res.status} ${res.text.slice(0, 200)}`,
    ).toMatch(/^application\/problem\+json/);
    const p = res.body as { code?: string; status?: number; title?: unknown; type?: unknown };
    expect(Object.keys(CONTRACT_CODES), `${where}\n→ code ${p?.code}`).toContain(p?.code);
    expect(CONTRACT_CODES[p.code ?? ''], `${where}\n→ ${p.code} answered with ${res.status}`).toBe(
      res.status,
    );
    expect(p.status, where).toBe(res.status);
    expect(typeof p.title, where).toBe('string');
  } else if (!res.headers.get('content-type')?.startsWith('image/png')) {
    // Text answers only: a PNG's bytes are not characters (the card's text is checked in its SVG).
    expect(
      unsafeStrings(withoutQuotedTitles(sent.path, res.body)),
      `${where}\n→ ${res.status} answer carries unsafe characters`,
    ).toEqual([]);
  }
  if (sent.openApi) checkResponse(sent.method, sent.path, res.status, res.headers, res.text, res.body);
  else stats.getWithBody++;
};

const describeRequest = (
  method: string,
  path: string,
  headers: Record<string, string>,
  body: Body | undefined,
) => {
  const shown = body?.bytes
    ? body.bytes.length > 300
      ? `<${body.bytes.length} bytes: ${body.label}>`
      : JSON.stringify(body.bytes.toString('utf8'))
    : '<no body>';
  const h = Object.entries(headers)
    .filter(([k]) => k !== 'authorization')
    .map(([k, v]) => `${k}: ${JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…(${v.length})` : v)}`)
    .join('; ');
  return `${method} ${path.length > 200 ? `${path.slice(0, 200)}…(${path.length})` : path} [${h}] ${shown}`;
};

// ---------------------------------------------------------------------------------------------

const RUNS = 200;
const TIME_PER_ROUTE_MS = 650;
const started = Date.now();
let shared: World;

beforeAll(async () => {
  await pinHost();
  staff = await staffToken();
  shared = await buildWorld();
  // A featured project with tricky headlines the showcase and the share card show: direction
  // marks, joiners, tashkeel, emoji (controls and bidi overrides are refused: docs/api-contract.md §10).
  await must('POST', `/staff/ideas/${shared.running}/feature`, staff, {
    headlineAr: 'مشروع\u200F مميز\u061C جدًّا\u200E',
    headlineEn: 'Featured\u200D "project" </text> &\u200B 🌴',
  });
  for (const list of ['/ambassadors?limit=1', '/lectures?limit=1', '/ideas?limit=1', '/showcase?limit=1']) {
    const res = await call('GET', list, { token: shared.a.token });
    if (res.body?.nextCursor) shared.cursors.push(res.body.nextCursor);
  }
}, 60_000);

afterAll(() => {
  closeRawHttp();
  const statuses = [...stats.byStatus].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`);
  const writeRoutes = routes.filter((r) => r.method !== 'GET').map((r) => r.id);
  console.log(
    `fuzz: accepted writes by route: ${writeRoutes.map((id) => `${id} ${stats.acceptedByRoute.get(id) ?? 0}`).join(', ')}`,
  );
  console.log(
    `fuzz: ${stats.requests.toLocaleString('en')} requests over ${stats.routes.size} routes, ${stats.serverErrors} server errors; ` +
      `${stats.writesAccepted} accepted writes read back (${stats.storedItemsScanned} stored items scanned, ` +
      `${stats.arabicRoundTrips} hostile texts compared exactly), ${stats.over64k} bodies over 64 KiB, ` +
      `${stats.loneSurrogatesStored} lone surrogates stored, ${stats.getWithBody} GETs with a body (not in the OpenAPI document); statuses ${statuses.join(' ')}; ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
});

describe('hostile input, every route of the table', () => {
  it('the table is covered: one property per route below', () => {
    const fuzzed = routes.filter((r) => r.path !== '$default').map((r) => r.id);
    expect(fuzzed.length).toBe(routes.length - 1);
    for (const id of Object.keys(plans)) expect(fuzzed, `plan for unknown route ${id}`).toContain(id);
  });

  for (const spec of routes.filter((r) => r.path !== '$default')) {
    const plan: Plan = plans[spec.id] ?? { callers: defaultCallers(spec) };
    const writes = spec.method !== 'GET';
    it(`${spec.method} ${spec.path}`, async () => {
      stats.routes.add(spec.id);
      // Writes get a world of their own: a fuzzed withdrawal or erasure must not starve the next route.
      const w = writes ? await buildWorld() : shared;
      w.cursors = shared.cursors;
      const names = [...spec.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
      const good = plan.good?.(w) ?? {};
      const paramArb = fc.tuple(
        ...names.map((n) =>
          fc.oneof(
            { weight: 3, arbitrary: fc.constantFrom(...realParams(spec, n, w)) },
            { weight: 2, arbitrary: hostileId },
          ),
        ),
      );
      const goodParamArb = fc.tuple(
        ...names.map((n) => fc.constantFrom(...(good[n] ?? realParams(spec, n, w).slice(0, 1)))),
      );
      // A clean run keeps everything valid but the body (the owner calls, real ids, JSON, no
      // query, no precondition headers), so hostile text inside a valid body gets stored often.
      const clean = writes && spec.body ? fc.boolean() : fc.constant(false);
      const seed = plan.seed?.(w);
      const body =
        spec.method === 'GET'
          ? fc.oneof(
              { weight: 5, arbitrary: fc.constant(null) },
              { weight: 1, arbitrary: bodyArb(undefined, []) },
            )
          : bodyArb(seed, plan.text ?? []);

      const clock = timeBudget(TIME_PER_ROUTE_MS);
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...plan.callers),
          paramArb,
          queryArb(spec, w.cursors),
          body,
          acceptLanguage,
          ifMatch,
          idempotencyKey,
          clean.chain((c) =>
            c ? goodParamArb.map((g) => ({ ids: g as string[] })) : fc.constant(undefined),
          ),
          clock.run(async (anyone, anyIds, anyQuery, b, lang, anyMatch, anyKey, cleanRun) => {
            const who = cleanRun ? (plan.callers[0] as Who) : anyone;
            const ids = cleanRun ? cleanRun.ids : anyIds;
            const query = cleanRun ? '' : anyQuery;
            const match = cleanRun ? undefined : anyMatch;
            const idemKey = cleanRun ? undefined : anyKey;
            const contentType =
              cleanRun && b?.contentType !== undefined ? 'application/json' : b?.contentType;
            const caller = await tokenFor(who, w);
            const params = Object.fromEntries(names.map((n, i) => [n, ids[i] as string]));
            const path = `${spec.path.replace(/\{(\w+)\}/g, (_, n: string) => params[n] ?? '')}${query ? `?${query}` : ''}`;
            const headers: Record<string, string> = {};
            if (caller) headers.authorization = `Bearer ${caller.token}`;
            if (contentType !== undefined) headers['content-type'] = contentType;
            if (lang !== undefined) headers['accept-language'] = lang;
            if (spec.method === 'PATCH' && match !== undefined) headers['if-match'] = match;
            if (spec.status === 201 && idemKey !== undefined) headers['idempotency-key'] = idemKey;
            const bytes = b?.bytes && b.bytes.length > 0 ? b.bytes : undefined;
            const where = describeRequest(spec.method, path, headers, b ?? undefined);

            const res = await sendRaw(spec.method, path, headers, bytes);
            checkAnswer(
              where,
              {
                method: spec.method,
                path,
                token: caller !== undefined,
                openApi: !(spec.method === 'GET' && bytes),
              },
              res,
            );

            // 64 KiB: over is 413 (unless the path or query was refused first), within never is.
            const size = bytes?.length ?? 0;
            const sameRoute =
              matchRoute(spec.method, new URL(path, 'http://x').pathname)?.spec.id === spec.id;
            if (b?.utf8 && size > MAX_BODY && sameRoute && res.status !== 414 && res.status !== 431) {
              stats.over64k++;
              const refusedEarlier =
                (res.status === 400 &&
                  ((res.body as { errors?: { path: string }[] }).errors ?? []).some((e) =>
                    /^(path|query)\b/.test(e.path),
                  )) ||
                (res.status === 400 && (res.body as { code?: string }).code === 'invalid_cursor') ||
                res.status === 403 ||
                res.status === 401;
              if (!refusedEarlier) expect(res.status, `${where}\n→ ${res.text.slice(0, 200)}`).toBe(413);
            }
            if (size <= MAX_BODY) expect(res.status, `${where}: within 64 KiB yet 413`).not.toBe(413);

            // Whatever a write stored: no controls, no bidi overrides, hostile text cleaned, Arabic intact.
            if (writes && res.status < 300) {
              stats.writesAccepted++;
              stats.acceptedByRoute.set(spec.id, (stats.acceptedByRoute.get(spec.id) ?? 0) + 1);
              const decodedParams = Object.fromEntries(
                Object.entries(params).map(([k, v]) => {
                  try {
                    return [k, decodeURIComponent(v)];
                  } catch {
                    return [k, v];
                  }
                }),
              );
              const back = await readBack(spec, decodedParams, caller, res);
              if (back) {
                stats.storedItemsScanned += back.items.length;
                stats.loneSurrogatesStored += countLoneSurrogates(back.items);
                expect(
                  unsafeStrings(back.items),
                  `${where}\n→ ${res.status}; stored items hold unsafe characters`,
                ).toEqual([]);
                expect(unsafeStrings(back.api ?? {}), `${where}\n→ read back through the API`).toEqual([]);
                const replayed = res.headers.get('idempotent-replayed') === 'true';
                if (b?.sent && !replayed && back.stored) {
                  const want = expectedStored(b.sent.value);
                  for (const at of plan.alias?.(b.sent.field) ?? [b.sent.field]) {
                    expect(
                      pick(back.stored, at),
                      `${where}\n→ stored ${at} (${codePoints(String(pick(back.stored, at)))})`,
                    ).toBe(want);
                    if (back.api)
                      expect(pick(back.api, at), `${where}\n→ ${at} read back through the API`).toBe(want);
                  }
                  expect(want.match(ARABIC_LETTERS)?.join('')).toBe(
                    b.sent.value.normalize('NFC').match(ARABIC_LETTERS)?.join(''),
                  );
                  stats.arabicRoundTrips++;
                }
              }
            }
          }),
        ),
        { numRuns: RUNS, interruptAfterTimeLimit: clock.ceiling },
      );
    }, 60_000);
  }

  it('any other method and path: 404 route_not_found as problem+json', async () => {
    stats.routes.add('$default');
    const segment = fc.oneof(
      fc.constantFrom(
        'ambassadors',
        'me',
        'lectures',
        'ideas',
        'staff',
        'showcase',
        'card.svg',
        'health',
        'x',
        '',
        '..',
        '%2F',
      ),
      hostileId,
    );
    const clock = timeBudget(1500);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'),
        // Not a target starting with `//`: it takes the whole local server down (see the next
        // test), and with it every test file that runs after this one.
        fc.array(segment, { minLength: 0, maxLength: 5 }).filter((s) => !`/${s.join('/')}`.startsWith('//')),
        fc.boolean(),
        clock.run(async (method, segments, withToken) => {
          const path = `/${segments.join('/')}`;
          const headers: Record<string, string> = withToken
            ? { authorization: `Bearer ${shared.a.token}` }
            : {};
          const res = await sendRaw(method, path, headers);
          const where = describeRequest(method, path, headers, undefined);
          checkAnswer(where, { method, path, token: withToken, openApi: true }, res);
          const normalised = new URL(path, 'http://x').pathname;
          if (
            matchRoute(method, normalised)?.spec.path === '$default' &&
            res.status !== 431 &&
            res.status !== 414
          ) {
            expect(res.status, where).toBe(404);
            expect((res.body as { code?: string }).code, where).toBe('route_not_found');
          }
        }),
      ),
      { numRuns: 300, interruptAfterTimeLimit: clock.ceiling },
    );
  });

  /**
   * Was a defect: the local gateway parsed the request target with
   * `new URL(req.url, 'http://localhost')` before its try/catch (infra/local/gateway.ts,
   * createGateway). A target that is not a valid relative URL, such as `//` (also `///`,
   * `//:`, `//%`, `//a:b`), throws there: an uncaught exception that ends the `npm start`
   * process, and leaves its DynamoDB Local child running. Minimal input: `GET //`
   * (`curl --path-as-is http://localhost:3000//`). Run against a gateway of its own, so the
   * shared server of the run survives.
   */
  it('a request target like // is answered, and the server stays up', async () => {
    const script = `
      import { createGateway } from ${JSON.stringify(resolvePath(import.meta.dirname, '../../infra/local/gateway.ts'))};
      const tokens = { issuer: 'x', jwks: { keys: [] }, sign: async () => '', verify: async () => undefined };
      const server = createGateway({ tokens, localRoutes: {} });
      server.listen(0, '127.0.0.1', () => console.log('PORT ' + server.address().port));
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      env: {
        ...process.env,
        TABLE_NAME: 'isolated',
        CURSOR_SECRET: 'isolated',
        POWERTOOLS_LOG_LEVEL: 'SILENT',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    try {
      const port = await new Promise<string>((ok, fail) => {
        const timer = setTimeout(() => fail(new Error(`isolated gateway did not start: ${stderr}`)), 15_000);
        child.stdout?.on('data', (d: Buffer) => {
          const m = /PORT (\d+)/.exec(d.toString());
          if (m?.[1]) {
            clearTimeout(timer);
            ok(m[1]);
          }
        });
      });
      const get = (path: string) =>
        new Promise<{ status: number; body: string } | { error: string }>((ok) => {
          const req = httpRequest({ host: '127.0.0.1', port, path, agent: false }, (res) => {
            let body = '';
            res.on('data', (c: Buffer) => {
              body += c.toString();
            });
            res.on('end', () => ok({ status: res.statusCode ?? 0, body }));
          });
          req.on('error', (e: NodeJS.ErrnoException) => ok({ error: e.code ?? e.message }));
          req.end();
        });
      expect(await get('/no-such-route'), 'the isolated gateway answers').toMatchObject({ status: 404 });
      const answer = await get('//');
      await new Promise((r) => setTimeout(r, 200));
      const after = await get('/no-such-route');
      expect(
        { answer, after, exited: child.exitCode !== null },
        `GET // on the local gateway: ${stderr.split('\n').find((l) => l.includes('TypeError')) ?? ''}`,
      ).toMatchObject({ answer: { status: 404 }, after: { status: 404 }, exited: false });
    } finally {
      if (child.exitCode === null) child.kill();
    }
  });
});

/**
 * docs/api-contract.md §10 "Bounded errors". Was a defect: zod reports all unknown keys in
 * one issue whose message names every key, and the kit repeated that message under each
 * key, so the answer grew with the square of their number (7 KB of query string answered
 * 10 MB). Thousands of unknown query parameters (as many as API Gateway's ~8 KB URL holds) and
 * body fields (up to the 64 KiB body), and names of several KB, on public and signed-in routes:
 * the answer is a 400 problem+json of at most 20 entries and 8 KiB, `truncated`, and about as
 * fast as for one unknown field.
 */
describe('bounded errors (§10): thousands of unknown fields and parameters', () => {
  const MAX_ERROR_BYTES = 8 * 1024;
  /** `n` distinct short names: `x0`, `x1`, … in base 36. */
  const names = (n: number, prefix = 'x') =>
    Array.from({ length: n }, (_, i) => `${prefix}${i.toString(36)}`);
  const queryOf = (keys: string[]) => keys.map(encodeURIComponent).join('&');
  const bodyOf = (keys: string[], base: Record<string, unknown> = {}) =>
    Buffer.from(JSON.stringify({ ...base, ...Object.fromEntries(keys.map((k) => [k, 0])) }));

  const timed = async (method: string, path: string, tok: string | undefined, body?: Buffer) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (tok) headers.authorization = `Bearer ${tok}`;
    const t0 = performance.now();
    const res = await sendRaw(method, path, headers, body);
    const ms = performance.now() - t0;
    checkResponse(method, path, res.status, res.headers, res.text, res.body);
    return { res, ms };
  };

  const expectBounded = (res: Raw, what: string) => {
    expect(res.status, what).toBe(400);
    expect(res.headers.get('content-type'), what).toMatch(/^application\/problem\+json/);
    expect(Buffer.byteLength(res.text, 'utf8'), what).toBeLessThanOrEqual(MAX_ERROR_BYTES);
    const body = res.body as { code: string; errors: unknown[]; truncated?: boolean };
    expect(body.code, what).toBe('validation_failed');
    expect(body.errors.length, what).toBeGreaterThan(0);
    expect(body.errors.length, what).toBeLessThanOrEqual(20);
    expect(body.truncated, what).toBe(true);
  };

  /** One unknown field first, as the yardstick; then the flood, which must stay close to it. */
  const compare = async (
    what: string,
    one: () => Promise<{ res: Raw; ms: number }>,
    many: () => Promise<{ res: Raw; ms: number }>,
  ) => {
    const base = await one();
    expect(base.res.status, `${what}: one unknown field`).toBe(400);
    const flood = await many();
    expectBounded(flood.res, what);
    // Generous: a flood may cost parsing its input, never more than a fixed half second.
    expect(flood.ms, `${what}: ${flood.ms.toFixed(0)} ms vs ${base.ms.toFixed(0)} ms for one`).toBeLessThan(
      Math.max(500, 20 * base.ms),
    );
  };

  const QUERY_KEYS = names(1500); // ~7.5 KB of query string
  const BODY_KEYS = names(6500, 'k'); // ~60 KB of body

  it.each([
    ['GET', '/leaderboards/lectures', 'public'],
    ['GET', '/showcase', 'public'],
    ['GET', '/ambassadors', 'member'],
    ['GET', '/ideas', 'member'],
    ['POST', '/ideas', 'ambassador'],
    ['GET', '/staff/ideas', 'staff'],
  ] as const)('%s %s (%s): thousands of unknown query parameters', async (method, path, role) => {
    const tok = role === 'public' ? undefined : role === 'staff' ? staff : shared.a.token;
    const url = `${path}?${queryOf(QUERY_KEYS)}`;
    expect(url.length).toBeLessThan(8 * 1024);
    await compare(
      `${method} ${path} with ${QUERY_KEYS.length} query parameters`,
      () => timed(method, `${path}?x=1`, tok, method === 'POST' ? Buffer.from('{}') : undefined),
      () => timed(method, url, tok, method === 'POST' ? Buffer.from('{}') : undefined),
    );
  });

  it.each([
    ['POST', '/ideas', 'ambassador'],
    ['PATCH', '/ambassadors/me', 'ambassador'],
    ['POST', '/ambassadors', 'member'],
    ['POST', '/staff/ideas/{submitted}/decision', 'staff'],
  ] as const)('%s %s (%s): thousands of unknown body fields', async (method, template, role) => {
    const tok = role === 'staff' ? staff : role === 'member' ? shared.member.token : shared.a.token;
    const path = template.replace('{submitted}', shared.submitted);
    const body = bodyOf(BODY_KEYS);
    expect(body.length).toBeLessThanOrEqual(MAX_BODY);
    await compare(
      `${method} ${path} with ${BODY_KEYS.length} body fields`,
      () => timed(method, path, tok, bodyOf(['k0'])),
      () => timed(method, path, tok, body),
    );
  });

  it('unknown names of several KB are cut short, in the query and in the body', async () => {
    const longKeys = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].map((c) => c.repeat(700));
    const q = await timed('GET', `/showcase?${queryOf(longKeys)}`, undefined);
    const arabic = Array.from({ length: 25 }, (_, i) => `${'ح'.repeat(1000)}${i}`);
    const b = await timed('POST', '/ideas', shared.a.token, bodyOf([...arabic, 'x'.repeat(10_000)]));
    for (const [res, what] of [
      [q.res, 'query'],
      [b.res, 'body'],
    ] as const) {
      expect(res.status, what).toBe(400);
      expect(Buffer.byteLength(res.text, 'utf8'), what).toBeLessThanOrEqual(MAX_ERROR_BYTES);
      for (const e of (res.body as { errors: { path: string; message: string }[] }).errors) {
        expect(e.path.length, what).toBeLessThanOrEqual(200);
        expect(e.message.length, what).toBeLessThanOrEqual(400);
      }
    }
    expect((b.res.body as { truncated?: boolean }).truncated).toBe(true);
  });
});
