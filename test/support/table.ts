/**
 * The table, read directly (the API hides what a test must see: markers, raw items): every
 * item of a partition, one item, an owner's items through `byOwner`, and snapshots of them.
 */
import { GetCommand, QueryCommand, ScanCommand, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import { db, TABLE } from '#store/client.ts';
import { queryAll } from '#store/paging.ts';
export const partition = (pk: string) =>
  queryAll({
    TableName: TABLE,
    KeyConditionExpression: 'pk = :p',
    ExpressionAttributeValues: { ':p': pk },
    ConsistentRead: true,
  });
export const item = async (pk: string, sk: string) =>
  (await db.send(new GetCommand({ TableName: TABLE, Key: { pk, sk }, ConsistentRead: true }))).Item;
/**
 * The leaderboard markers that name one of `ids` (the scene's ambassadors and ideas): a
 * request of an earlier scene whose timed-out write still lands later must not count here.
 */
export const markers = async (ids: string[]) =>
  (await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map((s) => partition(`LBQ#${s}`))))
    .flat()
    .filter((m) => ids.some((id) => JSON.stringify(m.change).includes(id))).length;
export const ownedBy = async (id: string, prefix: string) =>
  (
    await db.send(
      new QueryCommand({
        TableName: TABLE,
        IndexName: 'byOwner',
        KeyConditionExpression: 'gsi2pk = :p AND begins_with(gsi2sk, :s)',
        ExpressionAttributeValues: { ':p': `OWNER#${id}`, ':s': prefix },
      }),
    )
  ).Items ?? [];

/** Every item of the partitions, and the marker count: what "unchanged" compares. */
export const snapshot = async (pks: string[]) => {
  const out: Record<string, unknown> = {};
  for (const pk of pks) out[pk] = await partition(pk);
  out['LBQ markers'] = await markers(pks.map((pk) => pk.slice(pk.indexOf('#') + 1)));
  return out;
};

/** Snapshot of a scene, with the owner's resources read through `byOwner` (their sort key holds a timestamp). */
export const sceneSnapshot = async (pks: string[]) => {
  const plain = pks.filter((p) => !p.startsWith('OWNER-RES#'));
  const out = await snapshot(plain);
  for (const p of pks.filter((x) => x.startsWith('OWNER-RES#')))
    out[p] = await ownedBy(p.slice('OWNER-RES#'.length), 'RES#');
  return out;
};

/**
 * The outbox's event items about one subject (an idea, a lecture, a comment), oldest first:
 * a test may scan the table, which holds nothing else that could tell it which events a
 * change wrote (their keys are new ULIDs).
 */
export const eventsAbout = async (subjectId: string): Promise<Record<string, any>[]> => {
  const found: Record<string, any>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const out: ScanCommandOutput = await db.send(
      new ScanCommand({
        TableName: TABLE,
        FilterExpression: '#type = :event AND #e.#s.#id = :id',
        ExpressionAttributeNames: { '#type': 'type', '#e': 'event', '#s': 'subject', '#id': 'id' },
        ExpressionAttributeValues: { ':event': 'Event', ':id': subjectId },
        ExclusiveStartKey: startKey,
        ConsistentRead: true,
      }),
    );
    found.push(...(out.Items ?? []));
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return found.sort((a, b) => String(a.event.id).localeCompare(String(b.event.id)));
};
