/**
 * Communities in the table. Access patterns:
 * - AP8 every community's counters: BatchGetItem COMMUNITY#<id> / STATS (12 keys)
 * - AP9 one community's counters: GetItem COMMUNITY#<id> / STATS
 * - AP10 a community's resources, newest first: Query COMMUNITY#<id>, sk begins_with RES#
 * - AP11 a community's top ambassadors: Query `ranking`, gsi4pk = RANK#community-<id>#all
 * - AP45 the author's resources that earned points this Oman month: GetItem PTS#<id> / SHARED#<month>
 * (recent lectures are AP5 on the facet community#<id>)
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { type CommunityCounts, communities, type Resource } from '#domain/communities.ts';
import { resourceSharedEarning } from '#domain/earnings.ts';
import { DomainError } from '#domain/errors.ts';
import { resourceSharedPoints } from '#domain/points.ts';
import { periodsOfInstant } from '#domain/time.ts';
import { batchGet } from './batch.ts';
import { db, TABLE } from './client.ts';
import { creationPut, creationTransaction } from './creation.ts';
import {
  communityPartition,
  communityStatsEntity,
  RESOURCE_PREFIX,
  resourceEntity,
} from './entities/communities.ts';
import { primary } from './entities/define.ts';
import { sharedCounterEntity } from './entities/points.ts';
import type { TxItem } from './items.ts';
import { queryPage } from './paging.ts';
import { ledgerItems } from './points.ts';
import { isConflict, named } from './transact.ts';

const counts = (item: Record<string, unknown> | undefined): CommunityCounts => ({
  ambassadors: Number(item?.ambassadors ?? 0),
  verifiedLectures: Number(item?.verifiedLectures ?? 0),
  attendeesReached: Number(item?.attendeesReached ?? 0),
  activeProjects: Number(item?.activeProjects ?? 0),
});

/** AP8 */
export const allCommunityCounts = async (): Promise<Map<string, CommunityCounts>> => {
  const items = await batchGet(communities.map((c) => communityStatsEntity.key(c.id)));
  const byKey = new Map(items.map((i) => [String(i.pk), i]));
  return new Map(communities.map((c) => [c.id, counts(byKey.get(communityStatsEntity.key(c.id).pk))]));
};

/** AP9 */
export const communityCounts = async (id: string): Promise<CommunityCounts> => {
  const out = await db.send(new GetCommand({ TableName: TABLE, Key: communityStatsEntity.key(id) }));
  return counts(out.Item);
};

/** How many tries a share makes when other shares of the same author move the monthly count. */
const SHARE_ATTEMPTS = 12;
const pause = (attempt: number) => new Promise((r) => setTimeout(r, Math.random() * 15 * attempt));

/**
 * A resource is new (a ulid id): its put cannot fail a condition but on a repeated id. It
 * earns `resource_shared` (docs/api-contract.md §13) while fewer than five of the author's
 * resources did this Oman month (AP45): the entry, the author's totals and the month's count
 * (`ADD 1` conditional on the count read) go in the resource's own transaction; a count moved
 * meanwhile by another share reads again and decides again. Past five, a single put as before.
 */
export const createResource = async (r: Resource): Promise<void> => {
  const created = { body: r, id: r.id, version: r.version };
  const resource: NonNullable<TxItem['Put']> = {
    TableName: TABLE,
    Item: resourceEntity.item(r),
    ConditionExpression: 'attribute_not_exists(pk)',
  };
  const counter = sharedCounterEntity.key(r.authorId, periodsOfInstant(new Date(r.createdAt))[2]);
  for (let attempt = 1; attempt <= SHARE_ATTEMPTS; attempt++) {
    const read = await db.send(new GetCommand({ TableName: TABLE, Key: counter, ConsistentRead: true }));
    const already = Number(read.Item?.shared ?? 0);
    if (resourceSharedPoints(already) === 0) {
      const { failed } = await creationPut('resource', resource, created);
      if (failed.size > 0) throw new Error(`resource ${r.id} exists`);
      return;
    }
    if (attempt > 1) await pause(attempt);
    let written: Awaited<ReturnType<typeof creationTransaction>>;
    try {
      written = await creationTransaction(
        [
          { name: 'resource', item: { Put: resource } },
          {
            name: 'count',
            item: {
              Update: {
                TableName: TABLE,
                Key: counter,
                UpdateExpression: 'SET #type = :type ADD #shared :one',
                ConditionExpression: 'attribute_not_exists(#shared) OR #shared = :read',
                ExpressionAttributeNames: { '#type': 'type', '#shared': 'shared' },
                ExpressionAttributeValues: { ':type': sharedCounterEntity.type, ':one': 1, ':read': already },
              },
            },
          },
          ...named('ledger', ...ledgerItems([resourceSharedEarning(r)])),
        ],
        created,
      );
    } catch (err) {
      // Another share's transaction held the count: read it again.
      if (isConflict(err)) continue;
      throw err;
    }
    const { failed } = written;
    if (failed.size === 0) return;
    if (failed.has('resource')) throw new Error(`resource ${r.id} exists`);
  }
  throw new DomainError('unavailable', 'Too many resources shared at once');
};

const strip = (item: Record<string, unknown>): Resource => {
  const { pk: _a, sk: _b, type: _c, gsi2pk: _d, gsi2sk: _e, ...rest } = item;
  return rest as unknown as Resource;
};

/** AP10 */
export const listResources = (
  communityId: string,
  q: { limit?: number | undefined; cursor?: string | undefined },
) =>
  queryPage({
    fingerprint: `resources|${communityId}`,
    input: {
      ...primary.query(communityPartition(communityId), { beginsWith: RESOURCE_PREFIX }),
      ScanIndexForward: false,
    },
    keyAttributes: primary.keyAttributes,
    limit: q.limit,
    cursor: q.cursor,
    map: strip,
  });
