/**
 * Check-ins in the table (docs/api-contract.md §12). Access patterns (docs/data-model.md):
 * - AP47 a check-in: one transaction of the check-in (`attribute_not_exists`: one per person
 *   and lecture, however many copies arrive at once), a condition that the lecture still
 *   exists, the lecture's counters (`checkedIn` or `guestCheckIns`, `returning`), its two
 *   burst buckets, and, for a signed-in person, their counter of the organizer's lectures
 *   (conditional on the value read, so `returning` is judged on a count nobody moved meanwhile).
 *   Then `largestBucket` is raised to the larger of the two buckets, a conditional UpdateItem
 *   that only ever raises it.
 * - AP47 the counters: GetItem LECT#<id> / COUNTS
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { checkinBuckets, RETURNING_AFTER_LECTURES } from '#domain/checkin.ts';
import type { CheckIn } from '#domain/checkin-cases.ts';
import { batchGet } from './batch.ts';
import { db, TABLE } from './client.ts';
import {
  attendanceEntity,
  burstBucketEntity,
  CHECKIN_PREFIX,
  checkInCountsEntity,
  checkInEntity,
  claimEntity,
  GUEST_PREFIX,
  guestCheckInEntity,
} from './entities/checkins.ts';
import { primary } from './entities/define.ts';
import { lectureEntity } from './entities/lectures.ts';
import { counterAdd, type TxItem } from './items.ts';
import { type Page, type PageQuery, queryPage } from './paging.ts';
import { named, transact } from './transact.ts';

/** A lecture's check-in counters (zeros before the first check-in). */
export interface CheckInCounts {
  checkedIn: number;
  guestCheckIns: number;
  returning: number;
  largestBucket: number;
}

const num = (v: unknown) => (typeof v === 'number' ? v : 0);

/** AP47. The counters of one lecture. */
export const getCheckInCounts = async (lectureId: string, consistent = false): Promise<CheckInCounts> => {
  const out = await db.send(
    new GetCommand({ TableName: TABLE, Key: checkInCountsEntity.key(lectureId), ConsistentRead: consistent }),
  );
  const i = out.Item ?? {};
  return {
    checkedIn: num(i.checkedIn),
    guestCheckIns: num(i.guestCheckIns),
    returning: num(i.returning),
    largestBucket: num(i.largestBucket),
  };
};

/** Conflicts with concurrent check-ins to the same lecture (its counters) are retried this often. */
const ATTEMPTS = 10;
const pause = (attempt: number) =>
  new Promise((r) => setTimeout(r, Math.min(400, 10 * 2 ** attempt) * (0.5 + Math.random())));

export type CheckInOutcome = 'ok' | 'already_checked_in' | 'gone';

/** How many of the organizer's lectures the attendee checked in to so far (strong). */
const attendanceOf = async (organizerId: string, attendee: string): Promise<number> => {
  const out = await db.send(
    new GetCommand({
      TableName: TABLE,
      Key: attendanceEntity.key(organizerId, attendee),
      ConsistentRead: true,
    }),
  );
  return num(out.Item?.lectures);
};

/** The attendee's counter of the organizer's lectures, one more, if it still holds `seen`. */
const attendanceStep = (organizerId: string, attendee: string, seen: number): TxItem => ({
  Update: {
    TableName: TABLE,
    Key: attendanceEntity.key(organizerId, attendee),
    UpdateExpression: 'SET #type = :type ADD lectures :one',
    ConditionExpression: seen === 0 ? 'attribute_not_exists(pk)' : 'lectures = :seen',
    ExpressionAttributeNames: { '#type': 'type' },
    ExpressionAttributeValues: {
      ':type': attendanceEntity.type,
      ':one': 1,
      ...(seen === 0 ? {} : { ':seen': seen }),
    },
  },
});

/** The lecture still exists (a check-in never lands on a deleted lecture). */
const lectureExists = (lectureId: string): TxItem => ({
  ConditionCheck: {
    TableName: TABLE,
    Key: lectureEntity.key(lectureId),
    ConditionExpression: 'attribute_exists(pk)',
  },
});

