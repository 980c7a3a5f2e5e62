/**
 * `GET /_local/clock` and `POST /_local/clock` (docs/architecture.md, "Events and time"): the
 * one clock (functions/clock.ts) as the local server's routes and jobs read it, moved forward
 * on request so that windows, closings and digests are shown and tested without waiting.
 * Never back: a rule that saw a later time must not see an earlier one.
 */
import * as z from 'zod/mini';
import { clock } from '#functions/clock.ts';
import { problem } from '#http/problem.ts';
import type { LocalRoute } from './gateway.ts';

const advanceRequest = z.strictObject({
  advanceSeconds: z.number().check(z.minimum(0), z.maximum(10 * 365 * 24 * 3600)),
});

const invalid = (
  code: 'validation_failed' | 'malformed_json',
  detail: string,
  errors?: { path: string; message: string }[],
) => {
  const p = problem(code, 'en', { detail, ...(errors ? { errors } : {}) });
  return {
    status: p.statusCode ?? 400,
    body: String(p.body),
    contentType: 'application/problem+json; charset=utf-8',
  };
};

export const clockReading = () => ({ now: clock.now().toISOString(), offsetSeconds: clock.offsetSeconds() });

export const clockRoutes = (): Record<string, LocalRoute> => ({
  'GET /_local/clock': async () => ({ status: 200, body: clockReading() }),
  'POST /_local/clock': async (_req, body) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body || '{}');
    } catch {
      return invalid('malformed_json', 'The body is not valid JSON');
    }
    const r = advanceRequest.safeParse(parsed);
    if (!r.success)
      return invalid(
        'validation_failed',
        'Send { "advanceSeconds": n } with n ≥ 0: the clock only moves forward',
        r.error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message })),
      );
    clock.advance(r.data.advanceSeconds);
    return { status: 200, body: clockReading() };
  },
});
