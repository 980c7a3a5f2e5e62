/**
 * What the API answers, as zod schemas: each route's `response` in the route table, and
 * through it the OpenAPI document's response schemas and components. They describe what
 * the handlers return, exactly: optional fields are optional, objects are closed (a field
 * not listed here is a field no response carries), so the tests that check every response
 * against the document also prove that nothing public leaks an email or a phone number.
 *
 * Only schemas live here, no JSON Schema generation: the route table imports this module,
 * so it is in every handler's bundle; functions/http/openapi.ts turns it into the document.
 */
import * as z from 'zod/mini';
import { resourceKinds } from './communities.ts';
import { type ErrorCode, errorCatalog } from './errors.ts';
import { ideaActions, ideaStatuses, missions } from './ideas.ts';
import { interestIds } from './interests.ts';
import { boards } from './leaderboards.ts';
import { audiences, lectureFormats, lectureStatuses } from './lectures.ts';
import { ABROAD, governorateIds, wilayatIds } from './regions.ts';
import { POST_LIMIT } from './showcase.ts';

const str = z.string();
const opt = z.optional;
/** An instant, as `Date.prototype.toISOString()` writes it (UTC). */
const instant = z.iso.datetime();
/** A whole number from `min` up. */
const count = (min = 0) => z.int().check(z.minimum(min));
const version = count(1);
/** An https URL, kept as the client sent it (so not normalised, and possibly with non-ASCII characters). */
const httpsUrl = z.string().check(z.regex(/^[Hh][Tt][Tt][Pp][Ss]:\/\/\S+$/));
const asTuple = (ids: readonly string[]) => ids as [string, ...string[]];

// Reference data ids (components of their own, so clients get them as unions)
export const governorateId = z.enum(asTuple(governorateIds));
export const wilayatId = z.enum(asTuple(wilayatIds));
export const communityId = z.enum([...asTuple(governorateIds), ABROAD]);
export const interestId = z.enum(interestIds);
export const language = z.enum(['ar', 'en']);
export const countryCode = z.string().check(z.regex(/^[A-Z]{2}$/));
export const ideaStatus = z.enum(ideaStatuses);

// System and reference data (docs/api-contract.md §3)
export const health = z.object({ status: z.literal('ok') });
export const wilayat = z.object({ id: wilayatId, en: str, ar: str });
export const governorate = z.object({ id: governorateId, en: str, ar: str, wilayats: z.array(wilayat) });
export const regions = z.object({ items: z.array(governorate) });
export const interest = z.object({ id: interestId, en: str, ar: str });
export const interests = z.object({ items: z.array(interest) });

/** The document `GET /openapi.json` serves: described by its own top-level fields only. */
export const openApiDocument = z.looseObject({
  openapi: z.literal('3.1.0'),
  info: z.looseObject({ title: str, version: str }),
  paths: z.looseObject({}),
  components: z.looseObject({}),
});

/** The share card: an SVG document (served as image/svg+xml). */
export const shareCard = z.string();

/** A list page (docs/api-contract.md §1). */
export const page = <T extends z.ZodMiniType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.nullable(str) });

// Ambassadors (§4)
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

// Lectures (§6)
const lectureFields = {
  id: str,
  organizerId: str,
  /** The knowledge community credited: where it was delivered, or the organizer's for online ones. */
  community: communityId,
  title: str,
  topic: interestId,
  description: opt(str),
  deliveredOn: z.iso.date(),
  format: z.enum(lectureFormats),
  /** In person only. */
  governorate: opt(governorateId),
  wilayat: opt(wilayatId),
  venue: opt(str),
  audience: z.enum(audiences),
  attendees: count(1),
  evidenceUrls: z.array(httpsUrl),
  status: z.enum(lectureStatuses),
  /** Once verified. */
  verifiedAttendees: opt(count(1)),
  /** The review's public note (§10), for everyone who can see the lecture. */
  publicNote: opt(str),
  reviewedAt: opt(instant),
  reportedAt: instant,
  updatedAt: instant,
  version,
};
/** The review's note (§10): for the organizer and staff only. */
const ownLectureFields = { ...lectureFields, reviewNote: opt(str) };
/** The reviewer: for staff only. */
const staffLectureFields = { ...ownLectureFields, reviewedBy: opt(str) };
/** A lecture as every reader sees it (lists, community pages): no internal note, no reviewer. */
export const lecture = z.object(lectureFields);
/** A lecture as its organizer sees it: with the review's note, never the reviewer. */
export const ownLecture = z.object(ownLectureFields);
/**
 * A lecture as staff see it: with the note and the reviewer. `GET /lectures/{id}` answers
 * this shape to staff, `OwnLecture` to the organizer and `Lecture` to everyone else.
 */
export const staffLecture = z.object(staffLectureFields);
/** A lecture in the staff review queue. */
export const queuedLecture = z.object({ ...staffLectureFields, waitingSeconds: count() });

