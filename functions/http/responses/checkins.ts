/** Check-in responses (docs/api-contract.md §12): see ./common.ts. */
import * as z from 'zod/mini';
import { instant, opt, str } from './common.ts';

/** The code the organizer shows, when it is replaced, and the link its QR code holds. */
export const checkinCode = z.object({
  /** 6 digits; a new one every 30 seconds, the previous one still accepted. */
  code: z.string().check(z.regex(/^[0-9]{6}$/)),
  expiresAt: instant,
  url: z.url(),
});

/**
 * A guest's check-in, with the token that turns it into the guest's own check-in once they sign
 * in (`POST /me/check-ins/claim`). Shown once: only its hash is stored.
 */
export const guestCheckIn = z.object({
  lectureId: str,
  name: str,
  at: instant,
  claimToken: z.string().check(z.regex(/^ct_[A-Za-z0-9_-]{43}$/)),
});

/** One check-in: the attendee's name, when, and their ambassador id when they are one. */
export const checkIn = z.object({
  lectureId: str,
  name: str,
  at: instant,
  ambassadorId: opt(str),
  /** A guest's check-in not claimed yet (the list only). */
  guest: opt(z.literal(true)),
});
