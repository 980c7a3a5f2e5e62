/**
 * Lectures in the table. Access patterns (docs/data-model.md, "Access patterns"):
 * - AP4 lecture by id: GetItem LECT#<id> / LECTURE
 * - AP5 verified lectures under a facet, newest first: Query `listings`,
 *   gsi1pk = LECTS#<facet>, gsi1sk between <from> and <to>~ (descending)
 * - AP6 an ambassador's own lectures, any status: Query `byOwner`, gsi2pk = OWNER#<id>,
 *   gsi2sk begins_with LECT# (descending)
 * - AP7 the review queue, oldest first: Query `reviewQueue`, gsi3pk = QUEUE#lectures
 * - AP46 scheduled lectures that have not started, soonest first: Query `listings`,
 *   gsi1pk = UPCOMING#lectures, gsi1sk between <now> and ~ (ascending); a sparse key the
 *   lecture item carries only while scheduled
 * Verification is one transaction: the lecture, its public list entries, the organizer's
 * stats, the community counters, the period counters of the organizer and the governorate,
 * and a leaderboard change marker (the job then refreshes the boards and the stats copied
 * onto the organizer's directory entries). A review (verification or rejection) carries the
 * organizer's event in its transaction (AP32, functions/store/events.ts).
 */
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Ambassador } from '#domain/ambassadors.ts';
import { lectureVerifiedEarning } from '#domain/earnings.ts';
import {
  type Lecture,
  type LectureListQuery,
  lectureOpenStatuses,
  type PublicLecture,
  publicLecture,
  type UpcomingQuery,
} from '#domain/lectures.ts';
import type { DomainEvent } from '#domain/notifications.ts';
import type { LectureRepo, Outcome } from '#domain/ports.ts';
import { periodsOfDate } from '#domain/time.ts';
import { statsDelta } from './ambassadors.ts';
import { changeMarker } from './changes.ts';
import { db, TABLE } from './client.ts';
import { allOf, asRequest, condition, statusIn } from './conditions.ts';
import { creationPut } from './creation.ts';
import { ambassadorStatEntity } from './entities/ambassadors.ts';
import { communityStatsEntity, governorateStatEntity } from './entities/communities.ts';
import { listings, strip as stripItem } from './entities/define.ts';
import {
  lectureEntity,
  lectureListingEntity,
  lectureListPartition,
  UPCOMING_PARTITION,
} from './entities/lectures.ts';
import { eventItem } from './events.ts';
import { counterAdd } from './items.ts';
import { ownedPage, type Page, type PageQuery, queryPage, queuePage } from './paging.ts';
import { ledgerItems } from './points.ts';
import { named, transact, writeIf } from './transact.ts';

const strip = (item: Record<string, unknown>): Lecture => stripItem<Lecture>(item);

/** The public lists a verified lecture appears in. */
export const lectureFacets = (l: Lecture): string[] => [
  'all',
  `organizer#${l.organizerId}`,
  `topic#${l.topic}`,
  `community#${l.community}`,
  ...(l.governorate ? [`governorate#${l.governorate}`] : []),
  ...(l.wilayat ? [`wilayat#${l.wilayat}`] : []),
];

/** AP4 */
const get = async (id: string, consistent = false): Promise<Lecture | undefined> => {
  const out = await db.send(
    new GetCommand({ TableName: TABLE, Key: lectureEntity.key(id), ConsistentRead: consistent }),
  );
  return out.Item ? strip(out.Item) : undefined;
};

const create = async (l: Lecture): Promise<Outcome<'exists'>> => {
  const { failed } = await creationPut(
    'lecture',
    { TableName: TABLE, Item: lectureEntity.item(l), ConditionExpression: 'attribute_not_exists(pk)' },
    { body: l, id: l.id, version: l.version },
  );
  return failed.size > 0 ? 'exists' : 'ok';
};

/** Still open (waiting for review) and still the version read. */
const guard = (l: Lecture) =>
  asRequest(allOf(statusIn(lectureOpenStatuses), condition('version = :v', { ':v': l.version })));

const update = (current: Lecture, next: Lecture) =>
  writeIf(() =>
    db.send(new PutCommand({ TableName: TABLE, Item: lectureEntity.item(next), ...guard(current) })),
  );

const remove = (current: Lecture) =>
  writeIf(() =>
    db.send(new DeleteCommand({ TableName: TABLE, Key: lectureEntity.key(current.id), ...guard(current) })),
  );

/**
 * The rejection and its event, one transaction. A conflict with a concurrent review is a lost
 * race like a failed condition: the case re-reads and finds the lecture reviewed (409), where
 * a lone PutItem never met a conflict.
 */
const reject = async (current: Lecture, next: Lecture, event: DomainEvent): Promise<Outcome> => {
  const w = await transact(
    [
      ...named('lecture', { Put: { TableName: TABLE, Item: lectureEntity.item(next), ...guard(current) } }),
      ...named('event', eventItem(event)),
    ],
    { conflictIsRace: true },
  );
  return w.conflicted || w.failed.size > 0 ? 'changed' : 'ok';
};

