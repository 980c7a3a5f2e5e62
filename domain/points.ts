/**
 * Points (docs/api-contract.md §13): the rules `GET /points/rules` publishes, what each change
 * earns, and the ledger. Every point is an immutable entry written with the change that earns
 * it; its id is made of what it is for, so the same change can never write two entries (the
 * store's conditional put refuses the second). Nothing is deleted: a revocation, a withdrawal
 * or an erasure writes a reversing entry, which has one id per entry too.
 */
import * as z from 'zod/mini';
import { DomainError } from './errors.ts';
import { paging } from './schema-kit.ts';
import { datesOfPeriod, periodQuerySchema, type Season } from './seasons.ts';
import { muscatDate, type Period } from './time.ts';

export const pointReasons = [
  'lecture_verified',
  'lecture_well_rated',
  'idea_approved',
  'project_started',
  'project_completed',
  'project_featured',
  'resource_shared',
] as const;
export type PointReason = (typeof pointReasons)[number];

/** A rule as `GET /points/rules` lists it. */
export interface PointRule {
  reason: PointReason;
  /**
   * The fixed part of the rule: for `lecture_verified` the base before the per-attendee
   * points, for the project rules the leader's share (the most one person earns). The
   * descriptions say the whole rule.
   */
  points: number;
  descriptionAr: string;
  descriptionEn: string;
}

export const LECTURE_BASE_POINTS = 10;
/** At most this many checked-in attendees earn a point each. */
export const CHECKED_IN_CAP = 200;
/** Each other verified attendee earns a fifth of a point, at most this many points in all. */
export const OTHER_ATTENDEES_CAP = 40;
const OTHER_ATTENDEES_PER_POINT = 5;
export const WELL_RATED_POINTS = 10;
export const WELL_RATED_AVERAGE = 4.5;
export const WELL_RATED_MIN_RATINGS = 5;
export const IDEA_APPROVED_POINTS = 20;
export const RESOURCE_SHARED_POINTS = 2;
/** Resources that earn points in one Oman month. */
export const RESOURCES_PER_MONTH = 5;

export type ProjectReason = 'project_started' | 'project_completed' | 'project_featured';
export type TeamRole = 'leader' | 'member';
const PROJECT_POINTS: Record<ProjectReason, Record<TeamRole, number>> = {
  project_started: { leader: 30, member: 10 },
  project_completed: { leader: 50, member: 20 },
  project_featured: { leader: 20, member: 20 },
};

export const pointRules: readonly PointRule[] = Object.freeze([
  {
    reason: 'lecture_verified',
    points: LECTURE_BASE_POINTS,
    descriptionAr:
      'عند توثيق المحاضرة يحصل منظمها على 10 نقاط، ونقطة عن كل حاضر سجّل حضوره (بحد أقصى 200 نقطة)، و0.2 نقطة عن كل حاضر آخر موثَّق (بحد أقصى 40 نقطة)، ويُقرَّب المجموع إلى العدد الصحيح الأدنى.',
    descriptionEn:
      '10 to the organizer when a lecture is verified, plus 1 per checked-in attendee (at most 200) and 0.2 per other verified attendee (at most 40), rounded down.',
  },
  {
    reason: 'lecture_well_rated',
    points: WELL_RATED_POINTS,
    descriptionAr:
      '10 نقاط لمنظم المحاضرة إذا بلغ متوسط تقييمها 4.5 أو أكثر من 5 تقييمات على الأقل عند انتهاء مهلة التقييم البالغة 7 أيام بعد المحاضرة.',
    descriptionEn:
      "10 to the organizer when, at the end of its 7-day feedback window, the lecture's average rating is 4.5 or more from at least 5 ratings.",
  },
  {
    reason: 'idea_approved',
    points: IDEA_APPROVED_POINTS,
    descriptionAr: '20 نقطة لصاحب الفكرة عند اعتمادها.',
    descriptionEn: '20 to the author when an idea is approved.',
  },
  {
    reason: 'project_started',
    points: PROJECT_POINTS.project_started.leader,
    descriptionAr: 'عند بدء تنفيذ المشروع: 30 نقطة لقائد الفريق و10 نقاط لكل عضو آخر فيه.',
    descriptionEn: 'When a project starts: 30 to the team leader and 10 to each other member.',
  },
  {
    reason: 'project_completed',
    points: PROJECT_POINTS.project_completed.leader,
    descriptionAr: 'عند إنجاز المشروع: 50 نقطة لقائد الفريق و20 نقطة لكل عضو آخر فيه.',
    descriptionEn: 'When a project is completed: 50 to the team leader and 20 to each other member.',
  },
  {
    reason: 'project_featured',
    points: PROJECT_POINTS.project_featured.leader,
    descriptionAr: '20 نقطة لكل عضو في الفريق عند اختيار مشروعه مشروعًا مميزًا.',
    descriptionEn: '20 to each team member when a project is featured.',
  },
  {
    reason: 'resource_shared',
    points: RESOURCE_SHARED_POINTS,
    descriptionAr: 'نقطتان عن كل مورد معرفي يشاركه السفير، بحد أقصى 5 موارد في الشهر بتوقيت عُمان.',
    descriptionEn: '2 per shared resource, for at most 5 resources in a month (Oman time).',
  },
] satisfies PointRule[]);

