/**
 * Ideas, teams and projects (docs/api-contract.md §8), the pure part: the lifecycle tested
 * exhaustively against a table written from the contract's diagram (not from `ideaMachine`),
 * the decision, edit, start and complete rules, who sees what, the project counters, and the
 * request schemas.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError, isDomainError } from '#domain/errors.ts';
import {
  abandonIdea,
  actorOf,
  canSeeIdea,
  completeIdea,
  completeSchema,
  countsAsIdea,
  decideIdea,
  decisionSchema,
  editIdea,
  handOverIdea,
  type Idea,
  type IdeaAction,
  type IdeaActor,
  type IdeaInput,
  type IdeaStatus,
  ideaActions,
  ideaInputSchema,
  ideaListQuerySchema,
  ideaPatchSchema,
  ideaStatuses,
  isPublic,
  leaderOf,
  MIN_TEAM_TO_START,
  newIdea,
  type ProjectDelta,
  projectDelta,
  startIdea,
  transition,
  type Viewer,
  withdrawIdea,
} from '#domain/ideas.ts';
import { interestIds } from '#domain/interests.ts';
import { governorateIds, wilayatIds } from '#domain/regions.ts';
import { statusOf } from '#http/problem.ts';

// ---------------------------------------------------------------------------------------
// the contract, written out by hand

/** The seven states and seven actions of §8, in the order the diagram names them. */
const STATES: readonly IdeaStatus[] = [
  'submitted',
  'changes_requested',
  'approved',
  'in_progress',
  'completed',
  'rejected',
  'withdrawn',
];
const ACTIONS: readonly IdeaAction[] = [
  'edit',
  'withdraw',
  'approve',
  'reject',
  'request_changes',
  'start',
  'complete',
];
const ACTORS: readonly IdeaActor[] = ['author', 'leader', 'staff', 'other'];

/** Who may ever fire each action: the author, the team's leader, or staff (the decision route). */
const FIRED_BY: Record<IdeaAction, IdeaActor> = {
  edit: 'author',
  withdraw: 'author',
  approve: 'staff',
  reject: 'staff',
  request_changes: 'staff',
  start: 'leader',
  complete: 'leader',
};

/** Every arrow of the diagram (plus "edit keeps a submitted idea submitted"): from, action, to. */
const ARROWS: readonly (readonly [IdeaStatus, IdeaAction, IdeaStatus])[] = [
  ['submitted', 'edit', 'submitted'],
  ['changes_requested', 'edit', 'submitted'],
  ['submitted', 'withdraw', 'withdrawn'],
  ['changes_requested', 'withdraw', 'withdrawn'],
  ['approved', 'withdraw', 'withdrawn'],
  ['submitted', 'approve', 'approved'],
  ['submitted', 'reject', 'rejected'],
  ['submitted', 'request_changes', 'changes_requested'],
  ['approved', 'start', 'in_progress'],
  ['in_progress', 'complete', 'completed'],
];

const arrow = (from: IdeaStatus, action: IdeaAction): IdeaStatus | undefined =>
  ARROWS.find(([f, a]) => f === from && a === action)?.[2];

type Outcome = IdeaStatus | 'forbidden' | 'invalid_transition';

const expected = (from: IdeaStatus, action: IdeaAction, actor: IdeaActor): Outcome => {
  if (FIRED_BY[action] !== actor) return 'forbidden';
  return arrow(from, action) ?? 'invalid_transition';
};

/** The whole lifecycle: 7 states × 7 actions × 4 actors. */
const LIFECYCLE: [IdeaStatus, IdeaAction, IdeaActor, Outcome][] = STATES.flatMap((from) =>
  ACTIONS.flatMap((action) =>
    ACTORS.map((actor): [IdeaStatus, IdeaAction, IdeaActor, Outcome] => [
      from,
      action,
      actor,
      expected(from, action, actor),
    ]),
  ),
);

/** The counters a state stands for: approved, in progress, completed, active (approved or running). */
const WEIGHT: Record<IdeaStatus, ProjectDelta> = {
  submitted: { approved: 0, inProgress: 0, completed: 0, active: 0 },
  changes_requested: { approved: 0, inProgress: 0, completed: 0, active: 0 },
  approved: { approved: 1, inProgress: 0, completed: 0, active: 1 },
  in_progress: { approved: 0, inProgress: 1, completed: 0, active: 1 },
  completed: { approved: 0, inProgress: 0, completed: 1, active: 0 },
  rejected: { approved: 0, inProgress: 0, completed: 0, active: 0 },
  withdrawn: { approved: 0, inProgress: 0, completed: 0, active: 0 },
};

// ---------------------------------------------------------------------------------------
// helpers

type SafeParse = {
  success: boolean;
  error?: { issues: { path: PropertyKey[]; code: string }[] } | undefined;
};

const issuePaths = (r: SafeParse): string[] =>
  (r.error?.issues ?? []).map((i) => i.path.map(String).join('.'));

const expectValid = (r: SafeParse) => {
  expect(r.error?.issues ?? [], 'expected the input to be accepted').toEqual([]);
  expect(r.success).toBe(true);
};

