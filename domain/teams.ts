/**
 * Teams and discussion around public ideas (docs/api-contract.md §8): comments, join requests,
 * membership and team capacity.
 */
import * as z from 'zod/mini';
import { DomainError } from './errors.ts';
import { type Idea, isPublic, leaderOf } from './ideas.ts';
import { idParam, multiLine, paging, singleLine } from './schema-kit.ts';

export const commentInputSchema = z.strictObject({
  body: multiLine(1, 2000),
  replyTo: z.optional(idParam()),
});
export type CommentInput = z.infer<typeof commentInputSchema>;

export interface Comment {
  id: string;
  ideaId: string;
  authorId: string;
  body: string;
  replyTo?: string | undefined;
  hidden?: boolean;
  createdAt: string;
  version: number;
}

export const commentParams = z.strictObject({ id: idParam(), commentId: idParam() });
export const commentListQuerySchema = z.strictObject({ ...paging });

/** Comments are for ideas everyone can see. */
export const assertCommentable = (idea: Idea): void => {
  if (!isPublic(idea.status))
    throw new DomainError('invalid_transition', `Comments open once an idea is approved`);
};

export const joinRequestSchema = z.strictObject({
  message: z.optional(multiLine(0, 500)),
  role: z.optional(singleLine(1, 40)),
});
export type JoinRequestInput = z.infer<typeof joinRequestSchema>;

export type JoinStatus = 'pending' | 'accepted' | 'declined';

export interface JoinRequest {
  ideaId: string;
  ambassadorId: string;
  status: JoinStatus;
  message?: string | undefined;
  role?: string | undefined;
  createdAt: string;
  decidedAt?: string | undefined;
  version: number;
}

export interface Membership {
  ideaId: string;
  ambassadorId: string;
  role?: string | undefined;
  leader: boolean;
  joinedAt: string;
}

export const joinDecisionSchema = z.strictObject({ decision: z.enum(['accept', 'decline']) });
export const joinDecisionParams = z.strictObject({ id: idParam(), ambassadorId: idParam() });

/** A hand-over of the team (§10): the new leader, a current member. */
export const handOverSchema = z.strictObject({ ambassadorId: idParam() });

/** Teams form around approved ideas and grow while the project runs. */
export const teamOpenStatuses = ['approved', 'in_progress'] as const;
export const isTeamOpen = (idea: Idea): boolean =>
  (teamOpenStatuses as readonly string[]).includes(idea.status);

/** The checks a join request passes before its write (the write re-checks them as conditions). */
export const assertCanRequestJoin = (idea: Idea, ambassadorId: string): void => {
  if (!isTeamOpen(idea))
    throw new DomainError('invalid_transition', 'This idea does not take team members now');
  if (leaderOf(idea) === ambassadorId) throw new DomainError('already_member', 'You lead this team');
  if (idea.memberCount >= idea.teamSize) throw new DomainError('team_full');
};
