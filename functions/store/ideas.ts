/**
 * Ideas, teams, comments and the showcase in the table. Access patterns:
 * - AP17 idea by id: GetItem IDEA#<id> / IDEA
 * - AP18 public ideas under a facet, newest first: Query `listings`, gsi1pk = IDEAS#<facet>
 * - AP19 an author's ideas: Query `byOwner`, gsi2pk = OWNER#<id>, begins_with(gsi2sk, IDEA#)
 * - AP20 idea review queue, oldest first: Query `reviewQueue`, gsi3pk = QUEUE#ideas
 * - AP21 an idea's audit trail: Query IDEA#<id>, begins_with(sk, AUDIT#)
 * - AP22 an idea's comments, oldest first: Query IDEA#<id>, begins_with(sk, COMMENT#)
 * - AP23 a team: Query IDEA#<id>, begins_with(sk, MEMBER#) (+ BatchGet of the members' profiles);
 *   one member (conflict of interest, §10): GetItem IDEA#<id> / MEMBER#<ambassadorId>, consistent
 * - AP24 pending join requests: Query IDEA#<id>, begins_with(sk, JOIN#)
 * - AP25 the showcase, newest first: Query `listings`, gsi1pk = SHOWCASE
 * - AP26 a featured project: GetItem IDEA#<id> / FEATURE
 * - AP28 an ambassador's ideas, memberships or join requests (erasure): Query `byOwner`,
 *   gsi2pk = OWNER#<id>, begins_with(gsi2sk, IDEA# | MEMBER# | JOIN#)
 * Every transition is one transaction: the idea (conditional on the version read), its
 * list entries, showcase entry, audit entry, and the counters, stats and team it moves.
 * Team changes (accept, leave, hand-over) are transitions too: the idea and every copy of
 * its member count are written from the version read, never from a stale one.
 */