/** Fails unless the parse failed with an issue at `path` or inside it (`path.0`, …). */
const expectInvalidAt = (r: SafeParse, path: string) => {
  expect(r.success, `expected a failure at ${path}`).toBe(false);
  const paths = issuePaths(r);
  expect(
    paths.some((p) => p === path || p.startsWith(`${path}.`)),
    `expected an issue at ${path}, got ${JSON.stringify(paths)}`,
  ).toBe(true);
};

/** Runs `fn`, which must throw a DomainError with `code`, and returns the error. */
const domainError = (fn: () => unknown, code: DomainError['code']): DomainError => {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected a DomainError ${code}`).toBeInstanceOf(DomainError);
  const err = caught as DomainError;
  expect(isDomainError(err)).toBe(true);
  expect(err.code).toBe(code);
  return err;
};

const str = (n: number, ch = 'a') => ch.repeat(n);

const SUBMITTED_AT = new Date('2026-11-01T08:00:00.000Z');
const NOW = new Date('2026-11-28T10:00:00.000Z');

const AUTHOR = 'amb-author';
const validInput: IdeaInput = {
  title: 'ري ذكي لمزارع النخيل',
  summary: 'Soil sensors and a shared dashboard for the date farms of Nizwa — حساسات التربة.',
  problem: 'Farms over-water in summer and the falaj runs dry.',
  city: 'nizwa',
  tags: ['water', 'iot'],
  missions: ['research', 'engagement'],
  teamSize: 5,
};
const minimalInput: IdeaInput = {
  title: 'Bus stops',
  summary: 'Shaded bus stops with live arrival times.',
  city: 'muttrah',
  tags: ['mobility'],
  missions: ['awareness'],
  teamSize: 2,
};

const anIdea = (over: Partial<Idea> = {}): Idea => ({
  ...newIdea(validInput, AUTHOR, 'idea-1', SUBMITTED_AT),
  ...over,
});

/** An idea in `status` with what that state carries (an approved idea has its leader). */
const ideaIn = (status: IdeaStatus, over: Partial<Idea> = {}): Idea =>
  anIdea({
    status,
    version: 3,
    memberCount: ['approved', 'in_progress', 'completed'].includes(status) ? 2 : 0,
    ...over,
  });

const deepFreeze = <T>(o: T): T => {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
};

/** Fires `action` through the function a route would call, as `actor`. */
const fire = (idea: Idea, action: IdeaAction, actor: IdeaActor): Idea => {
  switch (action) {
    case 'edit':
      return editIdea(idea, { title: 'An edited title' }, actor, NOW);
    case 'withdraw':
      return withdrawIdea(idea, actor, NOW);
    case 'start':
      return startIdea(idea, actor, NOW);
    case 'complete':
      return completeIdea(idea, { outcome: 'Forty farms use the dashboard every week.' }, actor, NOW);
    default:
      // The decision route is staff-only by construction: decideIdea has no actor.
      return decideIdea(idea, { decision: action, note: 'Reviewed by the platform team' }, NOW);
  }
};

// ---------------------------------------------------------------------------------------

describe('the idea lifecycle, exhaustively (state × action × actor)', () => {
  it('the hand-written lists match the exported ones, and the table has all 196 cases', () => {
    expect([...ideaStatuses].sort()).toEqual([...STATES].sort());
    expect([...ideaActions].sort()).toEqual([...ACTIONS].sort());
    expect(LIFECYCLE).toHaveLength(7 * 7 * 4);
    expect(new Set(LIFECYCLE.map(([s, a, p]) => `${s}/${a}/${p}`)).size).toBe(196);
    const count = (o: (x: Outcome) => boolean) => LIFECYCLE.filter(([, , , e]) => o(e)).length;
    expect(count((e) => e === 'forbidden')).toBe(7 * 7 * 3);
    expect(count((e) => e === 'invalid_transition')).toBe(7 * 7 - ARROWS.length);
    expect(count((e) => e !== 'forbidden' && e !== 'invalid_transition')).toBe(ARROWS.length);
  });

  it.each(LIFECYCLE)('%s + %s by %s → %s', (from, action, actor, outcome) => {
    if (outcome === 'forbidden' || outcome === 'invalid_transition') {
      const err = domainError(() => transition(from, action, actor), outcome);
      expect(statusOf(err.code)).toBe(outcome === 'forbidden' ? 403 : 409);
      expect(err.message.length).toBeGreaterThan(0);
    } else {
      expect(transition(from, action, actor)).toBe(outcome);
    }

    // The same answer through the function the route calls (decisions are staff-only there).
    const isDecision = action === 'approve' || action === 'reject' || action === 'request_changes';
    if (isDecision && actor !== 'staff') return;
    const idea = deepFreeze(ideaIn(from));
    if (outcome === 'forbidden' || outcome === 'invalid_transition') {
      domainError(() => fire(idea, action, actor), outcome);
    } else {
      const next = fire(idea, action, actor);
      expect(next.status).toBe(outcome);
      expect(next.version).toBe(idea.version + 1);
      expect(next.updatedAt).toBe(NOW.toISOString());
      expect(idea.status).toBe(from);
    }
  });

  it('completed, rejected and withdrawn are final: nobody moves them anywhere', () => {
    for (const from of ['completed', 'rejected', 'withdrawn'] as const)
      for (const action of ACTIONS)
        for (const actor of ACTORS) expect(() => transition(from, action, actor)).toThrow(DomainError);
  });
});

describe('newIdea', () => {
  it('is submitted by the caller, with no team yet, at version 1', () => {
    const idea = newIdea(validInput, AUTHOR, 'idea-7', NOW);
    expect(idea).toEqual({
      ...validInput,
      id: 'idea-7',
      authorId: AUTHOR,
      status: 'submitted',
      submittedAt: NOW.toISOString(),
      memberCount: 0,
      createdAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
      version: 1,
    });
    expect(idea.approvedAt).toBeUndefined();
    expect(idea.featured).toBeUndefined();
  });
});

describe('decideIdea', () => {
  it('approve: approved, approvedAt now, the author leads a team of 1', () => {
    const idea = deepFreeze(anIdea());
    const next = decideIdea(idea, { decision: 'approve' }, NOW);
    expect(next.status).toBe('approved');
    expect(next.approvedAt).toBe(NOW.toISOString());
    expect(next.memberCount).toBe(1);
    expect(next.updatedAt).toBe(NOW.toISOString());
    expect(next.version).toBe(idea.version + 1);
    expect(next.submittedAt).toBe(idea.submittedAt);
    expect(next.decisionNote).toBeUndefined();
  });

  it('approve may carry a note, which the author is shown', () => {
    const next = decideIdea(anIdea(), { decision: 'approve', note: 'Great idea' }, NOW);
    expect(next.decisionNote).toBe('Great idea');
    expect(next.status).toBe('approved');
  });

  it.each([
    ['reject', 'rejected'],
    ['request_changes', 'changes_requested'],
  ] as const)('%s needs a note (400 at path note); with one it moves to %s', (decision, to) => {
    const idea = anIdea();
    for (const input of [{ decision }, { decision, note: '' }]) {
      const err = domainError(() => decideIdea(idea, input, NOW), 'validation_failed');
      expect(statusOf(err.code)).toBe(400);
      expect(err.fieldErrors?.map((f) => f.path)).toEqual(['note']);
    }
    const next = decideIdea(idea, { decision, note: 'Please name the farms' }, NOW);
    expect(next.status).toBe(to);
    expect(next.decisionNote).toBe('Please name the farms');
    expect(next.approvedAt).toBeUndefined();
    expect(next.memberCount).toBe(0);
    expect(next.version).toBe(idea.version + 1);
  });

  it('decides only a submitted idea: any other state is 409 invalid_transition', () => {
    for (const status of STATES.filter((s) => s !== 'submitted'))
      for (const decision of ['approve', 'reject', 'request_changes'] as const)
        domainError(() => decideIdea(ideaIn(status), { decision, note: 'n' }, NOW), 'invalid_transition');
  });

  it('a later decision replaces an earlier note', () => {
    const asked = decideIdea(anIdea(), { decision: 'request_changes', note: 'More detail' }, NOW);
    const resubmitted = editIdea(asked, { summary: str(30) }, 'author', NOW);
    const approved = decideIdea(resubmitted, { decision: 'approve' }, NOW);
    expect(approved.decisionNote).toBeUndefined();
  });
});

describe('editIdea', () => {
  it('keeps a submitted idea submitted and its place in the queue', () => {
    const idea = deepFreeze(anIdea());
    const next = editIdea(idea, { title: 'A better title', tags: ['energy'] }, 'author', NOW);
    expect(next).toEqual({
      ...idea,
      title: 'A better title',
      tags: ['energy'],
      updatedAt: NOW.toISOString(),
      version: idea.version + 1,
    });
    expect(next.submittedAt).toBe(SUBMITTED_AT.toISOString());
  });

  it('resubmits an idea whose changes were requested, and it waits in the queue from now', () => {
    const idea = deepFreeze(ideaIn('changes_requested', { decisionNote: 'Name the farms' }));
    const next = editIdea(
      idea,
      { summary: 'Forty farms of Nizwa, named in the attached list.' },
      'author',
      NOW,
    );
    expect(next.status).toBe('submitted');
    expect(next.submittedAt).toBe(NOW.toISOString());
    expect(next.submittedAt).not.toBe(idea.submittedAt);
    expect(next.summary).toBe('Forty farms of Nizwa, named in the attached list.');
    expect(next.version).toBe(idea.version + 1);
  });

  it('an empty patch still resubmits', () => {
    const next = editIdea(ideaIn('changes_requested'), {}, 'author', NOW);
    expect(next.status).toBe('submitted');
    expect(next.submittedAt).toBe(NOW.toISOString());
  });

  it('problem: null clears the problem; undefined fields are left alone', () => {
    const next = editIdea(anIdea(), { problem: null, title: undefined }, 'author', NOW);
    expect(next.problem).toBeUndefined();
    expect(next.title).toBe(validInput.title);
  });

  it('rejects a team size below the current team (400 at teamSize); equal is fine', () => {
    const idea = anIdea({ memberCount: 3 });
    const err = domainError(() => editIdea(idea, { teamSize: 2 }, 'author', NOW), 'validation_failed');
    expect(err.fieldErrors?.map((f) => f.path)).toEqual(['teamSize']);
    expect(editIdea(idea, { teamSize: 3 }, 'author', NOW).teamSize).toBe(3);
    expect(editIdea(idea, { teamSize: 20 }, 'author', NOW).teamSize).toBe(20);
  });

  it('only the author edits, only while submitted or changes_requested', () => {
    domainError(() => editIdea(anIdea(), { title: 'Hijacked title' }, 'staff', NOW), 'forbidden');
    domainError(() => editIdea(anIdea(), { title: 'Hijacked title' }, 'other', NOW), 'forbidden');
    for (const s of ['approved', 'in_progress', 'completed', 'rejected', 'withdrawn'] as const)
      domainError(() => editIdea(ideaIn(s), { title: 'Too late now' }, 'author', NOW), 'invalid_transition');
  });
});

describe('startIdea', () => {
  it(`needs at least ${MIN_TEAM_TO_START} members, else 409 invalid_transition`, () => {
    expect(MIN_TEAM_TO_START).toBe(2);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 }), (memberCount) => {
        const idea = ideaIn('approved', { memberCount });
        if (memberCount >= 2) {
          const next = startIdea(idea, 'leader', NOW);
          expect(next.status).toBe('in_progress');
          expect(next.startedAt).toBe(NOW.toISOString());
          expect(next.memberCount).toBe(memberCount);
          expect(next.version).toBe(idea.version + 1);
        } else {
          expect(statusOf(domainError(() => startIdea(idea, 'leader', NOW), 'invalid_transition').code)).toBe(
            409,
          );
        }
      }),
    );
  });

  it('only the leader starts, and only an approved idea', () => {
    domainError(() => startIdea(ideaIn('approved', { memberCount: 5 }), 'staff', NOW), 'forbidden');
    domainError(() => startIdea(ideaIn('approved', { memberCount: 5 }), 'other', NOW), 'forbidden');
    domainError(
      () => startIdea(ideaIn('in_progress', { memberCount: 5 }), 'leader', NOW),
      'invalid_transition',
    );
  });
});

describe('completeIdea', () => {
  it('records the outcome, the links and when', () => {
    const idea = deepFreeze(ideaIn('in_progress', { startedAt: SUBMITTED_AT.toISOString() }));
    const links = ['https://example.om/report.pdf'];
    const next = completeIdea(
      idea,
      { outcome: 'Forty farms use the dashboard weekly.', links },
      'leader',
      NOW,
    );
    expect(next.status).toBe('completed');
    expect(next.outcome).toBe('Forty farms use the dashboard weekly.');
    expect(next.links).toEqual(links);
    expect(next.completedAt).toBe(NOW.toISOString());
    expect(next.startedAt).toBe(SUBMITTED_AT.toISOString());
    expect(next.version).toBe(idea.version + 1);
  });

  it('without links, links is an empty list', () => {
    const next = completeIdea(ideaIn('in_progress'), { outcome: str(20) }, 'leader', NOW);
    expect(next.links).toEqual([]);
  });

  it('only the leader completes, and only a project in progress', () => {
    domainError(() => completeIdea(ideaIn('in_progress'), { outcome: str(20) }, 'staff', NOW), 'forbidden');
    domainError(() => completeIdea(ideaIn('in_progress'), { outcome: str(20) }, 'other', NOW), 'forbidden');
    domainError(
      () => completeIdea(ideaIn('approved'), { outcome: str(20) }, 'leader', NOW),
      'invalid_transition',
    );
  });
});

describe('withdrawIdea', () => {
  it('the author withdraws an approved idea; withdrawn is then final', () => {
    const next = withdrawIdea(ideaIn('approved'), 'author', NOW);
    expect(next.status).toBe('withdrawn');
    expect(next.version).toBe(4);
    domainError(() => withdrawIdea(next, 'author', NOW), 'invalid_transition');
  });
});

describe('who is acting, and who sees an idea', () => {
  it('actorOf: the author (even one who is staff), staff, or anyone else', () => {
    const idea = anIdea();
    expect(actorOf(idea, { id: AUTHOR, staff: false })).toBe('author');
    expect(actorOf(idea, { id: AUTHOR, staff: true })).toBe('author');
    expect(actorOf(idea, { id: 'staff-1', staff: true })).toBe('staff');
    expect(actorOf(idea, { id: 'amb-other', staff: false })).toBe('other');
  });

  it("actorOf withdraw: an approved idea handed over is its leader's team, withdrawn by the leader, not the author", () => {
    const handed = ideaIn('approved', { leaderId: 'amb-leader' });
    expect(actorOf(handed, { id: 'amb-leader', staff: false }, 'withdraw')).toBe('author');
    expect(actorOf(handed, { id: AUTHOR, staff: false }, 'withdraw')).toBe('other');
    expect(actorOf(handed, { id: AUTHOR, staff: true }, 'withdraw')).toBe('staff');
    domainError(
      () => withdrawIdea(handed, actorOf(handed, { id: AUTHOR, staff: false }, 'withdraw'), NOW),
      'forbidden',
    );
    // Before a hand-over, and before approval, the author withdraws as always.
    expect(actorOf(ideaIn('approved'), { id: AUTHOR, staff: false }, 'withdraw')).toBe('author');
    expect(actorOf(ideaIn('submitted'), { id: AUTHOR, staff: false }, 'withdraw')).toBe('author');
  });

  const viewers: Record<string, Viewer> = {
    author: { id: AUTHOR, staff: false },
    staff: { id: 'staff-1', staff: true },
    other: { id: 'amb-other', staff: false },
    anonymous: undefined,
  };
  const PUBLIC: readonly IdeaStatus[] = ['approved', 'in_progress', 'completed'];
  const matrix: [IdeaStatus, keyof typeof viewers, boolean][] = STATES.flatMap((status) =>
    (['author', 'staff', 'other', 'anonymous'] as const).map(
      (who): [IdeaStatus, keyof typeof viewers, boolean] => [
        status,
        who,
        PUBLIC.includes(status) || who === 'author' || who === 'staff',
      ],
    ),
  );

  it('the matrix covers every state and viewer', () => {
    expect(matrix).toHaveLength(28);
    expect(matrix.filter(([, , v]) => v)).toHaveLength(3 * 4 + 4 * 2);
  });

  it.each(matrix)('a %s idea, viewer %s → %s', (status, who, visible) => {
    expect(canSeeIdea(ideaIn(status), viewers[who])).toBe(visible);
    expect(isPublic(status)).toBe(PUBLIC.includes(status));
  });

  it('an idea counts in its author stats exactly while public', () => {
    for (const s of STATES) expect(countsAsIdea(s)).toBe(PUBLIC.includes(s));
  });
});

describe('projectDelta', () => {
  const pairs = STATES.flatMap((from) => STATES.map((to): [IdeaStatus, IdeaStatus] => [from, to]));

  it.each(pairs)('%s → %s', (from, to) => {
    const a = WEIGHT[from];
    const b = WEIGHT[to];
    expect(projectDelta(from, to)).toEqual({
      approved: b.approved - a.approved,
      inProgress: b.inProgress - a.inProgress,
      completed: b.completed - a.completed,
      active: b.active - a.active,
    });
  });

  it('the arrows of the diagram move the counters as the contract reads', () => {
    expect(projectDelta('submitted', 'approved')).toEqual({
      approved: 1,
      inProgress: 0,
      completed: 0,
      active: 1,
    });
    expect(projectDelta('approved', 'in_progress')).toEqual({
      approved: -1,
      inProgress: 1,
      completed: 0,
      active: 0,
    });
    expect(projectDelta('in_progress', 'completed')).toEqual({
      approved: 0,
      inProgress: -1,
      completed: 1,
      active: -1,
    });
    expect(projectDelta('approved', 'withdrawn')).toEqual({
      approved: -1,
      inProgress: 0,
      completed: 0,
      active: -1,
    });
    for (const s of STATES)
      expect(projectDelta(s, s)).toEqual({ approved: 0, inProgress: 0, completed: 0, active: 0 });
  });

  /** Random walks along the diagram's arrows, fired by their actor, from `submitted`. */
  const walk = fc.array(fc.nat(), { maxLength: 12 });

  it('property: along any legal path from submitted, the summed deltas equal the final state', () => {
    fc.assert(
      fc.property(walk, (choices) => {
        let state: IdeaStatus = 'submitted';
        const sum: ProjectDelta = { approved: 0, inProgress: 0, completed: 0, active: 0 };
        for (const choice of choices) {
          const out = ARROWS.filter(([f]) => f === state);
          if (out.length === 0) break;
          const [, action] = out[choice % out.length]!;
          const next = transition(state, action, FIRED_BY[action]);
          const d = projectDelta(state, next);
          sum.approved += d.approved;
          sum.inProgress += d.inProgress;
          sum.completed += d.completed;
          sum.active += d.active;
          for (const v of Object.values(sum)) expect([0, 1]).toContain(v);
          state = next;
        }
        expect(sum).toEqual(WEIGHT[state]);
        expect(sum.active).toBe(sum.approved + sum.inProgress);
      }),
    );
  });

  it('property: many ideas walking at once keep the city counters equal to the ideas in each state', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat({ max: 5 }), fc.nat()), { maxLength: 60 }), (steps) => {
        const states: IdeaStatus[] = Array.from({ length: 6 }, () => 'submitted');
        const total: ProjectDelta = { approved: 0, inProgress: 0, completed: 0, active: 0 };
        for (const [i, choice] of steps) {
          const from = states[i]!;
          const out = ARROWS.filter(([f]) => f === from);
          if (out.length === 0) continue;
          const [, action] = out[choice % out.length]!;
          const to = transition(from, action, FIRED_BY[action]);
          const d = projectDelta(from, to);
          total.approved += d.approved;
          total.inProgress += d.inProgress;
          total.completed += d.completed;
          total.active += d.active;
          states[i] = to;
        }
        const n = (s: IdeaStatus) => states.filter((x) => x === s).length;
        expect(total).toEqual({
          approved: n('approved'),
          inProgress: n('in_progress'),
          completed: n('completed'),
          active: n('approved') + n('in_progress'),
        });
      }),
    );
  });
});

// ---------------------------------------------------------------------------------------
// schemas

describe('ideaInputSchema', () => {
  const parse = (over: Record<string, unknown>) => ideaInputSchema.safeParse({ ...validInput, ...over });

  it('accepts a full body and a minimal one, unchanged', () => {
    const full = ideaInputSchema.safeParse(validInput);
    expectValid(full);
    expect(full.data).toEqual(validInput);
    const min = ideaInputSchema.safeParse(minimalInput);
    expectValid(min);
    expect(min.data).toEqual(minimalInput);
  });

  it('requires everything but problem', () => {
    for (const key of ['title', 'summary', 'city', 'tags', 'missions', 'teamSize'] as const) {
      const { [key]: _dropped, ...rest } = validInput;
      expectInvalidAt(ideaInputSchema.safeParse(rest), key);
    }
  });

  it('rejects unknown fields, the server-owned ones included', () => {
    for (const extra of [
      { status: 'approved' },
      { authorId: 'amb-x' },
      { id: 'idea-x' },
      { version: 3 },
      { memberCount: 20 },
      { featured: { headlineAr: 'x', headlineEn: 'y' } },
      { foo: 1 },
    ])
      expect(parse(extra).success, JSON.stringify(extra)).toBe(false);
  });

  it('title: 5–120 characters after trimming, Arabic and emoji counted as one each', () => {
    expectInvalidAt(parse({ title: str(4) }), 'title');
    expectValid(parse({ title: str(5) }));
    expectValid(parse({ title: str(120) }));
    expectInvalidAt(parse({ title: str(121) }), 'title');
    expectInvalidAt(parse({ title: `   ${str(4)}   ` }), 'title');
    expectValid(parse({ title: str(120, 'ب') }));
    expectInvalidAt(parse({ title: str(121, 'ب') }), 'title');
    expectValid(parse({ title: '🌴'.repeat(120) }));
    expectInvalidAt(parse({ title: '🌴'.repeat(121) }), 'title');
    expectInvalidAt(parse({ title: 5 }), 'title');
  });

  it('title: stored trimmed; a control character or bidi override inside is refused (issue 10)', () => {
    const r = parse({ title: '  Smart farms \n' });
    expectValid(r);
    expect(r.data?.title).toBe('Smart farms');
    expectInvalidAt(parse({ title: '  Smart\u0000 farms\u202E  ' }), 'title');
    expectInvalidAt(parse({ title: 'Smart\nfarms' }), 'title');
  });

  it('summary: 20–2000 characters', () => {
    expectInvalidAt(parse({ summary: str(19) }), 'summary');
    expectValid(parse({ summary: str(20) }));
    expectValid(parse({ summary: str(2000, 'ق') }));
    expectInvalidAt(parse({ summary: str(2001) }), 'summary');
  });

  it('problem: optional, at most 2000 characters', () => {
    expectValid(parse({ problem: '' }));
    expectValid(parse({ problem: str(2000) }));
    expectInvalidAt(parse({ problem: str(2001) }), 'problem');
    expectInvalidAt(parse({ problem: null }), 'problem');
  });

  it('city: every wilayat id, and nothing else', () => {
    expect(wilayatIds).toHaveLength(61);
    for (const city of wilayatIds) expectValid(parse({ city }));
    for (const city of [
      '',
      'Nizwa',
      'NIZWA',
      'نزوى',
      ' nizwa',
      'OM-DA',
      ...governorateIds,
      'constructor',
      'dubai',
    ])
      expectInvalidAt(parse({ city }), 'city');
  });

  it('property: a city is accepted exactly when it is a wilayat id', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...wilayatIds), fc.string({ maxLength: 45 })), (city) => {
        expect(parse({ city }).success).toBe(wilayatIds.includes(city));
      }),
    );
  });

  it('tags: 1–5 distinct interest ids', () => {
    expectInvalidAt(parse({ tags: [] }), 'tags');
    expectValid(parse({ tags: ['water'] }));
    expectValid(parse({ tags: interestIds.slice(0, 5) }));
    expectInvalidAt(parse({ tags: interestIds.slice(0, 6) }), 'tags');
    expectInvalidAt(parse({ tags: ['water', 'water'] }), 'tags');
    expectInvalidAt(parse({ tags: ['water', 'football'] }), 'tags');
    expectInvalidAt(parse({ tags: 'water' }), 'tags');
  });

  it('property: any 1–5 distinct interest ids are accepted', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.constantFrom(...interestIds), { minLength: 1, maxLength: 5 }), (tags) => {
        expectValid(parse({ tags }));
      }),
    );
  });

  it('missions: 1–3 distinct of awareness, research, engagement', () => {
    expectInvalidAt(parse({ missions: [] }), 'missions');
    expectValid(parse({ missions: ['awareness'] }));
    expectValid(parse({ missions: ['awareness', 'research', 'engagement'] }));
    expectInvalidAt(parse({ missions: ['research', 'research'] }), 'missions');
    expectInvalidAt(parse({ missions: ['awareness', 'research', 'engagement', 'awareness'] }), 'missions');
    expectInvalidAt(parse({ missions: ['marketing'] }), 'missions');
  });

  it('teamSize: an integer 2–20, counting the leader', () => {
    expectInvalidAt(parse({ teamSize: 1 }), 'teamSize');
    expectValid(parse({ teamSize: 2 }));
    expectValid(parse({ teamSize: 20 }));
    expectInvalidAt(parse({ teamSize: 21 }), 'teamSize');
    for (const teamSize of [2.5, '5', Number.NaN, Number.POSITIVE_INFINITY, -3, null])
      expectInvalidAt(parse({ teamSize }), 'teamSize');
  });

  it('the patch schema: every field optional, same bounds, unknown and server fields rejected', () => {
    expectValid(ideaPatchSchema.safeParse({}));
    expectValid(ideaPatchSchema.safeParse({ problem: null }));
    expectValid(ideaPatchSchema.safeParse({ teamSize: 20, city: 'sur' }));
    expectInvalidAt(ideaPatchSchema.safeParse({ title: str(4) }), 'title');
    expectInvalidAt(ideaPatchSchema.safeParse({ city: 'OM-MA' }), 'city');
    expectInvalidAt(ideaPatchSchema.safeParse({ teamSize: 1 }), 'teamSize');
    expect(ideaPatchSchema.safeParse({ status: 'approved' }).success).toBe(false);
    expect(ideaPatchSchema.safeParse({ memberCount: 1 }).success).toBe(false);
  });
});

describe('decisionSchema', () => {
  it('takes approve, reject or request_changes, and an optional note of 1–2000', () => {
    for (const decision of ['approve', 'reject', 'request_changes'])
      expectValid(decisionSchema.safeParse({ decision, note: 'Because' }));
    expectValid(decisionSchema.safeParse({ decision: 'approve' }));
    expectValid(decisionSchema.safeParse({ decision: 'reject', note: str(2000) }));
    expectInvalidAt(decisionSchema.safeParse({ decision: 'reject', note: str(2001) }), 'note');
    expectInvalidAt(decisionSchema.safeParse({ decision: 'reject', note: '   ' }), 'note');
    for (const decision of ['accept', 'withdraw', 'start', 'APPROVE', ''])
      expectInvalidAt(decisionSchema.safeParse({ decision }), 'decision');
    expectInvalidAt(decisionSchema.safeParse({}), 'decision');
    expect(decisionSchema.safeParse({ decision: 'approve', by: 'staff-1' }).success).toBe(false);
  });
});

describe('completeSchema', () => {
  const outcome = 'Forty farms use the dashboard every week.';

  it('outcome: 20–4000 characters', () => {
    expectInvalidAt(completeSchema.safeParse({ outcome: str(19) }), 'outcome');
    expectValid(completeSchema.safeParse({ outcome: str(20) }));
    expectValid(completeSchema.safeParse({ outcome: str(4000) }));
    expectInvalidAt(completeSchema.safeParse({ outcome: str(4001) }), 'outcome');
    expectInvalidAt(completeSchema.safeParse({}), 'outcome');
  });

  it('links: optional, at most 5, https only', () => {
    const https = (i: number) => `https://example.om/evidence/${i}`;
    expectValid(completeSchema.safeParse({ outcome }));
    expectValid(completeSchema.safeParse({ outcome, links: [] }));
    expectValid(completeSchema.safeParse({ outcome, links: [0, 1, 2, 3, 4].map(https) }));
    expectInvalidAt(completeSchema.safeParse({ outcome, links: [0, 1, 2, 3, 4, 5].map(https) }), 'links');
    for (const bad of [
      'http://example.om/x',
      'ftp://example.om/x',
      'javascript:alert(1)',
      'https://',
      'example.om/x',
      'https://exa mple.om/x',
      '',
    ])
      expectInvalidAt(completeSchema.safeParse({ outcome, links: [bad] }), 'links');
  });

  it('rejects unknown fields', () => {
    expect(completeSchema.safeParse({ outcome, completedAt: '2026-01-01' }).success).toBe(false);
  });
});

