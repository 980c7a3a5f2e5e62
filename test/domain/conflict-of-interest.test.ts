/** Conflict of interest (docs/api-contract.md §10), the pure rule. */
import { describe, expect, it } from 'vitest';
import { assertNotInvolved, assertNotOrganizer, isInvolved } from '#domain/conflict-of-interest.ts';
import { DomainError } from '#domain/errors.ts';
import { statusOf } from '#http/problem.ts';

const codeOf = (f: () => void): string | undefined => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect(statusOf((e as DomainError).code)).toBe(403);
    return (e as DomainError).code;
  }
  return undefined;
};

describe('conflict of interest', () => {
  it('the organizer may not review their lecture; anyone else may', () => {
    expect(codeOf(() => assertNotOrganizer({ organizerId: 's-1' }, 's-1'))).toBe('conflict_of_interest');
    expect(codeOf(() => assertNotOrganizer({ organizerId: 's-1' }, 's-2'))).toBeUndefined();
  });

  it('the author and every team member are involved in an idea; other staff are not', () => {
    expect(isInvolved({ authorId: 's-1' }, 's-1', false)).toBe(true);
    expect(isInvolved({ authorId: 'a-1' }, 's-1', true)).toBe(true);
    expect(isInvolved({ authorId: 'a-1' }, 's-1', false)).toBe(false);
    expect(codeOf(() => assertNotInvolved({ authorId: 's-1' }, 's-1', false, 'decide'))).toBe(
      'conflict_of_interest',
    );
    expect(codeOf(() => assertNotInvolved({ authorId: 'a-1' }, 's-1', true, 'feature'))).toBe(
      'conflict_of_interest',
    );
    expect(codeOf(() => assertNotInvolved({ authorId: 'a-1' }, 's-1', false, 'hide'))).toBeUndefined();
  });
});

describe('what a conflict of interest says', () => {
  it('names the act refused', () => {
    const message = (f: () => void) => {
      try {
        f();
      } catch (e) {
        return (e as DomainError).message;
      }
      return undefined;
    };
    expect(message(() => assertNotOrganizer({ organizerId: 's-1' }, 's-1'))).toBe(
      'Staff may not review their own work',
    );
    expect(message(() => assertNotInvolved({ authorId: 's-1' }, 's-1', false, 'feature'))).toBe(
      'Staff may not feature their own work',
    );
  });
});
