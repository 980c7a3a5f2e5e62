/**
 * An idea's team in the table: its members and the join requests (item types in
 * entities/ideas.ts). Access patterns:
 * - AP23 a team: Query IDEA#<id>, begins_with(sk, MEMBER#) (+ BatchGet of the members' profiles);
 *   one member (conflict of interest, §10): GetItem IDEA#<id> / MEMBER#<ambassadorId>, consistent
 * - AP24 pending join requests: Query IDEA#<id>, begins_with(sk, JOIN#)
 * - one join request: GetItem IDEA#<id> / JOIN#<ambassadorId>, consistent
 * - AP28 an ambassador's memberships or join requests (erasure): Query `byOwner`,
 *   gsi2pk = OWNER#<id>, begins_with(gsi2sk, MEMBER# | JOIN#)
 * Team changes (accept, leave, hand-over) are transitions of the idea: the idea and every
 * copy of its member count are written from the version read, never from a stale one. Each
 * change of a team, and each join request and decision, carries the event it tells of in its
 * own transaction (AP32): a refused write leaves no event.
 */
import { DeleteCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry, Idea } from '#domain/ideas.ts';
import type { DomainEvent } from '#domain/notifications.ts';
import type { HandOverOutcome, IdeaRepo, JoinOutcome, Outcome } from '#domain/ports.ts';
import { type JoinRequest, type JoinStatus, type Membership, teamOpenStatuses } from '#domain/teams.ts';
import { statsDelta } from './ambassadors.ts';
import { changeMarker } from './changes.ts';
import { db, TABLE } from './client.ts';
import { allOf, asRequest, condition, statusIn } from './conditions.ts';
import { creationTransaction } from './creation.ts';
import { primary, strip } from './entities/define.ts';
import {
  ideaEntity,
  ideaPartition,
  JOIN_PREFIX,
  joinRequestEntity,
  MEMBER_PREFIX,
  memberEntity,
} from './entities/ideas.ts';
import { eventItem } from './events.ts';
import {
  ACTIVE,
  absent,
  auditPut,
  ideaWithCopies,
  lostOrOk,
  ownedAll,
  profileActive,
  transactRaced,
} from './idea-shared.ts';
import type { TxItem } from './items.ts';
import { named, writeIf } from './transact.ts';

const PENDING: readonly JoinStatus[] = ['pending'];
const DECLINED: readonly JoinStatus[] = ['declined'];

/** The idea still takes members: open, and below its team size. */
const hasRoom = allOf(statusIn(teamOpenStatuses), condition('memberCount < teamSize'));

/** A new member's `teams` grows, on a profile still active (one item, one operation per transaction). */
const joiningStats = (ambassadorId: string): TxItem => {
  const { Update } = statsDelta(ambassadorId, { teams: 1 }) as { Update: Record<string, unknown> };
  return { Update: { ...Update, ConditionExpression: ACTIVE } } as TxItem;
};

/** A new membership; never over an existing one. */
export const memberPut = (m: Membership): TxItem => ({
  Put: { TableName: TABLE, Item: memberEntity.item(m), ...asRequest(absent) },
});

/** AP23; `consistent` when the members are told of a change decided on this read. */
export const members = async (ideaId: string, consistent = false): Promise<Membership[]> => {
  const out = await db.send(
    new QueryCommand({
      ...primary.query(ideaPartition(ideaId), { beginsWith: MEMBER_PREFIX }),
      ConsistentRead: consistent,
    }),
  );
  return (out.Items ?? []).map((i) => strip<Membership>(i));
};

/** AP23, one member: whether an ambassador is on a team now. */
const isOnTeam = async (ideaId: string, ambassadorId: string): Promise<boolean> => {
  const out = await db.send(
    new GetCommand({
      TableName: TABLE,
      Key: memberEntity.key(ideaId, ambassadorId),
      ProjectionExpression: 'pk',
      ConsistentRead: true,
    }),
  );
  return out.Item !== undefined;
};

/** AP30: one join request, read consistently (it is decided on). */
const getJoin = async (ideaId: string, ambassadorId: string): Promise<JoinRequest | undefined> => {
  const out = await db.send(
    new GetCommand({
      TableName: TABLE,
      Key: joinRequestEntity.key(ideaId, ambassadorId),
      ConsistentRead: true,
    }),
  );
  return out.Item ? strip<JoinRequest>(out.Item) : undefined;
};

