/**
 * Ideas, teams and projects (docs/api-contract.md §8): the idea lifecycle as a pure state
 * machine, what authors and staff send, and who may see what.
 *
 *   submitted ──approve──▶ approved ──start──▶ in_progress ──complete──▶ completed
 *      │  ▲                  │
 *      │  └─(author edits)── changes_requested ◀──request_changes── submitted
 *      ├──reject──▶ rejected
 *      └──withdraw (author, from submitted | changes_requested | approved)──▶ withdrawn
 */
import * as z from 'zod/mini';
import { DomainError } from './errors.ts';
import { interestIds } from './interests.ts';
import { httpsUrl, idParam, multiLine, paging, singleLine, uniqueList, wilayatId } from './schema-kit.ts';

export const ideaStatuses = [
  'submitted',
  'changes_requested',
  'approved',
  'in_progress',
  'completed',
  'rejected',
  'withdrawn',
] as const;
export type IdeaStatus = (typeof ideaStatuses)[number];

/** The states everyone signed in may see; the others are for the author and staff. */
export const publicStatuses = [
  'approved',
  'in_progress',
  'completed',
] as const satisfies readonly IdeaStatus[];
export const isPublic = (s: IdeaStatus): boolean => (publicStatuses as readonly string[]).includes(s);

export const missions = ['awareness', 'research', 'engagement'] as const;

export const ideaActions = [
  'edit',
  'withdraw',
  'approve',
  'reject',
  'request_changes',
  'start',
  'complete',
] as const;
export type IdeaAction = (typeof ideaActions)[number];

/**
 * Who is acting, relative to the idea: its author (who owns the idea's text and its
 * withdrawal), its team's leader (the author until a hand-over, §10), staff, or anyone else.
 */
export type IdeaActor = 'author' | 'leader' | 'staff' | 'other';

interface Rule {
  from: readonly IdeaStatus[];
  to: (from: IdeaStatus) => IdeaStatus;
  by: IdeaActor;
  /** What the action must carry. */
  needs?: 'note' | 'outcome';
}

export const ideaMachine: Record<IdeaAction, Rule> = {
  // Editing keeps a submitted idea submitted and resubmits one whose changes were requested.
  edit: { from: ['submitted', 'changes_requested'], to: () => 'submitted', by: 'author' },
  withdraw: { from: ['submitted', 'changes_requested', 'approved'], to: () => 'withdrawn', by: 'author' },
  approve: { from: ['submitted'], to: () => 'approved', by: 'staff' },
  reject: { from: ['submitted'], to: () => 'rejected', by: 'staff', needs: 'note' },
  request_changes: { from: ['submitted'], to: () => 'changes_requested', by: 'staff', needs: 'note' },
  start: { from: ['approved'], to: () => 'in_progress', by: 'leader' },
  complete: { from: ['in_progress'], to: () => 'completed', by: 'leader', needs: 'outcome' },
};

/**
 * The state `action` leads to from `from` when `actor` fires it: 403 `forbidden` when the
 * actor may never fire it, 409 `invalid_transition` when the state does not allow it.
 */
export const transition = (from: IdeaStatus, action: IdeaAction, actor: IdeaActor): IdeaStatus => {
  const rule = ideaMachine[action];
  if (rule.by !== actor)
    throw new DomainError(
      'forbidden',
      `Only the ${rule.by === 'staff' ? 'platform team' : rule.by} may ${action.replace('_', ' ')} an idea`,
    );
  if (!rule.from.includes(from))
    throw new DomainError(
      'invalid_transition',
      `Cannot ${action.replace('_', ' ')} an idea that is ${from.replace('_', ' ')}`,
    );
  return rule.to(from);
};

const city = wilayatId();

const fields = {
  title: singleLine(5, 120),
  summary: multiLine(20, 2000),
  problem: z.optional(multiLine(0, 2000)),
  city,
  tags: uniqueList(z.enum(interestIds), 1, 5),
  missions: uniqueList(z.enum(missions), 1, 3),
  teamSize: z.number().check(z.int(), z.minimum(2), z.maximum(20)),
};

export const ideaInputSchema = z.strictObject(fields);
export type IdeaInput = z.infer<typeof ideaInputSchema>;

export const ideaPatchSchema = z.strictObject({
  title: z.optional(fields.title),
  summary: z.optional(fields.summary),
  problem: z.optional(z.nullable(multiLine(0, 2000))),
  city: z.optional(city),
  tags: z.optional(fields.tags),
  missions: z.optional(fields.missions),
  teamSize: z.optional(fields.teamSize),
});
export type IdeaPatch = z.infer<typeof ideaPatchSchema>;

