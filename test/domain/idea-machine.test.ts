/**
 * The idea lifecycle, exhaustively: every state × every action × every actor, against a
 * table written from the contract's diagram (api-contract.md §8), not from the code.
 */
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../domain/errors.ts';
import {
  type IdeaAction,
  type IdeaActor,
  type IdeaStatus,
  ideaActions,
  ideaStatuses,
  transition,
} from '../../domain/ideas.ts';

/** From the diagram: which actor fires each action, from which states, to which state. */
const contract: Record<IdeaAction, { by: IdeaActor; from: Partial<Record<IdeaStatus, IdeaStatus>> }> = {
  edit: { by: 'author', from: { submitted: 'submitted', changes_requested: 'submitted' } },
  withdraw: {
    by: 'author',
    from: { submitted: 'withdrawn', changes_requested: 'withdrawn', approved: 'withdrawn' },
  },
  approve: { by: 'staff', from: { submitted: 'approved' } },
  reject: { by: 'staff', from: { submitted: 'rejected' } },
  request_changes: { by: 'staff', from: { submitted: 'changes_requested' } },
  start: { by: 'author', from: { approved: 'in_progress' } },
  complete: { by: 'author', from: { in_progress: 'completed' } },
};

const actors: IdeaActor[] = ['author', 'staff', 'other'];

const cases = ideaStatuses.flatMap((state) =>
  ideaActions.flatMap((action) =>
    actors.map((actor) => {
      const rule = contract[action];
      const expected = rule.by !== actor ? 'forbidden' : (rule.from[state] ?? 'invalid_transition');
      return { state, action, actor, expected };
    }),
  ),
);

const outcome = (state: IdeaStatus, action: IdeaAction, actor: IdeaActor): string => {
  try {
    return transition(state, action, actor);
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
};

describe('the idea state machine', () => {
  it('covers 7 states × 7 actions × 3 actors', () => {
    expect(cases).toHaveLength(7 * 7 * 3);
  });

  it.each(cases)('$actor $action from $state → $expected', ({ state, action, actor, expected }) => {
    expect(outcome(state, action, actor)).toBe(expected);
  });

  it('has no way out of rejected, withdrawn or completed', () => {
    for (const state of ['rejected', 'withdrawn', 'completed'] as const)
      for (const action of ideaActions)
        for (const actor of actors)
          expect(['forbidden', 'invalid_transition']).toContain(outcome(state, action, actor));
  });
});
