/**
 * The idea, team and showcase use cases (docs/api-contract.md §8–§9) against an in-memory
 * IdeaRepo of our own: 404 versus 403, If-Match, conditional writes that lose races and are
 * decided again on a fresh read, comments, join requests and team capacity.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { type Ambassador, emptyStats } from '#domain/ambassadors.ts';
import { DomainError } from '#domain/errors.ts';
import {
  ATTEMPTS,
  addCommentCase,
  completeIdeaCase,
  decideIdeaCase,
  decideJoinCase,
  deleteCommentCase,
  editIdeaCase,
  featureIdeaCase,
  handOverCase,
  hideCommentCase,
  leaveCase,
  pendingJoinsCase,
  readIdeaCase,
  releaseTeamsCase,
  requestJoinCase,
  startIdeaCase,
  submitIdeaCase,
  unfeatureIdeaCase,
  withdrawIdeaCase,
} from '#domain/idea-cases.ts';
import {
  type AuditEntry,
  type Idea,
  type IdeaInput,
  type IdeaStatus,
  ideaStatuses,
  newIdea,
} from '#domain/ideas.ts';
import type { DomainEvent } from '#domain/notifications.ts';
import type {
  CommentOutcome,
  HandOverOutcome,
  HideOutcome,
  IdeaRepo,
  JoinOutcome,
  Outcome,
} from '#domain/ports.ts';
import type { Comment, JoinRequest, Membership } from '#domain/teams.ts';
import { type ErrorCode, statusOf } from '#http/problem.ts';

// ---------------------------------------------------------------------------------------
// an in-memory IdeaRepo

type WriteOp =
  | 'transition'
  | 'addComment'
  | 'deleteComment'
  | 'hideComment'
  | 'requestJoin'
  | 'acceptJoin'
  | 'declineJoin'
  | 'leave'
  | 'handOver';

const OPEN: readonly IdeaStatus[] = ['approved', 'in_progress'];
const PUBLIC: readonly IdeaStatus[] = ['approved', 'in_progress', 'completed'];

/**
 * Conditional writes as the table does them (functions/store/ideas.ts): a transition only
 * over the stored version; joins and accepts only while the team is open and has room.
 * `before` plays a concurrent writer just before a write; `script` makes a write report an
 * outcome instead of doing its work. Both are used once each, in order.
 */
class FakeIdeaRepo implements IdeaRepo {
  readonly ideas = new Map<string, Idea>();
  readonly audits = new Map<string, AuditEntry[]>();
  readonly comments = new Map<string, Comment>();
  readonly joins = new Map<string, JoinRequest>();
  readonly teams = new Map<string, Membership[]>();
  readonly gets: { id: string; consistent: boolean }[] = [];
  readonly writes: { op: WriteOp; ok: boolean }[] = [];
  /** The events written, each with the write that carried it (a refused write carries none). */
  readonly events: DomainEvent[] = [];
  readonly memberReads: { ideaId: string; consistent: boolean }[] = [];
  readonly before: Partial<Record<WriteOp, (() => void)[]>> = {};
  readonly script: {
    addComment?: CommentOutcome[];
    requestJoin?: JoinOutcome[];
    acceptJoin?: JoinOutcome[];
    transition?: Outcome[];
  } = {};

  // --- test helpers

  put(idea: Idea): void {
    this.ideas.set(idea.id, structuredClone(idea));
  }

  stored(id: string): Idea {
    const idea = this.ideas.get(id);
    if (!idea) throw new Error(`no idea ${id}`);
    return idea;
  }

  /** A concurrent writer changed the idea: its version moves on. */
  bump(id: string, change: Partial<Idea> = {}): void {
    const s = this.stored(id);
    this.put({ ...s, ...change, version: s.version + 1 });
  }

  addMember(ideaId: string, ambassadorId: string, leader = false): void {
    this.teams.set(ideaId, [
      ...(this.teams.get(ideaId) ?? []),
      { ideaId, ambassadorId, leader, joinedAt: '2026-11-10T00:00:00.000Z' },
    ]);
  }

  trail(id: string): AuditEntry[] {
    return this.audits.get(id) ?? [];
  }

  private hook(op: WriteOp): void {
    this.before[op]?.shift()?.();
  }

  private record<T>(op: WriteOp, ok: boolean, value: T, event?: DomainEvent): T {
    this.writes.push({ op, ok });
    if (ok && event) this.events.push(structuredClone(event));
    return value;
  }

  private joinKey = (ideaId: string, ambassadorId: string) => `${ideaId}/${ambassadorId}`;
  private commentKey = (ideaId: string, commentId: string) => `${ideaId}/${commentId}`;

  private isMember(ideaId: string, ambassadorId: string): boolean {
    return (this.teams.get(ideaId) ?? []).some((m) => m.ambassadorId === ambassadorId);
  }

  // --- the port

  async get(id: string, consistent?: boolean): Promise<Idea | undefined> {
    this.gets.push({ id, consistent: consistent === true });
    const idea = this.ideas.get(id);
    return idea && structuredClone(idea);
  }

  async create(idea: Idea): Promise<Outcome<'author_gone'>> {
    if (this.ideas.has(idea.id)) throw new Error('duplicate id');
    this.put(idea);
    return 'ok';
  }

  async transition(current: Idea, next: Idea, audit: AuditEntry, event?: DomainEvent): Promise<Outcome> {
    this.hook('transition');
    const scripted = this.script.transition?.shift();
    if (scripted !== undefined) return this.record('transition', scripted === 'ok', scripted);
    const stored = this.ideas.get(current.id);
    if (!stored || stored.version !== current.version) return this.record('transition', false, 'changed');
    this.put(next);
    this.audits.set(current.id, [...this.trail(current.id), structuredClone(audit)]);
    // Approval creates the team with the author as leader.
    if (current.status === 'submitted' && next.status === 'approved')
      this.teams.set(current.id, [
        { ideaId: current.id, ambassadorId: current.authorId, leader: true, joinedAt: audit.at },
      ]);
    return this.record('transition', true, 'ok', event);
  }

  async members(ideaId: string, consistent?: boolean): Promise<Membership[]> {
    this.memberReads.push({ ideaId, consistent: consistent === true });
    return structuredClone(this.teams.get(ideaId) ?? []);
  }

  async auditTrail(ideaId: string): Promise<AuditEntry[]> {
    return structuredClone(this.trail(ideaId));
  }

  async addComment(idea: Idea, comment: Comment, event?: DomainEvent): Promise<CommentOutcome> {
    this.hook('addComment');
    const scripted = this.script.addComment?.shift();
    if (scripted !== undefined) return this.record('addComment', scripted === 'ok', scripted);
    const stored = this.ideas.get(idea.id);
    if (!stored || !PUBLIC.includes(stored.status)) return this.record('addComment', false, 'idea_closed');
    if (comment.replyTo !== undefined) {
      const parent = this.comments.get(this.commentKey(idea.id, comment.replyTo));
      if (!parent || parent.hidden) return this.record('addComment', false, 'parent_missing');
    }
    this.comments.set(this.commentKey(idea.id, comment.id), structuredClone(comment));
    return this.record('addComment', true, 'ok', event);
  }

  async getComment(ideaId: string, commentId: string): Promise<Comment | undefined> {
    const c = this.comments.get(this.commentKey(ideaId, commentId));
    return c && structuredClone(c);
  }

  async deleteComment(comment: Comment): Promise<Outcome> {
    this.hook('deleteComment');
    const ok = this.comments.delete(this.commentKey(comment.ideaId, comment.id));
    return this.record('deleteComment', ok, ok ? 'ok' : 'changed');
  }

  async hideComment(comment: Comment, audit: AuditEntry): Promise<boolean> {
    this.hook('hideComment');
    const key = this.commentKey(comment.ideaId, comment.id);
    const stored = this.comments.get(key);
    if (!stored) return this.record('hideComment', false, false);
    this.comments.set(key, { ...stored, hidden: true });
    this.audits.set(comment.ideaId, [...this.trail(comment.ideaId), structuredClone(audit)]);
    return this.record('hideComment', true, true);
  }

  async isOnTeam(ideaId: string, ambassadorId: string): Promise<boolean> {
    return this.isMember(ideaId, ambassadorId);
  }

  /** As the table does it: the team and the author are conditions of the hide itself. */
  async hideCommentAsStaff(comment: Comment, audit: AuditEntry, staffId: string): Promise<HideOutcome> {
    const before = this.before.hideComment?.[0];
    if (before) this.before.hideComment?.shift();
    before?.();
    if (this.isMember(comment.ideaId, staffId) || this.ideas.get(comment.ideaId)?.authorId === staffId)
      return this.record('hideComment', false, 'conflict_of_interest');
    return (await this.hideComment(comment, audit)) ? 'ok' : 'gone';
  }

  async getJoin(ideaId: string, ambassadorId: string): Promise<JoinRequest | undefined> {
    const j = this.joins.get(this.joinKey(ideaId, ambassadorId));
    return j && structuredClone(j);
  }

  async pendingJoins(ideaId: string): Promise<JoinRequest[]> {
    return [...this.joins.values()]
      .filter((j) => j.ideaId === ideaId && j.status === 'pending')
      .map((j) => structuredClone(j));
  }