/** AP24 */
const pendingJoins = async (ideaId: string): Promise<JoinRequest[]> => {
  const query = primary.query(ideaPartition(ideaId), { beginsWith: JOIN_PREFIX });
  const pending = statusIn(PENDING);
  const out = await db.send(
    new QueryCommand({
      ...query,
      FilterExpression: pending.expression,
      ExpressionAttributeNames: pending.names,
      ExpressionAttributeValues: { ...query.ExpressionAttributeValues, ...pending.values },
    }),
  );
  return (out.Items ?? [])
    .map((i) => strip<JoinRequest>(i))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
};

const requestJoin = async (idea: Idea, r: JoinRequest, event: DomainEvent): Promise<JoinOutcome> => {
  const declined = statusIn(DECLINED);
  const { failed } = await creationTransaction(
    [
      {
        // One pending request at a time; a declined one may be asked again.
        name: 'request',
        item: {
          Put: {
            TableName: TABLE,
            Item: joinRequestEntity.item(r),
            ...asRequest(
              condition(`${absent.expression} OR ${declined.expression}`, declined.values, declined.names),
            ),
          },
        },
      },
      {
        name: 'notMember',
        item: {
          ConditionCheck: {
            TableName: TABLE,
            Key: memberEntity.key(r.ideaId, r.ambassadorId),
            ...asRequest(absent),
          },
        },
      },
      {
        name: 'room',
        item: { ConditionCheck: { TableName: TABLE, Key: ideaEntity.key(idea.id), ...asRequest(hasRoom) } },
      },
      { name: 'requester', item: profileActive(r.ambassadorId) },
      { name: 'event', item: eventItem(event) },
    ],
    { body: r, id: r.ambassadorId, version: r.version },
  );
  if (failed.has('notMember')) return 'already_member';
  if (failed.has('request')) return 'duplicate_request';
  if (failed.has('requester')) return 'requester_gone';
  return failed.has('room') ? 'changed' : 'ok';
};

/** A join request decided: its status set, if still pending. */
const decided = (r: JoinRequest, status: JoinStatus, at: string) => {
  const pending = statusIn(PENDING);
  return {
    TableName: TABLE,
    Key: joinRequestEntity.key(r.ideaId, r.ambassadorId),
    UpdateExpression: 'SET #status = :decision, decidedAt = :at, version = version + :one',
    ConditionExpression: pending.expression,
    ExpressionAttributeNames: pending.names,
    ExpressionAttributeValues: { ...pending.values, ':decision': status, ':at': at, ':one': 1 },
  };
};

/**
 * Accepting is one transaction: the request (still pending), the membership (not yet a
 * member), the requester's profile (not erased, no erasure under way) and the idea over the
 * version read with its copies, the count one higher. The version condition makes the count
 * and every copy of it exact, and `memberCount < teamSize` keeps concurrent accepts within
 * the team's size.
 */
const acceptJoin = async (
  idea: Idea,
  r: JoinRequest,
  at: string,
  event: DomainEvent,
): Promise<JoinOutcome> => {
  const next: Idea = { ...idea, memberCount: idea.memberCount + 1, updatedAt: at, version: idea.version + 1 };
  const [ideaPut, ...copies] = ideaWithCopies(idea, next, hasRoom);
  const raced = await transactRaced([
    { name: 'request', item: { Update: decided(r, 'accepted', at) } },
    {
      name: 'membership',
      item: memberPut({
        ideaId: r.ideaId,
        ambassadorId: r.ambassadorId,
        leader: false,
        role: r.role,
        joinedAt: at,
      }),
    },
    ...(ideaPut ? [ideaPut] : []),
    { name: 'requester', item: joiningStats(r.ambassadorId) },
    ...copies,
    ...named('marker', changeMarker({ kind: 'stats', ambassadorId: r.ambassadorId })),
    ...named('event', eventItem(event)),
  ]);
  if (raced.failed.has('membership')) return 'already_member';
  if (raced.failed.has('requester') && !raced.failed.has('request')) return 'requester_gone';
  return lostOrOk(raced);
};

