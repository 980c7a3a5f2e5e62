/**
 * What the use cases need from the outside world, as our own small interfaces. The
 * functions layer wires them to DynamoDB and the real clock; unit tests and the seed wire
 * them to fakes or to a chosen clock.
 *
 * A write that tells people of its change (docs/api-contract.md §11) takes the `DomainEvent`
 * the use case decided and writes it in the change's own transaction (the outbox): the event
 * exists exactly when the change committed, and a refused write leaves none.
 */
import type { Ambassador } from './ambassadors.ts';
import type { AuditEntry, Idea } from './ideas.ts';
import type { Lecture } from './lectures.ts';
import type { DomainEvent } from './notifications.ts';
import type { Comment, JoinRequest, Membership } from './teams.ts';

/**
 * What every conditional write answers: 'ok' when written; 'changed' when the item read is
 * no longer the stored version (a lost race: re-read and decide again, see races.ts); or
 * one of the named domain reasons `F` (e.g. 'team_full'). The store throws only for
 * infrastructure failures, never for a failed condition.
 */
export type Outcome<F extends string = never> = 'ok' | 'changed' | F;

export interface Clock {
  now: () => Date;
}

export interface IdGenerator {
  newId: () => string;
}

export interface AmbassadorRepo {
  get: (id: string, consistent?: boolean) => Promise<Ambassador | undefined>;
  /**
   * 'already_registered': the `sub` holds a profile (or `previous` is no longer the stored
   * tombstone); 'email_taken': another ambassador holds the email.
   */
  register: (a: Ambassador, previous: Ambassador | undefined) => Promise<Outcome<RegisterReason>>;
  /** 'changed' when `current` is no longer the stored version (or was erased). */
  update: (current: Ambassador, next: Ambassador) => Promise<Outcome>;
  erase: (current: Ambassador, at: string) => Promise<Outcome>;
}

export type RegisterReason = 'already_registered' | 'email_taken';

/** The erasure's first step, next to the profile store (§10 "Erasure and teams"). */
export interface ErasureMark {
  /**
   * Marks the profile as being erased (idempotent): from then on it can join no team, be
   * accepted nowhere and lead nothing new, so the erasure's steps drain sets that cannot grow.
   */
  beginErasure: (id: string, at: string) => Promise<void>;
}

export interface LectureRepo {
  get: (id: string, consistent?: boolean) => Promise<Lecture | undefined>;
  /** 'exists' when a lecture with that id exists (an idempotent re-run of the seed). */
  create: (l: Lecture) => Promise<Outcome<'exists'>>;
  /** Writes an edit if `current` is still the stored, reported version. */
  update: (current: Lecture, next: Lecture) => Promise<Outcome>;
  remove: (current: Lecture) => Promise<Outcome>;
  reject: (current: Lecture, next: Lecture, event: DomainEvent) => Promise<Outcome>;
  /**
   * Verifies and moves every counter the lecture counts in, in one transaction: 'changed'
   * when the lecture or its organizer changed since read.
   */
  verify: (current: Lecture, next: Lecture, organizer: Ambassador, event: DomainEvent) => Promise<Outcome>;
}

/**
 * What asking to join, or accepting a request, ran into: 'changed' when the idea (its
 * state, its room) or the request is no longer what was read.
 */
export type JoinOutcome = Outcome<
  | 'duplicate_request'
  | 'already_member'
  /** The requester erased their data (or is erasing it): they can no longer join. */
  | 'requester_gone'
>;

/** What a hand-over ran into: a lost race, or a new leader who is not (or no longer) a member. */
export type HandOverOutcome = Outcome<'not_member'>;

/** A pause before retrying a lost race: jittered, growing with the attempt (none in unit tests). */
export interface Backoff {
  pause?: (attempt: number) => Promise<void>;
}

/** 'gone' when the comment was deleted meanwhile; the staff member on the team is a conflict of interest. */
export type HideOutcome = Outcome<'gone' | 'conflict_of_interest'>;

/** A reply to a comment that is gone or hidden, or an idea no longer public (its comments closed). */
export type CommentOutcome = Outcome<'parent_missing' | 'idea_closed'>;

export interface IdeaRepo {
  get: (id: string, consistent?: boolean) => Promise<Idea | undefined>;
  /** 'author_gone' when the author is not registered, erased or being erased. */
  create: (idea: Idea) => Promise<Outcome<'author_gone'>>;
  /**
   * Writes `next` over `current` (conditional on its version) with everything the move
   * implies: lists, queue, showcase, counters, stats, team, audit, and the event it tells of.
   */
  transition: (current: Idea, next: Idea, audit: AuditEntry, event?: DomainEvent) => Promise<Outcome>;
  /** The team; `consistent` when the members are told of the change decided on them. */
  members: (ideaId: string, consistent?: boolean) => Promise<Membership[]>;
  auditTrail: (ideaId: string) => Promise<AuditEntry[]>;
  /** `event`: a reply's `comment.replied`. */
  addComment: (idea: Idea, comment: Comment, event?: DomainEvent) => Promise<CommentOutcome>;
  getComment: (ideaId: string, commentId: string, consistent?: boolean) => Promise<Comment | undefined>;
  /** 'changed' when the comment is no longer there (its author deleted it already). */
  deleteComment: (comment: Comment) => Promise<Outcome>;
  /** Whether the ambassador is on the idea's team now (a consistent read). */
  isOnTeam: (ideaId: string, ambassadorId: string) => Promise<boolean>;
  /** Hides a comment unless the staff member is on the idea's team, a condition of the write itself (§10). */
  hideCommentAsStaff: (comment: Comment, audit: AuditEntry, staffId: string) => Promise<HideOutcome>;
  getJoin: (ideaId: string, ambassadorId: string) => Promise<JoinRequest | undefined>;
  pendingJoins: (ideaId: string) => Promise<JoinRequest[]>;
  requestJoin: (idea: Idea, request: JoinRequest, event: DomainEvent) => Promise<JoinOutcome>;
  /** Accepts within capacity: the idea's member count is a DynamoDB condition. */
  acceptJoin: (idea: Idea, request: JoinRequest, at: string, event: DomainEvent) => Promise<JoinOutcome>;
  /** 'changed' when the request is no longer pending. */
  declineJoin: (request: JoinRequest, at: string, event: DomainEvent) => Promise<Outcome>;
  /** 'changed' on a lost race (the idea or the membership changed since read). */
  leave: (idea: Idea, member: Membership, at: string, event: DomainEvent) => Promise<Outcome>;
  /** `next` names the new leader; the old one stays a member. */
  handOver: (current: Idea, next: Idea, audit: AuditEntry, event: DomainEvent) => Promise<HandOverOutcome>;
  /** Deletes a still-pending join request (erasure); 'changed' if it is no longer pending. */
  withdrawJoin: (request: JoinRequest) => Promise<Outcome>;
  ownedIdeas: (ambassadorId: string) => Promise<Idea[]>;
  memberships: (ambassadorId: string) => Promise<Membership[]>;
  joinRequestsOf: (ambassadorId: string) => Promise<JoinRequest[]>;
}