describe('ideaListQuerySchema', () => {
  it('status filters only by the public states', () => {
    for (const status of ['approved', 'in_progress', 'completed'])
      expectValid(ideaListQuerySchema.safeParse({ status }));
    for (const status of ['submitted', 'changes_requested', 'rejected', 'withdrawn', 'APPROVED', ''])
      expectInvalidAt(ideaListQuerySchema.safeParse({ status }), 'status');
  });

  it('tag, mission, matchMyInterests and paging', () => {
    expectValid(
      ideaListQuerySchema.safeParse({
        tag: 'water',
        city: 'nizwa',
        mission: 'research',
        matchMyInterests: 'true',
        limit: '20',
        cursor: 'abc',
      }),
    );
    expect(ideaListQuerySchema.safeParse({ limit: '100' }).data?.limit).toBe(100);
    expectInvalidAt(ideaListQuerySchema.safeParse({ tag: 'football' }), 'tag');
    expectInvalidAt(ideaListQuerySchema.safeParse({ mission: 'marketing' }), 'mission');
    expectInvalidAt(ideaListQuerySchema.safeParse({ matchMyInterests: 'yes' }), 'matchMyInterests');
    expectInvalidAt(ideaListQuerySchema.safeParse({ limit: '0' }), 'limit');
    expectInvalidAt(ideaListQuerySchema.safeParse({ limit: '101' }), 'limit');
    expect(ideaListQuerySchema.safeParse({ authorId: 'amb-1' }).success).toBe(false);
  });
});

