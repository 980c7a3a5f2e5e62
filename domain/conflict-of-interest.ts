/**
 * Conflict of interest (docs/api-contract.md §10): staff are people too. A staff member may not
 * review a lecture they organized, decide an idea they authored or whose team they belong
 * to, feature a project they belong to, or hide a comment on such an idea. Another staff
 * member can. The rule is pure; the use cases feed it what they read, and the store repeats
 * what can change (team membership) as a condition of the write itself.
 */
import { DomainError } from './errors.ts';

export const conflictOfInterest = (doing: string): DomainError =>
  new DomainError('conflict_of_interest', `Staff may not ${doing} their own work`);

/** The organizer of a lecture may not review it (the organizer never changes). */
export const assertNotOrganizer = (lecture: { organizerId: string }, staffId: string): void => {
  if (lecture.organizerId === staffId) throw conflictOfInterest('review');
};

/** Whether a staff member is involved in an idea: its author, or on its team now. */
export const isInvolved = (idea: { authorId: string }, staffId: string, onTeam: boolean): boolean =>
  idea.authorId === staffId || onTeam;

export const assertNotInvolved = (
  idea: { authorId: string },
  staffId: string,
  onTeam: boolean,
  doing: string,
): void => {
  if (isInvolved(idea, staffId, onTeam)) throw conflictOfInterest(doing);
};
