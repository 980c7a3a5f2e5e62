/**
 * The idea, team and showcase use cases. Every write is conditional on what was read; a
 * lost race re-reads (consistently) and decides again, so concurrent decisions, accepts
 * and transitions resolve to exactly one outcome.
 */
import type { Ambassador } from './ambassadors.ts';
import { assertNotInvolved, conflictOfInterest } from './conflict-of-interest.ts';
import { DomainError } from './errors.ts';
import {
  type AuditEntry,
  abandonIdea,
  actorOf,
  type CompleteInput,
  canSeeIdea,
  completeIdea,
  type DecisionInput,
  decideIdea,
  editIdea,
  handOverIdea,
  type Idea,
  type IdeaInput,
  type IdeaPatch,
  leaderOf,
  newIdea,
  startIdea,
  type Viewer,
  withdrawIdea,
} from './ideas.ts';
import {
  commentReplied,
  type DomainEvent,
  ideaMoved,
  joinDecided,
  joinRequested,
  leaderChanged,
  memberLeft,
  SYSTEM_ACTOR,
} from './notifications.ts';
import type { Backoff, Clock, IdeaRepo, IdGenerator } from './ports.ts';
import { decideAndWrite } from './races.ts';
import type { FeatureInput } from './showcase.ts';
import {
  assertCanRequestJoin,
  assertCommentable,
  type Comment,
  type CommentInput,
  isTeamOpen,
  type JoinRequest,
  type JoinRequestInput,
  type JoinStatus,
  type Membership,
} from './teams.ts';
import { assertExpectedVersion, type ExpectedVersion } from './versions.ts';

type Deps = { ideas: IdeaRepo } & Clock & IdGenerator & Backoff;
type Caller = { id: string; staff: boolean };

/**
 * How often a write that lost a race is decided again on a fresh, consistent read: enough
 * for twenty members accepted at once (each attempt after a jittered pause), after which
 * the answer is 503 `unavailable` with nothing written.
 */
export const ATTEMPTS = 40;

/** Who acts for the platform itself (an erasure's consequences), in audit entries and events. */
export const SYSTEM = SYSTEM_ACTOR;

export const submitIdeaCase = async (deps: Deps, author: Ambassador, input: IdeaInput): Promise<Idea> => {
  const idea = newIdea(input, author.id, deps.newId(), deps.now());
  const outcome = await deps.ideas.create(idea);
  // Not registered, erased, or being erased: an idea now would outlive its author (§10).
  if (outcome === 'author_gone') throw new DomainError('not_registered');
  // The id is new (a ulid), so no idea holds it: a collision is a failure to retry later.
  if (outcome === 'changed') throw new DomainError('unavailable');
  return idea;
};

/** The idea if `viewer` may see it; 404 otherwise, never revealing that it exists. */
export const readIdeaCase = async (
  deps: { ideas: IdeaRepo },
  id: string,
  viewer: Viewer,
  consistent = false,
) => {
  const idea = await deps.ideas.get(id, consistent);
  if (!idea || !canSeeIdea(idea, viewer)) throw new DomainError('not_found');
  return idea;
};

type Change = (
  current: Idea,
  now: Date,
) => { next: Idea; audit: Omit<AuditEntry, 'at' | 'by' | 'from' | 'to'> };

/**
 * The idea moved by `change`, with its audit entry by `by` and the event the move tells of
 * (if any), all at one instant. `team`: the members' `sub`s, for the events told to them.
 */
const moved = (deps: Clock & IdGenerator, current: Idea, by: string, change: Change, team: Membership[]) => {
  const now = deps.now();
  const { next, audit } = change(current, now);
  const entry: AuditEntry = { at: now.toISOString(), by, from: current.status, to: next.status, ...audit };
  const members = team.map((m) => m.ambassadorId);
  const event = ideaMoved(current, next, by, members, { id: deps.newId(), at: now });
  return { next, entry, event };
};