import {
  DeleteCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { DomainError } from '#domain/errors.ts';
import {
  type AuditEntry,
  countsAsIdea,
  type Idea,
  type IdeaListQuery,
  isPublic,
  projectDelta,
} from '#domain/ideas.ts';
import type { HandOverOutcome, HideOutcome, IdeaRepo, JoinOutcome } from '#domain/ports.ts';
import { communityOf, governorateOf } from '#domain/regions.ts';
import { type ShowcaseItem, showcaseItem } from '#domain/showcase.ts';
import type { Comment, JoinRequest, Membership } from '#domain/teams.ts';
import { periodsOfInstant } from '#domain/time.ts';
import { statsDelta } from './ambassadors.ts';
import { changeMarker } from './changes.ts';
import { db, TABLE } from './client.ts';
import { transactCreation } from './creation.ts';
import { conditional, failedConditions } from './errors.ts';
import { counterAdd, strip, type TxItem } from './items.ts';
import {
  ambassadorKey,
  auditKey,
  cityStatKey,
  commentKey,
  communityStatsKey,
  ideaKey,
  ideaListingKey,
  ideaListPartition,
  joinRequestKey,
  memberKey,
  ownerPartition,
  ownerSortKey,
  queuePartition,
  queueSortKey,
  SHOWCASE_PARTITION,
  showcaseKey,
} from './keys.ts';
import { ownedPage, type Page, type PageQuery, queryAll, queryPage, queuePage } from './paging.ts';

const ideaItem = (i: Idea) => ({
  ...ideaKey(i.id),
  type: 'Idea',
  ...i,
  gsi2pk: ownerPartition(i.authorId),
  gsi2sk: ownerSortKey('IDEA', i.createdAt, i.id),
  // In the staff queue only while submitted, waiting since the last (re)submission.
  ...(i.status === 'submitted'
    ? { gsi3pk: queuePartition('ideas'), gsi3sk: queueSortKey(i.submittedAt, i.id) }
    : {}),
});

/** The public lists a visible idea appears in. */
export const ideaFacets = (i: Idea): string[] =>
  isPublic(i.status)
    ? [
        'all',
        `status#${i.status}`,
        `city#${i.city}`,
        ...i.tags.map((t) => `tag#${t}`),
        ...i.missions.map((m) => `mission#${m}`),
      ]
    : [];

/** What a list shows of an idea. */
const listView = (i: Idea) => {
  const { outcome: _o, links: _l, decisionNote: _d, ...rest } = i;
  return rest;
};

const listingWrites = (current: Idea | undefined, next: Idea): TxItem[] => {
  const after = ideaFacets(next);
  const before = current ? ideaFacets(current) : [];
  return [
    ...after.map((facet) => ({
      Put: {
        TableName: TABLE,
        Item: {
          ...ideaListingKey(next.id, facet),
          type: 'IdeaListing',
          gsi1pk: ideaListPartition(facet),
          gsi1sk: `${next.createdAt}#${next.id}`,
          idea: listView(next),
        },
      },
    })),
    ...before
      .filter((f) => !after.includes(f))
      .map((facet) => ({ Delete: { TableName: TABLE, Key: ideaListingKey(next.id, facet) } })),
  ];
};

/** The showcase entry follows the idea: present while featured, carrying its current state. */
const showcaseWrites = (current: Idea | undefined, next: Idea): TxItem[] => {
  if (next.featured && (next.status === 'in_progress' || next.status === 'completed'))
    return [
      {
        Put: {
          TableName: TABLE,
          Item: {
            ...showcaseKey(next.id),
            type: 'ShowcaseEntry',
            gsi1pk: SHOWCASE_PARTITION,
            gsi1sk: `${next.featured.featuredAt}#${next.id}`,
            item: showcaseItem(next),
          },
        },
      },
    ];
  return current?.featured ? [{ Delete: { TableName: TABLE, Key: showcaseKey(next.id) } }] : [];
};

/**
 * The idea written over exactly the version read, with every copy it carries (list entries,
 * showcase entry) built from that same `next`: no copy is ever written from a stale read,
 * and a lost race writes nothing. The idea is the first item of the list.
 */
const ideaWithCopies = (
  current: Idea,
  next: Idea,
  also:
    | { condition: string; names: Record<string, string>; values: Record<string, unknown> }
    | undefined = undefined,
): TxItem[] => [
  {
    Put: {
      TableName: TABLE,
      Item: ideaItem(next),
      ConditionExpression: `version = :v${also ? ` AND ${also.condition}` : ''}`,
      ...(also ? { ExpressionAttributeNames: also.names } : {}),
      ExpressionAttributeValues: { ':v': current.version, ...also?.values },
    },
  },
  ...listingWrites(current, next),
  ...showcaseWrites(current, next),
];

/**
 * The ambassador can still join or lead: registered, not erased, and no erasure under way
 * (an erasure marks the profile first, so nothing new can attach to it while it runs).
 */
const ACTIVE = 'attribute_exists(pk) AND attribute_not_exists(erased) AND attribute_not_exists(erasing)';
const profileActive = (ambassadorId: string): TxItem => ({
  ConditionCheck: { TableName: TABLE, Key: ambassadorKey(ambassadorId), ConditionExpression: ACTIVE },
});

/** A new member's `teams` grows, on a profile still active (one item, one operation per transaction). */
const joiningStats = (ambassadorId: string): TxItem => {
  const { Update } = statsDelta(ambassadorId, { teams: 1 }) as { Update: Record<string, unknown> };
  return { Update: { ...Update, ConditionExpression: ACTIVE } } as TxItem;
};

const auditPut = (ideaId: string, entry: AuditEntry): TxItem => ({
  Put: { TableName: TABLE, Item: { ...auditKey(ideaId, ulid()), type: 'IdeaAudit', ...entry } },
});

const memberPut = (m: Membership): TxItem => ({
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

/**
 * A transaction DynamoDB cancelled because another one held an item it touched: nothing was
 * written, so, like a failed version condition, it is a lost race to decide again on a
 * fresh read (rather than a 503 to the client).
 */
const conflicted = (err: unknown): boolean => {
  const e = err as { name?: string; CancellationReasons?: { Code?: string }[] };
  return (
    e?.name === 'TransactionCanceledException' &&
    (e.CancellationReasons ?? []).some((r) => r.Code === 'TransactionConflict')
  );
};

/** Runs a team transaction: true if it went through, false on a failed condition or a conflict. */
const raced = async (send: () => Promise<unknown>): Promise<boolean> => {
  try {
    return await conditional(send);
  } catch (err) {
    if (conflicted(err)) return false;
    throw err;
  }
};

/** AP17 */
const get = async (id: string, consistent = false): Promise<Idea | undefined> => {
  const out = await db.send(
    new GetCommand({ TableName: TABLE, Key: ideaKey(id), ConsistentRead: consistent }),
  );
  return out.Item ? strip<Idea>(out.Item) : undefined;
};

/**
 * A new idea, on its author's profile still active: an idea submitted while its author's
 * erasure runs (after the erasure withdrew the ideas in review) would be left in the staff
 * queue under a former ambassador (docs/api-contract.md §10).
 */
const create = async (idea: Idea): Promise<void> => {
  try {
    await transactCreation(
      {
        TransactItems: [
          {
            Put: {
              TableName: TABLE,
              Item: ideaItem(idea),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          profileActive(idea.authorId),
        ],
      },
      { body: idea, id: idea.id, version: idea.version },
    );
  } catch (err) {
    if (failedConditions(err).includes(1)) throw new DomainError('not_registered');
    throw err;
  }
};

/**
 * AP28 what an ambassador has of a kind (ideas, memberships, join requests), for the
 * erasure: Query `byOwner`, gsi2pk = OWNER#<id>, begins_with(gsi2sk, <kind>#).
 */
const ownedAll = async <T>(ambassadorId: string, kind: 'IDEA' | 'MEMBER' | 'JOIN'): Promise<T[]> =>
  (
    await queryAll({
      TableName: TABLE,
      IndexName: 'byOwner',
      KeyConditionExpression: 'gsi2pk = :p AND begins_with(gsi2sk, :k)',
      ExpressionAttributeValues: { ':p': ownerPartition(ambassadorId), ':k': `${kind}#` },
    })
  ).map((i) => strip<T>(i));

/** AP23 */
const members = async (ideaId: string): Promise<Membership[]> => {
  const out = await db.send(
    new QueryCommand({
      TableName: TABLE,
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :m)',
      ExpressionAttributeValues: { ':p': ideaKey(ideaId).pk, ':m': 'MEMBER#' },
    }),
  );
  return (out.Items ?? []).map((i) => strip<Membership>(i));
};

const transition = async (current: Idea, next: Idea, audit: AuditEntry): Promise<boolean> => {
  const delta = projectDelta(current.status, next.status);
  const approvedAt = next.approvedAt ?? current.approvedAt;
  const city = next.city;
  const community = communityOf({ country: 'OM', governorate: governorateOf(city) });
  const extra: TxItem[] = [];
  const statsMoved: string[] = [];

  // City and community project counters (by the approval date's periods, in Oman time).
  if (approvedAt && (delta.approved || delta.inProgress || delta.completed)) {
    for (const period of periodsOfInstant(new Date(approvedAt)))
      extra.push(
        ...counterAdd(cityStatKey(city, period), 'CityStat', {
          approved: delta.approved,
          inProgress: delta.inProgress,
          completed: delta.completed,
        }),
      );
    extra.push(changeMarker({ kind: 'project', ideaId: next.id, city, approvedAt }));
  }
  extra.push(...counterAdd(communityStatsKey(community), 'CommunityStats', { activeProjects: delta.active }));

  // Approval forms the team with the author as leader.
  if (current.status !== 'approved' && next.status === 'approved') {
    extra.push(
      memberPut({
        ideaId: next.id,
        ambassadorId: next.authorId,
        leader: true,
        role: 'leader',
        joinedAt: audit.at,
      }),
    );
  }
  // The author's `ideas` and the team's `teams` follow the idea into and out of view:
  // approval adds the author (the leader); withdrawing an approved idea removes the team.
  // After a hand-over the author may have left the team: each member's `teams` moves, and
  // the author's `ideas`, one update per profile.
  const ideasDelta = Number(countsAsIdea(next.status)) - Number(countsAsIdea(current.status));
  if (ideasDelta > 0) {
    extra.push(statsDelta(next.authorId, { ideas: 1, teams: 1 }));
    statsMoved.push(next.authorId);
  } else if (ideasDelta < 0) {
    const team = (await members(next.id)).map((m) => m.ambassadorId);
    if (!team.includes(next.authorId)) extra.push(statsDelta(next.authorId, { ideas: -1 }));
    for (const id of team)
      extra.push(statsDelta(id, id === next.authorId ? { ideas: -1, teams: -1 } : { teams: -1 }));
    statsMoved.push(...new Set([next.authorId, ...team]));
  }
  extra.push(...statsMoved.map((id) => changeMarker({ kind: 'stats', ambassadorId: id })));

  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [...ideaWithCopies(current, next), auditPut(next.id, audit), ...extra],
      }),
    );
    return true;
  } catch (err) {
    if (failedConditions(err).length > 0 || conflicted(err)) return false;
    throw err;
  }
};

