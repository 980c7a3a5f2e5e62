/** A small HTTP client for the tests: the same requests a web or mobile client makes. */
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { checkResponse } from './contract.ts';

export const baseUrl = () => inject('baseUrl');

export interface Res<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface CallOptions {
  token?: string | undefined;
  body?: unknown;
  /** Sent as is (not JSON-encoded). */
  rawBody?: string;
  headers?: Record<string, string>;
}

export const call = async <T = any>(
  method: string,
  path: string,
  opts: CallOptions = {},
): Promise<Res<T>> => {
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
  // Every answer must be one the published document allows.
  checkResponse(method, path, res.status, res.headers, text, parsed);
  return { status: res.status, headers: res.headers, body: parsed as T };
};

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

export const validProfile = (overrides: Record<string, unknown> = {}) => ({
  name: 'Aisha Al-Harthy',
  governorate: 'OM-MA',
  wilayat: 'bawshar',
  interests: ['mobility', 'energy'],
  expertise: ['urban planning'],
  bio: 'Engineer in Muscat.',
  phone: '+96891234567',
  languages: ['ar', 'en'],
  ...overrides,
});

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

/** Today in Oman (Asia/Muscat, UTC+4), or `daysAgo` days before it. */
export const omanDate = (daysAgo = 0) =>
  new Date(Date.now() + 4 * 3600_000 - daysAgo * 86_400_000).toISOString().slice(0, 10);

export const validLecture = (overrides: Record<string, unknown> = {}) => ({
  title: 'Smart water meters for Bawshar homes',
  topic: 'water',
  description: 'How smart meters cut household water use.',
  deliveredOn: omanDate(1),
  format: 'in_person',
  governorate: 'OM-MA',
  wilayat: 'bawshar',
  venue: 'Bawshar community hall',
  audience: 'public',
  attendees: 40,
  evidenceUrls: ['https://example.om/photo.jpg'],
  ...overrides,
});

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
