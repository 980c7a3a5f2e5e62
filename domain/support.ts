/**
 * Support requests (docs/api-contract.md §14): a project's leader asks the platform for help;
 * staff work the requests from a queue.
 *
 *   open ──▶ in_progress ──▶ fulfilled | declined
 *   open ──────────────────▶ fulfilled | declined
 *
 * A note is required to decline; `partnerId` names the partner who helped, if any. The team
 * (leader and members) and staff see a project's requests; the note is written to the team,
 * so they read it, but not which staff member decided (§10).
 */
import * as z from 'zod/mini';
import { DomainError } from './errors.ts';
import { type IdeaStatus, isPublic } from './ideas.ts';
import { oldestWaitingSeconds } from './inbox.ts';
import { idParam, multiLine, paging } from './schema-kit.ts';

export const supportKinds = ['mentoring', 'venue', 'funding', 'data', 'promotion', 'technical'] as const;
export type SupportKind = (typeof supportKinds)[number];

export const supportStatuses = ['open', 'in_progress', 'fulfilled', 'declined'] as const;
export type SupportStatus = (typeof supportStatuses)[number];

/** Where each status may go next; fulfilled and declined are final. */
const NEXT: Record<SupportStatus, readonly SupportStatus[]> = {
  open: ['in_progress', 'fulfilled', 'declined'],
  in_progress: ['fulfilled', 'declined'],
  fulfilled: [],
  declined: [],
};

/** The statuses that wait for staff: the queue's default. */
export const WAITING_STATUSES = ['open', 'in_progress'] as const satisfies readonly SupportStatus[];

/** `POST /ideas/{id}/support-requests`: `details` must say what is needed (1–2000). */
export const supportRequestSchema = z.strictObject({
  kind: z.enum(supportKinds),
  details: multiLine(1, 2000),
});
export type SupportRequestInput = z.infer<typeof supportRequestSchema>;

/** `POST /staff/support-requests/{id}/decision`. */
export const supportDecisionSchema = z.strictObject({
  status: z.enum(['in_progress', 'fulfilled', 'declined']),
  /** Required to decline; seen by the team and staff. */
  note: z.optional(multiLine(1, 2000)),
  /** Seen by everyone who can see the request (§10). */
  publicNote: z.optional(multiLine(1, 500)),
  /** The partner who took the request on. */
  partnerId: z.optional(idParam()),
});
export type SupportDecisionInput = z.infer<typeof supportDecisionSchema>;

export const supportRequestIdParams = z.strictObject({ id: idParam() });

/** `GET /staff/support-requests`: one status, or the waiting ones (open and in_progress). */
export const supportQueueQuerySchema = z.strictObject({
  status: z.optional(z.enum(supportStatuses)),
  ...paging,
});
export type SupportQueueQuery = z.infer<typeof supportQueueQuerySchema>;

export const supportQueueStatuses = (q: SupportQueueQuery): SupportStatus[] =>
  q.status ? [q.status] : [...WAITING_STATUSES];

/** `GET /ideas/{id}/support-requests`: paging only. */
export const projectSupportQuerySchema = z.strictObject({ ...paging });

export interface SupportRequest extends SupportRequestInput {
  id: string;
  ideaId: string;
  /** The leader who asked. */
  requesterId: string;
  status: SupportStatus;
  note?: string | undefined;
  publicNote?: string | undefined;
  partnerId?: string | undefined;
  /** The last staff member to decide: staff only. */
  decidedBy?: string | undefined;
  /** When it was fulfilled or declined. */
  decidedAt?: string | undefined;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** A project's leader asks: the idea must be a project (approved, in progress or completed). */
export const newSupportRequest = (
  input: SupportRequestInput,
  project: { id: string; status: IdeaStatus; leaderId: string },
  requesterId: string,
  id: string,
  now: Date,
): SupportRequest => {
  if (requesterId !== project.leaderId)
    throw new DomainError('forbidden', 'Only the project’s leader may ask for support');
  if (!isPublic(project.status))
    throw new DomainError(
      'invalid_transition',
      `Only a project can ask for support, not an idea that is ${project.status.replace('_', ' ')}`,
    );
  const at = now.toISOString();
  return {
    ...input,
    id,
    ideaId: project.id,
    requesterId,
    status: 'open',
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
};

/** A staff decision: one step of the machine above. */
export const decideSupportRequest = (
  current: SupportRequest,
  input: SupportDecisionInput,
  staffId: string,
  now: Date,
): SupportRequest => {
  if (!NEXT[current.status].includes(input.status))
    throw new DomainError(
      'invalid_transition',
      `Cannot move a support request from ${current.status.replace('_', ' ')} to ${input.status.replace('_', ' ')}`,
    );
  if (input.status === 'declined' && !input.note)
    throw new DomainError('validation_failed', 'A note is required', [
      { path: 'note', message: 'Required to decline' },
    ]);
  const at = now.toISOString();
  const final = input.status !== 'in_progress';
  return {
    ...current,
    status: input.status,
    ...(input.note !== undefined ? { note: input.note } : {}),
    ...(input.publicNote !== undefined ? { publicNote: input.publicNote } : {}),
    ...(input.partnerId !== undefined ? { partnerId: input.partnerId } : {}),
    decidedBy: staffId,
    ...(final ? { decidedAt: at } : {}),
    updatedAt: at,
    version: current.version + 1,
  };
};

/**
 * How long the request has waited, in whole seconds: until `now` while open or in progress,
 * until its decision once fulfilled or declined. Never negative.
 */
export const waitingSeconds = (r: Pick<SupportRequest, 'createdAt' | 'decidedAt'>, now: Date): number =>
  oldestWaitingSeconds(r.createdAt, r.decidedAt ? new Date(r.decidedAt) : now);

/** The team (leader and members) and staff. */
export const canSeeSupportRequests = (
  viewer: { id: string; staff: boolean } | undefined,
  team: { leaderId: string; memberIds: readonly string[] },
): boolean =>
  viewer !== undefined && (viewer.staff || viewer.id === team.leaderId || team.memberIds.includes(viewer.id));

export type TeamSupportRequest = Omit<SupportRequest, 'decidedBy'>;

/** What a viewer who may see it reads: staff all of it, the team all but who decided. */
export const supportRequestView = (
  r: SupportRequest,
  viewer: { id: string; staff: boolean },
): SupportRequest | TeamSupportRequest => {
  if (viewer.staff) return r;
  const { decidedBy: _d, ...rest } = r;
  return rest;
};
