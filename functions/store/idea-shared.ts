/**
 * What the idea area's stores (ideas.ts, teams.ts, comments.ts) share: the idea written over
 * the version read with every copy it carries, its audit entries, the check that an
 * ambassador is still active, and how a lost race reads. A module of its own so that the
 * three stores import it and never each other in a circle.
 */
import { ulid } from 'ulid';
import { type AuditEntry, type Idea, isPublic } from '#domain/ideas.ts';
import { TABLE } from './client.ts';
import type { TxItem } from './items.ts';
import { strip } from './items.ts';
import {
  ambassadorKey,
  auditKey,
  ideaKey,
  ideaListingKey,
  ideaListPartition,
  ownerPartition,
  ownerSortKey,
  queuePartition,
  queueSortKey,
} from './keys.ts';
import { queryAll } from './paging.ts';
import { showcaseWrites } from './showcase.ts';

export const ideaItem = (i: Idea) => ({
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

/**
 * The idea written over exactly the version read, with every copy it carries (list entries,
 * showcase entry) built from that same `next`: no copy is ever written from a stale read,
 * and a lost race writes nothing. The idea is the first item of the list.
 */
export const ideaWithCopies = (
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
export const ACTIVE =
  'attribute_exists(pk) AND attribute_not_exists(erased) AND attribute_not_exists(erasing)';
export const profileActive = (ambassadorId: string): TxItem => ({
  ConditionCheck: { TableName: TABLE, Key: ambassadorKey(ambassadorId), ConditionExpression: ACTIVE },
});

export const auditPut = (ideaId: string, entry: AuditEntry): TxItem => ({
  Put: { TableName: TABLE, Item: { ...auditKey(ideaId, ulid()), type: 'IdeaAudit', ...entry } },
});

/**
 * A transaction DynamoDB cancelled because another one held an item it touched: nothing was
 * written, so, like a failed version condition, it is a lost race to decide again on a
 * fresh read (rather than a 503 to the client).
 */
export const conflicted = (err: unknown): boolean => {
  const e = err as { name?: string; CancellationReasons?: { Code?: string }[] };
  return (
    e?.name === 'TransactionCanceledException' &&
    (e.CancellationReasons ?? []).some((r) => r.Code === 'TransactionConflict')
  );
};

/**
 * AP28 what an ambassador has of a kind (ideas, memberships, join requests), for the
 * erasure: Query `byOwner`, gsi2pk = OWNER#<id>, begins_with(gsi2sk, <kind>#).
 */
export const ownedAll = async <T>(ambassadorId: string, kind: 'IDEA' | 'MEMBER' | 'JOIN'): Promise<T[]> =>
  (
    await queryAll({
      TableName: TABLE,
      IndexName: 'byOwner',
      KeyConditionExpression: 'gsi2pk = :p AND begins_with(gsi2sk, :k)',
      ExpressionAttributeValues: { ':p': ownerPartition(ambassadorId), ':k': `${kind}#` },
    })
  ).map((i) => strip<T>(i));
