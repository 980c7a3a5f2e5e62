/**
 * Lectures, the awareness challenge (docs/api-contract.md §6): what organizers report, the date
 * and region rules, the review state machine, and who may see what.
 */
import * as z from 'zod/mini';
import { verifiedAttendeesFor } from './checkin.ts';
import { assertNotOrganizer } from './conflict-of-interest.ts';
import { DomainError, type FieldError } from './errors.ts';
import { interestIds } from './interests.ts';
import { communityOf, findGovernorate, findWilayat, governorateOf } from './regions.ts';
import {
  governorateId,
  httpsUrl,
  idParam,
  isoDate,
  multiLine,
  paging,
  singleLine,
  WILAYAT_FILTER,
  wilayatId,
  wilayatInGovernorate,
} from './schema-kit.ts';
import { daysBetween, muscatDate } from './time.ts';

export const lectureFormats = ['in_person', 'online'] as const;
export const audiences = ['school', 'university', 'public', 'government', 'private_sector'] as const;
export const lectureStatuses = ['scheduled', 'reported', 'verified', 'rejected'] as const;
export type LectureStatus = (typeof lectureStatuses)[number];
/**
 * The statuses in which a lecture may still be edited or deleted by its organizer: announced
 * (`scheduled`, §12) or waiting for review (`reported`).
 */
export const lectureOpenStatuses = ['scheduled', 'reported'] as const satisfies readonly LectureStatus[];

/** How far back a lecture may be reported. */
export const MAX_REPORT_AGE_DAYS = 90;
/** How far ahead a lecture may be scheduled (§12). */
export const MAX_SCHEDULE_AHEAD_DAYS = 90;
/** A scheduled lecture's length, in minutes (§12). */
export const MIN_DURATION_MINUTES = 15;
export const MAX_DURATION_MINUTES = 480;

/** The rules applyLectureRules enforces, as the OpenAPI document states them for clients. */
const PLACE_RULE =
  'In person (`format: in_person`), `governorate` and `wilayat` are required and the wilayat must lie ' +
  'in the governorate (GET /regions); online (`format: online`), both are absent. Without `format`, a ' +
  'lecture with a place is in person and one without is online.';
const DATE_RULE = `The day it was delivered, in Oman time: not in the future, and not more than ${MAX_REPORT_AGE_DAYS} days ago.`;
const SCHEDULE_RULE =
  `A lecture reported after the fact sends \`deliveredOn\` and \`attendees\`; a lecture announced ahead ` +
  `(status \`scheduled\`) sends \`startsAt\` (from now up to ${MAX_SCHEDULE_AHEAD_DAYS} days ahead) and ` +
  `\`durationMinutes\` instead, and reports \`attendees\` after its end (POST /lectures/{id}/report). ` +
  "A scheduled lecture's `deliveredOn` is the Oman date of its `startsAt`.";
const STARTS_AT_RULE = `When it starts (date-time): from now up to ${MAX_SCHEDULE_AHEAD_DAYS} days ahead.`;
const attendeesField = () => z.number().check(z.int(), z.minimum(1), z.maximum(10_000));
const durationField = () =>
  z.number().check(z.int(), z.minimum(MIN_DURATION_MINUTES), z.maximum(MAX_DURATION_MINUTES));

const fields = {
  title: singleLine(5, 120),
  topic: z.enum(interestIds),
  description: z.optional(multiLine(0, 2000)),
  deliveredOn: z.optional(isoDate().check(z.describe(`${DATE_RULE} Absent for a scheduled lecture.`))),
  startsAt: z.optional(z.iso.datetime().check(z.describe(STARTS_AT_RULE))),
  durationMinutes: z.optional(durationField()),
  format: z.optional(z.enum(lectureFormats)),
  governorate: z.optional(governorateId().check(z.describe('Required in person, absent online.'))),
  wilayat: z.optional(wilayatId().check(z.describe('Required in person; must lie in `governorate`.'))),
  venue: z.optional(singleLine(0, 200)),
  audience: z.enum(audiences),
  attendees: z.optional(attendeesField()),
  evidenceUrls: z.optional(z.array(httpsUrl()).check(z.maxLength(5))),
};

