/** The one error type of the domain (docs/api-contract.md §1): a stable code, a message, field errors. */
import { describe, expect, it } from 'vitest';
import { DomainError, isDomainError } from '#domain/errors.ts';

describe('DomainError', () => {
  // Its HTTP status and title are the HTTP layer's (functions/http/problem.ts), tested there.
  it('carries its code and no detail by default (titles are the HTTP layer’s: functions/http/problem.ts)', () => {
    const e = new DomainError('team_full');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('DomainError');
    expect(e.code).toBe('team_full');
    expect(e.detail).toBeUndefined();
    expect(e.message).toBe('team_full');
    expect(e.fieldErrors).toBeUndefined();
  });

  it('a detail replaces the title; field errors are kept as given', () => {
    const fieldErrors = [{ path: 'note', message: 'Required to reject' }];
    const e = new DomainError('validation_failed', 'The review is invalid', fieldErrors);
    expect(e.message).toBe('The review is invalid');
    expect(e.fieldErrors).toEqual(fieldErrors);
  });

  it('isDomainError tells it from other errors and values', () => {
    expect(isDomainError(new DomainError('not_found'))).toBe(true);
    for (const v of [new Error('not_found'), { code: 'not_found' }, undefined, 'not_found'])
      expect(isDomainError(v)).toBe(false);
  });
});