/** The lecture, or its organizer, changed since read: either way a lost race. */
const verify = async (
  current: Lecture,
  next: Lecture,
  organizer: Ambassador,
  event: DomainEvent,
): Promise<Outcome> => {
  const attendees = next.verifiedAttendees ?? 0;
  const periods = periodsOfDate(next.deliveredOn);
  const { failed } = await transact([
    ...named('lecture', { Put: { TableName: TABLE, Item: lectureEntity.item(next), ...guard(current) } }),
    ...named('organizer', statsDelta(organizer.id, { verifiedLectures: 1, attendeesReached: attendees })),
    ...named(
      'counters',
      ...counterAdd(communityStatsEntity.key(next.community), communityStatsEntity.type, {
        verifiedLectures: 1,
        attendeesReached: attendees,
      }),
      ...periods.flatMap((p) =>
        counterAdd(ambassadorStatEntity.key(next.organizerId, p), ambassadorStatEntity.type, {
          lectures: 1,
          attendance: attendees,
        }),
      ),
      ...(next.governorate
        ? periods.flatMap((p) =>
            counterAdd(governorateStatEntity.key(next.governorate as string, p), governorateStatEntity.type, {
              lectures: 1,
              attendance: attendees,
            }),
          )
        : []),
    ),
    ...named(
      'marker',
      changeMarker({
        kind: 'lecture',
        lectureId: next.id,
        organizerId: next.organizerId,
        governorate: next.governorate,
        deliveredOn: next.deliveredOn,
      }),
    ),
    ...named(
      'listing',
      ...lectureFacets(next).map((facet) => ({
        Put: { TableName: TABLE, Item: lectureListingEntity.item({ lecture: next, facet }) },
      })),
    ),
    ...named('event', eventItem(event)),
    // The organizer's points (docs/api-contract.md §13), once per lecture.
    ...named('ledger', ...ledgerItems([lectureVerifiedEarning(next)])),
  ]);
  return failed.size > 0 ? 'changed' : 'ok';
};

export const lectureRepo: LectureRepo = { get, create, update, remove, reject, verify };

/** AP5. The narrowest facet the filters name; the rest are checked on the entries read. */
export const listVerifiedLectures = (q: LectureListQuery): Promise<Page<PublicLecture>> => {
  const facet = q.organizer
    ? `organizer#${q.organizer}`
    : q.wilayat
      ? `wilayat#${q.wilayat}`
      : q.governorate
        ? `governorate#${q.governorate}`
        : q.topic
          ? `topic#${q.topic}`
          : 'all';
  const filter = (l: PublicLecture) =>
    (!q.organizer || l.organizerId === q.organizer) &&
    (!q.wilayat || l.wilayat === q.wilayat) &&
    (!q.governorate || l.governorate === q.governorate) &&
    (!q.topic || l.topic === q.topic);
  const narrowed = [q.organizer, q.wilayat, q.governorate, q.topic].filter(Boolean).length > 1;
  return listFacet(facet, q, narrowed ? filter : undefined, [q.organizer, q.wilayat, q.governorate, q.topic]);
};

/** Verified lectures of one list, newest first, optionally within [from, to]. */
export const listFacet = (
  facet: string,
  q: {
    from?: string | undefined;
    to?: string | undefined;
    limit?: number | undefined;
    cursor?: string | undefined;
  },
  filter?: (l: PublicLecture) => boolean,
  /** The filter values, so a cursor only continues the same filtered query. */
  filters?: unknown[],
): Promise<Page<PublicLecture>> => {
  const range = q.from || q.to;
  return queryPage({
    fingerprint: `lectures|${facet}|${JSON.stringify([q.from, q.to, ...(filters ?? [])])}`,
    input: {
      ...listings.query(
        lectureListPartition(facet),
        // `~` sorts after every id character, so `to` includes that whole day.
        range ? { between: [q.from ?? '0000', `${q.to ?? '9999'}~`] } : undefined,
      ),
      ProjectionExpression: `${listings.keyAttributes.join(', ')}, lecture`,
      ScanIndexForward: false,
    },
    keyAttributes: listings.keyAttributes,
    limit: q.limit,
    cursor: q.cursor,
    filter: filter ? (item) => filter(item.lecture as PublicLecture) : undefined,
    // Copies written before §10 carried the internal note: it never leaves the table.
    map: (item) => publicLecture(item.lecture as PublicLecture),
  });
};

/**
 * AP46. Scheduled lectures starting at `now` or later, soonest first; the filters are checked
 * on the items read (the list is short: what is announced for the next 90 days).
 */
export const listUpcomingLectures = (q: UpcomingQuery, now: Date): Promise<Page<PublicLecture>> => {
  const filters = [q.governorate, q.wilayat, q.topic];
  const filtered = filters.some(Boolean);
  return queryPage({
    fingerprint: `upcoming|${JSON.stringify(filters)}`,
    input: {
      ...listings.query(UPCOMING_PARTITION, { between: [now.toISOString(), '~'] }),
      ScanIndexForward: true,
    },
    keyAttributes: listings.keyAttributes,
    limit: q.limit,
    cursor: q.cursor,
    filter: filtered
      ? (item) =>
          (!q.governorate || item.governorate === q.governorate) &&
          (!q.wilayat || item.wilayat === q.wilayat) &&
          (!q.topic || item.topic === q.topic)
      : undefined,
    map: (item) => publicLecture(strip(item)),
  });
};

/** AP6 */
export const listOwnLectures = (ambassadorId: string, q: PageQuery) =>
  ownedPage(ambassadorId, 'LECT', q, strip);

/** AP7 */
export const listReviewQueue = (q: PageQuery) => queuePage('lectures', q, strip);
