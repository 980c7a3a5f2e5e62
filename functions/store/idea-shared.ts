/**
 * What the idea area's stores (ideas.ts, teams.ts, comments.ts) share: the idea written over
 * the version read with every copy it carries, its audit entries, the check that an
 * ambassador is still active, and how a lost race reads. A module of its own so that the
 * three stores import it and never each other in a circle.
 */
import { ulid } from 'ulid';
import { type AuditEntry, type Idea, isPublic } from '#domain/ideas.ts';
import type { Outcome } from '#domain/ports.ts';
import { TABLE } from './client.ts';
import { allOf, asRequest, type Condition, condition } from './conditions.ts';
import { profileEntity } from './entities/ambassadors.ts';
import { byOwner, owned, strip } from './entities/define.ts';
import { auditEntity, ideaEntity, ideaListingEntity } from './entities/ideas.ts';
import type { TxItem } from './items.ts';
import { queryAll } from './paging.ts';
import { showcaseWrites } from './showcase.ts';
import { type Named, named, transact, type Written } from './transact.ts';

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

const listingWrites = (current: Idea | undefined, next: Idea): TxItem[] => {
  const after = ideaFacets(next);
  const before = current ? ideaFacets(current) : [];
  return [
    ...after.map((facet) => ({
      Put: { TableName: TABLE, Item: ideaListingEntity.item({ idea: next, facet }) },
    })),
    ...before
      .filter((f) => !after.includes(f))
      .map((facet) => ({ Delete: { TableName: TABLE, Key: ideaListingEntity.key(next.id, facet) } })),
  ];
};

/** The idea is still the version read. */
const sameVersion = (idea: Idea): Condition => condition('version = :v', { ':v': idea.version });

/**
 * The idea written over exactly the version read (and `also`, when given), with every copy
 * it carries (list entries, showcase entry) built from that same `next`: no copy is ever
 * written from a stale read, and a lost race writes nothing.
 */
export const ideaWithCopies = (
  current: Idea,
  next: Idea,
  also: Condition | undefined = undefined,
): Named<'idea' | 'copies'>[] => [
  {
    name: 'idea',
    item: {
      Put: {
        TableName: TABLE,
        Item: ideaEntity.item(next),
        ...asRequest(also ? allOf(sameVersion(current), also) : sameVersion(current)),
      },
    },
  },
  ...named('copies', ...listingWrites(current, next), ...showcaseWrites(current, next)),
];

/**
 * The ambassador can still join or lead: registered, not erased, and no erasure under way
 * (an erasure marks the profile first, so nothing new can attach to it while it runs).
 */
export const ACTIVE =
  'attribute_exists(pk) AND attribute_not_exists(erased) AND attribute_not_exists(erasing)';
export const profileActive = (ambassadorId: string): TxItem => ({
  ConditionCheck: { TableName: TABLE, Key: profileEntity.key(ambassadorId), ConditionExpression: ACTIVE },
});

/** No such item: a new one overwrites nothing, and a check finds none (e.g. no membership). */
export const absent = condition('attribute_not_exists(pk)');

export const auditPut = (ideaId: string, entry: AuditEntry): TxItem => ({
  Put: { TableName: TABLE, Item: auditEntity.item({ ideaId, id: ulid(), entry }) },
});

/**
 * Sends an idea or team transaction, where a conflict with another transaction is a lost
 * race like a failed condition: nothing was written, so the case decides again on a fresh
 * read (rather than a 503 to the client).
 */
export const transactRaced = <N extends string>(items: readonly Named<N>[]): Promise<Written<N>> =>
  transact(items, { conflictIsRace: true });

/** 'changed' when anything failed or conflicted, 'ok' when it all went through. */
export const lostOrOk = (w: Written<string>): Outcome =>
  w.conflicted || w.failed.size > 0 ? 'changed' : 'ok';

/**
 * AP28 what an ambassador has of a kind (ideas, memberships, join requests), for the
 * erasure: Query `byOwner`, gsi2pk = OWNER#<id>, begins_with(gsi2sk, <kind>#).
 */
export const ownedAll = async <T>(ambassadorId: string, kind: 'IDEA' | 'MEMBER' | 'JOIN'): Promise<T[]> =>
  (await queryAll(byOwner.query(owned.partition(ambassadorId), { beginsWith: owned.prefix(kind) }))).map(
    (i) => strip<T>(i),
  );
