/**
 * What every benchmark shares: medians, number formatting, one table renderer, and the
 * shape each section hands to `bench/run.ts` (its figures for bench/results.json, its table,
 * and the targets it misses, each in one sentence).
 */

export interface SectionResult {
  /** Goes into bench/results.json under the section's name. */
  results: unknown;
  /** Printed under the section's title. */
  table: string;
  /** Targets missed, one sentence each (empty when every target is met). */
  misses: string[];
}

export interface BenchOptions {
  /** Fewer runs and smaller sizes, for a quick look (`npm run bench -- --quick`). */
  quick: boolean;
}

export const median = (xs: readonly number[]): number => {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** 1234.5 → "1,234.5"; integers without decimals. */
export const fmt = (n: number, digits = 1): string =>
  Number.isInteger(n)
    ? n.toLocaleString('en-US')
    : round(n, digits).toLocaleString('en-US', { maximumFractionDigits: digits });

/** A plain-text table: the first column left-aligned, the others right-aligned. */
export const renderTable = (columns: readonly string[], rows: readonly (readonly string[])[]): string => {
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
};

/** The machine the figures came from, for results.json. */
export const machine = async () => {
  const os = await import('node:os');
  return {
    node: process.version,
    cpus: os.cpus()[0]?.model ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  };
};

/**
 * DynamoDB on-demand prices, US$ per million request units: us-east-1 since the November
 * 2024 price cut (me-south-1, Bahrain, is about 10–15 % higher).
 */
export const USD_PER_MILLION_READ_UNITS = 0.125;
export const USD_PER_MILLION_WRITE_UNITS = 0.625;
/** US$ per million requests that each consume `read` RCU and `write` WCU. */
export const usdPerMillion = (read: number, write: number) =>
  read * USD_PER_MILLION_READ_UNITS + write * USD_PER_MILLION_WRITE_UNITS;

export interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** The local API over HTTP, as a client calls it, plus `POST /_local/token`. */
export interface HttpClient {
  call: (method: string, path: string, opts?: CallOptions) => Promise<Answer>;
  /** A signed local token for `sub` (staff: groups ['staff']). */
  token: (sub: string, groups?: string[]) => Promise<string>;
}

export const httpClient = (baseUrl: string): HttpClient => {
  const call: HttpClient['call'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (the share card)
    }
    return { status: res.status, headers: res.headers, body };
  };
  return {
    call,
    token: async (sub, groups) => {
      const r = await call('POST', '/_local/token', {
        body: { sub, email: `${sub}@example.om`, ...(groups ? { groups } : {}) },
      });
      if (r.status !== 200) throw new Error(`token: ${r.status} ${JSON.stringify(r.body)}`);
      return (r.body as { token: string }).token;
    },
  };
};