const assertCount = (name: string, n: number) => {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${name} must be a whole number ≥ 0, not ${n}`);
};

/**
 * The organizer's points for a verified lecture: 10, plus 1 per checked-in attendee (at most
 * 200), plus 0.2 per other verified attendee (verified − checked in, not below 0; at most 40),
 * rounded down. In whole numbers: the others' part is ⌊others ÷ 5⌋, so no floating point.
 */
export const lectureVerifiedPoints = ({
  checkedIn,
  verifiedAttendees,
}: {
  checkedIn: number;
  verifiedAttendees: number;
}): number => {
  assertCount('checkedIn', checkedIn);
  assertCount('verifiedAttendees', verifiedAttendees);
  const others = Math.max(0, verifiedAttendees - checkedIn);
  return (
    LECTURE_BASE_POINTS +
    Math.min(checkedIn, CHECKED_IN_CAP) +
    Math.min(Math.floor(others / OTHER_ATTENDEES_PER_POINT), OTHER_ATTENDEES_CAP)
  );
};

/**
 * Whether a lecture earns `lecture_well_rated` when its feedback window closes: an average of
 * 4.5 or more from 5 ratings or more. `average` is the exact mean (sum ÷ count), not the one a
 * lecture view shows rounded.
 */
export const lectureWellRated = ({ average, count }: { average: number; count: number }): boolean =>
  count >= WELL_RATED_MIN_RATINGS && average >= WELL_RATED_AVERAGE;

/** A team member's points for a project's start, completion or featuring. */
export const projectPoints = (reason: ProjectReason, role: TeamRole): number => PROJECT_POINTS[reason][role];

/**
 * Points for sharing a resource, given how many of the sharer's resources already earned
 * points in the same Oman month: 2 for the first five, then 0 (the caller writes no entry).
 */
export const resourceSharedPoints = (alreadyThisMonth: number): number => {
  assertCount('alreadyThisMonth', alreadyThisMonth);
  return alreadyThisMonth < RESOURCES_PER_MONTH ? RESOURCE_SHARED_POINTS : 0;
};

/** What earned an entry: the lecture, idea, project or resource. */
export interface PointSource {
  readonly type: string;
  readonly id: string;
}

export type ReversalCause = 'revocation' | 'withdrawal' | 'erasure';

/** One ledger entry, as `GET /ambassadors/me/points` lists it. Never changed once written. */
export interface LedgerEntry {
  readonly id: string;
  /** When it was written (ISO-8601 UTC); it counts in the periods of its Oman date. */
  readonly at: string;
  readonly points: number;
  readonly reason: PointReason;
  readonly source: PointSource;
  /** On a reversal: the id of the entry it takes back, and why. */
  readonly reverses?: string;
  readonly cause?: ReversalCause;
}

const SEPARATOR = '#';
const REVERSED = 'reversed';

const assertPart = (name: string, s: string) => {
  if (s.length === 0 || s.includes(SEPARATOR))
    throw new RangeError(`${name} must be non-empty without ${SEPARATOR}`);
};

/**
 * The id of the entry a change writes for one recipient: `reason#sourceType#sourceId#recipient`.
 * No part may hold `#`, so two different changes never share an id, and the same change always
 * has the same one. A rule earned again for the same source after a reversal needs a new
 * source id (none of the first version's rules can be).
 */
export const entryId = (e: { reason: PointReason; source: PointSource; recipient: string }): string => {
  assertPart('source.type', e.source.type);
  assertPart('source.id', e.source.id);
  assertPart('recipient', e.recipient);
  return [e.reason, e.source.type, e.source.id, e.recipient].join(SEPARATOR);
};

const assertInstant = (at: string) => {
  if (Number.isNaN(Date.parse(at))) throw new RangeError(`at must be an ISO-8601 instant, not ${at}`);
};

/** The entry a change writes for `recipient` (whose ledger holds it; the entry does not name them). */
export const ledgerEntry = (e: {
  at: string;
  points: number;
  reason: PointReason;
  source: PointSource;
  recipient: string;
}): LedgerEntry => {
  if (!Number.isSafeInteger(e.points) || e.points <= 0)
    throw new RangeError(`An entry earns whole points above 0, not ${e.points}`);
  assertInstant(e.at);
  return Object.freeze({
    id: entryId(e),
    at: e.at,
    points: e.points,
    reason: e.reason,
    source: Object.freeze({ type: e.source.type, id: e.source.id }),
  });
};

/**
 * The entry that takes `entry` back: the same reason and source, the opposite points, a link
 * to it and the cause. Its id is the entry's with `#reversed`, whatever the cause or time, so
 * an entry can be reversed only once. It counts in the periods of its own `at` (the ledger is
 * history: a November lecture revoked in December loses its points in December). A reversal
 * is not reversed: invalid_transition.
 */
export const reversalOf = (entry: LedgerEntry, at: string, cause: ReversalCause): LedgerEntry => {
  if (entry.reverses !== undefined) throw new DomainError('invalid_transition', 'A reversal is not reversed');
  assertInstant(at);
  return Object.freeze({
    id: [entry.id, REVERSED].join(SEPARATOR),
    at,
    points: -entry.points,
    reason: entry.reason,
    source: Object.freeze({ type: entry.source.type, id: entry.source.id }),
    reverses: entry.id,
    cause,
  });
};

/**
 * The points of the entries whose Oman date falls in `period` (`all`, a year, a month or a
 * season among `seasons`); errors as datesOfPeriod.
 */
export const ledgerTotal = (
  entries: readonly LedgerEntry[],
  period: Period,
  seasons: readonly Season[] = [],
): number => {
  const { from, to } = datesOfPeriod(period, seasons);
  let total = 0;
  for (const e of entries) {
    const date = muscatDate(new Date(e.at));
    if (period === 'all' || (from <= date && date <= to)) total += e.points;
  }
  return total;
};

/** `GET /ambassadors/me/points`: a period (a season's id too) and a page. */
export const pointsQuerySchema = z.extend(periodQuerySchema, paging);