export const lectureInputSchema = z
  .strictObject(fields)
  .check(z.describe(`${PLACE_RULE} ${DATE_RULE} ${SCHEDULE_RULE}`));
export type LectureInput = z.infer<typeof lectureInputSchema>;

const nullable = <T extends z.ZodMiniType>(t: T) => z.optional(z.nullable(t));
export const lecturePatchSchema = z
  .strictObject({
    title: z.optional(fields.title),
    topic: z.optional(fields.topic),
    description: nullable(multiLine(0, 2000)),
    deliveredOn: z.optional(isoDate()),
    startsAt: z.optional(z.iso.datetime()),
    durationMinutes: z.optional(durationField()),
    format: z.optional(z.enum(lectureFormats)),
    governorate: nullable(governorateId()),
    wilayat: nullable(wilayatId()),
    venue: nullable(singleLine(0, 200)),
    audience: z.optional(fields.audience),
    attendees: z.optional(attendeesField()),
    evidenceUrls: z.optional(z.array(httpsUrl()).check(z.maxLength(5))),
  })
  .check(
    z.describe(
      `Any reported field; \`null\` clears an optional one. The lecture after the edit follows the rules of reporting: ${PLACE_RULE} A new \`deliveredOn\` must be in the window: ${DATE_RULE} A scheduled lecture takes \`startsAt\` and \`durationMinutes\` (a new \`startsAt\`: ${STARTS_AT_RULE}) and neither \`deliveredOn\` nor \`attendees\`; a reported one the reverse.`,
    ),
  );
export type LecturePatch = z.infer<typeof lecturePatchSchema>;

/** `POST /lectures/{id}/report` (§12): what the organizer reports after a scheduled lecture. */
export const lectureReportSchema = z.strictObject({
  attendees: attendeesField().check(z.describe('Claimed attendees.')),
  evidenceUrls: z.optional(z.array(httpsUrl()).check(z.maxLength(5))),
  venue: z.optional(singleLine(0, 200)),
});
export type LectureReport = z.infer<typeof lectureReportSchema>;

/** `GET /lectures/upcoming` (§12): scheduled lectures that have not started, soonest first. */
export const upcomingQuerySchema = z
  .strictObject({
    governorate: z.optional(governorateId()),
    wilayat: z.optional(wilayatId().check(z.describe(WILAYAT_FILTER))),
    topic: z.optional(z.enum(interestIds)),
    ...paging,
  })
  .check(wilayatInGovernorate());
export type UpcomingQuery = z.infer<typeof upcomingQuerySchema>;

export const reviewSchema = z.strictObject({
  decision: z.enum(['verify', 'reject']),
  verifiedAttendees: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(10_000))),
  /** Seen by the organizer and staff only. */
  note: z.optional(multiLine(1, 1000)),
  /** Seen by everyone who can see the lecture (§10). */
  publicNote: z.optional(multiLine(1, 500)),
});
export type ReviewInput = z.infer<typeof reviewSchema>;

export const lectureIdParams = z.strictObject({ id: idParam() });

export const lectureListQuerySchema = z
  .strictObject({
    organizer: z.optional(idParam()),
    governorate: z.optional(governorateId()),
    wilayat: z.optional(wilayatId().check(z.describe(WILAYAT_FILTER))),
    topic: z.optional(z.enum(interestIds)),
    from: z.optional(isoDate()),
    to: z.optional(isoDate()),
    ...paging,
  })
  .check(
    z.refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'Must not be before from', path: ['to'] }),
    wilayatInGovernorate(),
  );
export type LectureListQuery = z.infer<typeof lectureListQuerySchema>;

export const ownLecturesQuerySchema = z.strictObject({ ...paging });
export const reviewQueueQuerySchema = z.strictObject({ status: z.optional(z.enum(['reported'])), ...paging });

export interface LectureFields {
  title: string;
  topic: string;
  description?: string | undefined;
  deliveredOn: string;
  format: (typeof lectureFormats)[number];
  governorate?: string | undefined;
  wilayat?: string | undefined;
  venue?: string | undefined;
  audience: (typeof audiences)[number];
  /** Claimed attendees; absent while `scheduled`. */
  attendees?: number | undefined;
  evidenceUrls: string[];
  /** A scheduled lecture's start (§12); absent on a lecture reported after the fact. */
  startsAt?: string | undefined;
  durationMinutes?: number | undefined;
}

