/** Conditions built from the domain's state lists (functions/store/conditions.ts). */
import { describe, expect, it } from 'vitest';
import { lectureOpenStatuses } from '#domain/lectures.ts';
import { teamOpenStatuses } from '#domain/teams.ts';
import { allOf, asRequest, condition, statusIn } from '#store/conditions.ts';

describe('statusIn', () => {
  it('names every status of the list, in order, as a value', () => {
    expect(statusIn(teamOpenStatuses)).toEqual({
      expression: '#status IN (:status0, :status1)',
      names: { '#status': 'status' },
      values: { ':status0': 'approved', ':status1': 'in_progress' },
    });
  });

  it('one status is an equality', () => {
    expect(statusIn(['reported']).expression).toBe('#status = :status0');
    // A lecture is open while scheduled or reported (§12): two statuses, an IN.
    expect(statusIn(lectureOpenStatuses).expression).toBe('#status IN (:status0, :status1)');
  });

  it('refuses an empty list, which no item could match', () => {
    expect(() => statusIn([])).toThrow(/empty/);
  });
});

describe('allOf and asRequest', () => {
  it('joins conditions with AND and merges their names and values', () => {
    const c = allOf(
      statusIn(teamOpenStatuses),
      condition('memberCount < teamSize'),
      condition('version = :v', { ':v': 3 }),
    );
    expect(asRequest(c)).toEqual({
      ConditionExpression: '#status IN (:status0, :status1) AND memberCount < teamSize AND version = :v',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':status0': 'approved', ':status1': 'in_progress', ':v': 3 },
    });
  });

  it('leaves out empty maps, which DynamoDB refuses', () => {
    expect(asRequest(condition('attribute_not_exists(pk)'))).toEqual({
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });
});
