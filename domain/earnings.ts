/**
 * What a change earns (docs/api-contract.md §13): the ledger entries an idea's transition, a
 * shared resource or a verified lecture writes, and the entries a withdrawal takes back. The
 * store writes them in the change's own transaction; this module only decides them.
 */
import type { Idea } from './ideas.ts';
import type { Lecture } from './lectures.ts';
import {
  IDEA_APPROVED_POINTS,
  type LedgerEntry,
  lectureVerifiedPoints,
  ledgerEntry,
  type PointReason,
  type PointSource,
  type ProjectReason,
  projectPoints,
  RESOURCE_SHARED_POINTS,
  entryId as recordId,
} from './points.ts';
import type { Membership } from './teams.ts';

/** An entry for one recipient's ledger. */
export interface Earning {
  recipient: string;
  entry: LedgerEntry;
}

/** An entry to take back, if it was written: whose ledger, and its id. */
export interface ToReverse {
  recipient: string;
  id: string;
}

export const ideaSource = (ideaId: string): PointSource => ({ type: 'idea', id: ideaId });
export const resourceSource = (resourceId: string): PointSource => ({ type: 'resource', id: resourceId });
export const lectureSource = (lectureId: string): PointSource => ({ type: 'lecture', id: lectureId });

const projectEarnings = (reason: ProjectReason, idea: Idea, team: readonly Membership[], at: string) =>
  team.map((m) => ({
    recipient: m.ambassadorId,
    entry: ledgerEntry({
      at,
      points: projectPoints(reason, m.leader ? 'leader' : 'member'),
      reason,
      source: ideaSource(idea.id),
      recipient: m.ambassadorId,
    }),
  }));

const idOf = (reason: PointReason, idea: Idea, recipient: string): ToReverse => ({
  recipient,
  id: recordId({ reason, source: ideaSource(idea.id), recipient }),
});

/**
 * What an idea's transition from `current` to `next` at `at` earns and takes back; `team` is
 * its team as the transition finds it (leader included).
 * - approval: `idea_approved` to the author;
 * - start, completion: `project_started`, `project_completed` to each member, the leader's
 *   share to the leader;
 * - featuring (not featured → featured): `project_featured` to each member. Featuring again
 *   after an unfeature earns nothing twice: the entries' ids are those of the first featuring,
 *   so the store writes only the ones not written yet. Unfeaturing takes nothing back (the
 *   contract reverses on revocation, withdrawal and erasure only).
 * - withdrawal of an approved (or, by an erasure, in-progress) idea: the author's
 *   `idea_approved` and, once started, each member's `project_started`, where written.
 */
export const ideaEarnings = (
  current: Idea,
  next: Idea,
  team: readonly Membership[],
  at: string,
): { earn: Earning[]; reverse: ToReverse[] } => {
  const earn: Earning[] = [];
  const reverse: ToReverse[] = [];
  if (current.status !== 'approved' && next.status === 'approved')
    earn.push({
      recipient: next.authorId,
      entry: ledgerEntry({
        at,
        points: IDEA_APPROVED_POINTS,
        reason: 'idea_approved',
        source: ideaSource(next.id),
        recipient: next.authorId,
      }),
    });
  if (current.status === 'approved' && next.status === 'in_progress')
    earn.push(...projectEarnings('project_started', next, team, at));
  if (current.status === 'in_progress' && next.status === 'completed')
    earn.push(...projectEarnings('project_completed', next, team, at));
  if (!current.featured && next.featured) earn.push(...projectEarnings('project_featured', next, team, at));
  if ((current.status === 'approved' || current.status === 'in_progress') && next.status === 'withdrawn') {
    reverse.push(idOf('idea_approved', next, next.authorId));
    if (current.status === 'in_progress')
      for (const m of team) reverse.push(idOf('project_started', next, m.ambassadorId));
  }
  return { earn, reverse };
};

/** Whether a transition needs its team to know what it earns (a team read the others skip). */
export const earningsNeedTeam = (current: Idea, next: Idea): boolean =>
  (current.status === 'approved' && next.status === 'in_progress') ||
  (current.status === 'in_progress' && next.status === 'completed') ||
  (!current.featured && next.featured !== undefined) ||
  (current.status === 'in_progress' && next.status === 'withdrawn');

/**
 * What verifying a lecture earns its organizer, at the review's time: `lectureVerifiedPoints`
 * of its verified attendees and its check-ins (0 for a lecture without a check-in count).
 */
export const lectureVerifiedEarning = (
  lecture: Pick<Lecture, 'id' | 'organizerId' | 'verifiedAttendees' | 'reviewedAt' | 'updatedAt'> & {
    checkedIn?: number | undefined;
  },
): Earning => ({
  recipient: lecture.organizerId,
  entry: ledgerEntry({
    at: lecture.reviewedAt ?? lecture.updatedAt,
    points: lectureVerifiedPoints({
      checkedIn: lecture.checkedIn ?? 0,
      verifiedAttendees: lecture.verifiedAttendees ?? 0,
    }),
    reason: 'lecture_verified',
    source: lectureSource(lecture.id),
    recipient: lecture.organizerId,
  }),
});

/** What sharing a resource earns its author (the monthly cap is the caller's: `resourceSharedPoints`). */
export const resourceSharedEarning = (resource: {
  id: string;
  authorId: string;
  createdAt: string;
}): Earning => ({
  recipient: resource.authorId,
  entry: ledgerEntry({
    at: resource.createdAt,
    points: RESOURCE_SHARED_POINTS,
    reason: 'resource_shared',
    source: resourceSource(resource.id),
    recipient: resource.authorId,
  }),
});