export interface Lecture extends LectureFields {
  id: string;
  organizerId: string;
  /** The knowledge community credited: where it was delivered, or the organizer's for online ones. */
  community: string;
  status: LectureStatus;
  verifiedAttendees?: number | undefined;
  /** The review's note: the organizer and staff only. */
  reviewNote?: string | undefined;
  /** The review's public note: everyone who can see the lecture. */
  publicNote?: string | undefined;
  /** The reviewer: staff only. */
  reviewedBy?: string | undefined;
  reviewedAt?: string | undefined;
  reportedAt: string;
  updatedAt: string;
  version: number;
}

/**
 * The lecture rules: delivered today or in the last 90 days (Oman time); in person means in
 * a governorate and one of its wilayats, online means neither.
 */
export const applyLectureRules = (
  input: Omit<LectureFields, 'format' | 'evidenceUrls' | 'deliveredOn'> & {
    format?: LectureFields['format'] | undefined;
    evidenceUrls?: string[] | undefined;
    deliveredOn?: string | undefined;
  },
  now: Date,
  {
    checkDate = true,
    scheduled = false,
    checkStart = true,
  }: { checkDate?: boolean; scheduled?: boolean; checkStart?: boolean } = {},
): LectureFields => {
  const errors: FieldError[] = [];
  let deliveredOn = input.deliveredOn ?? '';
  if (scheduled) {
    // Announced ahead (§12): a start and a length, no delivery date or attendees yet.
    if (input.deliveredOn !== undefined)
      errors.push({ path: 'deliveredOn', message: 'A scheduled lecture has startsAt instead' });
    if (input.attendees !== undefined)
      errors.push({ path: 'attendees', message: 'Reported after the lecture (POST /lectures/{id}/report)' });
    if (input.durationMinutes === undefined)
      errors.push({ path: 'durationMinutes', message: 'Required with startsAt' });
    const start = Date.parse(input.startsAt ?? '');
    if (Number.isNaN(start)) errors.push({ path: 'startsAt', message: 'Required' });
    else {
      deliveredOn = muscatDate(new Date(start));
      if (checkStart && start <= now.getTime())
        errors.push({ path: 'startsAt', message: 'Must be in the future' });
      else if (checkStart && start > now.getTime() + MAX_SCHEDULE_AHEAD_DAYS * 86_400_000)
        errors.push({ path: 'startsAt', message: `At most ${MAX_SCHEDULE_AHEAD_DAYS} days ahead` });
    }
  } else {
    if (input.deliveredOn === undefined) errors.push({ path: 'deliveredOn', message: 'Required' });
    if (input.attendees === undefined) errors.push({ path: 'attendees', message: 'Required' });
    // A reported lecture that was scheduled keeps its start and length.
    if (input.durationMinutes !== undefined && input.startsAt === undefined)
      errors.push({ path: 'durationMinutes', message: 'Only with startsAt (a scheduled lecture)' });
    if (input.deliveredOn !== undefined) {
      const age = daysBetween(input.deliveredOn, muscatDate(now));
      if (checkDate && age < 0) errors.push({ path: 'deliveredOn', message: 'Cannot be in the future' });
      else if (checkDate && age > MAX_REPORT_AGE_DAYS)
        errors.push({ path: 'deliveredOn', message: `Must be within the last ${MAX_REPORT_AGE_DAYS} days` });
    }
  }

  const format = input.format ?? (input.governorate || input.wilayat ? 'in_person' : 'online');
  if (format === 'in_person') {
    if (!input.governorate)
      errors.push({ path: 'governorate', message: 'Required for an in-person lecture' });
    else if (!findGovernorate(input.governorate))
      errors.push({ path: 'governorate', message: 'Unknown governorate' });
    if (!input.wilayat) errors.push({ path: 'wilayat', message: 'Required for an in-person lecture' });
    else if (!findWilayat(input.wilayat)) errors.push({ path: 'wilayat', message: 'Unknown wilayat' });
    else if (
      input.governorate &&
      findGovernorate(input.governorate) &&
      governorateOf(input.wilayat) !== input.governorate
    )
      errors.push({ path: 'wilayat', message: `Wilayat ${input.wilayat} is not in ${input.governorate}` });
  } else {
    if (input.governorate)
      errors.push({ path: 'governorate', message: 'An online lecture has no governorate' });
    if (input.wilayat) errors.push({ path: 'wilayat', message: 'An online lecture has no wilayat' });
  }
  if (errors.length > 0) throw new DomainError('validation_failed', 'Lecture fields are invalid', errors);
  return {
    title: input.title,
    topic: input.topic,
    description: input.description,
    deliveredOn,
    format,
    governorate: format === 'in_person' ? input.governorate : undefined,
    wilayat: format === 'in_person' ? input.wilayat : undefined,
    venue: input.venue,
    audience: input.audience,
    attendees: input.attendees,
    evidenceUrls: input.evidenceUrls ?? [],
    ...(scheduled ? { startsAt: input.startsAt, durationMinutes: input.durationMinutes } : {}),
  };
};

