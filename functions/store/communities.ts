/**
 * Communities in the table. Access patterns:
 * - AP8 every community's counters: BatchGetItem COMMUNITY#<id> / STATS (12 keys)
 * - AP9 one community's counters: GetItem COMMUNITY#<id> / STATS
 * - AP10 a community's resources, newest first: Query COMMUNITY#<id>, sk begins_with RES#
 * - AP11 a community's top ambassadors: Query `ranking`, gsi4pk = RANK#community-<id>#all
 * (recent lectures are AP5 on the facet community#<id>)
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { type CommunityCounts, communities, type Resource } from '#domain/communities.ts';
import { batchGet } from './batch.ts';
import { db, TABLE } from './client.ts';
import { creationPut } from './creation.ts';
import {
  communityPartition,
  communityStatsEntity,
  RESOURCE_PREFIX,
  resourceEntity,
} from './entities/communities.ts';
import { primary } from './entities/define.ts';
import { queryPage } from './paging.ts';

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

/** A resource is new (a ulid id): its put cannot fail a condition but on a repeated id. */
export const createResource = async (r: Resource): Promise<void> => {
  const { failed } = await creationPut(
    'resource',
    { TableName: TABLE, Item: resourceEntity.item(r), ConditionExpression: 'attribute_not_exists(pk)' },
    { body: r, id: r.id, version: r.version },
  );
  if (failed.size > 0) throw new Error(`resource ${r.id} exists`);
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
