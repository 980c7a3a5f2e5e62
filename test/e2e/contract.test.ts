/** The response-vs-document check itself: it counts what it checks, and it can fail. */
import { describe, expect, it } from 'vitest';
import { call, newAmbassador } from '#support/api.ts';
import * as contract from '#support/contract.ts';

const json = (extra: Record<string, string> = {}) =>
  new Headers({ 'content-type': 'application/json; charset=utf-8', ...extra });
const problemJson = () => new Headers({ 'content-type': 'application/problem+json' });
const check = (method: string, path: string, status: number, headers: Headers, body: unknown) =>
  contract.checkResponse(method, path, status, headers, body === undefined ? '' : JSON.stringify(body), body);

describe('responses are checked against the OpenAPI document', () => {
  it('checks every answer of a documented route', async () => {
    const before = contract.checkedResponses();
    const a = await newAmbassador();
    await call('GET', `/ambassadors/${a.id}`, { token: a.token });
    await call('GET', '/openapi.json');
    await call('GET', '/no/such/route');
    expect(contract.checkedResponses() - before).toBeGreaterThanOrEqual(4);
  });

  it('fails on a body the document does not allow', async () => {
    expect(() => check('GET', '/health', 200, json(), { status: 'fine' })).toThrow(/does not match/);
    expect(() => check('GET', '/ambassadors/x', 200, json(), { id: 'x', name: 'No stats' })).toThrow(
      /does not match/,
    );
    // Public profiles never carry a field the document does not list.
    const a = await newAmbassador();
    const other = await newAmbassador();
    const seen = await call('GET', `/ambassadors/${a.id}`, { token: other.token });
    expect(() =>
      check('GET', `/ambassadors?q=x`, 200, json(), { items: [seen.body], nextCursor: null }),
    ).not.toThrow();
    expect(() =>
      check('GET', '/ambassadors', 200, json(), {
        items: [{ ...seen.body, email: 'leak@example.om' }],
        nextCursor: null,
      }),
    ).toThrow(/does not match/);
  });

  it('fails on a status, a problem code or a media type the document does not list', () => {
    expect(() => check('GET', '/health', 418, json(), {})).toThrow(/lists only/);
    // (/regions answers 400 to unknown query parameters, but never a 409.)
    expect(() => check('GET', '/regions', 409, problemJson(), { code: 'team_full' })).toThrow(/lists only/);
    const conflict = {
      type: 'https://errors.smartcity-ambassadors.om/team_full',
      title: 'The team is full',
      status: 409,
      code: 'team_full',
    };
    expect(() => check('POST', '/ideas/x/join-requests', 409, problemJson(), conflict)).not.toThrow();
    expect(() => check('POST', '/lectures/x', 409, problemJson(), conflict)).toThrow();
    expect(() => check('PATCH', '/lectures/x', 409, problemJson(), conflict)).toThrow(/does not match/);
    expect(() =>
      check('GET', '/health', 200, new Headers({ 'content-type': 'text/plain' }), { status: 'ok' }),
    ).toThrow(/answered text\/plain/);
  });

  it('fails when a required header is missing, or ETag is not the version or not documented', () => {
    const lecture = { version: 2 };
    expect(() => check('PATCH', '/lectures/x', 200, json(), lecture)).toThrow(/ETag is missing/);
    expect(() => check('PATCH', '/lectures/x', 200, json({ etag: '"1"' }), lecture)).toThrow(
      /not the body's version/,
    );
    // An ETag the document does not list (a team has no version of its own).
    expect(() => check('POST', '/ideas/x/leave', 204, new Headers({ etag: '"1"' }), undefined)).toThrow(
      /does not list/,
    );
    expect(() => check('GET', '/lectures', 503, problemJson(), { code: 'unavailable' })).toThrow(
      /Retry-After/,
    );
    expect(() => check('DELETE', '/lectures/x', 204, new Headers(), { unexpected: true })).toThrow(/no body/);
  });
});
