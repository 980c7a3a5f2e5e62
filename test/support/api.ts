/** A small HTTP client for the tests: the same requests a web or mobile client makes. */
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { limiter } from './budget.ts';
import { checkResponse } from './contract.ts';
import { omanDate, validLecture, validProfile } from './fixtures.ts';

// The bodies live in fixtures.ts; these names stay here for the files that import them from api.ts.
export { omanDate, validLecture, validProfile };

let ownServer: string | undefined;
/**
 * Points this test file's requests at a server of its own (one whose clock it moves, which
 * must not be the shared one); each test file has its own module instance, so others are unmoved.
 */
export const useServer = (url: string | undefined) => {
  ownServer = url;
};
export const baseUrl = () => ownServer ?? inject('baseUrl');

export interface Res<T = any> {
  status: number;
  headers: Headers;
  body: T;
  /** The body as received. */
  text: string;
  /** With `contract: 'report'`: why the answer is not one the OpenAPI document allows. */
  contractError?: string;
}

export interface CallOptions {
  token?: string | undefined;
  body?: unknown;
  /** Sent as is (not JSON-encoded). */
  rawBody?: string;
  headers?: Record<string, string>;
  /**
   * An answer the OpenAPI document does not allow throws (`'throw'`, the default), or is
   * returned with `contractError` set, for a test that reports every wrong answer at once.
   */
  contract?: 'throw' | 'report';
}

// Requests of this file in flight: unbounded unless the file caps them (`limitCalls`).
let slot = <T>(f: () => Promise<T>) => f();
let sent = 0;

/** Caps the calls this test file has in flight, so that DynamoDB Local is never flooded. */
export const limitCalls = (max: number) => {
  slot = limiter(max);
};
/** How many requests this test file has sent so far. */
export const callsSent = () => sent;

export const call = <T = any>(method: string, path: string, opts: CallOptions = {}): Promise<Res<T>> =>
  slot(async () => {
    sent++;
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined = opts.rawBody;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${baseUrl()}${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON
    }
    const answer: Res<T> = { status: res.status, headers: res.headers, body: parsed as T, text };
    // Every answer must be one the published document allows.
    try {
      checkResponse(method, path, res.status, res.headers, text, parsed);
    } catch (e) {
      if (opts.contract !== 'report') throw e;
      answer.contractError = (e as Error).message;
    }
    return answer;
  });

export const token = async (
  sub: string,
  opts: { email?: string; groups?: string[]; expiresInSeconds?: number } = {},
) => {
  const res = await call<{ token: string }>('POST', '/_local/token', {
    body: { sub, email: opts.email ?? `${sub}@example.om`, ...opts },
  });
  if (res.status !== 200) throw new Error(`token: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token;
};

/** A fresh, unique user id, so tests sharing one database never collide. */
export const uniqueSub = (label = 'u') => `${label}-${randomUUID().slice(0, 8)}`;

/** A unique word usable in names and found by `q`: letters only. */
export const uniqueWord = () =>
  `Zx${randomUUID()
    .replace(/[^a-f]/g, '')
    .slice(0, 8)}`;

/** Registers a new ambassador and returns their id, token and profile. */
export const newAmbassador = async (
  overrides: Record<string, unknown> = {},
  opts: { groups?: string[] } = {},
) => {
  const sub = uniqueSub('amb');
  const t = await token(sub, opts);
  const res = await call('POST', '/ambassadors', { token: t, body: validProfile(overrides) });
  if (res.status !== 201) throw new Error(`register: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: sub, token: t, profile: res.body };
};

export const staffToken = () => token(uniqueSub('staff'), { groups: ['staff'] });

/** Reports a lecture as the organizer and returns it. */
export const newLecture = async (organizerToken: string, overrides: Record<string, unknown> = {}) => {
  const res = await call('POST', '/lectures', { token: organizerToken, body: validLecture(overrides) });
  if (res.status !== 201) throw new Error(`report: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};

/** Runs the leaderboard job once, as the schedule would, and returns its summary. */
export const runLeaderboards = async () => {
  const res = await call('POST', '/_local/schedules/leaderboards');
  if (res.status !== 200) throw new Error(`leaderboards: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};