export const newLecture = (
  input: LectureInput,
  organizer: { id: string; country: string; governorate?: string | undefined },
  id: string,
  now: Date,
): Lecture => {
  const scheduled = input.startsAt !== undefined;
  const f = applyLectureRules(input, now, { scheduled });
  const at = now.toISOString();
  return {
    ...f,
    id,
    organizerId: organizer.id,
    community: f.governorate ?? communityOf(organizer),
    status: scheduled ? 'scheduled' : 'reported',
    reportedAt: at,
    updatedAt: at,
    version: 1,
  };
};

/** The organizer's edit: only while `scheduled` or `reported`. */
export const editLecture = (
  current: Lecture,
  patch: LecturePatch,
  organizer: { id: string; country: string; governorate?: string | undefined },
  now: Date,
): Lecture => {
  if (current.status !== 'reported' && current.status !== 'scheduled')
    throw new DomainError('invalid_transition', `A ${current.status} lecture cannot be edited`);
  const scheduled = current.status === 'scheduled';
  if (!scheduled && (patch.startsAt !== undefined || patch.durationMinutes !== undefined))
    throw new DomainError('validation_failed', 'A reported lecture has no start to change', [
      {
        path: patch.startsAt !== undefined ? 'startsAt' : 'durationMinutes',
        message: 'Only while scheduled',
      },
    ]);
  const merged: Record<string, unknown> = { ...current };
  for (const [k, v] of Object.entries(patch)) if (v !== undefined) merged[k] = v ?? undefined;
  // Switching to online drops the place unless the patch names one (and then fails);
  // naming a place without a format makes it in person, as it would on a report.
  if (patch.format === 'online') {
    if (patch.governorate === undefined) merged.governorate = undefined;
    if (patch.wilayat === undefined) merged.wilayat = undefined;
  } else if (patch.format === undefined && (patch.governorate || patch.wilayat)) merged.format = 'in_person';
  // The date rule applies to a date the edit sets: a lecture waiting for review stays editable.
  // A scheduled lecture's derived date is recomputed from its start.
  if (scheduled && patch.deliveredOn === undefined) merged.deliveredOn = undefined;
  const f = applyLectureRules(merged as unknown as LectureFields, now, {
    checkDate: patch.deliveredOn !== undefined,
    scheduled,
    checkStart: patch.startsAt !== undefined,
  });
  return {
    ...current,
    ...f,
    community: f.governorate ?? communityOf(organizer),
    updatedAt: now.toISOString(),
    version: current.version + 1,
  };
};

export const assertDeletable = (current: Lecture): void => {
  if (current.status !== 'reported' && current.status !== 'scheduled')
    throw new DomainError('invalid_transition', `A ${current.status} lecture cannot be deleted`);
};

/** When a scheduled lecture ends: `startsAt` + `durationMinutes`; undefined for one reported after the fact. */
export const lectureEnd = (l: Pick<Lecture, 'startsAt' | 'durationMinutes'>): Date | undefined =>
  l.startsAt === undefined || l.durationMinutes === undefined
    ? undefined
    : new Date(Date.parse(l.startsAt) + l.durationMinutes * 60_000);

