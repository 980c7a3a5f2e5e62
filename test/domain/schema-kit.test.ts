/**
 * The building blocks of request schemas (domain/schema-kit.ts) on their own: every entity's
 * schema is made of them, so a rule lost here is lost everywhere.
 */
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import {
  countryCode,
  governorateId,
  httpsUrl,
  idParam,
  isoDate,
  multiLine,
  paging,
  singleLine,
  uniqueList,
  wilayatId,
  wilayatInGovernorate,
} from '#domain/schema-kit.ts';
import { TEXT_PATTERN } from '#domain/text.ts';

const messages = (r: { error?: { issues: { message: string }[] } | undefined }) =>
  (r.error?.issues ?? []).map((i) => i.message);

describe('httpsUrl', () => {
  const url = httpsUrl();

  it.each([
    'https://example.org',
    'https://example.org/a/b?c=d#e',
    'https://xn--mgbh0fb.om/',
    'https://a.b:8443/x',
  ])('accepts %s, as sent', (u) => {
    expect(url.parse(u)).toBe(u);
  });

  it('trims, then stores as sent', () => {
    expect(url.parse('  https://example.org/x ')).toBe('https://example.org/x');
  });

  it.each([
    'http://example.org',
    'ftp://example.org',
    'https://',
    'https:///path',
    'https://exa mple.org',
    'https://example.org/a b',
    'https://example.org/\u200Bx',
    'https://example.org/\u0007',
    'https://[::1',
    'javascript:alert(1)',
    '',
  ])('refuses %j with one message', (u) => {
    const r = url.safeParse(u);
    expect(r.success).toBe(false);
    expect(messages(r)).toEqual(['Must be an https URL']);
  });

  it('at most 2048 characters', () => {
    const base = 'https://example.org/';
    expect(url.safeParse(base + 'a'.repeat(2048 - base.length)).success).toBe(true);
    expect(url.safeParse(base + 'a'.repeat(2049 - base.length)).success).toBe(false);
  });
});

describe('uniqueList', () => {
  const list = uniqueList(z.string(), 1, 3);

  it('takes min to max distinct items', () => {
    expect(list.parse(['a'])).toEqual(['a']);
    expect(list.parse(['a', 'b', 'c'])).toEqual(['a', 'b', 'c']);
    expect(list.safeParse([]).success).toBe(false);
    expect(list.safeParse(['a', 'b', 'c', 'd']).success).toBe(false);
  });

  it('refuses a repeated item', () => {
    const r = list.safeParse(['a', 'b', 'a']);
    expect(r.success).toBe(false);
    expect(messages(r)).toEqual(['Items must be distinct']);
  });
});

describe('idParam', () => {
  const id = idParam();

  it.each(['01JC0000000000000000000000', 'a', 'user.name@example.org', 'auth0|abc', 'x:y+z=w_v-u'])(
    'accepts %s',
    (v) => {
      expect(id.parse(v)).toBe(v);
    },
  );

  it.each(['', 'a#b', 'a b', 'a/b', 'ع', 'x'.repeat(129), 'a\n'])('refuses %j', (v) => {
    expect(id.safeParse(v).success).toBe(false);
  });

  it('up to 128 characters', () => {
    expect(id.safeParse('x'.repeat(128)).success).toBe(true);
  });
});

describe('reference ids and dates', () => {
  it('governorates, wilayats and countries are enums with short messages', () => {
    expect(governorateId().parse('OM-DA')).toBe('OM-DA');
    expect(messages(governorateId().safeParse('nizwa'))).toEqual(['Unknown governorate: see GET /regions']);
    expect(wilayatId().parse('nizwa')).toBe('nizwa');
    expect(messages(wilayatId().safeParse('OM-DA'))).toEqual(['Unknown wilayat: see GET /regions']);
    expect(countryCode().parse('OM')).toBe('OM');
    expect(messages(countryCode().safeParse('om'))).toEqual([
      'Must be an ISO 3166-1 alpha-2 code in upper case, like OM',
    ]);
  });

  it('a calendar date that exists', () => {
    expect(isoDate().parse('2028-02-29')).toBe('2028-02-29');
    for (const d of ['2026-02-29', '2026-13-01', '2026-1-1', '2026-11-01T00:00:00Z'])
      expect(messages(isoDate().safeParse(d))).toEqual(['Must be a real calendar date YYYY-MM-DD']);
  });

  it('paging: limit 1–100 from a query string, a cursor of 1–2048 characters', () => {
    const page = z.strictObject(paging);
    expect(page.parse({ limit: '100', cursor: 'c' })).toEqual({ limit: 100, cursor: 'c' });
    for (const limit of ['0', '101', '1.5']) expect(page.safeParse({ limit }).success).toBe(false);
    expect(page.safeParse({ cursor: '' }).success).toBe(false);
    expect(page.safeParse({ cursor: 'c'.repeat(2049) }).success).toBe(false);
  });
});

describe('wilayatInGovernorate', () => {
  const filter = z
    .strictObject({ governorate: z.optional(z.string()), wilayat: z.optional(z.string()) })
    .check(wilayatInGovernorate());

  it('a wilayat of that governorate, or either one alone, or neither', () => {
    for (const q of [
      { governorate: 'OM-DA', wilayat: 'nizwa' },
      { governorate: 'OM-DA' },
      { wilayat: 'nizwa' },
      {},
    ])
      expect(filter.safeParse(q).success).toBe(true);
  });

  it('a wilayat of another governorate is an issue at wilayat', () => {
    const r = filter.safeParse({ governorate: 'OM-MA', wilayat: 'nizwa' });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['wilayat', 'Wilayat is not in that governorate'],
    ]);
  });
});

describe('singleLine and multiLine messages', () => {
  it('name the refused characters, at most five', () => {
    const r = singleLine(0, 100).safeParse('a\u0001b\u0002c\u0003d\u0004e\u0005f\u0006');
    expect(messages(r)).toEqual([
      'Must be one line without control characters: U+0001 U+0002 U+0003 U+0004 U+0005',
    ]);
    expect(messages(multiLine(0, 100).safeParse('a\nb\u0007\u001B\u202E'))).toEqual([
      'Must not contain control characters other than line breaks: U+0007 U+001B U+202E',
    ]);
  });

  it('text of only invisible characters is refused when text is required, accepted when optional', () => {
    expect(messages(singleLine(1, 10).safeParse('\u200B\u200D'))).toEqual([
      'Must contain visible characters',
    ]);
    expect(singleLine(0, 10).safeParse('\u200B').success).toBe(true);
    expect(multiLine(1, 10).safeParse('\u200B').success).toBe(false);
  });

  it('multi-line text keeps LF, turns CRLF into LF, and is stored NFC', () => {
    expect(multiLine(0, 20).parse('a\r\nb\nc')).toBe('a\nb\nc');
    expect(singleLine(0, 20).parse('e\u0301')).toBe('\u00E9');
    expect(singleLine(0, 20).safeParse('a\nb').success).toBe(false);
  });
});

describe('what the OpenAPI document is told', () => {
  it('text fields carry the pattern of their rule', () => {
    expect(z.globalRegistry.get(singleLine(1, 10))?.pattern).toBe(TEXT_PATTERN.singleLine);
    expect(z.globalRegistry.get(multiLine(0, 10))?.pattern).toBe(TEXT_PATTERN.multiLine);
  });
});