const bucketSteps = (lectureId: string, at: Date): TxItem[] =>
  checkinBuckets(at).flatMap((b) =>
    counterAdd(burstBucketEntity.key(lectureId, b), burstBucketEntity.type, { n: 1 }),
  );

/** Raises `largestBucket` to the larger of the buckets `at` counted in; never lowers it. */
const raiseLargestBucket = async (lectureId: string, at: Date): Promise<void> => {
  const found = await batchGet(
    checkinBuckets(at).map((b) => burstBucketEntity.key(lectureId, b)),
    { expression: 'n' },
    1,
    true,
  );
  const largest = Math.max(0, ...found.map((i) => num(i.n)));
  if (largest === 0) return;
  try {
    await db.send(
      new UpdateCommand({
        TableName: TABLE,
        Key: checkInCountsEntity.key(lectureId),
        UpdateExpression: 'SET largestBucket = :m',
        ConditionExpression: 'attribute_not_exists(largestBucket) OR largestBucket < :m',
        ExpressionAttributeValues: { ':m': largest },
      }),
    );
  } catch (err) {
    if ((err as { name?: string }).name !== 'ConditionalCheckFailedException') throw err;
  }
};

/**
 * Writes a check-in (AP47): the person's, or a guest's with its claim. Retries a transaction
 * that a concurrent check-in to the same lecture cancelled, and one whose attendance counter
 * moved since it was read. 'already_checked_in' when the person has one; 'gone' when the
 * lecture was deleted meanwhile.
 */
export const recordCheckIn = async (
  lecture: { id: string; organizerId: string },
  who:
    | { kind: 'person'; attendee: string; checkIn: CheckIn }
    | { kind: 'guest'; tokenHash: string; name: string; at: string },
  at: Date,
): Promise<CheckInOutcome> => {
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0) await pause(attempt);
    const seen = who.kind === 'person' ? await attendanceOf(lecture.organizerId, who.attendee) : 0;
    const entry =
      who.kind === 'person'
        ? named('checkin', {
            Put: {
              TableName: TABLE,
              Item: checkInEntity.item({ ...who.checkIn, attendee: who.attendee }),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          })
        : named(
            'checkin',
            {
              Put: {
                TableName: TABLE,
                Item: guestCheckInEntity.item({ lectureId: lecture.id, ...who }),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: TABLE,
                Item: claimEntity.item({ lectureId: lecture.id, ...who }),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          );
    const counts: Record<string, number> =
      who.kind === 'person'
        ? { checkedIn: 1, returning: seen >= RETURNING_AFTER_LECTURES ? 1 : 0 }
        : { guestCheckIns: 1 };
    const w = await transact(
      [
        ...entry,
        ...named('lecture', lectureExists(lecture.id)),
        ...named(
          'counters',
          ...counterAdd(checkInCountsEntity.key(lecture.id), checkInCountsEntity.type, counts),
          ...bucketSteps(lecture.id, at),
        ),
        ...(who.kind === 'person'
          ? named('attendance', attendanceStep(lecture.organizerId, who.attendee, seen))
          : []),
      ],
      { conflictIsRace: true },
    );
    if (w.failed.has('checkin')) return 'already_checked_in';
    if (w.failed.has('lecture')) return 'gone';
    if (w.failed.size === 0 && !w.conflicted) {
      await raiseLargestBucket(lecture.id, at);
      return 'ok';
    }
    if (attempt + 1 >= ATTEMPTS)
      throw new Error(`check-in to ${lecture.id}: ${ATTEMPTS} attempts lost races`);
  }
};

/** AP49. A guest check-in's claim by the hash of its token; undefined once claimed (or never made). */
export const getClaim = async (
  tokenHash: string,
): Promise<{ lectureId: string; name: string; at: string } | undefined> => {
  const out = await db.send(
    new GetCommand({ TableName: TABLE, Key: claimEntity.key(tokenHash), ConsistentRead: true }),
  );
  if (!out.Item) return undefined;
  return { lectureId: String(out.Item.lectureId), name: String(out.Item.name), at: String(out.Item.at) };
};

export type ClaimOutcome = 'ok' | 'already_checked_in' | 'claimed';

/**
 * AP49. A guest check-in becomes `attendee`'s check-in, in one transaction: the claim and the
 * guest check-in deleted (each conditional on existing, so a token claimed twice, even at
 * once, is claimed once), the person's check-in put (one per person and lecture), the
 * lecture's `guestCheckIns` down and `checkedIn` (and `returning`) up, the attendee's counter
 * of the organizer's lectures. The buckets already counted the guest's check-in.
 */
export const claimGuestCheckIn = async (
  lecture: { id: string; organizerId: string },
  tokenHash: string,
  attendee: string,
  checkIn: CheckIn,
): Promise<ClaimOutcome> => {
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0) await pause(attempt);
    const seen = await attendanceOf(lecture.organizerId, attendee);
    const exists = 'attribute_exists(pk)';
    const w = await transact(
      [
        ...named(
          'claim',
          { Delete: { TableName: TABLE, Key: claimEntity.key(tokenHash), ConditionExpression: exists } },
          {
            Delete: {
              TableName: TABLE,
              Key: guestCheckInEntity.key(lecture.id, tokenHash),
              ConditionExpression: exists,
            },
          },
        ),
        ...named('checkin', {
          Put: {
            TableName: TABLE,
            Item: checkInEntity.item({ ...checkIn, attendee }),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        }),
        ...named(
          'counters',
          ...counterAdd(checkInCountsEntity.key(lecture.id), checkInCountsEntity.type, {
            guestCheckIns: -1,
            checkedIn: 1,
            returning: seen >= RETURNING_AFTER_LECTURES ? 1 : 0,
          }),
        ),
        ...named('attendance', attendanceStep(lecture.organizerId, attendee, seen)),
      ],
      { conflictIsRace: true },
    );
    if (w.failed.has('claim')) return 'claimed';
    if (w.failed.has('checkin')) return 'already_checked_in';
    if (w.failed.size === 0 && !w.conflicted) return 'ok';
    if (attempt + 1 >= ATTEMPTS) throw new Error(`claim on ${lecture.id}: ${ATTEMPTS} attempts lost races`);
  }
};