export const decisionSchema = z.strictObject({
  decision: z.enum(['approve', 'reject', 'request_changes']),
  note: z.optional(multiLine(1, 2000)),
  /** Seen by everyone who can see the idea (§10); `note` by its author and staff only. */
  publicNote: z.optional(multiLine(1, 500)),
});
export type DecisionInput = z.infer<typeof decisionSchema>;

export const completeSchema = z.strictObject({
  outcome: multiLine(20, 4000),
  links: z.optional(z.array(httpsUrl()).check(z.maxLength(5))),
});
export type CompleteInput = z.infer<typeof completeSchema>;

export const ideaIdParams = z.strictObject({ id: idParam() });
export const ideaListQuerySchema = z.strictObject({
  status: z.optional(z.enum(publicStatuses)),
  tag: z.optional(z.enum(interestIds)),
  city: z.optional(wilayatId()),
  mission: z.optional(z.enum(missions)),
  matchMyInterests: z.optional(z.enum(['true', 'false'])),
  ...paging,
});
export type IdeaListQuery = z.infer<typeof ideaListQuerySchema>;
export const staffIdeaQueueSchema = z.strictObject({ status: z.optional(z.enum(['submitted'])), ...paging });
export const ownIdeasQuerySchema = z.strictObject({ ...paging });

