/**
 * An idea's team in the table: its members and the join requests. Access patterns:
 * - AP23 a team: Query IDEA#<id>, begins_with(sk, MEMBER#) (+ BatchGet of the members' profiles);
 *   one member (conflict of interest, §10): GetItem IDEA#<id> / MEMBER#<ambassadorId>, consistent
 * - AP24 pending join requests: Query IDEA#<id>, begins_with(sk, JOIN#)
 * - one join request: GetItem IDEA#<id> / JOIN#<ambassadorId>, consistent
 * - AP28 an ambassador's memberships or join requests (erasure): Query `byOwner`,
 *   gsi2pk = OWNER#<id>, begins_with(gsi2sk, MEMBER# | JOIN#)
 * Team changes (accept, leave, hand-over) are transitions of the idea: the idea and every
 * copy of its member count are written from the version read, never from a stale one.
 */
import {
  DeleteCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { AuditEntry, Idea } from '#domain/ideas.ts';
import type { HandOverOutcome, IdeaRepo, JoinOutcome } from '#domain/ports.ts';
import type { JoinRequest, Membership } from '#domain/teams.ts';
import { statsDelta } from './ambassadors.ts';
import { changeMarker } from './changes.ts';
import { db, TABLE } from './client.ts';
import { transactCreation } from './creation.ts';
import { conditional, failedConditions } from './errors.ts';
import { ACTIVE, auditPut, conflicted, ideaWithCopies, ownedAll, profileActive } from './idea-shared.ts';
import { strip, type TxItem } from './items.ts';
import { ideaKey, joinRequestKey, memberKey, ownerPartition, ownerSortKey } from './keys.ts';

/** A new member's `teams` grows, on a profile still active (one item, one operation per transaction). */
const joiningStats = (ambassadorId: string): TxItem => {
  const { Update } = statsDelta(ambassadorId, { teams: 1 }) as { Update: Record<string, unknown> };
  return { Update: { ...Update, ConditionExpression: ACTIVE } } as TxItem;
};

export const memberPut = (m: Membership): TxItem => ({
  Put: {
    TableName: TABLE,
    Item: {
      ...memberKey(m.ideaId, m.ambassadorId),
      type: 'Membership',
      ...m,
      gsi2pk: ownerPartition(m.ambassadorId),
      gsi2sk: ownerSortKey('MEMBER', m.joinedAt, m.ideaId),
    },
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

/** Runs a team transaction: true if it went through, false on a failed condition or a conflict. */
const raced = async (send: () => Promise<unknown>): Promise<boolean> => {
  try {
    return await conditional(send);
  } catch (err) {
    if (conflicted(err)) return false;
    throw err;
  }
};

/** AP23 */
export const members = async (ideaId: string): Promise<Membership[]> => {
  const out = await db.send(
    new QueryCommand({
      TableName: TABLE,
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :m)',
      ExpressionAttributeValues: { ':p': ideaKey(ideaId).pk, ':m': 'MEMBER#' },
    }),
  );
  return (out.Items ?? []).map((i) => strip<Membership>(i));
};

/** AP23, one member: whether an ambassador is on a team now. */
const isOnTeam = async (ideaId: string, ambassadorId: string): Promise<boolean> => {
  const out = await db.send(
    new GetCommand({
      TableName: TABLE,
      Key: memberKey(ideaId, ambassadorId),
      ProjectionExpression: 'pk',
      ConsistentRead: true,
    }),
  );
  return out.Item !== undefined;
};

const getJoin = async (ideaId: string, ambassadorId: string): Promise<JoinRequest | undefined> => {
  const out = await db.send(
    new GetCommand({ TableName: TABLE, Key: joinRequestKey(ideaId, ambassadorId), ConsistentRead: true }),
  );
  return out.Item ? strip<JoinRequest>(out.Item) : undefined;
};

/** AP24 */
const pendingJoins = async (ideaId: string): Promise<JoinRequest[]> => {
  const out = await db.send(
    new QueryCommand({
      TableName: TABLE,
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :j)',
      FilterExpression: '#s = :pending',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':p': ideaKey(ideaId).pk, ':j': 'JOIN#', ':pending': 'pending' },
    }),
  );
  return (out.Items ?? [])
    .map((i) => strip<JoinRequest>(i))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
};

/** The idea still takes members: open, and below its team size. */
const teamHasRoom = (idea: Idea): TxItem => ({
  ConditionCheck: {
    TableName: TABLE,
    Key: ideaKey(idea.id),
    ConditionExpression: '#s IN (:a, :i) AND memberCount < teamSize',
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: { ':a': 'approved', ':i': 'in_progress' },
  },
});

const requestJoin = async (idea: Idea, r: JoinRequest): Promise<JoinOutcome> => {
  try {
    await transactCreation(
      {
        TransactItems: [
          {
            // One pending request at a time; a declined one may be asked again.
            Put: {
              TableName: TABLE,
              Item: {
                ...joinRequestKey(r.ideaId, r.ambassadorId),
                type: 'JoinRequest',
                ...r,
                gsi2pk: ownerPartition(r.ambassadorId),
                gsi2sk: ownerSortKey('JOIN', r.createdAt, r.ideaId),
              },
              ConditionExpression: 'attribute_not_exists(pk) OR #s = :declined',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: { ':declined': 'declined' },
            },
          },
          {
            ConditionCheck: {
              TableName: TABLE,
              Key: memberKey(r.ideaId, r.ambassadorId),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          teamHasRoom(idea),
          profileActive(r.ambassadorId),
        ],
      },
      { body: r, id: r.ambassadorId, version: r.version },
    );
    return 'ok';
  } catch (err) {
    const failed = failedConditions(err);
    if (failed.includes(1)) return 'already_member';
    if (failed.includes(0)) return 'duplicate_request';
    if (failed.includes(3)) return 'requester_gone';
    if (failed.includes(2)) return 'idea_changed';
    throw err;
  }
};

/**
 * Accepting is one transaction: the request (still pending), the membership (not yet a
 * member), the requester's profile (not erased, no erasure under way) and the idea over the
 * version read with its copies, the count one higher. The version condition makes the count
 * and every copy of it exact, and `memberCount < teamSize` keeps concurrent accepts within
 * the team's size.
 */
const acceptJoin = async (idea: Idea, r: JoinRequest, at: string): Promise<JoinOutcome> => {
  const next: Idea = { ...idea, memberCount: idea.memberCount + 1, updatedAt: at, version: idea.version + 1 };
  const [ideaPut, ...copies] = ideaWithCopies(idea, next, {
    condition: '#s IN (:a, :i) AND memberCount < teamSize',
    names: { '#s': 'status' },
    values: { ':a': 'approved', ':i': 'in_progress' },
  });
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: TABLE,
              Key: joinRequestKey(r.ideaId, r.ambassadorId),
              UpdateExpression: 'SET #s = :accepted, decidedAt = :at, version = version + :one',
              ConditionExpression: '#s = :pending',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: {
                ':accepted': 'accepted',
                ':pending': 'pending',
                ':at': at,
                ':one': 1,
              },
            },
          },
          memberPut({
            ideaId: r.ideaId,
            ambassadorId: r.ambassadorId,
            leader: false,
            role: r.role,
            joinedAt: at,
          }),
          ideaPut as TxItem,
          joiningStats(r.ambassadorId),
          ...copies,
          changeMarker({ kind: 'stats', ambassadorId: r.ambassadorId }),
        ],
      }),
    );
    return 'ok';
  } catch (err) {
    const failed = failedConditions(err);
    if (failed.includes(1)) return 'already_member';
    if (failed.includes(0)) return 'request_changed';
    if (failed.includes(3)) return 'requester_gone';
    if (failed.includes(2) || conflicted(err)) return 'idea_changed';
    throw err;
  }
};