/** AP47. The counters of several lectures (a queue page), by lecture id; zeros for none. */
export const checkInCountsOf = async (lectureIds: string[]): Promise<Map<string, CheckInCounts>> => {
  const found = lectureIds.length ? await batchGet(lectureIds.map((id) => checkInCountsEntity.key(id))) : [];
  const byId = new Map<string, CheckInCounts>();
  for (const i of found)
    byId.set(String(i.pk).slice('LECT#'.length), {
      checkedIn: num(i.checkedIn),
      guestCheckIns: num(i.guestCheckIns),
      returning: num(i.returning),
      largestBucket: num(i.largestBucket),
    });
  for (const id of lectureIds)
    if (!byId.has(id)) byId.set(id, { checkedIn: 0, guestCheckIns: 0, returning: 0, largestBucket: 0 });
  return byId;
};

/**
 * AP48. A lecture's check-ins, signed-in and guests, in key order (one Query over the sort keys
 * from `CHECKIN#` to `GUEST#~`; the counters item between them is passed over).
 */
export const listCheckIns = (lectureId: string, q: PageQuery): Promise<Page<CheckIn & { guest?: true }>> =>
  queryPage({
    fingerprint: `checkins|${lectureId}`,
    input: primary.query(`LECT#${lectureId}`, { between: [CHECKIN_PREFIX, `${GUEST_PREFIX}~`] }),
    keyAttributes: primary.keyAttributes,
    limit: q.limit,
    cursor: q.cursor,
    filter: (item) => item.type === checkInEntity.type || item.type === guestCheckInEntity.type,
    map: (item) => ({
      lectureId: String(item.lectureId),
      name: String(item.name),
      at: String(item.at),
      ...(typeof item.ambassadorId === 'string' ? { ambassadorId: item.ambassadorId } : {}),
      ...(item.type === guestCheckInEntity.type ? { guest: true as const } : {}),
    }),
  });
