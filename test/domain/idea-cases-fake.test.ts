/** The idea use cases against an in-memory repository of our own (never a mock of the AWS SDK). */
import { describe, expect, it } from 'vitest';
import type { Ambassador } from '../../domain/ambassadors.ts';
import { DomainError } from '../../domain/errors.ts';
import {
  decideIdeaCase,
  decideJoinCase,
  editIdeaCase,
  leaveCase,
  requestJoinCase,
  startIdeaCase,
  submitIdea,
} from '../../domain/idea-cases.ts';
import type { AuditEntry, Idea } from '../../domain/ideas.ts';
import type { IdeaRepo, JoinOutcome } from '../../domain/ports.ts';
import type { Comment, JoinRequest, Membership } from '../../domain/teams.ts';

class FakeIdeas implements IdeaRepo {
  ideas = new Map<string, Idea>();
  audits: AuditEntry[] = [];
  joins = new Map<string, JoinRequest>();
  memberships = new Map<string, Membership>();
  /** Runs before the next conditional write, to play a concurrent writer. */
  beforeWrite: (() => void) | undefined;

  private race() {
    const f = this.beforeWrite;
    this.beforeWrite = undefined;
    f?.();
  }
  get = async (id: string) => structuredClone(this.ideas.get(id));
  create = async (i: Idea) => void this.ideas.set(i.id, structuredClone(i));
  transition = async (current: Idea, next: Idea, audit: AuditEntry) => {
    this.race();
    if (this.ideas.get(current.id)?.version !== current.version) return false;
    this.ideas.set(next.id, structuredClone(next));
    if (next.status === 'approved' && current.status !== 'approved')
      this.memberships.set(`${next.id}|${next.authorId}`, {
        ideaId: next.id,
        ambassadorId: next.authorId,
        leader: true,
        joinedAt: audit.at,
      });
    this.audits.push(audit);
    return true;
  };
  members = async (ideaId: string) => [...this.memberships.values()].filter((m) => m.ideaId === ideaId);
  auditTrail = async () => this.audits;
  addComment = async (): Promise<'ok'> => 'ok';
  getComment = async (): Promise<Comment | undefined> => undefined;
  deleteComment = async () => true;
  hideComment = async () => true;
  getJoin = async (ideaId: string, a: string) => this.joins.get(`${ideaId}|${a}`);
  pendingJoins = async () => [...this.joins.values()].filter((j) => j.status === 'pending');
  requestJoin = async (idea: Idea, r: JoinRequest): Promise<JoinOutcome> => {
    if (this.memberships.has(`${idea.id}|${r.ambassadorId}`)) return 'already_member';
    if (this.joins.get(`${idea.id}|${r.ambassadorId}`)?.status === 'pending') return 'duplicate_request';
    this.joins.set(`${idea.id}|${r.ambassadorId}`, r);
    return 'ok';
  };
  acceptJoin = async (idea: Idea, r: JoinRequest, at: string): Promise<JoinOutcome> => {
    this.race();
    const stored = this.ideas.get(idea.id);
    if (!stored || stored.memberCount >= stored.teamSize) return 'idea_changed';
    stored.memberCount += 1;
    stored.version += 1;
    this.joins.set(`${idea.id}|${r.ambassadorId}`, { ...r, status: 'accepted', decidedAt: at });
    this.memberships.set(`${idea.id}|${r.ambassadorId}`, {
      ideaId: idea.id,
      ambassadorId: r.ambassadorId,
      leader: false,
      joinedAt: at,
    });
    return 'ok';
  };
  declineJoin = async () => true;
  leave = async () => true;
}

const author = { id: 'author', country: 'OM', governorate: 'OM-DA' } as Ambassador;
const now = new Date('2026-11-28T10:00:00.000Z');
const input = {
  title: 'Smart irrigation',
  summary: 'Soil sensors and a shared dashboard for farms.',
  city: 'nizwa',
  tags: ['water' as const],
  missions: ['research' as const],
  teamSize: 2,
};
const codeOf = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'ok';
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
};

