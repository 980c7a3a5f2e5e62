/** Idea responses (docs/api-contract.md §8): see ./common.ts. */
import * as z from 'zod/mini';
import { ideaActions, ideaStatuses, missions } from '#domain/ideas.ts';
import { count, httpsUrl, instant, interestId, opt, str, version, wilayatId } from './common.ts';

export const ideaStatus = z.enum(ideaStatuses);

const featured = z.object({ headlineAr: str, headlineEn: str, featuredAt: instant });
export const ideaFields = {
  id: str,
  authorId: str,
  title: str,
  summary: str,
  problem: opt(str),
  city: wilayatId,
  tags: z.array(interestId),
  missions: z.array(z.enum(missions)),
  /** Members wanted, the leader included. */
  teamSize: count(2),
  status: ideaStatus,
  /** The staff note of the last decision (§10): for the author and staff only. */
  decisionNote: opt(str),
  /** The public note of the last decision (§10), for everyone who can see the idea. */
  publicNote: opt(str),
  submittedAt: instant,
  approvedAt: opt(instant),
  startedAt: opt(instant),
  completedAt: opt(instant),
  /** Once completed (left out of lists). */
  outcome: opt(str),
  links: opt(z.array(httpsUrl)),
  /** Members now, the leader included (0 until approved). */
  memberCount: count(),
  /** The team's leader (the author until a hand-over); absent until approved. */
  leaderId: opt(str),
  /** While on the showcase. */
  featured: opt(featured),
  createdAt: instant,
  updatedAt: instant,
  version,
};
/**
 * An idea as its author and staff see it. `GET /ideas/{id}` answers this shape to them and
 * `PublicIdea` (no `decisionNote`) to everyone else.
 */
export const idea = z.object(ideaFields);
/** An idea as every other reader sees it (public lists): no staff note (§10). */
const { decisionNote: _staffNote, ...publicIdeaFields } = ideaFields;
export const publicIdea = z.object(publicIdeaFields);
/** An idea in the staff review queue. */
export const queuedIdea = z.object({ ...ideaFields, waitingSeconds: count() });

export const auditEntry = z.object({
  at: instant,
  /** Who acted: the author, the leader, a staff member, or `system` (an erasure's consequences). */
  by: str,
  action: z.enum([...ideaActions, 'hide_comment', 'feature', 'unfeature', 'leader_changed']),
  from: ideaStatus,
  to: ideaStatus,
  note: opt(str),
  /** `hide_comment` only. */
  commentId: opt(str),
  /** `leader_changed` only: the new leader. */
  leaderId: opt(str),
});
export const auditTrail = z.object({ items: z.array(auditEntry) });