/**
 * The team, read consistently after the idea, for a move that tells its members: every change
 * of the team moves the idea's version, which the move's write is conditional on, so a member
 * who joins or leaves after this read fails the write and the retry tells the team it finds.
 */
const teamOf = (deps: { ideas: IdeaRepo }, id: string, needed: boolean) =>
  needed ? deps.ideas.members(id, true) : Promise.resolve([]);

/**
 * Reads, applies `change` and writes conditionally, again on a lost race. `change` throws
 * the domain's answer (403, 409) when the fresh state no longer allows the move. `tellsTeam`:
 * the move's event goes to the team's members, read with the idea.
 */
const move = async (
  deps: Deps,
  id: string,
  caller: Caller,
  change: Change,
  tellsTeam = false,
): Promise<Idea> =>
  (
    await decideAndWrite({
      attempts: ATTEMPTS,
      pause: deps.pause,
      read: async (consistent) => {
        const current = await readIdeaCase(deps, id, caller, consistent);
        return { current, team: await teamOf(deps, id, tellsTeam) };
      },
      decide: ({ current, team }) => moved(deps, current, caller.id, change, team),
      write: ({ current }, { next, entry, event }) => deps.ideas.transition(current, next, entry, event),
      reasons: {},
    })
  ).next;

export const editIdeaCase = (
  deps: Deps,
  me: Caller,
  id: string,
  patch: IdeaPatch,
  expectedVersion?: ExpectedVersion,
) =>
  move(deps, id, me, (current, now) => {
    assertExpectedVersion(expectedVersion, current.version);
    return { next: editIdea(current, patch, actorOf(current, me), now), audit: { action: 'edit' } };
  });

export const withdrawIdeaCase = (deps: Deps, me: Caller, id: string) =>
  move(deps, id, me, (current, now) => ({
    next: withdrawIdea(current, actorOf(current, me, 'withdraw'), now),
    audit: { action: 'withdraw' },
  }));

/**
 * `move` for a staff action that the idea's author or a team member may not take (§10).
 * The team is read after the idea, and the write is conditional on the idea's version,
 * which every change of the team moves (approval, accept, leave): a member who joins after
 * that read makes the write fail and the retry see them, so the check cannot be raced.
 */
const staffMove = async (
  deps: Deps,
  id: string,
  staffId: string,
  doing: string,
  change: Change,
  tellsTeam = false,
) =>
  (
    await decideAndWrite({
      attempts: ATTEMPTS,
      // Without a pause, as staff moves always were: a staff action races few writers, and its
      // attempts end (503) well within the function's time, never by a timeout that leaves the
      // loop running (test/functions/faults.test.ts, idea approval under conflicts).
      pause: undefined,
      read: async (consistent) => {
        const current = await readIdeaCase(deps, id, { id: staffId, staff: true }, consistent);
        // A move that tells the team reads it whole, which answers the conflict check too.
        if (!tellsTeam) return { current, team: [], onTeam: await deps.ideas.isOnTeam(id, staffId) };
        const team = await teamOf(deps, id, true);
        return { current, team, onTeam: team.some((m) => m.ambassadorId === staffId) };
      },
      decide: ({ current, team, onTeam }) => {
        assertNotInvolved(current, staffId, onTeam, doing);
        return moved(deps, current, staffId, change, team);
      },
      write: ({ current }, { next, entry, event }) => deps.ideas.transition(current, next, entry, event),
      reasons: {},
    })
  ).next;

export const decideIdeaCase = (deps: Deps, staffId: string, id: string, input: DecisionInput) =>
  staffMove(deps, id, staffId, 'decide', (current, now) => ({
    next: decideIdea(current, input, now),
    audit: { action: input.decision, note: input.note },
  }));

export const startIdeaCase = (deps: Deps, me: Caller, id: string) =>
  move(
    deps,
    id,
    me,
    (current, now) => ({
      next: startIdea(current, actorOf(current, me, 'start'), now),
      audit: { action: 'start' },
    }),
    true,
  );