const declineJoin = (r: JoinRequest, at: string) =>
  conditional(() =>
    db.send(
      new UpdateCommand({
        TableName: TABLE,
        Key: joinRequestKey(r.ideaId, r.ambassadorId),
        UpdateExpression: 'SET #s = :declined, decidedAt = :at, version = version + :one',
        ConditionExpression: '#s = :pending',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':declined': 'declined', ':pending': 'pending', ':at': at, ':one': 1 },
      }),
    ),
  );

/** Leaving: the membership and its request go, the idea (over the version read) and its copies count one fewer. */
const leave = async (idea: Idea, m: Membership, at: string): Promise<boolean> => {
  const next: Idea = { ...idea, memberCount: idea.memberCount - 1, updatedAt: at, version: idea.version + 1 };
  return raced(() =>
    db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Delete: {
              TableName: TABLE,
              Key: memberKey(m.ideaId, m.ambassadorId),
              ConditionExpression: 'attribute_exists(pk) AND #l = :f',
              ExpressionAttributeNames: { '#l': 'leader' },
              ExpressionAttributeValues: { ':f': false },
            },
          },
          // The request goes with the membership, so the ambassador may ask again later.
          { Delete: { TableName: TABLE, Key: joinRequestKey(m.ideaId, m.ambassadorId) } },
          ...ideaWithCopies(idea, next),
          statsDelta(m.ambassadorId, { teams: -1 }),
          changeMarker({ kind: 'stats', ambassadorId: m.ambassadorId }),
        ],
      }),
    ),
  );
};

/**
 * Hands the team over (§10): the idea names the new leader (over the version read, with its
 * copies), the new leader's membership must exist and their profile be active, the old
 * leader stays a member. Audited. Read `current` consistently: its leader is the one demoted.
 */
const handOver = async (current: Idea, next: Idea, audit: AuditEntry): Promise<HandOverOutcome> => {
  const from = current.leaderId ?? current.authorId;
  const to = next.leaderId ?? next.authorId;
  const setLeader = (ambassadorId: string, leader: boolean): TxItem => ({
    Update: {
      TableName: TABLE,
      Key: memberKey(current.id, ambassadorId),
      UpdateExpression: 'SET #l = :l',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#l': 'leader' },
      ExpressionAttributeValues: { ':l': leader },
    },
  });
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          setLeader(to, true),
          profileActive(to),
          ...ideaWithCopies(current, next),
          setLeader(from, false),
          auditPut(current.id, audit),
        ],
      }),
    );
    return 'ok';
  } catch (err) {
    const failed = failedConditions(err);
    if (failed.includes(2)) return 'idea_changed';
    if (failed.includes(0) || failed.includes(1)) return 'not_member';
    if (failed.length > 0 || conflicted(err)) return 'idea_changed';
    throw err;
  }
};

/**
 * The erasure's step for one pending join request: it goes, if still pending (an accepted
 * one is a membership, which the membership step removes). Idempotent.
 */
const withdrawJoin = (r: JoinRequest) =>
  conditional(() =>
    db.send(
      new DeleteCommand({
        TableName: TABLE,
        Key: joinRequestKey(r.ideaId, r.ambassadorId),
        ConditionExpression: '#s = :pending',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':pending': 'pending' },
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
