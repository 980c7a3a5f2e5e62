/**
 * The checks many tests make of an answer: a problem+json error with the contract's `code`
 * (docs/api-contract.md §1, "Errors"), an ETag that is the body's version, a Location to read back.
 */
import { isDeepStrictEqual } from 'node:util';
import { expect } from 'vitest';
import type { Res } from './api.ts';

/** An answer whose headers may be a `Headers` (over HTTP) or a plain record (a handler in process). */
interface Answer {
  status: number;
  headers: Headers | Record<string, string>;
  body?: any;
}

const header = (a: Answer, name: string): string | undefined =>
  (a.headers instanceof Headers ? a.headers.get(name) : a.headers[name.toLowerCase()]) ?? undefined;

/** A problem+json answer with this status and `code`, its `status` field the same. */
export const expectProblem = (res: Answer, status: number, code: string, where = '') => {
  const shown = `${where ? `${where}: ` : ''}${JSON.stringify(res.body)?.slice(0, 300)}`;
  expect({ status: res.status, code: res.body?.code }, shown).toEqual({ status, code });
  expect(header(res, 'content-type') ?? '', shown).toMatch(/^application\/problem\+json/);
  expect(res.body?.status, shown).toBe(status);
};

/** The `ETag` names the body's version (docs/api-contract.md §1, "Concurrency"). */
export const expectETag = (res: Res) => {
  expect(res.headers.get('etag')).toBe(`"${res.body.version}"`);
};

/** A created resource's `Location`, which must be this path when given. */
export const expectLocation = (res: Res, path?: string) => {
  const location = res.headers.get('location');
  expect(location, 'Location').toBeTruthy();
  if (path !== undefined) expect(location).toBe(path);
  return location as string;
};

/** Where two states differ: up to five paths, each with its value before and after. */
export const difference = (before: unknown, after: unknown): string => {
  const out: string[] = [];
  const walk = (a: any, b: any, at: string) => {
    if (out.length >= 5 || isDeepStrictEqual(a, b)) return;
    if (a && b && typeof a === 'object' && typeof b === 'object') {
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[k], b[k], `${at}.${k}`);
      return;
    }
    out.push(
      `${at.slice(1) || '(root)'}: ${JSON.stringify(a)?.slice(0, 80)} → ${JSON.stringify(b)?.slice(0, 80)}`,
    );
  };
  walk(before, after, '');
  return out.join('; ');
};
