import { describe, expect, it } from 'vitest';
import { DomainError } from '#domain/errors.ts';
import { assertExpectedVersion } from '#domain/versions.ts';

const mismatch = (f: () => void) => {
  try {
    f();
  } catch (e) {
    return e instanceof DomainError ? e.code : 'other';
  }
  return 'none';
};

describe('assertExpectedVersion (If-Match)', () => {
  it.each([
    [undefined, 3, 'none'],
    [3, 3, 'none'],
    [2, 3, 'version_mismatch'],
    [[1, 3], 3, 'none'],
    [[3, 1], 3, 'none'],
    [[1, 2], 3, 'version_mismatch'],
    [[], 3, 'version_mismatch'],
  ] as const)('expected %j, current %i: %s', (expected, current, outcome) => {
    expect(mismatch(() => assertExpectedVersion(expected, current))).toBe(outcome);
  });
});
