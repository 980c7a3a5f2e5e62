/** Ambassador responses (docs/api-contract.md §4): see ./common.ts. */
import * as z from 'zod/mini';
import {
  count,
  countryCode,
  governorateId,
  instant,
  interestId,
  language,
  opt,
  str,
  version,
  wilayatId,
} from './common.ts';
import { resource } from './communities.ts';
import { idea } from './ideas.ts';
import { ownLecture } from './lectures.ts';
import { comment, joinRequest, membership } from './teams.ts';

export const ambassadorStats = z.object({
  verifiedLectures: count(),
  attendeesReached: count(),
  ideas: count(),
  teams: count(),
});

const profileFields = {
  id: str,
  name: str,
  country: countryCode,
  /** In Oman only. */
  governorate: opt(governorateId),
  wilayat: opt(wilayatId),
  /** A wilayat id; defaults to `wilayat`. */
  city: opt(wilayatId),
  interests: z.array(interestId),
  expertise: z.array(str),
  bio: opt(str),
  languages: z.array(language),
  joinedAt: instant,
  stats: ambassadorStats,
};

/** What every reader sees of an ambassador: never an email or a phone number. */
export const publicProfile = z.object(profileFields);
/** `GET /ambassadors/{id}`: the public profile, plus `email` and `phone` for the ambassador themself and staff. */
export const profile = z.object({ ...profileFields, email: opt(z.email()), phone: opt(str) });
/** The caller's own profile (register, `GET`/`PATCH /ambassadors/me`). */
export const ambassador = z.object({
  ...profileFields,
  email: z.email(),
  phone: opt(str),
  updatedAt: instant,
  version,
});

/** `GET /ambassadors/me/export`: every stored field about the caller (Oman PDPL access right), without staff identities (§10). */
export const ambassadorExport = z.object({
  exportedAt: instant,
  /** On the first page only. */
  profile: opt(ambassador),
  /** With the reviews' notes, never the reviewers (§10). */
  lectures: z.array(ownLecture),
  resources: z.array(resource),
  ideas: z.array(idea),
  comments: z.array(comment),
  joinRequests: z.array(joinRequest),
  memberships: z.array(membership),
  /** The next page (at most 1 MB each, §10), or `null` on the last. */
  nextCursor: z.nullable(str),
});
