/**
 * What the API answers, route by route, as zod schemas: the source of the OpenAPI
 * document's response schemas. Handlers do not import these (they stay out of the Lambda
 * bundles); the tests check every response against the document built from them.
 */
import * as z from 'zod/mini';
import { errorCatalog } from './errors.ts';

const str = z.string();
const num = z.number();
const opt = z.optional;
const strings = z.array(z.string());

const named = { id: str, en: str, ar: str };

export const healthResponse = z.object({ status: z.literal('ok') });
export const regionsResponse = z.object({
  items: z.array(z.object({ ...named, wilayats: z.array(z.object(named)) })),
});
export const interestsResponse = z.object({ items: z.array(z.object(named)) });

export const statsSchema = z.object({ verifiedLectures: num, attendeesReached: num, ideas: num, teams: num });

export const publicProfile = z.object({
  id: str,
  name: str,
  country: str,
  governorate: opt(str),
  wilayat: opt(str),
  city: opt(str),
  interests: strings,
  expertise: strings,
  bio: opt(str),
  languages: strings,
  joinedAt: str,
  stats: statsSchema,
  /** Only for the ambassador themself and staff. */
  email: opt(str),
  phone: opt(str),
});

export const fullProfile = z.object({
  ...publicProfile.def.shape,
  email: str,
  updatedAt: str,
  version: num,
});

export const page = <T extends z.ZodMiniType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.nullable(str) });

export const lectureResponse = z.object({
  id: str,
  organizerId: str,
  community: str,
  title: str,
  topic: str,
  description: opt(str),
  deliveredOn: str,
  format: z.enum(['in_person', 'online']),
  governorate: opt(str),
  wilayat: opt(str),
  venue: opt(str),
  audience: str,
  attendees: num,
  evidenceUrls: strings,
  status: z.enum(['reported', 'verified', 'rejected']),
  verifiedAttendees: opt(num),
  reviewNote: opt(str),
  reviewedBy: opt(str),
  reviewedAt: opt(str),
  reportedAt: str,
  updatedAt: str,
  version: num,
});
export const lectureQueueItem = z.object({ ...lectureResponse.def.shape, waitingSeconds: num });

export const resourceResponse = z.object({
  id: str,
  communityId: str,
  authorId: str,
  title: str,
  url: str,
  kind: str,
  language: opt(str),
  createdAt: str,
  version: num,
});

export const boardEntry = z.looseObject({ rank: num, id: str, name: str, score: num });
export const communitySummary = z.object({
  ...named,
  ambassadors: num,
  verifiedLectures: num,
  attendeesReached: num,
  activeProjects: num,
});
export const communityDetail = z.object({
  ...communitySummary.def.shape,
  topAmbassadors: z.array(boardEntry),
  recentLectures: z.array(lectureResponse),
  resources: z.array(resourceResponse),
});
export const leaderboardResponse = z.object({
  board: str,
  period: str,
  computedAt: z.nullable(str),
  entries: z.array(boardEntry),
});

export const ideaResponse = z.object({
  id: str,
  authorId: str,
  title: str,
  summary: str,
  problem: opt(str),
  city: str,
  tags: strings,
  missions: strings,
  teamSize: num,
  status: z.enum([
    'submitted',
    'changes_requested',
    'approved',
    'in_progress',
    'completed',
    'rejected',
    'withdrawn',
  ]),
  decisionNote: opt(str),
  submittedAt: str,
  approvedAt: opt(str),
  startedAt: opt(str),
  completedAt: opt(str),
  outcome: opt(str),
  links: opt(strings),
  memberCount: num,
  featured: opt(z.object({ headlineAr: str, headlineEn: str, featuredAt: str })),
  createdAt: str,
  updatedAt: str,
  version: num,
});
export const ideaQueueItem = z.object({ ...ideaResponse.def.shape, waitingSeconds: num });
export const auditResponse = z.object({
  items: z.array(
    z.object({ at: str, by: str, action: str, from: str, to: str, note: opt(str), commentId: opt(str) }),
  ),
});
export const commentResponse = z.object({
  id: str,
  ideaId: str,
  authorId: str,
  body: str,
  replyTo: opt(str),
  hidden: opt(z.boolean()),
  hiddenAt: opt(str),
  hiddenBy: opt(str),
  createdAt: str,
  version: num,
});
export const joinRequestResponse = z.object({
  ideaId: str,
  ambassadorId: str,
  status: z.enum(['pending', 'accepted', 'declined']),
  message: opt(str),
  role: opt(str),
  createdAt: str,
  decidedAt: opt(str),
  version: num,
});
export const teamResponse = z.object({
  ideaId: str,
  leaderId: str,
  teamSize: num,
  members: z.array(
    z.object({ ambassadorId: str, name: str, role: opt(str), leader: z.boolean(), joinedAt: str }),
  ),
});
export const showcaseItemResponse = z.object({
  id: str,
  title: str,
  headlineAr: str,
  headlineEn: str,
  city: z.object({ ...named, governorate: opt(str) }),
  teamSize: num,
  members: num,
  status: str,
  featuredAt: str,
  post: z.object({ ar: str, en: str }),
});
export const featuredIdeaResponse = z.object({ ...ideaResponse.def.shape, showcase: showcaseItemResponse });

export const exportResponse = z.object({
  exportedAt: str,
  profile: z.looseObject({ id: str }),
  lectures: z.array(z.looseObject({})),
  resources: z.array(z.looseObject({})),
  ideas: z.array(z.looseObject({})),
  comments: z.array(z.looseObject({})),
  joinRequests: z.array(z.looseObject({})),
  memberships: z.array(z.looseObject({})),
});

/** RFC 9457 problem details with the contract's codes. */
export const problemSchema = z.object({
  type: str,
  title: str,
  status: num,
  code: z.enum(Object.keys(errorCatalog) as [keyof typeof errorCatalog, ...(keyof typeof errorCatalog)[]]),
  detail: opt(str),
  errors: opt(z.array(z.object({ path: str, message: str }))),
});