describe('leadership (§10 "Handing over a team")', () => {
  const B = { id: 'amb-b', staff: false };
  const author = { id: AUTHOR, staff: false };

  it('approval makes the author the leader; items without a leader are led by their author', () => {
    expect(decideIdea(ideaIn('submitted'), { decision: 'approve' }, NOW).leaderId).toBe(AUTHOR);
    expect(leaderOf(ideaIn('approved'))).toBe(AUTHOR);
  });

  it('after a hand-over the new leader starts, completes and withdraws; the author does none of them', () => {
    const idea = ideaIn('approved', { leaderId: B.id, memberCount: 2 });
    expect(actorOf(idea, B, 'start')).toBe('leader');
    expect(startIdea(idea, actorOf(idea, B, 'start'), NOW).status).toBe('in_progress');
    domainError(() => startIdea(idea, actorOf(idea, author, 'start'), NOW), 'forbidden');
    expect(actorOf(idea, author, 'withdraw')).toBe('other');
    expect(actorOf(idea, B, 'withdraw')).toBe('author');
    expect(actorOf(ideaIn('approved'), author, 'start')).toBe('leader');
  });

  it('handOverIdea: an open team, to someone other than its leader', () => {
    const next = handOverIdea(ideaIn('in_progress'), B.id, NOW);
    expect(next).toMatchObject({ leaderId: B.id, version: 4, status: 'in_progress' });
    domainError(() => handOverIdea(ideaIn('approved'), AUTHOR, NOW), 'invalid_transition');
    for (const s of ['submitted', 'completed', 'withdrawn'] as const)
      domainError(() => handOverIdea(ideaIn(s), B.id, NOW), 'invalid_transition');
  });

  it('abandonIdea (an erased leader alone): open teams become withdrawn, nothing else', () => {
    expect(abandonIdea(ideaIn('in_progress'), NOW)).toMatchObject({ status: 'withdrawn', version: 4 });
    expect(abandonIdea(ideaIn('approved'), NOW).status).toBe('withdrawn');
    for (const s of ['submitted', 'completed', 'withdrawn'] as const)
      domainError(() => abandonIdea(ideaIn(s), NOW), 'invalid_transition');
  });
});