  async requestJoin(idea: Idea, request: JoinRequest, event?: DomainEvent): Promise<JoinOutcome> {
    this.hook('requestJoin');
    const scripted = this.script.requestJoin?.shift();
    if (scripted !== undefined) return this.record('requestJoin', scripted === 'ok', scripted);
    const key = this.joinKey(idea.id, request.ambassadorId);
    if (this.isMember(idea.id, request.ambassadorId))
      return this.record('requestJoin', false, 'already_member');
    const existing = this.joins.get(key);
    if (existing && existing.status !== 'declined')
      return this.record('requestJoin', false, 'duplicate_request');
    const stored = this.ideas.get(idea.id);
    if (!stored || !OPEN.includes(stored.status) || stored.memberCount >= stored.teamSize)
      return this.record('requestJoin', false, 'changed');
    this.joins.set(key, structuredClone(request));
    return this.record('requestJoin', true, 'ok', event);
  }

  async acceptJoin(idea: Idea, request: JoinRequest, at: string, event?: DomainEvent): Promise<JoinOutcome> {
    this.hook('acceptJoin');
    const scripted = this.script.acceptJoin?.shift();
    if (scripted !== undefined) return this.record('acceptJoin', scripted === 'ok', scripted);
    const key = this.joinKey(idea.id, request.ambassadorId);
    if (this.isMember(idea.id, request.ambassadorId))
      return this.record('acceptJoin', false, 'already_member');
    if (this.joins.get(key)?.status !== 'pending') return this.record('acceptJoin', false, 'changed');
    const stored = this.ideas.get(idea.id);
    if (!stored || !OPEN.includes(stored.status) || stored.memberCount >= stored.teamSize)
      return this.record('acceptJoin', false, 'changed');
    this.joins.set(key, { ...request, status: 'accepted', decidedAt: at });
    this.addMember(idea.id, request.ambassadorId);
    this.put({ ...stored, memberCount: stored.memberCount + 1, version: stored.version + 1, updatedAt: at });
    return this.record('acceptJoin', true, 'ok', event);
  }

  async declineJoin(request: JoinRequest, at: string, event?: DomainEvent): Promise<Outcome> {
    this.hook('declineJoin');
    const key = this.joinKey(request.ideaId, request.ambassadorId);
    if (this.joins.get(key)?.status !== 'pending') return this.record('declineJoin', false, 'changed');
    this.joins.set(key, { ...request, status: 'declined', decidedAt: at });
    return this.record('declineJoin', true, 'ok', event);
  }

  async leave(idea: Idea, member: Membership, _at?: string, event?: DomainEvent): Promise<Outcome> {
    this.hook('leave');
    const stored = this.ideas.get(idea.id);
    if (!stored || !OPEN.includes(stored.status) || !this.isMember(idea.id, member.ambassadorId))
      return this.record('leave', false, 'changed');
    this.teams.set(
      idea.id,
      (this.teams.get(idea.id) ?? []).filter((m) => m.ambassadorId !== member.ambassadorId),
    );
    this.joins.delete(this.joinKey(idea.id, member.ambassadorId));
    this.put({ ...stored, memberCount: stored.memberCount - 1, version: stored.version + 1 });
    return this.record('leave', true, 'ok', event);
  }

  async handOver(
    current: Idea,
    next: Idea,
    audit: AuditEntry,
    event?: DomainEvent,
  ): Promise<HandOverOutcome> {
    this.hook('handOver');
    const stored = this.ideas.get(current.id);
    if (!stored || stored.version !== current.version) return this.record('handOver', false, 'changed');
    const to = next.leaderId ?? next.authorId;
    if (!this.isMember(current.id, to)) return this.record('handOver', false, 'not_member');
    this.put(next);
    this.teams.set(
      current.id,
      (this.teams.get(current.id) ?? []).map((m) => ({ ...m, leader: m.ambassadorId === to })),
    );
    this.audits.set(current.id, [...this.trail(current.id), structuredClone(audit)]);
    return this.record('handOver', true, 'ok', event);
  }

  async withdrawJoin(request: JoinRequest): Promise<Outcome> {
    const key = this.joinKey(request.ideaId, request.ambassadorId);
    if (this.joins.get(key)?.status !== 'pending') return 'changed';
    this.joins.delete(key);
    return 'ok';
  }

  async ownedIdeas(ambassadorId: string): Promise<Idea[]> {
    return [...this.ideas.values()].filter((i) => i.authorId === ambassadorId).map((i) => structuredClone(i));
  }

  async memberships(ambassadorId: string): Promise<Membership[]> {
    return [...this.teams.values()].flat().filter((m) => m.ambassadorId === ambassadorId);
  }

  async joinRequestsOf(ambassadorId: string): Promise<JoinRequest[]> {
    return [...this.joins.values()].filter((j) => j.ambassadorId === ambassadorId);
  }
}

// ---------------------------------------------------------------------------------------
// fixtures

/** 14:00 in Muscat on 28 November 2026, then a tick per read of the clock. */
const T0 = Date.parse('2026-11-28T10:00:00.000Z');

const AUTHOR = { id: 'amb-author', staff: false };
const STAFF = { id: 'staff-1', staff: true };
const OTHER = { id: 'amb-other', staff: false };
const MEMBER = { id: 'amb-member', staff: false };

const input: IdeaInput = {
  title: 'ري ذكي لمزارع النخيل',
  summary: 'Soil sensors and a shared dashboard for the date farms of Nizwa.',
  city: 'nizwa',
  tags: ['water', 'iot'],
  missions: ['research'],
  teamSize: 4,
};

const ambassador = (id: string): Ambassador => ({
  id,
  name: `Ambassador ${id}`,
  email: `${id}@example.om`,
  country: 'OM',
  governorate: 'OM-DA',
  wilayat: 'nizwa',
  city: 'nizwa',
  interests: ['water'],
  expertise: [],
  languages: ['ar'],
  joinedAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 1,
  stats: emptyStats(),
});

let repo: FakeIdeaRepo;
let ticks: number;
let ids: number;
const deps = () => ({
  ideas: repo,
  now: () => new Date(T0 + ticks++ * 1000),
  newId: () => `id-${++ids}`,
});

/** An idea by AUTHOR stored in `status` (public ones with a team of `memberCount`). */
const seed = (status: IdeaStatus, over: Partial<Idea> = {}, id = 'idea-1'): Idea => {
  const idea: Idea = {
    ...newIdea(input, AUTHOR.id, id, new Date('2026-11-01T08:00:00.000Z')),
    status,
    version: 3,
    memberCount: PUBLIC.includes(status) ? 1 : 0,
    ...over,
  };
  repo.put(idea);
  if (PUBLIC.includes(status)) {
    repo.addMember(id, AUTHOR.id, true);
    for (let i = 1; i < idea.memberCount; i++) repo.addMember(id, i === 1 ? MEMBER.id : `amb-m${i}`);
  }
  return repo.stored(id);
};

const pending = (ambassadorId: string, ideaId = 'idea-1'): JoinRequest => {
  const r: JoinRequest = {
    ideaId,
    ambassadorId,
    status: 'pending',
    role: 'Data analyst',
    createdAt: '2026-11-20T00:00:00.000Z',
    version: 1,
  };
  repo.joins.set(`${ideaId}/${ambassadorId}`, r);
  return r;
};

const comment = (id: string, authorId: string, over: Partial<Comment> = {}, ideaId = 'idea-1'): Comment => {
  const c: Comment = {
    id,
    ideaId,
    authorId,
    body: 'Count me in',
    createdAt: '2026-11-21T00:00:00.000Z',
    version: 1,
    ...over,
  };
  repo.comments.set(`${ideaId}/${id}`, c);
  return c;
};

