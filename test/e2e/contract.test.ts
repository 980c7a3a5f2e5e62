/** The response-vs-document check itself: it counts what it checks, and it can fail. */
import { describe, expect, it } from 'vitest';
import { call, newAmbassador } from '../support/api.ts';
import * as contract from '../support/contract.ts';

describe('responses are checked against the OpenAPI document', () => {
  it('checks every answer of a documented route', async () => {
    const before = contract.checkedResponses;
    const a = await newAmbassador();
    await call('GET', `/ambassadors/${a.id}`, { token: a.token });
    await call('GET', '/openapi.json');
    expect(contract.checkedResponses - before).toBeGreaterThanOrEqual(3);
  });

  it('fails on a body the document does not allow, or a status it does not list', () => {
    expect(() =>
      contract.checkResponse('GET', '/health', 200, 'application/json', { status: 'fine' }),
    ).toThrow(/does not match/);
    expect(() =>
      contract.checkResponse('GET', '/ambassadors/x', 200, 'application/json', { id: 'x', name: 'No stats' }),
    ).toThrow(/does not match/);
    expect(() => contract.checkResponse('GET', '/health', 418, 'application/json', {})).toThrow(
      /does not list/,
    );
    expect(() =>
      contract.checkResponse('GET', '/regions', 400, 'application/problem+json', { code: 'nope' }),
    ).toThrow();
  });
});
