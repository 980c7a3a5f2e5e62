/**
 * Lectures in the table. Access patterns (README, "Access patterns"):
 * - AP4 lecture by id: GetItem LECT#<id> / LECTURE
 * - AP5 verified lectures under a facet, newest first: Query `listings`,
 *   gsi1pk = LECTS#<facet>, gsi1sk between <from> and <to>~ (descending)
 * - AP6 an ambassador's own lectures, any status: Query `byOwner`, gsi2pk = OWNER#<id>,
 *   gsi2sk begins_with LECT# (descending)
 * - AP7 the review queue, oldest first: Query `reviewQueue`, gsi3pk = QUEUE#lectures
 * Verification is one transaction: the lecture, its public list entries, the organizer's
 * stats, the community counters, the period counters of the organizer and the governorate,
 * and a leaderboard change marker (the job then refreshes the boards and the stats copied
 * onto the organizer's directory entries).
 */
import { DeleteCommand, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Ambassador } from '#domain/ambassadors.ts';
import { type Lecture, type LectureListQuery, type PublicLecture, publicLecture } from '#domain/lectures.ts';
import type { LectureRepo, ReviewOutcome } from '#domain/ports.ts';
import { periodsOfDate } from '#domain/time.ts';
import { statsDelta } from './ambassadors.ts';
import { changeMarker } from './changes.ts';
import { db, TABLE } from './client.ts';
import { putCreation } from './creation.ts';
import { conditional, failedConditions, isConditionFailure } from './errors.ts';
import { counterAdd, strip as stripItem, type TxItem } from './items.ts';
import {
  ambassadorStatKey,
  communityStatsKey,
  governorateStatKey,
  lectureKey,
  lectureListingKey,
  lectureListPartition,
  ownerPartition,
  ownerSortKey,
  queuePartition,
  queueSortKey,
} from './keys.ts';
import { ownedPage, type Page, type PageQuery, queryPage, queuePage } from './paging.ts';

const strip = (item: Record<string, unknown>): Lecture => stripItem<Lecture>(item);

const lectureItem = (l: Lecture) => ({
  ...lectureKey(l.id),
  type: 'Lecture',
  ...l,
  gsi2pk: ownerPartition(l.organizerId),
  gsi2sk: ownerSortKey('LECT', l.reportedAt, l.id),
  // In the review queue only while it waits for review.
  ...(l.status === 'reported'
    ? { gsi3pk: queuePartition('lectures'), gsi3sk: queueSortKey(l.reportedAt, l.id) }
    : {}),
});

/** The public lists a verified lecture appears in. */
export const lectureFacets = (l: Lecture): string[] => [
  'all',
  `organizer#${l.organizerId}`,
  `topic#${l.topic}`,
  `community#${l.community}`,
  ...(l.governorate ? [`governorate#${l.governorate}`] : []),
  ...(l.wilayat ? [`wilayat#${l.wilayat}`] : []),
];

const listingSortKey = (l: Lecture) => `${l.deliveredOn}#${l.id}`;

/** AP4 */
const get = async (id: string, consistent = false): Promise<Lecture | undefined> => {
  const out = await db.send(
    new GetCommand({ TableName: TABLE, Key: lectureKey(id), ConsistentRead: consistent }),
  );
  return out.Item ? strip(out.Item) : undefined;
};

const create = async (l: Lecture): Promise<boolean> => {
  try {
    await putCreation(
      {
        TableName: TABLE,
        Item: lectureItem(l),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
      { body: l, id: l.id, version: l.version },
    );
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
};

const stillReported = { ConditionExpression: '#s = :reported AND version = :v' };
const guard = (l: Lecture) => ({
  ...stillReported,
  ExpressionAttributeNames: { '#s': 'status' },
  ExpressionAttributeValues: { ':reported': 'reported', ':v': l.version },
});

const update = (current: Lecture, next: Lecture) =>
  conditional(() =>
    db.send(new PutCommand({ TableName: TABLE, Item: lectureItem(next), ...guard(current) })),
  );

const remove = (current: Lecture) =>
  conditional(() =>
    db.send(new DeleteCommand({ TableName: TABLE, Key: lectureKey(current.id), ...guard(current) })),
  );

const reject = update;

const verify = async (current: Lecture, next: Lecture, organizer: Ambassador): Promise<ReviewOutcome> => {
  const attendees = next.verifiedAttendees ?? 0;
  const periods = periodsOfDate(next.deliveredOn);
  const items: TxItem[] = [
    { Put: { TableName: TABLE, Item: lectureItem(next), ...guard(current) } },
    statsDelta(organizer.id, { verifiedLectures: 1, attendeesReached: attendees }),
    ...counterAdd(communityStatsKey(next.community), 'CommunityStats', {
      verifiedLectures: 1,
      attendeesReached: attendees,
    }),
    ...periods.flatMap((p) =>
      counterAdd(ambassadorStatKey(next.organizerId, p), 'AmbassadorStat', {
        lectures: 1,
        attendance: attendees,
      }),
    ),
    ...(next.governorate
      ? periods.flatMap((p) =>
          counterAdd(governorateStatKey(next.governorate as string, p), 'GovernorateStat', {
            lectures: 1,
            attendance: attendees,
          }),
        )
      : []),
    changeMarker({
      kind: 'lecture',
      lectureId: next.id,
      organizerId: next.organizerId,
      governorate: next.governorate,
      deliveredOn: next.deliveredOn,
    }),
    ...lectureFacets(next).map((facet) => ({
      Put: {
        TableName: TABLE,
        Item: {
          ...lectureListingKey(next.id, facet),
          type: 'LectureListing',
          gsi1pk: lectureListPartition(facet),
          gsi1sk: listingSortKey(next),
          // A public copy (§10): neither the reviewer nor the internal note.
          lecture: publicLecture(next),
        },
      },
    })),
  ];
  try {
    await db.send(new TransactWriteCommand({ TransactItems: items }));
    return 'ok';
  } catch (err) {
    const failed = failedConditions(err);
    if (failed.includes(0)) return 'lecture_changed';
    if (failed.length > 0) return 'organizer_changed';
    throw err;
  }
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
      TableName: TABLE,
      IndexName: 'listings',
      KeyConditionExpression: range ? 'gsi1pk = :p AND gsi1sk BETWEEN :from AND :to' : 'gsi1pk = :p',
      ExpressionAttributeValues: {
        ':p': lectureListPartition(facet),
        // `~` sorts after every id character, so `to` includes that whole day.
        ...(range ? { ':from': q.from ?? '0000', ':to': `${q.to ?? '9999'}~` } : {}),
      },
      ProjectionExpression: 'pk, sk, gsi1pk, gsi1sk, lecture',
      ScanIndexForward: false,
    },
    keyAttributes: ['pk', 'sk', 'gsi1pk', 'gsi1sk'],
    limit: q.limit,
    cursor: q.cursor,
    filter: filter ? (item) => filter(item.lecture as PublicLecture) : undefined,
    // Copies written before §10 carried the internal note: it never leaves the table.
    map: (item) => publicLecture(item.lecture as PublicLecture),
  });
};

/** AP6 */
export const listOwnLectures = (ambassadorId: string, q: PageQuery) =>
  ownedPage(ambassadorId, 'LECT', q, strip);

/** AP7 */
export const listReviewQueue = (q: PageQuery) => queuePage('lectures', q, strip);
