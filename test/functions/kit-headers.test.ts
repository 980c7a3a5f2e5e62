/**
 * Every header value the kit emits is header-safe: whatever a handler puts in
 * `Location` or its own headers, non-ASCII and controls go out percent-encoded, so no answer is
 * refused by Node or API Gateway after the handler has written. A handler of its own, called
 * in process with the event the local gateway builds.
 */
import { describe, expect, it } from 'vitest';
import { tableFreeHttp } from '#http/kit-core.ts';
import { defineRoute } from '#http/route-spec.ts';
import { apiGatewayEvent, lambdaContext } from '#infra/local/lambda-event.ts';

const spec = defineRoute({
  id: 'headerProbe',
  method: 'GET',
  path: '/probe',
  role: 'public',
  handler: 'none',
  access: 'none',
  summary: 'probe',
  tag: 'test',
  status: 200,
});

describe('header-safe answers', () => {
  it('Location and other header values are percent-encoded outside visible ASCII', async () => {
    const handler = tableFreeHttp(spec, async () => ({
      body: {},
      created: 'أحمد 😀\r\nx',
      headers: { 'x-note': 'café\u0000\n\uD800' },
    }));
    const res = await handler(
      apiGatewayEvent({ method: 'GET', route: '/probe', rawPath: '/ambassadors' }),
      lambdaContext('headerProbe'),
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers?.location).toBe(
      `/ambassadors/${encodeURIComponent('أحمد')}%20${encodeURIComponent('😀')}%0D%0Ax`,
    );
    expect(res.headers?.['x-note']).toBe('caf%C3%A9%00%0A%EF%BF%BD');
    for (const [k, v] of Object.entries(res.headers ?? {})) expect(String(v), k).toMatch(/^[\x20-\x7E]*$/);
    // What Node itself would refuse: every value passes its header check.
    const { validateHeaderValue } = await import('node:http');
    for (const [k, v] of Object.entries(res.headers ?? {}))
      expect(() => validateHeaderValue(k, String(v))).not.toThrow();
  });
});
