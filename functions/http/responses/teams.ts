/** Discussion and team responses (docs/api-contract.md §8): see ./common.ts. */
import * as z from 'zod/mini';
import { count, instant, opt, str, version } from './common.ts';

const commentFields = {
  id: str,
  ideaId: str,
  authorId: str,
  body: str,
  replyTo: opt(str),
  /** Hidden by staff: such comments are left out of lists. Who hid it is kept in the audit trail (§10). */
  hidden: opt(z.boolean()),
  hiddenAt: opt(instant),
  createdAt: instant,
  version,
};
/** A comment as every reader sees it: never who hid it. */
export const comment = z.object(commentFields);
/** A comment as staff see it (`hide`): with who hid it. */
export const staffComment = z.object({ ...commentFields, hiddenBy: opt(str) });

export const joinRequest = z.object({
  ideaId: str,
  ambassadorId: str,
  status: z.enum(['pending', 'accepted', 'declined']),
  message: opt(str),
  role: opt(str),
  createdAt: instant,
  decidedAt: opt(instant),
  version,
});
export const joinRequests = z.object({ items: z.array(joinRequest) });

export const teamMember = z.object({
  ambassadorId: str,
  /** "Former ambassador" (or سفير سابق) once the member erased their data. */
  name: str,
  role: opt(str),
  leader: z.boolean(),
  joinedAt: instant,
});
export const team = z.object({
  ideaId: str,
  leaderId: str,
  teamSize: count(2),
  /** The leader first, then by joining date. */
  members: z.array(teamMember),
});

export const membership = z.object({
  ideaId: str,
  ambassadorId: str,
  role: opt(str),
  leader: z.boolean(),
  joinedAt: instant,
});