export const completeIdeaCase = (deps: Deps, me: Caller, id: string, input: CompleteInput) =>
  move(
    deps,
    id,
    me,
    (current, now) => ({
      next: completeIdea(current, input, actorOf(current, me, 'complete'), now),
      audit: { action: 'complete', note: input.outcome },
    }),
    true,
  );

/** Staff feature a project on the showcase: in progress or completed only. */
export const featureIdeaCase = (deps: Deps, staffId: string, id: string, input: FeatureInput) =>
  staffMove(
    deps,
    id,
    staffId,
    'feature',
    (current, now) => {
      if (current.status !== 'in_progress' && current.status !== 'completed')
        throw new DomainError('invalid_transition', 'Only projects in progress or completed can be featured');
      const at = now.toISOString();
      return {
        next: {
          ...current,
          featured: { ...input, featuredAt: at },
          updatedAt: at,
          version: current.version + 1,
        },
        audit: { action: 'feature', note: input.headlineEn },
      };
    },
    true,
  );

export const unfeatureIdeaCase = (deps: Deps, staffId: string, id: string) =>
  move(deps, id, { id: staffId, staff: true }, (current, now) => {
    if (!current.featured) throw new DomainError('not_found', 'This project is not featured');
    const at = now.toISOString();
    return {
      next: { ...current, featured: undefined, updatedAt: at, version: current.version + 1 },
      audit: { action: 'unfeature' },
    };
  });

const noSuchParent = () =>
  new DomainError('validation_failed', 'No such comment on this idea', [
    { path: 'replyTo', message: 'Must be a comment of this idea' },
  ]);

/**
 * A comment, or a reply: a reply tells the author of the comment it answers
 * (`comment.replied`), read consistently (a comment posted a moment ago can be answered), in
 * the reply's own write; the write still checks that comment is there and not hidden.
 */
export const addCommentCase = async (
  deps: Deps,
  me: Caller,
  ideaId: string,
  input: CommentInput,
): Promise<Comment> => {
  const idea = await readIdeaCase(deps, ideaId, me);
  assertCommentable(idea);
  const parent = input.replyTo ? await deps.ideas.getComment(ideaId, input.replyTo, true) : undefined;
  if (input.replyTo && (!parent || parent.hidden)) throw noSuchParent();
  const now = deps.now();
  const comment: Comment = {
    id: deps.newId(),
    ideaId,
    authorId: me.id,
    body: input.body,
    replyTo: input.replyTo,
    createdAt: now.toISOString(),
    version: 1,
  };
  const event = parent && commentReplied(idea, comment, parent.authorId, { id: deps.newId(), at: now });
  const outcome = await deps.ideas.addComment(idea, comment, event);
  if (outcome === 'parent_missing') throw noSuchParent();
  // Left the public states since it was read ('changed' names no other condition here).
  if (outcome !== 'ok') throw new DomainError('invalid_transition', 'Comments are closed for this idea');
  return comment;
};

/** The author's own comment, or 404 (hidden and unknown alike) / 403 (someone else's). */
export const deleteCommentCase = async (
  deps: { ideas: IdeaRepo },
  me: Caller,
  ideaId: string,
  commentId: string,
) => {
  await readIdeaCase(deps, ideaId, me);
  const comment = await deps.ideas.getComment(ideaId, commentId);
  if (!comment || comment.hidden) throw new DomainError('not_found');
  if (comment.authorId !== me.id) throw new DomainError('forbidden', 'Only its author may delete a comment');
  await deps.ideas.deleteComment(comment);
};

export const hideCommentCase = async (
  deps: Deps,
  staffId: string,
  ideaId: string,
  commentId: string,
): Promise<Comment> => {
  const idea = await readIdeaCase(deps, ideaId, { id: staffId, staff: true });
  // The author never changes; the team does, so the store makes it a condition of the hide.
  assertNotInvolved(idea, staffId, false, 'hide comments on');
  const comment = await deps.ideas.getComment(ideaId, commentId);
  if (!comment) throw new DomainError('not_found');
  if (comment.hidden) return comment;
  const at = deps.now().toISOString();
  const outcome = await deps.ideas.hideCommentAsStaff(
    comment,
    { at, by: staffId, action: 'hide_comment', from: idea.status, to: idea.status, commentId },
    staffId,
  );
  if (outcome === 'conflict_of_interest') throw conflictOfInterest('hide comments on');
  // Deleted by its author since it was read: nothing to hide, and nothing to audit.
  if (outcome !== 'ok') throw new DomainError('not_found');
  return { ...comment, hidden: true, version: comment.version + 1 };
};