/** Expects `p` to reject with a DomainError `code` (and its status) and returns it. */
const rejectsWith = async (p: Promise<unknown>, code: ErrorCode, status: number): Promise<DomainError> => {
  let caught: unknown;
  try {
    await p;
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected ${code}`).toBeInstanceOf(DomainError);
  const err = caught as DomainError;
  expect(err.code).toBe(code);
  expect(statusOf(err.code)).toBe(status);
  return err;
};

const successfulWrites = () => repo.writes.filter((w) => w.ok);

beforeEach(() => {
  repo = new FakeIdeaRepo();
  ticks = 0;
  ids = 0;
});

// ---------------------------------------------------------------------------------------

describe('submitIdeaCase', () => {
  it('stores a submitted idea with the injected id and clock, led by the caller', async () => {
    const idea = await submitIdeaCase(deps(), ambassador(AUTHOR.id), input);
    expect(idea).toMatchObject({
      id: 'id-1',
      authorId: AUTHOR.id,
      status: 'submitted',
      version: 1,
      memberCount: 0,
      submittedAt: new Date(T0).toISOString(),
    });
    expect(repo.stored('id-1')).toEqual(idea);
  });
});

describe('readIdeaCase', () => {
  const hidden = ideaStatuses.filter((s) => !PUBLIC.includes(s));

  it.each(hidden)(
    'a %s idea is 404 to others and to nobody-signed-in, seen by author and staff',
    async (s) => {
      seed(s);
      await rejectsWith(readIdeaCase(deps(), 'idea-1', OTHER), 'not_found', 404);
      await rejectsWith(readIdeaCase(deps(), 'idea-1', undefined), 'not_found', 404);
      expect((await readIdeaCase(deps(), 'idea-1', AUTHOR)).status).toBe(s);
      expect((await readIdeaCase(deps(), 'idea-1', STAFF)).status).toBe(s);
    },
  );

  it.each(PUBLIC)('a %s idea is seen by everyone', async (s) => {
    seed(s);
    for (const v of [OTHER, AUTHOR, STAFF, undefined])
      expect((await readIdeaCase(deps(), 'idea-1', v)).id).toBe('idea-1');
  });

  it('an unknown id is the same 404, and the read is consistent only when asked', async () => {
    seed('submitted');
    const hiddenErr = await rejectsWith(readIdeaCase(deps(), 'idea-1', OTHER), 'not_found', 404);
    const unknownErr = await rejectsWith(readIdeaCase(deps(), 'nope', OTHER), 'not_found', 404);
    expect(unknownErr.message).toBe(hiddenErr.message);
    await readIdeaCase(deps(), 'idea-1', AUTHOR, true);
    expect(repo.gets.map((g) => g.consistent)).toEqual([false, false, true]);
  });
});

describe('decisions and transitions, with lost races', () => {
  it('approve: the stored idea is approved, the author leads a team of 1, one audit entry', async () => {
    seed('submitted');
    const next = await decideIdeaCase(deps(), STAFF.id, 'idea-1', { decision: 'approve' });
    expect(next.status).toBe('approved');
    expect(next.memberCount).toBe(1);
    expect(repo.stored('idea-1')).toEqual(next);
    expect(repo.teams.get('idea-1')?.map((m) => [m.ambassadorId, m.leader])).toEqual([[AUTHOR.id, true]]);
    const trail = repo.trail('idea-1');
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({ by: STAFF.id, action: 'approve', from: 'submitted', to: 'approved' });
    expect(trail[0]?.at).toBe(next.updatedAt);
  });

  it('reject carries its note into the audit trail', async () => {
    seed('submitted');
    await decideIdeaCase(deps(), STAFF.id, 'idea-1', { decision: 'reject', note: 'Out of scope' });
    expect(repo.trail('idea-1')[0]).toMatchObject({ action: 'reject', note: 'Out of scope', to: 'rejected' });
  });

  it('two decisions at once: exactly one succeeds, the other is 409 invalid_transition', async () => {
    seed('submitted');
    const results = await Promise.allSettled([
      decideIdeaCase(deps(), 'staff-1', 'idea-1', { decision: 'approve' }),
      decideIdeaCase(deps(), 'staff-2', 'idea-1', { decision: 'reject', note: 'Duplicate of another idea' }),
    ]);
    const ok = results.filter((r) => r.status === 'fulfilled');
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok).toHaveLength(1);
    expect(failed).toHaveLength(1);
    expect(failed[0]?.reason).toBeInstanceOf(DomainError);
    expect((failed[0]?.reason as DomainError | undefined)?.code).toBe('invalid_transition');
    const winner = (ok[0] as PromiseFulfilledResult<Idea>).value;
    expect(repo.stored('idea-1').status).toBe(winner.status);
    expect(repo.trail('idea-1')).toHaveLength(1);
    // The loser re-read consistently before deciding again.
    expect(repo.gets.filter((g) => g.consistent)).toHaveLength(1);
  });

  it('a concurrent approve lands first: a second decision re-reads and is 409, nothing written', async () => {
    seed('submitted');
    repo.before.transition = [() => repo.bump('idea-1', { status: 'approved', memberCount: 1 })];
    await rejectsWith(
      decideIdeaCase(deps(), STAFF.id, 'idea-1', { decision: 'request_changes', note: 'More detail' }),
      'invalid_transition',
      409,
    );
    expect(repo.stored('idea-1')).toMatchObject({ status: 'approved', version: 4 });
    expect(successfulWrites()).toEqual([]);
    expect(repo.gets.map((g) => g.consistent)).toEqual([false, true]);
  });

  it('a lost race to an unrelated change is decided again on the fresh version', async () => {
    seed('submitted');
    repo.before.transition = [
      () => repo.bump('idea-1', { summary: 'A summary edited meanwhile by the author.' }),
    ];
    const next = await decideIdeaCase(deps(), STAFF.id, 'idea-1', { decision: 'approve' });
    expect(next.version).toBe(5);
    expect(next.summary).toBe('A summary edited meanwhile by the author.');
    expect(repo.stored('idea-1')).toEqual(next);
    expect(repo.writes.map((w) => w.ok)).toEqual([false, true]);
  });

  it('a staff decision that lost a race decides again at once, without a pause', async () => {
    seed('submitted');
    repo.before.transition = [() => repo.bump('idea-1')];
    const paused: number[] = [];
    const pause = async (attempt: number) => {
      paused.push(attempt);
    };
    await decideIdeaCase({ ...deps(), pause }, STAFF.id, 'idea-1', { decision: 'approve' });
    expect(paused).toEqual([]);
    expect(repo.writes.map((w) => w.ok)).toEqual([false, true]);
  });

  it(`${ATTEMPTS} lost races in a row: 503 unavailable, nothing written`, async () => {
    seed('submitted');
    repo.script.transition = Array.from({ length: ATTEMPTS + 1 }, (): Outcome => 'changed');
    await rejectsWith(
      decideIdeaCase(deps(), STAFF.id, 'idea-1', { decision: 'approve' }),
      'unavailable',
      503,
    );
    expect(repo.writes).toHaveLength(ATTEMPTS);
    expect(repo.gets.map((g) => g.consistent)).toEqual([false, ...Array(ATTEMPTS - 1).fill(true)]);
    expect(repo.stored('idea-1').status).toBe('submitted');
    expect(repo.trail('idea-1')).toEqual([]);
  });

  it('a decision without its note is 400, and writes nothing', async () => {
    seed('submitted');
    await rejectsWith(
      decideIdeaCase(deps(), STAFF.id, 'idea-1', { decision: 'reject' }),
      'validation_failed',
      400,
    );
    expect(repo.writes).toEqual([]);
  });

  it('withdraw: the author only; others get 403 on a public idea and 404 on a hidden one', async () => {
    seed('approved', {}, 'idea-1');
    seed('submitted', {}, 'idea-2');
    await rejectsWith(withdrawIdeaCase(deps(), OTHER, 'idea-1'), 'forbidden', 403);
    await rejectsWith(withdrawIdeaCase(deps(), STAFF, 'idea-1'), 'forbidden', 403);
    await rejectsWith(withdrawIdeaCase(deps(), OTHER, 'idea-2'), 'not_found', 404);
    expect((await withdrawIdeaCase(deps(), AUTHOR, 'idea-1')).status).toBe('withdrawn');
    expect(repo.trail('idea-1')[0]).toMatchObject({ action: 'withdraw', by: AUTHOR.id, from: 'approved' });
  });

  it('start: the leader, with at least 2 members; with 1 it is 409', async () => {
    seed('approved', { memberCount: 1 });
    await rejectsWith(startIdeaCase(deps(), AUTHOR, 'idea-1'), 'invalid_transition', 409);
    await rejectsWith(startIdeaCase(deps(), STAFF, 'idea-1'), 'forbidden', 403);
    repo.bump('idea-1', { memberCount: 2 });
    const next = await startIdeaCase(deps(), AUTHOR, 'idea-1');
    expect(next.status).toBe('in_progress');
    expect(repo.stored('idea-1').status).toBe('in_progress');
  });

  it('start after a concurrent leave took the team below 2: the fresh read decides, 409', async () => {
    seed('approved', { memberCount: 2 });
    repo.before.transition = [() => repo.bump('idea-1', { memberCount: 1 })];
    await rejectsWith(startIdeaCase(deps(), AUTHOR, 'idea-1'), 'invalid_transition', 409);
    expect(repo.stored('idea-1').status).toBe('approved');
  });

  it('complete: the leader records the outcome, audited with it', async () => {
    seed('in_progress', { memberCount: 2 });
    const outcome = 'Forty farms use the dashboard every week.';
    const next = await completeIdeaCase(deps(), AUTHOR, 'idea-1', { outcome });
    expect(next).toMatchObject({ status: 'completed', outcome, links: [] });
    expect(repo.trail('idea-1')[0]).toMatchObject({ action: 'complete', note: outcome, to: 'completed' });
    await rejectsWith(completeIdeaCase(deps(), AUTHOR, 'idea-1', { outcome }), 'invalid_transition', 409);
  });
});

describe('editIdeaCase and If-Match', () => {
  it('a matching If-Match edits; a stale one is 412 version_mismatch and changes nothing', async () => {
    const before = seed('submitted');
    await rejectsWith(
      editIdeaCase(deps(), AUTHOR, 'idea-1', { title: 'A stale edit' }, before.version - 1),
      'version_mismatch',
      412,
    );
    expect(repo.stored('idea-1')).toEqual(before);
    expect(repo.writes).toEqual([]);
    const next = await editIdeaCase(deps(), AUTHOR, 'idea-1', { title: 'A fresh edit' }, before.version);
    expect(next).toMatchObject({ title: 'A fresh edit', version: before.version + 1 });
    expect(repo.stored('idea-1').title).toBe('A fresh edit');
  });

  it('without If-Match the edit applies to the latest version', async () => {
    seed('submitted');
    expect((await editIdeaCase(deps(), AUTHOR, 'idea-1', { title: 'Edited once' })).version).toBe(4);
  });

  it('If-Match matched the first read but a concurrent edit won: 412 on the fresh read', async () => {
    const before = seed('submitted');
    repo.before.transition = [() => repo.bump('idea-1', { title: 'The other tab wins' })];
    await rejectsWith(
      editIdeaCase(deps(), AUTHOR, 'idea-1', { title: 'This tab loses' }, before.version),
      'version_mismatch',
      412,
    );
    expect(repo.stored('idea-1').title).toBe('The other tab wins');
  });

  it('editing a changes_requested idea resubmits it; others cannot edit', async () => {
    seed('changes_requested');
    await rejectsWith(editIdeaCase(deps(), OTHER, 'idea-1', { title: 'Not mine' }), 'not_found', 404);
    await rejectsWith(editIdeaCase(deps(), STAFF, 'idea-1', { title: 'Not mine' }), 'forbidden', 403);
    const next = await editIdeaCase(deps(), AUTHOR, 'idea-1', { title: 'Now with the farms named' });
    expect(next.status).toBe('submitted');
    expect(repo.trail('idea-1')[0]).toMatchObject({
      action: 'edit',
      from: 'changes_requested',
      to: 'submitted',
    });
  });
});

describe('feature and unfeature', () => {
  const headlines = { headlineAr: 'مزارع نزوى تروي بذكاء', headlineEn: 'Nizwa farms water smarter' };

  it.each(ideaStatuses)('feature a %s idea', async (status) => {
    seed(status, { memberCount: PUBLIC.includes(status) ? 2 : 0 });
    const p = featureIdeaCase(deps(), STAFF.id, 'idea-1', headlines);
    if (status === 'in_progress' || status === 'completed') {
      const next = await p;
      expect(next.featured).toEqual({ ...headlines, featuredAt: next.updatedAt });
      expect(next.status).toBe(status);
      expect(repo.stored('idea-1').featured).toEqual(next.featured);
      expect(repo.trail('idea-1')[0]).toMatchObject({
        action: 'feature',
        by: STAFF.id,
        from: status,
        to: status,
        note: headlines.headlineEn,
      });
    } else {
      await rejectsWith(p, 'invalid_transition', 409);
      expect(repo.stored('idea-1').featured).toBeUndefined();
    }
  });

  it('unfeature removes the feature (audited); unfeaturing what is not featured is 404', async () => {
    seed('completed', { memberCount: 3 });
    await rejectsWith(unfeatureIdeaCase(deps(), STAFF.id, 'idea-1'), 'not_found', 404);
    await featureIdeaCase(deps(), STAFF.id, 'idea-1', headlines);
    const next = await unfeatureIdeaCase(deps(), STAFF.id, 'idea-1');
    expect(next.featured).toBeUndefined();
    expect(repo.stored('idea-1').featured).toBeUndefined();
    expect(repo.trail('idea-1').map((a) => a.action)).toEqual(['feature', 'unfeature']);
    await rejectsWith(unfeatureIdeaCase(deps(), STAFF.id, 'idea-1'), 'not_found', 404);
  });
});

describe('comments', () => {
  it('on a public idea: stored with the injected id and clock, by the caller', async () => {
    seed('approved');
    const c = await addCommentCase(deps(), OTHER, 'idea-1', { body: 'I can help with the sensors' });
    expect(c).toEqual({
      id: 'id-1',
      ideaId: 'idea-1',
      authorId: OTHER.id,
      body: 'I can help with the sensors',
      replyTo: undefined,
      createdAt: new Date(T0).toISOString(),
      version: 1,
    });
    expect(await repo.getComment('idea-1', 'id-1')).toEqual(c);
    const reply = await addCommentCase(deps(), AUTHOR, 'idea-1', { body: 'Welcome', replyTo: 'id-1' });
    expect(reply.replyTo).toBe('id-1');
  });

  it.each(['submitted', 'changes_requested', 'rejected', 'withdrawn'] as const)(
    'a %s idea: 409 invalid_transition for its author and staff, 404 for others',
    async (status) => {
      seed(status);
      await rejectsWith(
        addCommentCase(deps(), AUTHOR, 'idea-1', { body: 'Hello' }),
        'invalid_transition',
        409,
      );
      await rejectsWith(
        addCommentCase(deps(), STAFF, 'idea-1', { body: 'Hello' }),
        'invalid_transition',
        409,
      );
      await rejectsWith(addCommentCase(deps(), OTHER, 'idea-1', { body: 'Hello' }), 'not_found', 404);
      expect(repo.writes).toEqual([]);
    },
  );

  it("a reply to a comment that is not the idea's: 400 validation_failed at replyTo", async () => {
    seed('approved');
    const err = await rejectsWith(
      addCommentCase(deps(), OTHER, 'idea-1', { body: 'Agreed', replyTo: 'ghost' }),
      'validation_failed',
      400,
    );
    expect(err.fieldErrors?.map((f) => f.path)).toEqual(['replyTo']);
    repo.script.addComment = ['parent_missing'];
    const scripted = await rejectsWith(
      addCommentCase(deps(), OTHER, 'idea-1', { body: 'Agreed', replyTo: 'c-1' }),
      'validation_failed',
      400,
    );
    expect(scripted.fieldErrors?.[0]?.path).toBe('replyTo');
  });

  it('the idea left the public states meanwhile: 409 invalid_transition', async () => {
    seed('approved');
    repo.before.addComment = [() => repo.bump('idea-1', { status: 'withdrawn' })];
    await rejectsWith(
      addCommentCase(deps(), OTHER, 'idea-1', { body: 'Too late' }),
      'invalid_transition',
      409,
    );
    expect(repo.comments.size).toBe(0);
  });

  it('delete: its author only (403 for others, staff too); hidden and unknown are 404', async () => {
    seed('approved');
    comment('c-1', OTHER.id);
    comment('c-2', OTHER.id, { hidden: true });
    await rejectsWith(deleteCommentCase(deps(), AUTHOR, 'idea-1', 'c-1'), 'forbidden', 403);
    await rejectsWith(deleteCommentCase(deps(), STAFF, 'idea-1', 'c-1'), 'forbidden', 403);
    await rejectsWith(deleteCommentCase(deps(), OTHER, 'idea-1', 'c-2'), 'not_found', 404);
    await rejectsWith(deleteCommentCase(deps(), OTHER, 'idea-1', 'nope'), 'not_found', 404);
    expect(repo.comments.has('idea-1/c-1')).toBe(true);
    await deleteCommentCase(deps(), OTHER, 'idea-1', 'c-1');
    expect(repo.comments.has('idea-1/c-1')).toBe(false);
    expect(repo.comments.has('idea-1/c-2')).toBe(true);
  });

  it('delete on an idea the caller may not see: 404, never 403', async () => {
    seed('withdrawn');
    comment('c-1', AUTHOR.id);
    await rejectsWith(deleteCommentCase(deps(), OTHER, 'idea-1', 'c-1'), 'not_found', 404);
    expect(repo.comments.has('idea-1/c-1')).toBe(true);
  });

  it('hide: the comment is hidden and the audit records hide_comment', async () => {
    seed('in_progress', { memberCount: 2 });
    comment('c-1', OTHER.id);
    const hidden = await hideCommentCase(deps(), STAFF.id, 'idea-1', 'c-1');
    expect(hidden.hidden).toBe(true);
    expect(repo.comments.get('idea-1/c-1')?.hidden).toBe(true);
    expect(repo.trail('idea-1')).toEqual([
      {
        at: new Date(T0).toISOString(),
        by: STAFF.id,
        action: 'hide_comment',
        from: 'in_progress',
        to: 'in_progress',
        commentId: 'c-1',
      },
    ]);
    // Hiding again changes nothing and audits nothing; its author can no longer delete it.
    expect((await hideCommentCase(deps(), STAFF.id, 'idea-1', 'c-1')).hidden).toBe(true);
    expect(repo.trail('idea-1')).toHaveLength(1);
    await rejectsWith(deleteCommentCase(deps(), OTHER, 'idea-1', 'c-1'), 'not_found', 404);
    await rejectsWith(hideCommentCase(deps(), STAFF.id, 'idea-1', 'nope'), 'not_found', 404);
  });

  // BUG (domain/idea-cases.ts hideCommentCase): the result of deps.ideas.hideComment is
  // ignored, so a comment deleted between the read and the write is answered 200 "hidden"
  // although nothing was hidden and no audit entry was written.
  it('hide: a comment deleted meanwhile is 404, not a 200 with nothing audited', async () => {
    seed('approved');
    comment('c-1', OTHER.id);
    repo.before.hideComment = [() => repo.comments.delete('idea-1/c-1')];
    await rejectsWith(hideCommentCase(deps(), STAFF.id, 'idea-1', 'c-1'), 'not_found', 404);
    expect(repo.trail('idea-1')).toEqual([]);
  });
});

describe('join requests', () => {
  it('a pending request is stored for the caller', async () => {
    seed('approved');
    const r = await requestJoinCase(deps(), OTHER, 'idea-1', { role: 'Designer', message: 'I draw' });
    expect(r).toMatchObject({
      ideaId: 'idea-1',
      ambassadorId: OTHER.id,
      status: 'pending',
      role: 'Designer',
    });
    expect(await repo.getJoin('idea-1', OTHER.id)).toEqual(r);
  });

  it('a completed project takes no members: 409 invalid_transition', async () => {
    seed('completed', { memberCount: 2 });
    await rejectsWith(requestJoinCase(deps(), OTHER, 'idea-1', {}), 'invalid_transition', 409);
    expect(repo.writes).toEqual([]);
  });

  it('a hidden idea: 404 to others, 409 invalid_transition to its author', async () => {
    seed('submitted');
    await rejectsWith(requestJoinCase(deps(), OTHER, 'idea-1', {}), 'not_found', 404);
    await rejectsWith(requestJoinCase(deps(), AUTHOR, 'idea-1', {}), 'invalid_transition', 409);
  });

  it('the author is already on the team: 409 already_member', async () => {
    seed('in_progress', { memberCount: 2 });
    await rejectsWith(requestJoinCase(deps(), AUTHOR, 'idea-1', {}), 'already_member', 409);
  });

  it('a full team: 409 team_full, before any write', async () => {
    seed('approved', { memberCount: 4, teamSize: 4 });
    await rejectsWith(requestJoinCase(deps(), OTHER, 'idea-1', {}), 'team_full', 409);
    expect(repo.writes).toEqual([]);
  });

  it('the write reports duplicate_request or already_member: mapped to the same 409 codes', async () => {
    seed('approved');
    repo.script.requestJoin = ['duplicate_request'];
    await rejectsWith(requestJoinCase(deps(), OTHER, 'idea-1', {}), 'duplicate_request', 409);
    repo.script.requestJoin = ['already_member'];
    await rejectsWith(requestJoinCase(deps(), OTHER, 'idea-1', {}), 'already_member', 409);
  });

  it('one pending request at a time; a member asking again is already_member (real conditions)', async () => {
    seed('approved', { memberCount: 2 });
    await requestJoinCase(deps(), OTHER, 'idea-1', {});
    await rejectsWith(requestJoinCase(deps(), OTHER, 'idea-1', {}), 'duplicate_request', 409);
    await rejectsWith(requestJoinCase(deps(), MEMBER, 'idea-1', {}), 'already_member', 409);
  });

  it('the team filled up meanwhile: re-read consistently, then 409 team_full', async () => {
    seed('approved', { memberCount: 3, teamSize: 4 });
    repo.before.requestJoin = [() => repo.bump('idea-1', { memberCount: 4 })];
    await rejectsWith(requestJoinCase(deps(), OTHER, 'idea-1', {}), 'team_full', 409);
    expect(repo.gets.map((g) => g.consistent)).toEqual([false, true]);
  });

  it(`changed ${ATTEMPTS} times: 503 unavailable`, async () => {
    seed('approved');
    repo.script.requestJoin = Array.from({ length: ATTEMPTS }, () => 'changed' as const);
    await rejectsWith(requestJoinCase(deps(), OTHER, 'idea-1', {}), 'unavailable', 503);
    expect(repo.joins.size).toBe(0);
  });
});

describe('deciding join requests', () => {
  it('the leader accepts: a member joins and the count grows', async () => {
    seed('approved', { memberCount: 1 });
    pending(OTHER.id);
    const r = await decideJoinCase(deps(), AUTHOR, 'idea-1', OTHER.id, 'accept');
    expect(r).toMatchObject({ status: 'accepted', decidedAt: new Date(T0).toISOString() });
    expect(repo.stored('idea-1').memberCount).toBe(2);
    expect(repo.teams.get('idea-1')?.map((m) => m.ambassadorId)).toEqual([AUTHOR.id, OTHER.id]);
  });

  it('the leader declines', async () => {
    seed('approved');
    pending(OTHER.id);
    const r = await decideJoinCase(deps(), AUTHOR, 'idea-1', OTHER.id, 'decline');
    expect(r.status).toBe('declined');
    expect(repo.joins.get(`idea-1/${OTHER.id}`)?.status).toBe('declined');
    expect(repo.stored('idea-1').memberCount).toBe(1);
  });

  it('only the leader: 403 for staff and for any other ambassador', async () => {
    seed('approved');
    pending(OTHER.id);
    for (const caller of [STAFF, OTHER, MEMBER, { id: 'staff-2', staff: true }])
      for (const d of ['accept', 'decline'] as const)
        await rejectsWith(decideJoinCase(deps(), caller, 'idea-1', OTHER.id, d), 'forbidden', 403);
    expect(repo.writes).toEqual([]);
  });

  it('an unknown request is 404; a decided one is 409 invalid_transition', async () => {
    seed('approved');
    await rejectsWith(decideJoinCase(deps(), AUTHOR, 'idea-1', OTHER.id, 'accept'), 'not_found', 404);
    repo.joins.set(`idea-1/${OTHER.id}`, { ...pending(OTHER.id), status: 'declined' });
    await rejectsWith(
      decideJoinCase(deps(), AUTHOR, 'idea-1', OTHER.id, 'accept'),
      'invalid_transition',
      409,
    );
    await rejectsWith(
      decideJoinCase(deps(), AUTHOR, 'idea-1', OTHER.id, 'decline'),
      'invalid_transition',
      409,
    );
  });

  it('accepting into a full team: 409 team_full', async () => {
    seed('in_progress', { memberCount: 4, teamSize: 4 });
    pending(OTHER.id);
    await rejectsWith(decideJoinCase(deps(), AUTHOR, 'idea-1', OTHER.id, 'accept'), 'team_full', 409);
    expect(repo.joins.get(`idea-1/${OTHER.id}`)?.status).toBe('pending');
  });

  it('accepting into a closed team: 409 invalid_transition', async () => {
    seed('completed', { memberCount: 2 });
    pending(OTHER.id);
    await rejectsWith(
      decideJoinCase(deps(), AUTHOR, 'idea-1', OTHER.id, 'accept'),
      'invalid_transition',
      409,
    );
  });

  it('concurrent accepts for the last seat: exactly one joins, the other is team_full', async () => {
    seed('approved', { memberCount: 3, teamSize: 4 });
    pending('amb-a');
    pending('amb-b');
    const results = await Promise.allSettled([
      decideJoinCase(deps(), AUTHOR, 'idea-1', 'amb-a', 'accept'),
      decideJoinCase(deps(), AUTHOR, 'idea-1', 'amb-b', 'accept'),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect((failed?.reason as DomainError | undefined)?.code).toBe('team_full');
    expect(repo.stored('idea-1').memberCount).toBe(4);
    expect(repo.teams.get('idea-1')).toHaveLength(4);
  });

  it('the request was decided meanwhile: re-read, then 409 invalid_transition', async () => {
    seed('approved');
    pending(OTHER.id);
    repo.before.acceptJoin = [
      () => repo.joins.set(`idea-1/${OTHER.id}`, { ...pending(OTHER.id), status: 'declined' }),
    ];
    await rejectsWith(
      decideJoinCase(deps(), AUTHOR, 'idea-1', OTHER.id, 'accept'),
      'invalid_transition',
      409,
    );
    expect(repo.stored('idea-1').memberCount).toBe(1);
  });

  it('the write reports already_member: 409 already_member', async () => {
    seed('approved');
    pending(OTHER.id);
    repo.script.acceptJoin = ['already_member'];
    await rejectsWith(decideJoinCase(deps(), AUTHOR, 'idea-1', OTHER.id, 'accept'), 'already_member', 409);
  });

  it('pending requests: leader and staff see them, others get 403', async () => {
    seed('approved');
    pending(OTHER.id);
    expect((await pendingJoinsCase(deps(), AUTHOR, 'idea-1')).map((j) => j.ambassadorId)).toEqual([OTHER.id]);
    expect(await pendingJoinsCase(deps(), STAFF, 'idea-1')).toHaveLength(1);
    await rejectsWith(pendingJoinsCase(deps(), MEMBER, 'idea-1'), 'forbidden', 403);
  });
});

describe('leaving a team', () => {
  it('a member leaves: the count drops and the membership goes', async () => {
    seed('in_progress', { memberCount: 3 });
    await leaveCase(deps(), MEMBER, 'idea-1');
    expect(repo.stored('idea-1').memberCount).toBe(2);
    expect(repo.teams.get('idea-1')?.some((m) => m.ambassadorId === MEMBER.id)).toBe(false);
  });

  it('the leader cannot leave: 403 forbidden', async () => {
    seed('approved', { memberCount: 2 });
    await rejectsWith(leaveCase(deps(), AUTHOR, 'idea-1'), 'forbidden', 403);
    expect(repo.stored('idea-1').memberCount).toBe(2);
  });

  it('not a member: 404 not_found; staff included', async () => {
    seed('approved', { memberCount: 2 });
    await rejectsWith(leaveCase(deps(), OTHER, 'idea-1'), 'not_found', 404);
    await rejectsWith(leaveCase(deps(), STAFF, 'idea-1'), 'not_found', 404);
    expect(repo.writes).toEqual([]);
  });

  it('a completed project: 409 invalid_transition', async () => {
    seed('completed', { memberCount: 2 });
    await rejectsWith(leaveCase(deps(), MEMBER, 'idea-1'), 'invalid_transition', 409);
  });

  it('a lost race is retried on a consistent read', async () => {
    seed('approved', { memberCount: 2 });
    repo.before.leave = [() => repo.bump('idea-1', { status: 'completed' })];
    await rejectsWith(leaveCase(deps(), MEMBER, 'idea-1'), 'invalid_transition', 409);
    expect(repo.gets.map((g) => g.consistent)).toEqual([false, true]);
  });
});

describe('conflict of interest (§10): staff acting on their own idea or team', () => {
  const headlines = { headlineAr: 'مزارع نزوى تروي بذكاء', headlineEn: 'Nizwa farms water smarter' };
  /** The author, a team member and a staff member who is neither, each with a staff token. */
  const authorAsStaff = AUTHOR.id;
  const memberAsStaff = MEMBER.id;

  it('the author may not decide their idea; nothing is written; another staff member can', async () => {
    seed('submitted');
    const before = structuredClone(repo.stored('idea-1'));
    await rejectsWith(
      decideIdeaCase(deps(), authorAsStaff, 'idea-1', { decision: 'approve' }),
      'conflict_of_interest',
      403,
    );
    expect(repo.stored('idea-1')).toEqual(before);
    expect(successfulWrites()).toEqual([]);
    expect((await decideIdeaCase(deps(), STAFF.id, 'idea-1', { decision: 'approve' })).status).toBe(
      'approved',
    );
  });

  it('the author and a team member may not feature the project; another staff member can', async () => {
    seed('in_progress', { memberCount: 2 });
    const before = structuredClone(repo.stored('idea-1'));
    for (const who of [authorAsStaff, memberAsStaff])
      await rejectsWith(featureIdeaCase(deps(), who, 'idea-1', headlines), 'conflict_of_interest', 403);
    expect(repo.stored('idea-1')).toEqual(before);
    expect(successfulWrites()).toEqual([]);
    expect((await featureIdeaCase(deps(), STAFF.id, 'idea-1', headlines)).featured).toBeDefined();
  });

  it('a member who joins between the read and the write is caught on the retry', async () => {
    seed('in_progress', { memberCount: 2 });
    // A concurrent accept: the staff member joins, and the idea's version moves on.
    repo.before.transition = [
      () => {
        repo.addMember('idea-1', 'staff-joins');
        repo.bump('idea-1', { memberCount: 3 });
      },
    ];
    await rejectsWith(
      featureIdeaCase(deps(), 'staff-joins', 'idea-1', headlines),
      'conflict_of_interest',
      403,
    );
    expect(repo.stored('idea-1').featured).toBeUndefined();
  });

  it('the author and a team member may not hide a comment on it; another staff member can', async () => {
    seed('in_progress', { memberCount: 2 });
    comment('c-1', OTHER.id);
    for (const who of [authorAsStaff, memberAsStaff])
      await rejectsWith(hideCommentCase(deps(), who, 'idea-1', 'c-1'), 'conflict_of_interest', 403);
    expect(repo.comments.get('idea-1/c-1')?.hidden).toBeUndefined();
    expect(repo.trail('idea-1')).toEqual([]);
    expect((await hideCommentCase(deps(), STAFF.id, 'idea-1', 'c-1')).hidden).toBe(true);
  });

  it('hide: a join that lands between the check and the write is refused by the write itself', async () => {
    seed('in_progress', { memberCount: 2 });
    comment('c-1', OTHER.id);
    repo.before.hideComment = [() => repo.addMember('idea-1', 'staff-joins')];
    await rejectsWith(hideCommentCase(deps(), 'staff-joins', 'idea-1', 'c-1'), 'conflict_of_interest', 403);
    expect(repo.comments.get('idea-1/c-1')?.hidden).toBeUndefined();
    expect(repo.trail('idea-1')).toEqual([]);
  });
});

describe('erasure and teams (releaseTeamsCase)', () => {
  const joined = (ambassadorId: string, day: number, leader = false): Membership => ({
    ideaId: 'idea-1',
    ambassadorId,
    leader,
    joinedAt: `2026-11-${String(day).padStart(2, '0')}T00:00:00.000Z`,
  });

  it('a leader with members hands over to the one who joined earliest (by system), then leaves; a retry writes nothing', async () => {
    seed('approved', { memberCount: 3 });
    repo.teams.set('idea-1', [joined(AUTHOR.id, 1, true), joined('amb-late', 12), joined('amb-early', 5)]);
    await releaseTeamsCase(deps(), AUTHOR.id);
    expect(repo.stored('idea-1')).toMatchObject({
      leaderId: 'amb-early',
      memberCount: 2,
      status: 'approved',
    });
    expect(repo.trail('idea-1').map((e) => [e.action, e.by, e.leaderId])).toEqual([
      ['leader_changed', 'system', 'amb-early'],
    ]);
    expect((await repo.members('idea-1')).map((m) => m.ambassadorId).sort()).toEqual([
      'amb-early',
      'amb-late',
    ]);
    const writes = repo.writes.length;
    await releaseTeamsCase(deps(), AUTHOR.id);
    expect(repo.writes).toHaveLength(writes);
  });

  it('a leader alone: the idea is withdrawn, audited by system', async () => {
    seed('in_progress', { memberCount: 1 });
    await releaseTeamsCase(deps(), AUTHOR.id);
    expect(repo.stored('idea-1').status).toBe('withdrawn');
    expect(repo.trail('idea-1').at(-1)).toMatchObject({ action: 'withdraw', by: 'system', to: 'withdrawn' });
  });

  it('a member leaves; pending requests go; ideas in review are withdrawn; completed teams stay as history', async () => {
    seed('approved', { memberCount: 2 }, 'idea-1');
    seed('completed', { memberCount: 2 }, 'idea-2');
    seed('approved', {}, 'idea-3');
    pending(MEMBER.id, 'idea-3');
    repo.put({ ...seed('submitted', {}, 'idea-4'), authorId: MEMBER.id });
    await releaseTeamsCase(deps(), MEMBER.id);
    expect((await repo.members('idea-1')).map((m) => m.ambassadorId)).toEqual([AUTHOR.id]);
    expect(repo.stored('idea-1').memberCount).toBe(1);
    expect((await repo.members('idea-2')).map((m) => m.ambassadorId)).toContain(MEMBER.id);
    expect(await repo.getJoin('idea-3', MEMBER.id)).toBeUndefined();
    expect(repo.stored('idea-4').status).toBe('withdrawn');
  });
});

describe('what each case answers, exactly', () => {
  const messageOf = async (p: Promise<unknown>, code: ErrorCode, status: number) =>
    (await rejectsWith(p, code, status)).message;

  it("submit: the store's author_gone is 403 not_registered, a taken id 503 unavailable", async () => {
    repo.create = async () => 'author_gone';
    await rejectsWith(submitIdeaCase(deps(), ambassador(AUTHOR.id), input), 'not_registered', 403);
    repo.create = async () => 'changed';
    await rejectsWith(submitIdeaCase(deps(), ambassador(AUTHOR.id), input), 'unavailable', 503);
  });

  it('staff acting on their own idea are told what they may not do', async () => {
    seed('submitted');
    expect(
      await messageOf(
        decideIdeaCase(deps(), AUTHOR.id, 'idea-1', { decision: 'approve' }),
        'conflict_of_interest',
        403,
      ),
    ).toBe('Staff may not decide their own work');
    seed('in_progress', { memberCount: 2 });
    const headlines = { headlineAr: 'عنوان', headlineEn: 'Headline' };
    expect(
      await messageOf(featureIdeaCase(deps(), AUTHOR.id, 'idea-1', headlines), 'conflict_of_interest', 403),
    ).toBe('Staff may not feature their own work');
    comment('c-1', OTHER.id);
    expect(
      await messageOf(hideCommentCase(deps(), AUTHOR.id, 'idea-1', 'c-1'), 'conflict_of_interest', 403),
    ).toBe('Staff may not hide comments on their own work');
    // The store's own condition (a join between the check and the write) says the same.
    repo.before.hideComment = [() => repo.addMember('idea-1', STAFF.id)];
    expect(
      await messageOf(hideCommentCase(deps(), STAFF.id, 'idea-1', 'c-1'), 'conflict_of_interest', 403),
    ).toBe('Staff may not hide comments on their own work');
  });

  it('feature and unfeature: each moves the version by one; their refusals say why', async () => {
    seed('approved');
    const headlines = { headlineAr: 'عنوان', headlineEn: 'Headline' };
    expect(
      await messageOf(featureIdeaCase(deps(), STAFF.id, 'idea-1', headlines), 'invalid_transition', 409),
    ).toBe('Only projects in progress or completed can be featured');
    seed('in_progress', { memberCount: 2 });
    expect(await messageOf(unfeatureIdeaCase(deps(), STAFF.id, 'idea-1'), 'not_found', 404)).toBe(
      'This project is not featured',
    );
    expect((await featureIdeaCase(deps(), STAFF.id, 'idea-1', headlines)).version).toBe(4);
    expect((await unfeatureIdeaCase(deps(), STAFF.id, 'idea-1')).version).toBe(5);
    expect(repo.stored('idea-1').version).toBe(5);
  });

  it('staff unfeature a featured project that has left the public states since (read as staff)', async () => {
    const featured = { headlineAr: 'عنوان', headlineEn: 'Headline', featuredAt: '2026-11-21T00:00:00.000Z' };
    seed('withdrawn', { featured });
    expect((await unfeatureIdeaCase(deps(), STAFF.id, 'idea-1')).featured).toBeUndefined();
  });

  it('comments: the refusals say why', async () => {
    seed('approved');
    const err = await rejectsWith(
      addCommentCase(deps(), OTHER, 'idea-1', { body: 'Agreed', replyTo: 'ghost' }),
      'validation_failed',
      400,
    );
    expect([err.message, err.fieldErrors]).toEqual([
      'No such comment on this idea',
      [{ path: 'replyTo', message: 'Must be a comment of this idea' }],
    ]);
    repo.script.addComment = ['idea_closed'];
    expect(
      await messageOf(addCommentCase(deps(), OTHER, 'idea-1', { body: 'Hi' }), 'invalid_transition', 409),
    ).toBe('Comments are closed for this idea');
    comment('c-1', OTHER.id);
    expect(await messageOf(deleteCommentCase(deps(), AUTHOR, 'idea-1', 'c-1'), 'forbidden', 403)).toBe(
      'Only its author may delete a comment',
    );
  });

  it('hide: answers the hidden comment at its next version, also on an idea hidden from the public', async () => {
    seed('withdrawn');
    comment('c-1', OTHER.id, { version: 2 });
    expect(await hideCommentCase(deps(), STAFF.id, 'idea-1', 'c-1')).toMatchObject({
      hidden: true,
      version: 3,
    });
  });

  it('join requests: the refusals say why, and a decision moves the request by one version', async () => {
    seed('approved', { teamSize: 2, memberCount: 2 });
    pending(OTHER.id);
    expect(await messageOf(pendingJoinsCase(deps(), OTHER, 'idea-1'), 'forbidden', 403)).toBe(
      'Only the team leader may do this',
    );
    // Declining needs no seat: a full team still declines.
    const declined = await decideJoinCase(deps(), AUTHOR, 'idea-1', OTHER.id, 'decline');
    expect([declined.status, declined.version]).toEqual(['declined', 2]);
    expect(
      await messageOf(
        decideJoinCase(deps(), AUTHOR, 'idea-1', OTHER.id, 'accept'),
        'invalid_transition',
        409,
      ),
    ).toBe('The request was already declined');
  });

  it('accepting into a closed team, or a requester gone: the refusals say why', async () => {
    seed('completed', { memberCount: 2 });
    pending(OTHER.id);
    expect(
      await messageOf(
        decideJoinCase(deps(), AUTHOR, 'idea-1', OTHER.id, 'accept'),
        'invalid_transition',
        409,
      ),
    ).toBe('This team is closed');
    seed('approved');
    repo.script.acceptJoin = ['requester_gone'];
    expect(
      await messageOf(
        decideJoinCase(deps(), AUTHOR, 'idea-1', OTHER.id, 'accept'),
        'invalid_transition',
        409,
      ),
    ).toBe('The requester is no longer an ambassador');
    const accepted = await decideJoinCase(deps(), AUTHOR, 'idea-1', OTHER.id, 'accept');
    expect([accepted.status, accepted.version]).toEqual(['accepted', 2]);
  });

  it('leaving: the refusals say why', async () => {
    seed('approved', { memberCount: 2 });
    expect(await messageOf(leaveCase(deps(), AUTHOR, 'idea-1'), 'forbidden', 403)).toBe(
      'The leader cannot leave the team',
    );
    expect(await messageOf(leaveCase(deps(), OTHER, 'idea-1'), 'not_found', 404)).toBe(
      'You are not on this team',
    );
    seed('completed', { memberCount: 2 });
    expect(await messageOf(leaveCase(deps(), MEMBER, 'idea-1'), 'invalid_transition', 409)).toBe(
      'This team is closed',
    );
  });
});

describe('handOverCase', () => {
  it('the leader hands over to a member; a non-member is 409 with the reason', async () => {
    seed('approved', { memberCount: 2 });
    expect(
      await rejectsWith(
        handOverCase(deps(), AUTHOR, 'idea-1', OTHER.id, false),
        'invalid_transition',
        409,
      ).then((e) => e.message),
    ).toBe('The new leader must be a member of the team');
    const next = await handOverCase(deps(), AUTHOR, 'idea-1', MEMBER.id, false);
    expect(next.leaderId).toBe(MEMBER.id);
    expect(repo.trail('idea-1').at(-1)).toMatchObject({
      action: 'leader_changed',
      by: AUTHOR.id,
      leaderId: MEMBER.id,
    });
  });

  it('anyone else: 403; staff only on the staff route, and never on their own team', async () => {
    seed('approved', { memberCount: 2 });
    await rejectsWith(handOverCase(deps(), OTHER, 'idea-1', MEMBER.id, true), 'forbidden', 403);
    await rejectsWith(handOverCase(deps(), STAFF, 'idea-1', MEMBER.id, false), 'forbidden', 403);
    repo.addMember('idea-1', STAFF.id);
    const err = await rejectsWith(
      handOverCase(deps(), STAFF, 'idea-1', MEMBER.id, true),
      'conflict_of_interest',
      403,
    );
    expect(err.message).toBe('Staff may not hand over their own work');
    // The leader, also staff and on the team, uses the leader's route.
    const leader = { id: AUTHOR.id, staff: true };
    expect((await handOverCase(deps(), leader, 'idea-1', MEMBER.id, false)).leaderId).toBe(MEMBER.id);
    expect(repo.writes.filter((w) => w.op === 'handOver' && w.ok)).toHaveLength(1);
  });

  it('staff not on the team hand over on the staff route', async () => {
    seed('approved', { memberCount: 2 });
    expect((await handOverCase(deps(), STAFF, 'idea-1', MEMBER.id, true)).leaderId).toBe(MEMBER.id);
  });
});

describe('erasure and teams, step by step', () => {
  const joined = (ambassadorId: string, day: number, leader = false): Membership => ({
    ideaId: 'idea-1',
    ambassadorId,
    leader,
    joinedAt: `2026-11-${String(day).padStart(2, '0')}T00:00:00.000Z`,
  });

  it('only pending requests are withdrawn; decided ones are left alone', async () => {
    seed('approved');
    repo.joins.set(`idea-1/${MEMBER.id}`, { ...pending(MEMBER.id), status: 'declined' });
    const withdrawn: string[] = [];
    const withdrawJoin = repo.withdrawJoin.bind(repo);
    repo.withdrawJoin = (r) => {
      withdrawn.push(r.status);
      return withdrawJoin(r);
    };
    await releaseTeamsCase(deps(), MEMBER.id);
    expect(withdrawn).toEqual([]);
  });

  it('a changes_requested idea is withdrawn; ideas past review are not even read for it', async () => {
    repo.put({ ...seed('changes_requested', {}, 'idea-1') });
    seed('completed', { memberCount: 1 }, 'idea-2');
    seed('rejected', {}, 'idea-3');
    await releaseTeamsCase(deps(), AUTHOR.id);
    expect(repo.stored('idea-1').status).toBe('withdrawn');
    expect(repo.gets.filter((g) => !g.consistent).map((g) => g.id)).toEqual(['idea-1']);
  });

  it('an idea decided since it was listed is left as it is (a retry, or staff in between)', async () => {
    const listed = seed('submitted');
    repo.ownedIdeas = async () => [listed];
    repo.bump('idea-1', { status: 'rejected' });
    await releaseTeamsCase(deps(), AUTHOR.id);
    expect(repo.stored('idea-1').status).toBe('rejected');
    expect(repo.writes).toEqual([]);
    // Listed as submitted, now changes_requested: still in review, so withdrawn.
    repo.bump('idea-1', { status: 'changes_requested' });
    repo.ownedIdeas = async () => [listed];
    await releaseTeamsCase(deps(), AUTHOR.id);
    expect(repo.stored('idea-1').status).toBe('withdrawn');
  });

  it('a member leaves on a consistent read, in one round', async () => {
    seed('approved', { memberCount: 2 });
    const paused: number[] = [];
    await releaseTeamsCase({ ...deps(), pause: async (n) => void paused.push(n) }, MEMBER.id);
    expect(repo.stored('idea-1').memberCount).toBe(1);
    expect(repo.gets.map((g) => g.consistent)).toEqual([true]);
    expect(paused).toEqual([]);
  });

  it('a leader who joined first hands over to the next earliest in one round, never to themself', async () => {
    seed('approved', { memberCount: 3 });
    repo.teams.set('idea-1', [joined(AUTHOR.id, 1, true), joined('amb-late', 12), joined('amb-early', 5)]);
    const paused: number[] = [];
    await releaseTeamsCase({ ...deps(), pause: async (n) => void paused.push(n) }, AUTHOR.id);
    expect(repo.stored('idea-1').leaderId).toBe('amb-early');
    // Round 1 hands over, round 2 leaves.
    expect(paused).toEqual([1]);
  });

  it('an heir being erased too is skipped for the next one who joined earliest', async () => {
    seed('approved', { memberCount: 3 });
    repo.teams.set('idea-1', [joined(AUTHOR.id, 1, true), joined('amb-late', 12), joined('amb-early', 5)]);
    const handOver = repo.handOver.bind(repo);
    repo.handOver = async (current, next, audit) =>
      next.leaderId === 'amb-early' ? 'not_member' : handOver(current, next, audit);
    await releaseTeamsCase(deps(), AUTHOR.id);
    expect(repo.stored('idea-1').leaderId).toBe('amb-late');
    expect((await repo.members('idea-1')).map((m) => m.ambassadorId).sort()).toEqual([
      'amb-early',
      'amb-late',
    ]);
  });

  it('a hand-over that never settles (503) ends the erasure step: the idea is not withdrawn instead', async () => {
    seed('approved', { memberCount: 2 });
    repo.handOver = async () => 'changed';
    await rejectsWith(releaseTeamsCase(deps(), AUTHOR.id), 'unavailable', 503);
    expect(repo.stored('idea-1').status).toBe('approved');
  });

  it('a failing withdrawal of an idea in review ends the erasure step with it', async () => {
    seed('submitted');
    repo.transition = async () => {
      throw new Error('store down');
    };
    await expect(releaseTeamsCase(deps(), AUTHOR.id)).rejects.toThrow('store down');
  });

  it('any other failure of the hand-over ends the erasure step with it', async () => {
    seed('approved', { memberCount: 2 });
    repo.handOver = async () => {
      throw new Error('store down');
    };
    await expect(releaseTeamsCase(deps(), AUTHOR.id)).rejects.toThrow('store down');
    expect(repo.stored('idea-1').leaderId).toBeUndefined();
  });
});

describe('events: what each change tells, in its own write (contract §11)', () => {
  const told = () => repo.events.map((e) => [e.type, e.actor, e.recipients]);
  const ideaSubject = { type: 'idea', id: 'idea-1', path: '/ideas/idea-1' };

  it.each([
    ['approve', 'idea.approved', undefined],
    ['reject', 'idea.rejected', 'Out of scope'],
    ['request_changes', 'idea.changes_requested', 'More detail'],
  ] as const)(
    'a decision to %s tells the author (%s), not the staff member',
    async (decision, type, note) => {
      seed('submitted');
      const next = await decideIdeaCase(deps(), STAFF.id, 'idea-1', { decision, note });
      expect(repo.events).toEqual([
        {
          id: expect.stringMatching(/^id-\d+$/),
          type,
          at: next.updatedAt,
          actor: STAFF.id,
          subject: ideaSubject,
          subjectTitle: input.title,
          recipients: [AUTHOR.id],
        },
      ]);
    },
  );

  it('edits, withdrawals and unfeaturing tell nobody', async () => {
    seed('submitted');
    await editIdeaCase(deps(), AUTHOR, 'idea-1', {
      summary: 'A shorter summary of the same idea, still long.',
    });
    await withdrawIdeaCase(deps(), AUTHOR, 'idea-1');
    seed(
      'completed',
      { memberCount: 2, featured: { headlineAr: 'أ', headlineEn: 'A', featuredAt: 'x' } },
      'idea-2',
    );
    await unfeatureIdeaCase(deps(), STAFF.id, 'idea-2');
    expect(repo.events).toEqual([]);
  });

  it('a decision that lost to another writes no event; the one that won writes one', async () => {
    seed('submitted');
    repo.before.transition = [() => repo.bump('idea-1', { status: 'approved', memberCount: 1 })];
    await rejectsWith(
      decideIdeaCase(deps(), STAFF.id, 'idea-1', { decision: 'request_changes', note: 'More detail' }),
      'invalid_transition',
      409,
    );
    expect(repo.events).toEqual([]);
    seed('submitted', {}, 'idea-2');
    repo.before.transition = [() => repo.bump('idea-2')];
    await decideIdeaCase(deps(), STAFF.id, 'idea-2', { decision: 'approve' });
    // Decided twice (each time with an event of its own), written once.
    expect(told()).toEqual([['idea.approved', STAFF.id, [AUTHOR.id]]]);
  });

  it('start and complete tell every member but the leader who acted, from a consistent read of the team', async () => {
    seed('approved', { memberCount: 3 });
    await startIdeaCase(deps(), AUTHOR, 'idea-1');
    await completeIdeaCase(deps(), AUTHOR, 'idea-1', {
      outcome: 'Forty farms now water by the soil sensors, a fifth less water.',
      links: [],
    });
    expect(told()).toEqual([
      ['project.started', AUTHOR.id, [MEMBER.id, 'amb-m2']],
      ['project.completed', AUTHOR.id, [MEMBER.id, 'amb-m2']],
    ]);
    expect(repo.memberReads).toEqual([
      { ideaId: 'idea-1', consistent: true },
      { ideaId: 'idea-1', consistent: true },
    ]);
  });

  it('a member who joins between the read and the start is told on the retry', async () => {
    seed('approved', { memberCount: 2 });
    repo.before.transition = [
      () => {
        repo.addMember('idea-1', 'amb-new');
        repo.bump('idea-1', { memberCount: 3 });
      },
    ];
    await startIdeaCase(deps(), AUTHOR, 'idea-1');
    expect(told()).toEqual([['project.started', AUTHOR.id, [MEMBER.id, 'amb-new']]]);
  });

  it('featuring tells every member, the leader included; re-featuring with new headlines tells nobody', async () => {
    seed('in_progress', { memberCount: 3 });
    const headlines = { headlineAr: 'مزارع نزوى', headlineEn: 'Nizwa farms' };
    const next = await featureIdeaCase(deps(), STAFF.id, 'idea-1', headlines);
    await featureIdeaCase(deps(), STAFF.id, 'idea-1', { ...headlines, headlineEn: 'Nizwa farms, smarter' });
    expect(repo.events).toEqual([
      expect.objectContaining({
        type: 'project.featured',
        actor: STAFF.id,
        at: next.updatedAt,
        recipients: [AUTHOR.id, MEMBER.id, 'amb-m2'],
      }),
    ]);
  });

  it('a join request tells the leader (after a hand-over, the new one); a refused request tells nobody', async () => {
    seed('approved', { memberCount: 2, leaderId: MEMBER.id });
    const r = await requestJoinCase(deps(), OTHER, 'idea-1', { role: 'Analyst' });
    expect(repo.events).toEqual([
      {
        id: expect.any(String),
        type: 'join.requested',
        at: r.createdAt,
        actor: OTHER.id,
        subject: ideaSubject,
        subjectTitle: input.title,
        recipients: [MEMBER.id],
      },
    ]);
    await rejectsWith(requestJoinCase(deps(), OTHER, 'idea-1', {}), 'duplicate_request', 409);
    expect(repo.events).toHaveLength(1);
  });

  it('accepting and declining tell the requester, at the decision', async () => {
    seed('approved', { memberCount: 1 });
    pending(OTHER.id);
    pending('amb-second');
    const accepted = await decideJoinCase(deps(), AUTHOR, 'idea-1', OTHER.id, 'accept');
    const declined = await decideJoinCase(deps(), AUTHOR, 'idea-1', 'amb-second', 'decline');
    expect(repo.events.map((e) => [e.type, e.actor, e.recipients, e.at])).toEqual([
      ['join.accepted', AUTHOR.id, [OTHER.id], accepted.decidedAt],
      ['join.declined', AUTHOR.id, ['amb-second'], declined.decidedAt],
    ]);
    await rejectsWith(
      decideJoinCase(deps(), AUTHOR, 'idea-1', OTHER.id, 'decline'),
      'invalid_transition',
      409,
    );
    expect(repo.events).toHaveLength(2);
  });

  it('leaving tells the leader', async () => {
    seed('approved', { memberCount: 2 });
    await leaveCase(deps(), MEMBER, 'idea-1');
    expect(told()).toEqual([['team.member_left', MEMBER.id, [AUTHOR.id]]]);
  });

  it('a hand-over by the leader tells every other member, the new leader included', async () => {
    seed('approved', { memberCount: 3 });
    await handOverCase(deps(), AUTHOR, 'idea-1', MEMBER.id, false);
    expect(told()).toEqual([['team.leader_changed', AUTHOR.id, [MEMBER.id, 'amb-m2']]]);
  });

  it('a hand-over by staff tells every member, the old and the new leader included', async () => {
    seed('approved', { memberCount: 3 });
    await handOverCase(deps(), STAFF, 'idea-1', 'amb-m2', true);
    expect(told()).toEqual([['team.leader_changed', STAFF.id, [AUTHOR.id, MEMBER.id, 'amb-m2']]]);
    await rejectsWith(handOverCase(deps(), STAFF, 'idea-1', OTHER.id, true), 'invalid_transition', 409);
    expect(repo.events).toHaveLength(1);
  });

  it('an erasure: the system hands over (not telling the leader erased), then the member left is told to the new leader; a retry tells nothing again', async () => {
    seed('approved', { memberCount: 3 });
    await releaseTeamsCase(deps(), AUTHOR.id);
    expect(told()).toEqual([
      ['team.leader_changed', 'system', [MEMBER.id, 'amb-m2']],
      ['team.member_left', 'system', [MEMBER.id]],
    ]);
    await releaseTeamsCase(deps(), AUTHOR.id);
    expect(repo.events).toHaveLength(2);
  });

  it('an erased member is removed by the system and the leader told', async () => {
    seed('in_progress', { memberCount: 2 });
    await releaseTeamsCase(deps(), MEMBER.id);
    expect(told()).toEqual([['team.member_left', 'system', [AUTHOR.id]]]);
  });

  it('a reply tells the author of the comment answered; the reply is the subject', async () => {
    seed('approved');
    comment('c-1', MEMBER.id);
    const reply = await addCommentCase(deps(), OTHER, 'idea-1', { body: 'Agreed', replyTo: 'c-1' });
    expect(repo.events).toEqual([
      {
        id: expect.any(String),
        type: 'comment.replied',
        at: reply.createdAt,
        actor: OTHER.id,
        subject: { type: 'comment', id: reply.id, path: '/ideas/idea-1/comments' },
        subjectTitle: input.title,
        recipients: [MEMBER.id],
      },
    ]);
    expect(repo.events[0]?.id).not.toBe(reply.id);
  });

  it('a comment that answers nobody tells nobody; a reply to oneself is written with no recipient', async () => {
    seed('approved');
    await addCommentCase(deps(), OTHER, 'idea-1', { body: 'First' });
    expect(repo.events).toEqual([]);
    comment('c-own', OTHER.id);
    await addCommentCase(deps(), OTHER, 'idea-1', { body: 'And also', replyTo: 'c-own' });
    expect(told()).toEqual([['comment.replied', OTHER.id, []]]);
  });

  it('a reply to a hidden or unknown comment is 400 before any write, with no event', async () => {
    seed('approved');
    comment('c-hidden', MEMBER.id, { hidden: true });
    for (const replyTo of ['c-hidden', 'c-none'])
      await rejectsWith(
        addCommentCase(deps(), OTHER, 'idea-1', { body: 'Hm', replyTo }),
        'validation_failed',
        400,
      );
    expect(repo.writes).toEqual([]);
    expect(repo.events).toEqual([]);
  });
});