/** AP21 */
const auditTrail = async (ideaId: string): Promise<AuditEntry[]> =>
  (
    await queryAll({
      TableName: TABLE,
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :a)',
      ExpressionAttributeValues: { ':p': ideaKey(ideaId).pk, ':a': 'AUDIT#' },
    })
  ).map((i) => strip<AuditEntry>(i));

const stillPublic = (idea: Idea): TxItem => ({
  ConditionCheck: {
    TableName: TABLE,
    Key: ideaKey(idea.id),
    ConditionExpression: '#s IN (:a, :i, :c)',
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: { ':a': 'approved', ':i': 'in_progress', ':c': 'completed' },
  },
});

const addComment = async (idea: Idea, c: Comment): Promise<'ok' | 'idea_changed' | 'parent_missing'> => {
  try {
    await transactCreation(
      {
        TransactItems: [
          stillPublic(idea),
          {
            Put: {
              TableName: TABLE,
              Item: {
                ...commentKey(c.ideaId, c.id),
                type: 'Comment',
                ...c,
                gsi2pk: ownerPartition(c.authorId),
                gsi2sk: ownerSortKey('COMMENT', c.createdAt, c.id),
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          ...(c.replyTo
            ? [
                {
                  ConditionCheck: {
                    TableName: TABLE,
                    Key: commentKey(c.ideaId, c.replyTo),
                    ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#hidden)',
                    ExpressionAttributeNames: { '#hidden': 'hidden' },
                  },
                },
              ]
            : []),
        ],
      },
      { body: c, id: c.id, version: c.version },
    );
    return 'ok';
  } catch (err) {
    const failed = failedConditions(err);
    if (failed.includes(2)) return 'parent_missing';
    if (failed.includes(0)) return 'idea_changed';
    throw err;
  }
};

const getComment = async (ideaId: string, commentId: string): Promise<Comment | undefined> => {
  const out = await db.send(new GetCommand({ TableName: TABLE, Key: commentKey(ideaId, commentId) }));
  return out.Item ? strip<Comment>(out.Item) : undefined;
};

const deleteComment = (c: Comment) =>
  conditional(() =>
    db.send(
      new DeleteCommand({
        TableName: TABLE,
        Key: commentKey(c.ideaId, c.id),
        ConditionExpression: 'authorId = :a',
        ExpressionAttributeValues: { ':a': c.authorId },
      }),
    ),
  );

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

/**
 * Hides a comment, with conflict of interest (§10) as a condition of the same transaction:
 * the staff member is not on the team (no MEMBER#<staffId>), so a join accepted since the
 * use case's check still refuses the hide. (The author never changes: the use case checks it.)
 */
const hideCommentAsStaff = async (c: Comment, audit: AuditEntry, staffId: string): Promise<HideOutcome> => {
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: TABLE,
              Key: commentKey(c.ideaId, c.id),
              // The version moves, so the ETag the hide answers names the hidden comment.
              UpdateExpression: 'SET #hidden = :t, hiddenAt = :at, hiddenBy = :by, version = version + :one',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeNames: { '#hidden': 'hidden' },
              ExpressionAttributeValues: { ':t': true, ':at': audit.at, ':by': audit.by, ':one': 1 },
            },
          },
          auditPut(c.ideaId, audit),
          {
            ConditionCheck: {
              TableName: TABLE,
              Key: memberKey(c.ideaId, staffId),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
    return 'ok';
  } catch (err) {
    const failed = failedConditions(err);
    if (failed.includes(2)) return 'conflict_of_interest';
    if (failed.includes(0)) return 'gone';
    throw err;
  }
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

export const ideaRepo: IdeaRepo = {
  get,
  create,
  transition,
  members,
  auditTrail,
  addComment,
  getComment,
  deleteComment,
  isOnTeam,
  hideCommentAsStaff,
  getJoin,
  pendingJoins,
  requestJoin,
  acceptJoin,
  declineJoin,
  leave,
  handOver,
  withdrawJoin,
  ownedIdeas: (ambassadorId) => ownedAll<Idea>(ambassadorId, 'IDEA'),
  memberships: (ambassadorId) => ownedAll<Membership>(ambassadorId, 'MEMBER'),
  joinRequestsOf: (ambassadorId) => ownedAll<JoinRequest>(ambassadorId, 'JOIN'),
};

/** AP18. The narrowest facet; other filters (and the caller's interests) checked on the entries read. */
export const listPublicIdeas = (q: IdeaListQuery, myInterests: string[] | undefined): Promise<Page<Idea>> => {
  const facet = q.city
    ? `city#${q.city}`
    : q.tag
      ? `tag#${q.tag}`
      : q.mission
        ? `mission#${q.mission}`
        : q.status
          ? `status#${q.status}`
          : 'all';
  const filters =
    [q.city, q.tag, q.mission, q.status].filter(Boolean).length > 1 || myInterests !== undefined;
  const matches = (i: Idea) =>
    (!q.city || i.city === q.city) &&
    (!q.tag || i.tags.includes(q.tag)) &&
    (!q.mission || i.missions.includes(q.mission as Idea['missions'][number])) &&
    (!q.status || i.status === q.status) &&
    (!myInterests || i.tags.some((t) => myInterests.includes(t)));
  return queryPage({
    fingerprint: `ideas|${facet}|${JSON.stringify([q.city, q.tag, q.mission, q.status, myInterests ?? null])}`,
    input: {
      TableName: TABLE,
      IndexName: 'listings',
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': ideaListPartition(facet) },
      ProjectionExpression: 'pk, sk, gsi1pk, gsi1sk, idea',
      ScanIndexForward: false,
    },
    keyAttributes: ['pk', 'sk', 'gsi1pk', 'gsi1sk'],
    limit: q.limit,
    cursor: q.cursor,
    filter: filters ? (item) => matches(item.idea as Idea) : undefined,
    map: (item) => item.idea as Idea,
  });
};

/** AP19 */
export const listOwnIdeas = (authorId: string, q: PageQuery) =>
  ownedPage(authorId, 'IDEA', q, (i) => strip<Idea>(i));

/** AP20 */
export const listIdeaQueue = (q: PageQuery) => queuePage('ideas', q, (i) => strip<Idea>(i));

/** AP22. Hidden comments are read but never returned. */
export const listComments = (ideaId: string, q: PageQuery) =>
  queryPage({
    fingerprint: `comments|${ideaId}`,
    input: {
      TableName: TABLE,
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :c)',
      ExpressionAttributeValues: { ':p': ideaKey(ideaId).pk, ':c': 'COMMENT#' },
    },
    keyAttributes: ['pk', 'sk'],
    limit: q.limit,
    cursor: q.cursor,
    filter: (i) => i.hidden !== true,
    map: (i) => strip<Comment>(i),
  });

/** AP25 */
export const listShowcase = (q: PageQuery) =>
  queryPage({
    fingerprint: 'showcase',
    input: {
      TableName: TABLE,
      IndexName: 'listings',
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': SHOWCASE_PARTITION },
      ScanIndexForward: false,
    },
    keyAttributes: ['pk', 'sk', 'gsi1pk', 'gsi1sk'],
    limit: q.limit,
    cursor: q.cursor,
    map: (i) => i.item as ShowcaseItem,
  });

/** AP26 */
export const getShowcaseItem = async (ideaId: string): Promise<ShowcaseItem | undefined> => {
  const out = await db.send(new GetCommand({ TableName: TABLE, Key: showcaseKey(ideaId) }));
  return out.Item?.item as ShowcaseItem | undefined;
};