export const requestJoinCase = async (
  deps: Deps,
  me: Caller,
  ideaId: string,
  input: JoinRequestInput,
): Promise<JoinRequest> =>
  decideAndWrite({
    attempts: ATTEMPTS,
    pause: deps.pause,
    read: (consistent) => readIdeaCase(deps, ideaId, me, consistent),
    decide: (idea) => {
      assertCanRequestJoin(idea, me.id);
      const now = deps.now();
      const request: JoinRequest = {
        ideaId,
        ambassadorId: me.id,
        status: 'pending',
        message: input.message,
        role: input.role,
        createdAt: now.toISOString(),
        version: 1,
      };
      return { request, event: joinRequested(idea, me.id, { id: deps.newId(), at: now }) };
    },
    write: (idea, { request, event }) => deps.ideas.requestJoin(idea, request, event),
    reasons: {
      duplicate_request: 'duplicate_request',
      already_member: 'already_member',
      requester_gone: 'not_registered',
    },
  }).then(({ request }) => request);

/** The team leader (the author until a hand-over) or staff; others get 403 on a public idea. */
const assertLeaderOrStaff = (idea: Idea, caller: Caller, staffToo: boolean) => {
  if (caller.id === leaderOf(idea)) return;
  if (staffToo && caller.staff) return;
  throw new DomainError('forbidden', 'Only the team leader may do this');
};

export const pendingJoinsCase = async (deps: { ideas: IdeaRepo }, caller: Caller, ideaId: string) => {
  const idea = await readIdeaCase(deps, ideaId, caller);
  assertLeaderOrStaff(idea, caller, true);
  return deps.ideas.pendingJoins(ideaId);
};

export const decideJoinCase = async (
  deps: Deps,
  leader: Caller,
  ideaId: string,
  ambassadorId: string,
  decision: 'accept' | 'decline',
): Promise<JoinRequest> =>
  (
    await decideAndWrite({
      attempts: ATTEMPTS,
      pause: deps.pause,
      // The request is read only for the leader: nobody else learns whether it exists.
      read: async (consistent) => {
        const idea = await readIdeaCase(deps, ideaId, leader, consistent);
        assertLeaderOrStaff(idea, leader, false);
        return { idea, request: await deps.ideas.getJoin(ideaId, ambassadorId) };
      },
      decide: ({ idea, request }) => {
        if (!request) throw new DomainError('not_found');
        if (request.status !== 'pending')
          throw new DomainError('invalid_transition', `The request was already ${request.status}`);
        if (decision === 'accept') {
          if (!isTeamOpen(idea)) throw new DomainError('invalid_transition', 'This team is closed');
          if (idea.memberCount >= idea.teamSize) throw new DomainError('team_full');
        }
        const now = deps.now();
        const at = now.toISOString();
        const status: JoinStatus = decision === 'accept' ? 'accepted' : 'declined';
        const event = joinDecided(idea, request.ambassadorId, decision, leader.id, {
          id: deps.newId(),
          at: now,
        });
        return {
          request,
          at,
          event,
          next: { ...request, status, decidedAt: at, version: request.version + 1 },
        };
      },
      write: ({ idea }, { request, at, event }) =>
        decision === 'accept'
          ? deps.ideas.acceptJoin(idea, request, at, event)
          : deps.ideas.declineJoin(request, at, event),
      reasons: {
        already_member: 'already_member',
        // Erased, or being erased: the erasure withdraws the request; nobody holds a slot for it.
        requester_gone: ['invalid_transition', 'The requester is no longer an ambassador'],
      },
    })
  ).next;