// Communities (§5) and leaderboards (§7)
export const resource = z.object({
  id: str,
  communityId,
  authorId: str,
  title: str,
  url: httpsUrl,
  kind: z.enum(resourceKinds),
  language: opt(language),
  createdAt: instant,
  version,
});

/** One ranked entity; what follows `score` depends on the board. */
export const leaderboardEntry = z.object({
  rank: count(1),
  /** An ambassador id, a governorate id or a wilayat id. */
  id: str,
  /** English name of a place; an ambassador's name as they wrote it. */
  name: str,
  score: count(1),
  /** Places: the Arabic name. */
  nameAr: opt(str),
  /** `lectures` and `attendance` boards, community pages: the ambassador's counts and place. */
  lectures: opt(count()),
  attendees: opt(count()),
  country: opt(countryCode),
  /** Ambassadors and cities: the governorate. */
  governorate: opt(governorateId),
  wilayat: opt(wilayatId),
  /** `cities` board: projects by state. */
  completed: opt(count()),
  inProgress: opt(count()),
  approved: opt(count()),
});
export const leaderboard = z.object({
  board: z.enum(boards),
  period: z.string().check(z.regex(/^(all|\d{4}|\d{4}-(0[1-9]|1[0-2]))$/)),
  /** `null` when the board was never computed for that period. */
  computedAt: z.nullable(instant),
  entries: z.array(leaderboardEntry),
});

const communityFields = {
  id: communityId,
  en: str,
  ar: str,
  ambassadors: count(),
  verifiedLectures: count(),
  attendeesReached: count(),
  activeProjects: count(),
};
export const communitySummary = z.object(communityFields);
export const communities = z.object({ items: z.array(communitySummary) });
export const community = z.object({
  ...communityFields,
  topAmbassadors: z.array(leaderboardEntry),
  recentLectures: z.array(lecture),
  resources: z.array(resource),
});

// Ideas, teams and projects (§8)
const featured = z.object({ headlineAr: str, headlineEn: str, featuredAt: instant });
const ideaFields = {
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

// Showcase (§9)
const postText = z.string().check(z.maxLength(POST_LIMIT));
export const showcaseItem = z.object({
  /** The idea's id. */
  id: str,
  title: str,
  headlineAr: z.string().check(z.maxLength(140)),
  headlineEn: z.string().check(z.maxLength(140)),
  city: z.object({ id: wilayatId, en: str, ar: str, governorate: opt(governorateId) }),
  teamSize: count(2),
  /** Members now, the leader included. */
  members: count(),
  status: z.enum(['in_progress', 'completed']),
  featuredAt: instant,
  /** Ready to post on social media, hashtags included. */
  post: z.object({ ar: postText, en: postText }),
});
/** `POST /staff/ideas/{id}/feature`: the idea and its showcase entry. */
export const featuredIdea = z.object({ ...ideaFields, showcase: showcaseItem });

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

// Errors (§1)
const errorCodes = Object.keys(errorCatalog) as [ErrorCode, ...ErrorCode[]];
/** RFC 9457 problem details with the contract's codes. */
export const problem = z.object({
  type: z.url(),
  title: str,
  status: z.int().check(z.minimum(400), z.maximum(599)),
  code: z.enum(errorCodes),
  detail: opt(str),
  /** One entry per invalid field (validation_failed). */
  errors: opt(z.array(z.object({ path: str, message: str }))),
  /** `true` when `errors` was cut to its first 20 entries (§10 "Bounded errors"). */
  truncated: opt(z.literal(true)),
});
/** What API Gateway itself answers (the JWT authorizer's 401, throttling's 429). */
export const gatewayMessage = z.object({ message: str });

/** The named schemas of the document (`#/components/schemas/<name>`). */
export const components = {
  Problem: problem,
  GatewayMessage: gatewayMessage,
  GovernorateId: governorateId,
  WilayatId: wilayatId,
  CommunityId: communityId,
  InterestId: interestId,
  Language: language,
  CountryCode: countryCode,
  IdeaStatus: ideaStatus,
  Health: health,
  Governorate: governorate,
  Wilayat: wilayat,
  Interest: interest,
  AmbassadorStats: ambassadorStats,
  PublicProfile: publicProfile,
  Profile: profile,
  Ambassador: ambassador,
  AmbassadorExport: ambassadorExport,
  Lecture: lecture,
  OwnLecture: ownLecture,
  StaffLecture: staffLecture,
  QueuedLecture: queuedLecture,
  Resource: resource,
  CommunitySummary: communitySummary,
  Community: community,
  LeaderboardEntry: leaderboardEntry,
  Leaderboard: leaderboard,
  Idea: idea,
  PublicIdea: publicIdea,
  QueuedIdea: queuedIdea,
  AuditEntry: auditEntry,
  Comment: comment,
  StaffComment: staffComment,
  JoinRequest: joinRequest,
  TeamMember: teamMember,
  Team: team,
  Membership: membership,
  ShowcaseItem: showcaseItem,
  FeaturedIdea: featuredIdea,
} as const satisfies Record<string, z.ZodMiniType>;
