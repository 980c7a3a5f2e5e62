/**
 * Ideas in the table; their comments, team and showcase entry have stores of their own
 * (comments.ts, teams.ts, showcase.ts), and this module assembles the idea port from them.
 * The item types are declared in entities/ideas.ts. Access patterns:
 * - AP17 idea by id: GetItem IDEA#<id> / IDEA
 * - AP18 public ideas under a facet, newest first: Query `listings`, gsi1pk = IDEAS#<facet>
 * - AP19 an author's ideas: Query `byOwner`, gsi2pk = OWNER#<id>, begins_with(gsi2sk, IDEA#)
 * - AP20 idea review queue, oldest first: Query `reviewQueue`, gsi3pk = QUEUE#ideas
 * - AP21 an idea's audit trail: Query IDEA#<id>, begins_with(sk, AUDIT#)
 * - AP28 an ambassador's ideas (erasure): Query `byOwner`, gsi2pk = OWNER#<id>, begins_with(gsi2sk, IDEA#)
 * Every transition is one transaction: the idea (conditional on the version read), its
 * list entries, showcase entry, audit entry, the counters, stats and team it moves, and the
 * event it tells of (a decision, a project started, completed or featured; AP32).
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { earningsNeedTeam, ideaEarnings } from '#domain/earnings.ts';
import { type AuditEntry, countsAsIdea, type Idea, type IdeaListQuery, projectDelta } from '#domain/ideas.ts';
import type { DomainEvent } from '#domain/notifications.ts';
import { reversalOf } from '#domain/points.ts';
import type { IdeaRepo, Outcome } from '#domain/ports.ts';
import { communityOf, governorateOf } from '#domain/regions.ts';
import { periodsOfInstant } from '#domain/time.ts';
import { statsDelta } from './ambassadors.ts';
import { changeMarker } from './changes.ts';
import { db, TABLE } from './client.ts';
import { commentRepo } from './comments.ts';
import { asRequest } from './conditions.ts';
import { creationTransaction } from './creation.ts';
import { cityStatEntity, communityStatsEntity } from './entities/communities.ts';
import { listings, primary, strip } from './entities/define.ts';
import { AUDIT_PREFIX, ideaEntity, ideaListPartition, ideaPartition } from './entities/ideas.ts';
import { eventItem } from './events.ts';
import {
  absent,
  auditPut,
  ideaWithCopies,
  lostOrOk,
  ownedAll,
  profileActive,
  transactRaced,
} from './idea-shared.ts';
import { counterAdd } from './items.ts';
import { ownedPage, type Page, type PageQuery, queryAll, queryPage, queuePage } from './paging.ts';
import { ledgerEntries, ledgerItems, unwritten } from './points.ts';
import { memberPut, members, teamRepo } from './teams.ts';
import { type Named, named } from './transact.ts';

/** AP17 */
const get = async (id: string, consistent = false): Promise<Idea | undefined> => {
  const out = await db.send(
    new GetCommand({ TableName: TABLE, Key: ideaEntity.key(id), ConsistentRead: consistent }),
  );
  return out.Item ? strip<Idea>(out.Item) : undefined;
};

/**
 * A new idea, on its author's profile still active: an idea submitted while its author's
 * erasure runs (after the erasure withdrew the ideas in review) would be left in the staff
 * queue under a former ambassador (docs/api-contract.md §10).
 */
const create = async (idea: Idea): Promise<Outcome<'author_gone'>> => {
  const { failed } = await creationTransaction(
    [
      {
        name: 'idea',
        item: { Put: { TableName: TABLE, Item: ideaEntity.item(idea), ...asRequest(absent) } },
      },
      { name: 'author', item: profileActive(idea.authorId) },
    ],
    { body: idea, id: idea.id, version: idea.version },
  );
  if (failed.has('author')) return 'author_gone';
  return failed.has('idea') ? 'changed' : 'ok';
};

type TransitionItem =
  | 'idea'
  | 'copies'
  | 'audit'
  | 'counters'
  | 'team'
  | 'stats'
  | 'markers'
  | 'event'
  | 'ledger';