export const leaveCase = async (deps: Deps, me: Caller, ideaId: string): Promise<void> => {
  await decideAndWrite({
    attempts: ATTEMPTS,
    pause: deps.pause,
    // The team is read only for someone who may leave it.
    read: async (consistent) => {
      const idea = await readIdeaCase(deps, ideaId, me, consistent);
      if (leaderOf(idea) === me.id) throw new DomainError('forbidden', 'The leader cannot leave the team');
      return { idea, members: await deps.ideas.members(ideaId) };
    },
    decide: ({ idea, members }) => {
      const member = members.find((m) => m.ambassadorId === me.id);
      if (!member) throw new DomainError('not_found', 'You are not on this team');
      if (!isTeamOpen(idea)) throw new DomainError('invalid_transition', 'This team is closed');
      return leaving(deps, idea, member, me.id);
    },
    write: ({ idea }, { member, at, event }) => deps.ideas.leave(idea, member, at, event),
    reasons: {},
  });
};

/** A member leaving now, and the leader told (`team.member_left`) by `actor`. */
const leaving = (deps: Clock & IdGenerator, idea: Idea, member: Membership, actor: string) => {
  const now = deps.now();
  return { member, at: now.toISOString(), event: memberLeft(idea, actor, { id: deps.newId(), at: now }) };
};

/**
 * Hands the team to `to`, a current member (§10): by its leader, by staff, or by the system
 * (an erasure). The old leader stays a member. 409 `invalid_transition` for a non-member.
 * Every member is told (`team.leader_changed`), read with the idea (a join or a leave moves
 * the version the hand-over is written over), except whoever acted and `leaving`: the
 * ambassador whose erasure hands their team over is about to have no inbox.
 */
export const handOverCase = async (
  deps: Deps,
  caller: Caller,
  ideaId: string,
  to: string,
  staffToo: boolean,
  leaving?: string,
): Promise<Idea> =>
  (
    await decideAndWrite({
      attempts: ATTEMPTS,
      pause: deps.pause,
      read: async (consistent) => {
        const idea = await readIdeaCase(deps, ideaId, caller, consistent);
        if (caller.id !== SYSTEM) assertLeaderOrStaff(idea, caller, staffToo);
        const team = await deps.ideas.members(ideaId, true);
        // The staff route is a staff action (§10 "Conflict of interest"): not on one's own team,
        // where it would let a member seize the team. Raced joins move the version written over.
        if (staffToo && caller.id !== SYSTEM)
          assertNotInvolved(
            idea,
            caller.id,
            team.some((m) => m.ambassadorId === caller.id),
            'hand over',
          );
        return { idea, team };
      },
      decide: ({ idea, team }) => {
        const now = deps.now();
        const next = handOverIdea(idea, to, now);
        const audit: AuditEntry = {
          at: now.toISOString(),
          by: caller.id,
          action: 'leader_changed',
          from: idea.status,
          to: idea.status,
          leaderId: to,
        };
        const told = team.map((m) => m.ambassadorId).filter((id) => id !== leaving);
        const event = leaderChanged(next, told, caller.id, { id: deps.newId(), at: now });
        return { next, audit, event };
      },
      write: ({ idea }, { next, audit, event }) => deps.ideas.handOver(idea, next, audit, event),
      reasons: { not_member: ['invalid_transition', 'The new leader must be a member of the team'] },
    })
  ).next;

/**
 * The erasure's team steps (§10 "Erasure and teams"), run after the profile was marked as
 * being erased (so none of the sets below can grow: requests, accepts and hand-overs to the
 * ambassador are refused by a condition on that mark). Each step reads fresh state and is
 * idempotent, so a retry after any failure point finishes the job:
 * 1. pending join requests are withdrawn (deleted while still pending);
 * 2. their ideas still in review are withdrawn;
 * 3. in every open team: a member leaves; a leader first hands over to the member who
 *    joined earliest (audited `leader_changed` by `system`), or with no other member the
 *    idea is withdrawn (audited, by `system`). Completed projects keep their team as history.
 */