/**
 * The organizer reports a scheduled lecture once it has ended (§12): `scheduled` → `reported`,
 * with the claimed `attendees`; from here the v1 review applies. Before the end, or from any
 * other status, 409 `invalid_transition`. It then waits in the review queue from now.
 */
export const reportScheduled = (current: Lecture, report: LectureReport, now: Date): Lecture => {
  if (current.status !== 'scheduled')
    throw new DomainError('invalid_transition', `A ${current.status} lecture cannot be reported again`);
  const end = lectureEnd(current);
  if (!end || now.getTime() < end.getTime())
    throw new DomainError('invalid_transition', 'A scheduled lecture is reported after its end');
  const at = now.toISOString();
  return {
    ...current,
    status: 'reported',
    attendees: report.attendees,
    evidenceUrls: report.evidenceUrls ?? current.evidenceUrls,
    venue: report.venue ?? current.venue,
    reportedAt: at,
    updatedAt: at,
    version: current.version + 1,
  };
};

/**
 * Staff review: exactly once, from `reported`, and never by the organizer (§10). With check-ins
 * (§12, `checkIns`), `verifiedAttendees` is at most `checkedIn` and defaults to it.
 */
export const reviewLecture = (
  current: Lecture,
  review: ReviewInput,
  staffId: string,
  now: Date,
  checkIns: { checkedIn: number; guestCheckIns: number } = { checkedIn: 0, guestCheckIns: 0 },
): Lecture => {
  assertNotOrganizer(current, staffId);
  if (current.status !== 'reported')
    throw new DomainError('invalid_transition', `The lecture was already ${current.status}`);
  const errors: FieldError[] = [];
  if (review.decision === 'reject' && !review.note)
    errors.push({ path: 'note', message: 'Required to reject' });
  if (review.decision === 'reject' && review.verifiedAttendees !== undefined)
    errors.push({ path: 'verifiedAttendees', message: 'Only when verifying' });
  const claimed = current.attendees ?? 0;
  let verifiedAttendees: number | undefined;
  if (review.decision === 'verify') {
    const v = verifiedAttendeesFor(review.verifiedAttendees, {
      attendees: claimed,
      checkedIn: checkIns.checkedIn,
      hasCheckIns: checkIns.checkedIn + checkIns.guestCheckIns > 0,
    });
    if ('error' in v) errors.push(v.error);
    else verifiedAttendees = v.value;
  }
  if (errors.length > 0) throw new DomainError('validation_failed', 'The review is invalid', errors);
  const at = now.toISOString();
  return {
    ...current,
    status: review.decision === 'verify' ? 'verified' : 'rejected',
    verifiedAttendees,
    reviewNote: review.note,
    publicNote: review.publicNote,
    reviewedBy: staffId,
    reviewedAt: at,
    updatedAt: at,
    version: current.version + 1,
  };
};

export type Viewer = { id: string; staff: boolean } | undefined;

/**
 * Verified and scheduled (announced, §12) lectures are for every signed-in reader; the others
 * only for the organizer and staff.
 */
export const canSeeLecture = (l: Lecture, viewer: Viewer): boolean =>
  l.status === 'verified' ||
  l.status === 'scheduled' ||
  (viewer !== undefined && (viewer.staff || viewer.id === l.organizerId));

/** What every reader of a lecture gets (lists, community pages): no reviewer, no internal note. */
export type PublicLecture = Omit<Lecture, 'reviewedBy' | 'reviewNote'>;
/** What its organizer gets: the review's note too, but never who reviewed it. */
export type OwnLecture = Omit<Lecture, 'reviewedBy'>;

export const publicLecture = (l: Lecture | PublicLecture): PublicLecture => {
  const { reviewedBy: _r, reviewNote: _n, ...rest } = l as Lecture;
  return rest;
};

export const ownLecture = (l: Lecture): OwnLecture => {
  const { reviewedBy: _r, ...rest } = l;
  return rest;
};

/** What a reader gets (§10): staff everything, the organizer the note, others the public note only. */
export const lectureView = (l: Lecture, viewer: Viewer): Lecture | OwnLecture | PublicLecture => {
  if (viewer?.staff) return l;
  if (viewer?.id === l.organizerId) return ownLecture(l);
  return publicLecture(l);
};