const transition = async (
  current: Idea,
  next: Idea,
  audit: AuditEntry,
  event?: DomainEvent,
): Promise<Outcome> => {
  const delta = projectDelta(current.status, next.status);
  const approvedAt = next.approvedAt ?? current.approvedAt;
  const city = next.city;
  const community = communityOf({ country: 'OM', governorate: governorateOf(city) });
  const extra: Named<TransitionItem>[] = [];
  const statsMoved: string[] = [];
  // The team as this transition finds it (consistent: the idea's version condition below fails
  // if it changed since), read once for the points and the stats that need it.
  let teamRead: Awaited<ReturnType<typeof members>> | undefined;
  const team = async () => {
    teamRead ??= await members(next.id, true);
    return teamRead;
  };

  // City and community project counters (by the approval date's periods, in Oman time).
  if (approvedAt && (delta.approved || delta.inProgress || delta.completed)) {
    for (const period of periodsOfInstant(new Date(approvedAt)))
      extra.push(
        ...named(
          'counters',
          ...counterAdd(cityStatEntity.key(city, period), cityStatEntity.type, {
            approved: delta.approved,
            inProgress: delta.inProgress,
            completed: delta.completed,
          }),
        ),
      );
    extra.push(...named('markers', changeMarker({ kind: 'project', ideaId: next.id, city, approvedAt })));
  }
  extra.push(
    ...named(
      'counters',
      ...counterAdd(communityStatsEntity.key(community), communityStatsEntity.type, {
        activeProjects: delta.active,
      }),
    ),
  );

  // Approval forms the team with the author as leader.
  if (current.status !== 'approved' && next.status === 'approved') {
    extra.push(
      ...named(
        'team',
        memberPut({
          ideaId: next.id,
          ambassadorId: next.authorId,
          leader: true,
          role: 'leader',
          joinedAt: audit.at,
        }),
      ),
    );
  }
  // The author's `ideas` and the team's `teams` follow the idea into and out of view:
  // approval adds the author (the leader); withdrawing an approved idea removes the team.
  // After a hand-over the author may have left the team: each member's `teams` moves, and
  // the author's `ideas`, one update per profile.
  const ideasDelta = Number(countsAsIdea(next.status)) - Number(countsAsIdea(current.status));
  if (ideasDelta > 0) {
    extra.push(...named('stats', statsDelta(next.authorId, { ideas: 1, teams: 1 })));
    statsMoved.push(next.authorId);
  } else if (ideasDelta < 0) {
    const ids = (await team()).map((m) => m.ambassadorId);
    if (!ids.includes(next.authorId)) extra.push(...named('stats', statsDelta(next.authorId, { ideas: -1 })));
    for (const id of ids)
      extra.push(
        ...named('stats', statsDelta(id, id === next.authorId ? { ideas: -1, teams: -1 } : { teams: -1 })),
      );
    statsMoved.push(...new Set([next.authorId, ...ids]));
  }
  extra.push(
    ...named('markers', ...statsMoved.map((id) => changeMarker({ kind: 'stats', ambassadorId: id }))),
  );

  // Points (docs/api-contract.md §13): the entries this transition earns and takes back.
  const { earn, reverse } = ideaEarnings(
    current,
    next,
    earningsNeedTeam(current, next) ? await team() : [],
    audit.at,
  );
  // Featuring again after an unfeature: only the members who never earned it.
  const earned = !current.featured && next.featured ? await unwritten(earn) : earn;
  const reversed = (
    await Promise.all(
      reverse.map(async (r) => (await ledgerEntries(r.recipient, [r.id])).map((entry) => ({ r, entry }))),
    )
  )
    .flat()
    .map(({ r, entry }) => ({ recipient: r.recipient, entry: reversalOf(entry, audit.at, 'withdrawal') }));
  extra.push(...named('ledger', ...ledgerItems([...earned, ...reversed])));

  // Any failed condition (the version, a profile gone) or a conflict: a lost race.
  return lostOrOk(
    await transactRaced<TransitionItem>([
      ...ideaWithCopies(current, next),
      ...named('audit', auditPut(next.id, audit)),
      ...extra,
      ...(event ? named('event', eventItem(event)) : []),
    ]),
  );
};

/** AP21 */
const auditTrail = async (ideaId: string): Promise<AuditEntry[]> =>
  (await queryAll(primary.query(ideaPartition(ideaId), { beginsWith: AUDIT_PREFIX }))).map((i) =>
    strip<AuditEntry>(i),
  );

export const ideaRepo: IdeaRepo = {
  get,
  create,
  transition,
  auditTrail,
  ownedIdeas: (ambassadorId) => ownedAll<Idea>(ambassadorId, 'IDEA'),
  ...commentRepo,
  ...teamRepo,
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
      ...listings.query(ideaListPartition(facet)),
      // The keys (for the cursor) and the list's copy of the idea, nothing else.
      ProjectionExpression: [...listings.keyAttributes, 'idea'].join(', '),
      ScanIndexForward: false,
    },
    keyAttributes: listings.keyAttributes,
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
