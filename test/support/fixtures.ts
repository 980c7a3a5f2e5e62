/**
 * Valid request bodies, one per thing the API creates or decides, so that a test spells out only
 * the fields it is about: `validIdea({ teamSize: 3 })`. English and Arabic variants where the
 * tests use both; every body here is accepted as is (test/e2e/*.test.ts rely on it).
 */
import { randomUUID } from 'node:crypto';

type Overrides = Record<string, unknown>;

/** Today in Oman (Asia/Muscat, UTC+4), or `daysAgo` days before it. */
export const omanDate = (daysAgo = 0) =>
  new Date(Date.now() + 4 * 3600_000 - daysAgo * 86_400_000).toISOString().slice(0, 10);

/** A label made unique, for titles a test looks for in shared lists. */
export const unique = (label: string) => `${label} ${randomUUID().slice(0, 8)}`;

/** POST /ambassadors: every optional field filled. */
export const validProfile = (overrides: Overrides = {}) => ({
  name: 'Aisha Al-Harthy',
  governorate: 'OM-MA',
  wilayat: 'bawshar',
  interests: ['mobility', 'energy'],
  expertise: ['urban planning'],
  bio: 'Engineer in Muscat.',
  phone: '+96891234567',
  languages: ['ar', 'en'],
  ...overrides,
});

/** POST /ambassadors: the required fields only, in Arabic. */
export const arabicProfile = (overrides: Overrides = {}) => ({
  name: 'سالم الكندي',
  governorate: 'OM-ZA',
  wilayat: 'yanqul',
  interests: ['water'],
  ...overrides,
});

/** POST /lectures, delivered yesterday. */
export const validLecture = (overrides: Overrides = {}) => ({
  title: 'Smart water meters for Bawshar homes',
  topic: 'water',
  description: 'How smart meters cut household water use.',
  deliveredOn: omanDate(1),
  format: 'in_person',
  governorate: 'OM-MA',
  wilayat: 'bawshar',
  venue: 'Bawshar community hall',
  audience: 'public',
  attendees: 40,
  evidenceUrls: ['https://example.om/photo.jpg'],
  ...overrides,
});

/**
 * POST /lectures announcing a lecture ahead (contract §12): `startsAt` `minutesAhead` minutes
 * from `now` (the server's clock), lasting `durationMinutes`; no `deliveredOn` nor `attendees`.
 */
export const scheduledLecture = (
  overrides: Overrides = {},
  { minutesAhead = 120, durationMinutes = 60, now = new Date() } = {},
) =>
  ({
    ...validLecture({ deliveredOn: undefined, attendees: undefined }),
    startsAt: new Date(now.getTime() + minutesAhead * 60_000).toISOString(),
    durationMinutes,
    ...overrides,
  }) as Record<string, unknown> & { startsAt: string; durationMinutes: number };

/** POST /lectures: the required fields only, in Arabic. */
export const arabicLecture = (overrides: Overrides = {}) => ({
  title: 'محاضرة عن العدادات الذكية',
  topic: 'water',
  deliveredOn: omanDate(2),
  governorate: 'OM-ZA',
  wilayat: 'yanqul',
  audience: 'public',
  attendees: 25,
  ...overrides,
});

/** POST /ideas. */
export const validIdea = (overrides: Overrides = {}) => ({
  title: 'Smart irrigation for Nizwa date farms',
  summary: 'Soil sensors and a shared dashboard so farmers water only when the palms need it.',
  problem: 'Falaj water is scarce in summer.',
  city: 'nizwa',
  tags: ['water', 'iot'],
  missions: ['research', 'engagement'],
  teamSize: 5,
  ...overrides,
});

/** POST /ideas, with an Arabic title. */
export const arabicIdea = (overrides: Overrides = {}) => ({
  title: 'حساسات تسرب المياه',
  summary: 'Leak sensors in Yanqul homes, reported to a shared map.',
  city: 'yanqul',
  tags: ['water'],
  missions: ['research'],
  teamSize: 3,
  ...overrides,
});

/** POST /ideas/{id}/comments. */
export const validComment = (overrides: Overrides = {}) => ({ body: 'تعليق: فكرة جيدة', ...overrides });

/** POST /ideas/{id}/join-requests. */
export const validJoinRequest = (overrides: Overrides = {}) => ({ role: 'tester', ...overrides });

/** POST /communities/{id}/resources. */
export const validResource = (overrides: Overrides = {}) => ({
  title: 'دليل المدن الذكية',
  url: 'https://example.om/guide',
  kind: 'article',
  ...overrides,
});

/** POST /staff/ideas/{id}/feature: the showcase's two headlines. */
export const validFeature = (overrides: Overrides = {}) => ({
  headlineAr: 'مشروع',
  headlineEn: 'A project',
  ...overrides,
});

/** POST /staff/ideas/{id}/decision; a note where the decision needs one. */
export const ideaDecision = {
  approve: () => ({ decision: 'approve' }),
  requestChanges: (note = 'More detail') => ({ decision: 'request_changes', note }),
  reject: (note = 'Out of scope') => ({ decision: 'reject', note }),
};

/** POST /staff/lectures/{id}/review. */
export const lectureReview = {
  verify: (overrides: Overrides = {}) => ({ decision: 'verify', ...overrides }),
  reject: (note = 'No evidence') => ({ decision: 'reject', note }),
};

/** POST /ideas/{id}/join-requests/{ambassadorId}/decision. */
export const joinDecision = {
  accept: () => ({ decision: 'accept' }),
  decline: () => ({ decision: 'decline' }),
};
