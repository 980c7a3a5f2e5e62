/**
 * Teams and discussion (docs/api-contract.md §8): who may comment, when a team is open, and the
 * checks a join request passes before its write.
 */
import { describe, expect, it } from 'vitest';
import { DomainError } from '#domain/errors.ts';
import { type Idea, type IdeaStatus, ideaStatuses, newIdea } from '#domain/ideas.ts';
import {
  assertCanRequestJoin,
  assertCommentable,
  commentInputSchema,
  isTeamOpen,
  joinRequestSchema,
} from '#domain/teams.ts';

const idea = (status: IdeaStatus, more: Partial<Idea> = {}): Idea => ({
  ...newIdea(
    {
      title: 'Shaded bus stops',
      summary: 'Shade and water at every bus stop in the wilayat.',
      city: 'nizwa',
      tags: ['mobility'],
      missions: ['engagement'],
      teamSize: 3,
    },
    'amb-author',
    'idea-1',
    new Date('2026-11-01T08:00:00.000Z'),
  ),
  status,
  memberCount: status === 'approved' || status === 'in_progress' ? 1 : 0,
  ...more,
});

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return (e as DomainError).code;
  }
  return undefined;
};

describe('comments', () => {
  it.each(ideaStatuses)('a %s idea takes comments exactly when it is public', (status) => {
    const open = ['approved', 'in_progress', 'completed'].includes(status);
    expect(codeOf(() => assertCommentable(idea(status)))).toBe(open ? undefined : 'invalid_transition');
  });

  it('a comment is 1–2000 characters, with an optional id it replies to', () => {
    expect(commentInputSchema.safeParse({ body: 'Yes!' }).success).toBe(true);
    expect(
      commentInputSchema.safeParse({ body: 'Yes!', replyTo: '01JC0000000000000000000000' }).success,
    ).toBe(true);
    expect(commentInputSchema.safeParse({ body: '' }).success).toBe(false);
    expect(commentInputSchema.safeParse({ body: 'x'.repeat(2001) }).success).toBe(false);
    expect(commentInputSchema.safeParse({ body: 'ok', replyTo: 'a#b' }).success).toBe(false);
  });
});

describe('joining a team', () => {
  it.each(ideaStatuses)('a %s idea has an open team exactly while approved or in progress', (status) => {
    expect(isTeamOpen(idea(status))).toBe(status === 'approved' || status === 'in_progress');
  });

  it('anyone but the leader may ask to join an open team with room', () => {
    expect(codeOf(() => assertCanRequestJoin(idea('approved'), 'amb-2'))).toBeUndefined();
    expect(
      codeOf(() => assertCanRequestJoin(idea('in_progress', { memberCount: 2 }), 'amb-2')),
    ).toBeUndefined();
  });

  it('a closed team: 409 invalid_transition', () => {
    for (const status of ['submitted', 'changes_requested', 'completed', 'rejected', 'withdrawn'] as const)
      expect(codeOf(() => assertCanRequestJoin(idea(status), 'amb-2'))).toBe('invalid_transition');
  });

  it('the leader: 409 already_member; after a hand-over, the new leader and not the author', () => {
    expect(codeOf(() => assertCanRequestJoin(idea('approved'), 'amb-author'))).toBe('already_member');
    const handedOver = idea('approved', { leaderId: 'amb-3', memberCount: 2 });
    expect(codeOf(() => assertCanRequestJoin(handedOver, 'amb-3'))).toBe('already_member');
    expect(codeOf(() => assertCanRequestJoin(handedOver, 'amb-author'))).toBeUndefined();
  });

  it('a full team: 409 team_full, from the team size on', () => {
    expect(codeOf(() => assertCanRequestJoin(idea('approved', { memberCount: 2 }), 'amb-2'))).toBeUndefined();
    expect(codeOf(() => assertCanRequestJoin(idea('approved', { memberCount: 3 }), 'amb-2'))).toBe(
      'team_full',
    );
    expect(codeOf(() => assertCanRequestJoin(idea('approved', { memberCount: 4 }), 'amb-2'))).toBe(
      'team_full',
    );
  });

  it('a request carries an optional message (≤ 500) and role (1–40)', () => {
    expect(joinRequestSchema.safeParse({}).success).toBe(true);
    expect(joinRequestSchema.safeParse({ message: '', role: 'Designer' }).success).toBe(true);
    expect(joinRequestSchema.safeParse({ message: 'x'.repeat(501) }).success).toBe(false);
    expect(joinRequestSchema.safeParse({ role: '' }).success).toBe(false);
    expect(joinRequestSchema.safeParse({ role: 'x'.repeat(41) }).success).toBe(false);
  });
});

describe('what the team errors say', () => {
  const messageOf = (fn: () => unknown): string | undefined => {
    try {
      fn();
    } catch (e) {
      return (e as DomainError).message;
    }
    return undefined;
  };

  it('names the rule broken', () => {
    expect(messageOf(() => assertCommentable(idea('submitted')))).toBe(
      'Comments open once an idea is approved',
    );
    expect(messageOf(() => assertCanRequestJoin(idea('completed'), 'amb-2'))).toBe(
      'This idea does not take team members now',
    );
    expect(messageOf(() => assertCanRequestJoin(idea('approved'), 'amb-author'))).toBe('You lead this team');
    // No detail: the code's own title (functions/http/problem.ts) says it.
    expect(messageOf(() => assertCanRequestJoin(idea('approved', { memberCount: 3 }), 'amb-2'))).toBe(
      'team_full',
    );
  });
});