/** The request declined, if still pending, and the requester told; a concurrent decision is a lost race. */
const declineJoin = async (r: JoinRequest, at: string, event: DomainEvent): Promise<Outcome> =>
  lostOrOk(
    await transactRaced([
      { name: 'request', item: { Update: decided(r, 'declined', at) } },
      { name: 'event', item: eventItem(event) },
    ]),
  );

/**
 * Leaving: the membership and its request go, the idea (over the version read) and its copies
 * count one fewer, and the leader is told.
 */
const leave = async (idea: Idea, m: Membership, at: string, event: DomainEvent): Promise<Outcome> => {
  const next: Idea = { ...idea, memberCount: idea.memberCount - 1, updatedAt: at, version: idea.version + 1 };
  return lostOrOk(
    await transactRaced([
      {
        name: 'membership',
        item: {
          Delete: {
            TableName: TABLE,
            Key: memberEntity.key(m.ideaId, m.ambassadorId),
            ...asRequest(
              condition(
                'attribute_exists(pk) AND #leader = :notLeader',
                { ':notLeader': false },
                { '#leader': 'leader' },
              ),
            ),
          },
        },
      },
      // The request goes with the membership, so the ambassador may ask again later.
      {
        name: 'request',
        item: { Delete: { TableName: TABLE, Key: joinRequestEntity.key(m.ideaId, m.ambassadorId) } },
      },
      ...ideaWithCopies(idea, next),
      { name: 'stats', item: statsDelta(m.ambassadorId, { teams: -1 }) },
      ...named('marker', changeMarker({ kind: 'stats', ambassadorId: m.ambassadorId })),
      ...named('event', eventItem(event)),
    ]),
  );
};

/**
 * Hands the team over (§10): the idea names the new leader (over the version read, with its
 * copies), the new leader's membership must exist and their profile be active, the old
 * leader stays a member. Audited. Read `current` consistently: its leader is the one demoted.
 */
const handOver = async (
  current: Idea,
  next: Idea,
  audit: AuditEntry,
  event: DomainEvent,
): Promise<HandOverOutcome> => {
  const from = current.leaderId ?? current.authorId;
  const to = next.leaderId ?? next.authorId;
  const setLeader = (ambassadorId: string, leader: boolean): TxItem => ({
    Update: {
      TableName: TABLE,
      Key: memberEntity.key(current.id, ambassadorId),
      UpdateExpression: 'SET #l = :l',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#l': 'leader' },
      ExpressionAttributeValues: { ':l': leader },
    },
  });
  const raced = await transactRaced([
    { name: 'newLeader', item: setLeader(to, true) },
    { name: 'newLeaderActive', item: profileActive(to) },
    ...ideaWithCopies(current, next),
    { name: 'oldLeader', item: setLeader(from, false) },
    { name: 'audit', item: auditPut(current.id, audit) },
    { name: 'event', item: eventItem(event) },
  ]);
  if (raced.failed.has('idea')) return 'changed';
  if (raced.failed.has('newLeader') || raced.failed.has('newLeaderActive')) return 'not_member';
  return lostOrOk(raced);
};

/**
 * The erasure's step for one pending join request: it goes, if still pending (an accepted
 * one is a membership, which the membership step removes). Idempotent.
 */
const withdrawJoin = (r: JoinRequest): Promise<Outcome> =>
  writeIf(() =>
    db.send(
      new DeleteCommand({
        TableName: TABLE,
        Key: joinRequestEntity.key(r.ideaId, r.ambassadorId),
        ...asRequest(statusIn(PENDING)),
      }),
    ),
  );

/** The team part of the idea port (functions/store/ideas.ts assembles the whole). */
export const teamRepo = {
  members,
  isOnTeam,
  getJoin,
  pendingJoins,
  requestJoin,
  acceptJoin,
  declineJoin,
  leave,
  handOver,
  withdrawJoin,
  memberships: (ambassadorId: string) => ownedAll<Membership>(ambassadorId, 'MEMBER'),
  joinRequestsOf: (ambassadorId: string) => ownedAll<JoinRequest>(ambassadorId, 'JOIN'),
} satisfies Partial<IdeaRepo>;
