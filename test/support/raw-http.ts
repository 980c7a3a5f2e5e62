/**
 * Raw HTTP to the local server: paths, headers and bytes go out exactly as given (fetch would
 * normalise them), and the answer comes back with its text. Call `pinHost()` before the first
 * request and `closeRawHttp()` after the last.
 */
import { Agent, request as httpRequest } from 'node:http';
import { baseUrl } from './api.ts';

export interface Raw {
  status: number;
  headers: Headers;
  text: string;
  body: unknown;
}
const agent = new Agent({ keepAlive: true, maxSockets: 4 });
/** The HTTP server's own limit on the request line and headers (Node: 16 KiB), met before any route. */
export const HEADER_LIMIT = 16 * 1024;

/**
 * The address the local server answers on. It listens on `::`, which is IPv6-only on some
 * hosts, and a client resolving `localhost` may fall back to 127.0.0.1 when ::1 is slow to
 * answer: pin the address that works.
 */
let host = '';
const pickHost = async () => {
  const { port } = new URL(baseUrl());
  for (const candidate of ['::1', '127.0.0.1', 'localhost']) {
    const ok = await new Promise<boolean>((resolve) => {
      const req = httpRequest({ host: candidate, port, path: '/health', agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on('error', () => resolve(false));
      req.end();
    });
    if (ok) return candidate;
  }
  throw new Error(`the local server does not answer at ${baseUrl()}`);
};

export const sendRaw = (
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: Buffer,
): Promise<Raw> =>
  new Promise((resolve, reject) => {
    const u = new URL(baseUrl());
    // A request line over the server's limit is refused (431) and the connection reset, maybe
    // while it is still being written: send it on a connection of its own.
    const oversized = path.length > HEADER_LIMIT;
    const req = httpRequest(
      {
        host: host || u.hostname,
        port: u.port,
        method,
        path,
        agent: oversized ? false : agent,
        headers: { ...headers, ...(body ? { 'content-length': String(body.length) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON (the share card's SVG)
          }
          const h = new Headers();
          for (const [k, v] of Object.entries(res.headers))
            if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(', ') : v);
          resolve({ status: res.statusCode ?? 0, headers: h, text, body: parsed });
        });
        res.on('error', reject);
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (oversized && (err.code === 'ECONNRESET' || err.code === 'EPIPE'))
        resolve({ status: 431, headers: new Headers(), text: '', body: undefined });
      else reject(err);
    });
    req.end(body);
  });

/** Finds the address the server answers on; requests made after it go there. */
export const pinHost = async () => {
  host = await pickHost();
};

/** Closes the kept-alive connections. */
export const closeRawHttp = () => agent.destroy();