export const releaseTeamsCase = async (deps: Deps, ambassadorId: string): Promise<void> => {
  for (const r of await deps.ideas.joinRequestsOf(ambassadorId))
    if (r.status === 'pending') await deps.ideas.withdrawJoin(r);
  const author = { id: ambassadorId, staff: false };
  for (const idea of await deps.ideas.ownedIdeas(ambassadorId))
    if (idea.status === 'submitted' || idea.status === 'changes_requested')
      await move(deps, idea.id, author, (current, now) => {
        // Already moved on (a retry, or a staff decision in between): nothing left to do.
        if (current.status !== 'submitted' && current.status !== 'changes_requested') throw new Settled();
        return { next: withdrawIdea(current, 'author', now), audit: { action: 'withdraw' } };
      }).catch(settled);
  for (const m of await deps.ideas.memberships(ambassadorId))
    await releaseMembership(deps, ambassadorId, m.ideaId);
};

/** Thrown inside a step that finds its work already done. */
class Settled extends Error {}
const settled = (err: unknown) => {
  if (!(err instanceof Settled)) throw err;
};

/** One round of releasing a membership, decided on a fresh read. */
type Release =
  | { kind: 'done' }
  | { kind: 'leave'; idea: Idea; member: Membership; at: string; event: DomainEvent }
  | { kind: 'handOver'; heir: string }
  | { kind: 'abandon'; idea: Idea; next: Idea; audit: AuditEntry };

/**
 * Each round reads the team consistently and takes one step: a member leaves; a leader
 * hands over to the member who joined earliest (then, a plain member, leaves in the next
 * round); a leader alone withdraws the idea. A hand-over is a race of its own
 * (handOverCase): once it is written, or refused for an heir being erased too, what this
 * round read is no longer the team, so the round answers 'changed' and the next one reads
 * it again.
 */
const releaseMembership = async (deps: Deps, ambassadorId: string, ideaId: string): Promise<void> => {
  const system = { id: SYSTEM, staff: true };
  const refused = new Set<string>();
  await decideAndWrite({
    attempts: ATTEMPTS,
    pause: deps.pause,
    read: async () => {
      const idea = await deps.ideas.get(ideaId, true);
      if (!idea || !isTeamOpen(idea)) return undefined;
      return { idea, members: await deps.ideas.members(ideaId) };
    },
    decide: (state): Release => {
      const mine = state?.members.find((m) => m.ambassadorId === ambassadorId);
      if (!state || !mine) return { kind: 'done' };
      const { idea, members } = state;
      // Removed by their erasure: the platform acts, and the leader is told.
      if (leaderOf(idea) !== ambassadorId)
        return { kind: 'leave', idea, ...leaving(deps, idea, mine, SYSTEM) };
      const heir = members
        .filter((m) => m.ambassadorId !== ambassadorId && !refused.has(m.ambassadorId))
        .sort((a, b) => a.joinedAt.localeCompare(b.joinedAt))[0];
      if (heir) return { kind: 'handOver', heir: heir.ambassadorId };
      const now = deps.now();
      const next = abandonIdea(idea, now);
      const at = now.toISOString();
      return {
        kind: 'abandon',
        idea,
        next,
        audit: { at, by: system.id, action: 'withdraw', from: idea.status, to: next.status },
      };
    },
    write: async (_, step) => {
      switch (step.kind) {
        case 'done':
          return 'ok';
        case 'leave':
          return deps.ideas.leave(step.idea, step.member, step.at, step.event);
        case 'abandon':
          return deps.ideas.transition(step.idea, step.next, step.audit);
        case 'handOver':
          try {
            await handOverCase(deps, system, ideaId, step.heir, true, ambassadorId);
          } catch (err) {
            // The heir is being erased too: the next one who joined earliest.
            if (!(err instanceof DomainError && err.code === 'invalid_transition')) throw err;
            refused.add(step.heir);
          }
          return 'changed';
      }
    },
    reasons: {},
  });
};