const setup = async () => {
  const ideas = new FakeIdeas();
  let n = 0;
  const deps = { ideas, now: () => now, newId: () => `id-${++n}` };
  const idea = await submitIdea(deps, author, input);
  return { ideas, deps, idea };
};

describe('idea use cases', () => {
  it('a decision that loses a race re-reads and finds the idea already decided', async () => {
    const { ideas, deps, idea } = await setup();
    ideas.beforeWrite = () => {
      const stored = ideas.ideas.get(idea.id) as Idea;
      ideas.ideas.set(idea.id, { ...stored, status: 'rejected', version: stored.version + 1 });
    };
    expect(await codeOf(decideIdeaCase(deps, 'staff-1', idea.id, { decision: 'approve' }))).toBe(
      'invalid_transition',
    );
    expect(ideas.ideas.get(idea.id)?.status).toBe('rejected');
    expect(ideas.audits).toHaveLength(0);
  });

  it('an edit with a stale If-Match is version_mismatch; others cannot see it (404)', async () => {
    const { deps, idea } = await setup();
    expect(
      await codeOf(editIdeaCase(deps, { id: 'author', staff: false }, idea.id, { title: 'Better title' }, 9)),
    ).toBe('version_mismatch');
    expect(
      await codeOf(editIdeaCase(deps, { id: 'someone', staff: false }, idea.id, { title: 'Better title' })),
    ).toBe('not_found');
  });

  it('joins: only the leader decides; the team never passes its size; the leader cannot leave', async () => {
    const { ideas, deps, idea } = await setup();
    await decideIdeaCase(deps, 'staff-1', idea.id, { decision: 'approve' });
    for (const who of ['b', 'c']) await requestJoinCase(deps, { id: who, staff: false }, idea.id, {});
    expect(await codeOf(requestJoinCase(deps, { id: 'b', staff: false }, idea.id, {}))).toBe(
      'duplicate_request',
    );
    expect(await codeOf(decideJoinCase(deps, { id: 'staff-1', staff: true }, idea.id, 'b', 'accept'))).toBe(
      'forbidden',
    );
    expect(await codeOf(decideJoinCase(deps, { id: 'b', staff: false }, idea.id, 'c', 'accept'))).toBe(
      'forbidden',
    );
    expect(await codeOf(decideJoinCase(deps, { id: 'author', staff: false }, idea.id, 'b', 'accept'))).toBe(
      'ok',
    );
    // teamSize 2: leader + b.
    expect(await codeOf(decideJoinCase(deps, { id: 'author', staff: false }, idea.id, 'c', 'accept'))).toBe(
      'team_full',
    );
    expect(ideas.ideas.get(idea.id)?.memberCount).toBe(2);
    expect(await codeOf(leaveCase(deps, { id: 'author', staff: false }, idea.id))).toBe('forbidden');
    expect(await codeOf(leaveCase(deps, { id: 'c', staff: false }, idea.id))).toBe('not_found');
  });

  it('a project starts with two members, by its leader only', async () => {
    const { deps, idea } = await setup();
    await decideIdeaCase(deps, 'staff-1', idea.id, { decision: 'approve' });
    expect(await codeOf(startIdeaCase(deps, { id: 'author', staff: false }, idea.id))).toBe(
      'invalid_transition',
    );
    await requestJoinCase(deps, { id: 'b', staff: false }, idea.id, {});
    await decideJoinCase(deps, { id: 'author', staff: false }, idea.id, 'b', 'accept');
    expect(await codeOf(startIdeaCase(deps, { id: 'b', staff: false }, idea.id))).toBe('forbidden');
    expect(await codeOf(startIdeaCase(deps, { id: 'author', staff: false }, idea.id))).toBe('ok');
  });
});