describe('what the errors say (the problem detail clients show)', () => {
  it('forbidden names who may act: the platform team for staff actions, else the actor', () => {
    expect(domainError(() => transition('submitted', 'approve', 'author'), 'forbidden').message).toBe(
      'Only the platform team may approve an idea',
    );
    // (Its grammar, "may request changes an idea", is reported, not pinned: only the words matter here.)
    expect(
      domainError(() => transition('submitted', 'request_changes', 'other'), 'forbidden').message,
    ).toMatch(/^Only the platform team may request changes /);
    expect(domainError(() => transition('approved', 'start', 'staff'), 'forbidden').message).toBe(
      'Only the leader may start an idea',
    );
    expect(domainError(() => transition('submitted', 'edit', 'staff'), 'forbidden').message).toBe(
      'Only the author may edit an idea',
    );
  });

  it('invalid_transition names the action and the state, in words', () => {
    expect(
      domainError(() => transition('changes_requested', 'request_changes', 'staff'), 'invalid_transition')
        .message,
    ).toMatch(/^Cannot request changes .* changes requested$/);
    expect(
      domainError(() => transition('in_progress', 'start', 'leader'), 'invalid_transition').message,
    ).toBe('Cannot start an idea that is in progress');
  });

  it('edit, decide, start and hand-over say what is wrong', () => {
    const tooSmall = domainError(
      () => editIdea(ideaIn('submitted', { memberCount: 4 }), { teamSize: 3 }, 'author', NOW),
      'validation_failed',
    );
    expect(tooSmall.message).toBe('Team size below the current team');
    expect(tooSmall.fieldErrors).toEqual([{ path: 'teamSize', message: 'At least 4' }]);
    const noNote = domainError(
      () => decideIdea(ideaIn('submitted'), { decision: 'request_changes' }, NOW),
      'validation_failed',
    );
    expect(noNote.message).toBe('A note is required');
    expect(noNote.fieldErrors).toEqual([{ path: 'note', message: 'Required to request changes' }]);
    expect(
      domainError(
        () => startIdea(ideaIn('approved', { memberCount: 1 }), 'leader', NOW),
        'invalid_transition',
      ).message,
    ).toBe(`A project starts with at least ${MIN_TEAM_TO_START} members`);
    expect(
      domainError(() => handOverIdea(ideaIn('submitted'), 'amb-b', NOW), 'invalid_transition').message,
    ).toBe('Only an open team can change its leader');
    expect(
      domainError(() => handOverIdea(ideaIn('approved'), AUTHOR, NOW), 'invalid_transition').message,
    ).toBe('Already the leader');
    expect(domainError(() => abandonIdea(ideaIn('completed'), NOW), 'invalid_transition').message).toBe(
      'Only an open team can be abandoned',
    );
  });
});

describe('actorOf after a hand-over, for anything but withdrawing an approved idea', () => {
  const handed = (status: IdeaStatus) => ideaIn(status, { leaderId: 'amb-leader', memberCount: 2 });
  const leader = { id: 'amb-leader', staff: false };
  const author = { id: AUTHOR, staff: false };

  it('the author still edits as the author; the leader is nobody special there', () => {
    for (const action of [undefined, 'edit', 'approve'] as const) {
      expect(actorOf(handed('approved'), author, action)).toBe('author');
      expect(actorOf(handed('approved'), leader, action)).toBe('other');
    }
  });

  it('in progress, a withdrawal follows the author, not the leader', () => {
    expect(actorOf(handed('in_progress'), author, 'withdraw')).toBe('author');
    expect(actorOf(handed('in_progress'), leader, 'withdraw')).toBe('other');
    expect(actorOf(handed('in_progress'), { id: 'staff-1', staff: true }, 'withdraw')).toBe('staff');
  });
});
