/**
 * Optimistic concurrency: what an `If-Match` asks for (docs/api-contract.md §1, §10). Absent or `*`
 * matches any current version; one or more versions match when the current one is among them
 * (RFC 9110 §13.1.1: a list of entity tags).
 */
import { DomainError } from './errors.ts';

export type ExpectedVersion = number | readonly number[] | undefined;

/** 412 `version_mismatch` unless `version` is what the caller expected. */
export const assertExpectedVersion = (expected: ExpectedVersion, version: number): void => {
  if (expected === undefined) return;
  const versions = typeof expected === 'number' ? [expected] : expected;
  if (!versions.includes(version)) throw new DomainError('version_mismatch');
};
