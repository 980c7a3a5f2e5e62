/** Reading a cancelled transaction by name (functions/store/transact.ts). */
import { describe, expect, it } from 'vitest';
import { failedNames, isConflict, named } from '#store/transact.ts';

const put = (pk: string) => ({ Put: { TableName: 't', Item: { pk, sk: 'x' } } });
const cancelled = (...codes: string[]) => ({
  name: 'TransactionCanceledException',
  CancellationReasons: codes.map((Code) => ({ Code })),
});

const items = [
  ...named('profile', put('a')),
  ...named('email', put('b')),
  ...named('directory', put('c'), put('d')),
];

describe('failedNames', () => {
  it('names the items whose condition failed, whatever their position', () => {
    expect(failedNames(cancelled('None', 'ConditionalCheckFailed', 'None', 'None'), items)).toEqual(
      new Set(['email']),
    );
    expect(failedNames(cancelled('None', 'None', 'None', 'ConditionalCheckFailed'), items)).toEqual(
      new Set(['directory']),
    );
  });

  it('a single conditional request that failed names its only item', () => {
    expect(failedNames({ name: 'ConditionalCheckFailedException' }, items.slice(0, 1))).toEqual(
      new Set(['profile']),
    );
  });

  it('is undefined for a cancellation without a failed condition (a conflict) and for other errors', () => {
    expect(failedNames(cancelled('None', 'TransactionConflict', 'None', 'None'), items)).toBeUndefined();
    expect(failedNames({ name: 'ThrottlingException' }, items)).toBeUndefined();
    expect(failedNames(new Error('boom'), items)).toBeUndefined();
  });
});

describe('isConflict', () => {
  it('is a cancellation by another transaction on one of the items, nothing else', () => {
    expect(isConflict(cancelled('None', 'TransactionConflict', 'None', 'None'))).toBe(true);
    expect(isConflict(cancelled('None', 'ConditionalCheckFailed', 'None', 'None'))).toBe(false);
    expect(isConflict({ name: 'TransactionConflictException' })).toBe(false);
  });
});