export interface Idea extends Omit<IdeaInput, 'problem'> {
  id: string;
  authorId: string;
  status: IdeaStatus;
  problem?: string | undefined;
  /** The staff note of the last decision, shown to the author. */
  decisionNote?: string | undefined;
  /** The public note of the last decision, shown to everyone who can see the idea. */
  publicNote?: string | undefined;
  submittedAt: string;
  approvedAt?: string | undefined;
  startedAt?: string | undefined;
  completedAt?: string | undefined;
  outcome?: string | undefined;
  links?: string[] | undefined;
  /** Members, leader included: kept on the idea so capacity is one DynamoDB condition. */
  memberCount: number;
  /** The team's leader once approved; absent on items written before hand-overs existed (the author). */
  leaderId?: string | undefined;
  featured?: { headlineAr: string; headlineEn: string; featuredAt: string } | undefined;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export const newIdea = (input: IdeaInput, authorId: string, id: string, now: Date): Idea => {
  const at = now.toISOString();
  return {
    ...input,
    id,
    authorId,
    status: 'submitted',
    submittedAt: at,
    memberCount: 0,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
};

/** The author's edit: only while submitted or changes_requested; it (re)submits the idea. */
export const editIdea = (current: Idea, patch: IdeaPatch, actor: IdeaActor, now: Date): Idea => {
  const status = transition(current.status, 'edit', actor);
  if (patch.teamSize !== undefined && patch.teamSize < current.memberCount)
    throw new DomainError('validation_failed', 'Team size below the current team', [
      { path: 'teamSize', message: `At least ${current.memberCount}` },
    ]);
  const at = now.toISOString();
  const next: Idea = { ...current, status, updatedAt: at, version: current.version + 1 };
  for (const [k, v] of Object.entries(patch))
    if (v !== undefined) (next as unknown as Record<string, unknown>)[k] = v ?? undefined;
  // A resubmission waits in the queue from now.
  if (current.status === 'changes_requested') next.submittedAt = at;
  return next;
};

/** A staff decision on a submitted idea. */
export const decideIdea = (current: Idea, input: DecisionInput, now: Date): Idea => {
  const status = transition(current.status, input.decision, 'staff');
  if (ideaMachine[input.decision].needs === 'note' && !input.note)
    throw new DomainError('validation_failed', 'A note is required', [
      { path: 'note', message: `Required to ${input.decision.replace('_', ' ')}` },
    ]);
  const at = now.toISOString();
  return {
    ...current,
    status,
    decisionNote: input.note,
    publicNote: input.publicNote,
    ...(status === 'approved' ? { approvedAt: at, memberCount: 1, leaderId: current.authorId } : {}),
    updatedAt: at,
    version: current.version + 1,
  };
};

/** The minimum team to start a project: the leader and one more. */
export const MIN_TEAM_TO_START = 2;

export const withdrawIdea = (current: Idea, actor: IdeaActor, now: Date): Idea => ({
  ...current,
  status: transition(current.status, 'withdraw', actor),
  updatedAt: now.toISOString(),
  version: current.version + 1,
});

export const startIdea = (current: Idea, actor: IdeaActor, now: Date): Idea => {
  const status = transition(current.status, 'start', actor);
  if (current.memberCount < MIN_TEAM_TO_START)
    throw new DomainError(
      'invalid_transition',
      `A project starts with at least ${MIN_TEAM_TO_START} members`,
    );
  const at = now.toISOString();
  return { ...current, status, startedAt: at, updatedAt: at, version: current.version + 1 };
};

export const completeIdea = (current: Idea, input: CompleteInput, actor: IdeaActor, now: Date): Idea => {
  const status = transition(current.status, 'complete', actor);
  const at = now.toISOString();
  return {
    ...current,
    status,
    outcome: input.outcome,
    links: input.links ?? [],
    completedAt: at,
    updatedAt: at,
    version: current.version + 1,
  };
};

export type Viewer = { id: string; staff: boolean } | undefined;

/** The team's leader: the author unless leadership was handed over. */
export const leaderOf = (idea: Idea): string => idea.leaderId ?? idea.authorId;

/**
 * Who `viewer` is for `action`: the leader for the leader's actions (start, complete), the
 * author for the author's; staff, or anyone else, otherwise.
 */
export const actorOf = (
  idea: Idea,
  viewer: { id: string; staff: boolean },
  action?: IdeaAction,
): IdeaActor => {
  if (action && ideaMachine[action].by === 'leader' && viewer.id === leaderOf(idea)) return 'leader';
  // An approved idea handed over is its leader's team (§10): the leader withdraws it in the
  // author's place; the author, a plain member now or gone, may not dissolve it.
  if (action === 'withdraw' && idea.status === 'approved' && leaderOf(idea) !== idea.authorId) {
    if (viewer.id === leaderOf(idea)) return 'author';
    return viewer.staff ? 'staff' : 'other';
  }
  if (viewer.id === idea.authorId) return 'author';
  return viewer.staff ? 'staff' : 'other';
};

/** The team passes to `to` (a member, checked by the store as a condition). */
export const handOverIdea = (current: Idea, to: string, now: Date): Idea => {
  if (current.status !== 'approved' && current.status !== 'in_progress')
    throw new DomainError('invalid_transition', 'Only an open team can change its leader');
  if (to === leaderOf(current)) throw new DomainError('invalid_transition', 'Already the leader');
  const at = now.toISOString();
  return { ...current, leaderId: to, updatedAt: at, version: current.version + 1 };
};

/**
 * The erasure's withdrawal (§10): an open idea whose erased leader has no one to pass the
 * team to. It is the system acting, so the author's machine rules do not apply.
 */
export const abandonIdea = (current: Idea, now: Date): Idea => {
  if (current.status !== 'approved' && current.status !== 'in_progress')
    throw new DomainError('invalid_transition', 'Only an open team can be abandoned');
  return { ...current, status: 'withdrawn', updatedAt: now.toISOString(), version: current.version + 1 };
};

export const canSeeIdea = (idea: Idea, viewer: Viewer): boolean =>
  isPublic(idea.status) || (viewer !== undefined && (viewer.staff || viewer.id === idea.authorId));

/** What a reader gets (§10): the decision's note is for the author and staff only. */
export const ideaView = (idea: Idea, viewer: Viewer): Idea => {
  if (viewer && (viewer.staff || viewer.id === idea.authorId)) return idea;
  const { decisionNote: _n, ...rest } = idea;
  return rest;
};

/** How a transition moves the project counters of the idea's city and community. */
export interface ProjectDelta {
  approved: number;
  inProgress: number;
  completed: number;
  /** Approved or in progress: the community's `activeProjects`. */
  active: number;
}

const weight = (s: IdeaStatus): ProjectDelta => ({
  approved: s === 'approved' ? 1 : 0,
  inProgress: s === 'in_progress' ? 1 : 0,
  completed: s === 'completed' ? 1 : 0,
  active: s === 'approved' || s === 'in_progress' ? 1 : 0,
});

export const projectDelta = (from: IdeaStatus, to: IdeaStatus): ProjectDelta => {
  const a = weight(from);
  const b = weight(to);
  return {
    approved: b.approved - a.approved,
    inProgress: b.inProgress - a.inProgress,
    completed: b.completed - a.completed,
    active: b.active - a.active,
  };
};

/** An idea counts in its author's `stats.ideas` once approved, and until withdrawn. */
export const countsAsIdea = (s: IdeaStatus): boolean => isPublic(s);

export interface AuditEntry {
  at: string;
  by: string;
  action: IdeaAction | 'hide_comment' | 'feature' | 'unfeature' | 'leader_changed';
  from: IdeaStatus;
  to: IdeaStatus;
  note?: string | undefined;
  commentId?: string | undefined;
  /** `leader_changed` only: the new leader. */
  leaderId?: string | undefined;
}
