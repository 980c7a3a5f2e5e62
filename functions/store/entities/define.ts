/**
 * How an item type is declared (docs/data-model.md lists them all): ONE declaration per
 * type gives its `type` attribute, its key, its key prefixes, its index attributes and the
 * shape of the stored item. Queries and writes take keys, prefixes and items from these
 * declarations and never spell them out.
 */
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { TABLE } from '../client.ts';
import { type IndexName, tableDefinition } from '../table.ts';

export type Key = { pk: string; sk: string };

type Indexes = typeof tableDefinition.indexes;
/** The attributes that list an item in index `N`, e.g. `{ gsi1pk, gsi1sk }` for `listings`. */
export type IndexKeys<N extends IndexName> = {
  [A in Indexes[N]['partitionKey'] | Indexes[N]['sortKey']]: string;
};

/** How a query narrows the sort key within one partition. */
export type SortCondition = { beginsWith: string } | { between: readonly [string, string] };

/** The key condition of a Query, with the table (and index) it reads. */
export type KeyQuery = Required<
  Pick<QueryCommandInput, 'TableName' | 'KeyConditionExpression' | 'ExpressionAttributeValues'>
> &
  Pick<QueryCommandInput, 'IndexName'>;

const keyCondition = (pk: string, sk: string, partition: string, sort?: SortCondition) => {
  if (!sort) return { KeyConditionExpression: `${pk} = :p`, ExpressionAttributeValues: { ':p': partition } };
  if ('beginsWith' in sort)
    return {
      KeyConditionExpression: `${pk} = :p AND begins_with(${sk}, :k)`,
      ExpressionAttributeValues: { ':p': partition, ':k': sort.beginsWith },
    };
  return {
    KeyConditionExpression: `${pk} = :p AND ${sk} BETWEEN :from AND :to`,
    ExpressionAttributeValues: { ':p': partition, ':from': sort.between[0], ':to': sort.between[1] },
  };
};

/** The table's own key: items of one partition (an item collection). */
export const primary = {
  query: (partition: string, sort?: SortCondition): KeyQuery => ({
    TableName: TABLE,
    ...keyCondition(tableDefinition.partitionKey, tableDefinition.sortKey, partition, sort),
  }),
  /** What a cursor into a query of the table records. */
  keyAttributes: [tableDefinition.partitionKey, tableDefinition.sortKey] as string[],
};

export interface Index<N extends IndexName> {
  name: N;
  /** The attributes that list an item under `partition` at `sort`. */
  keys: (partition: string, sort: string) => IndexKeys<N>;
  query: (partition: string, sort?: SortCondition) => KeyQuery;
  /** The table's and the index's key attributes: what a cursor into the index records. */
  keyAttributes: string[];
}

const index = <N extends IndexName>(name: N): Index<N> => {
  const { partitionKey, sortKey } = tableDefinition.indexes[name];
  return {
    name,
    keys: (partition, sort) => ({ [partitionKey]: partition, [sortKey]: sort }) as IndexKeys<N>,
    query: (partition, sort) => ({
      TableName: TABLE,
      IndexName: name,
      ...keyCondition(partitionKey, sortKey, partition, sort),
    }),
    keyAttributes: [...primary.keyAttributes, partitionKey, sortKey],
  };
};

/** The indexes of table.ts, each named after the question it answers. */
export const listings = index('listings');
export const byOwner = index('byOwner');
export const reviewQueue = index('reviewQueue');
export const ranking = index('ranking');

/** `byOwner`: what an ambassador created, by kind and time (its partition, its sort key). */
export type OwnedKind = 'LECT' | 'IDEA' | 'COMMENT' | 'RES' | 'JOIN' | 'MEMBER';
export const owned = {
  partition: (ambassadorId: string): string => `OWNER#${ambassadorId}`,
  /** The sort key prefix of one kind, for `begins_with`. */
  prefix: (kind: OwnedKind): string => `${kind}#`,
  sortKey: (kind: OwnedKind, at: string, id: string): string => `${owned.prefix(kind)}${at}#${id}`,
  keys: (ambassadorId: string, kind: OwnedKind, at: string, id: string): IndexKeys<'byOwner'> =>
    byOwner.keys(owned.partition(ambassadorId), owned.sortKey(kind, at, id)),
};

/** `reviewQueue`: one queue per kind of item, oldest first. Sparse: only items waiting. */
export type QueueKind = 'lectures' | 'ideas';
export const queue = {
  partition: (kind: QueueKind): string => `QUEUE#${kind}`,
  sortKey: (at: string, id: string): string => `${at}#${id}`,
  keys: (kind: QueueKind, at: string, id: string): IndexKeys<'reviewQueue'> =>
    reviewQueue.keys(queue.partition(kind), queue.sortKey(at, id)),
};

/** The attributes every item carries besides its own: its key and its type. */
export type Stored<T extends string, A> = Key & { type: T } & A;

export interface Entity<T extends string, K extends unknown[], V, A> {
  /** The `type` attribute of every item of this kind. */
  type: T;
  /** The key of one item. */
  key: (...k: K) => Key;
  /** The whole item to put: key, type, attributes and index attributes. */
  item: (value: V) => Stored<T, A>;
}

/**
 * Declares an item type: `key` builds its key, `keyOf` finds the key's parts in a value,
 * `attributes` gives everything else it stores (index attributes included).
 */
export const entity = <const T extends string, K extends unknown[], V, A extends object>(d: {
  type: T;
  key: (...k: K) => Key;
  keyOf: (value: V) => [...K];
  attributes: (value: V) => A;
}): Entity<T, K, V, A> => ({
  type: d.type,
  key: d.key,
  item: (value) => ({ ...d.key(...d.keyOf(value)), type: d.type, ...d.attributes(value) }),
});

/** The names the table gives its own attributes; never part of what the domain reads. */
const INTERNAL = /^(pk|sk|type|gsi\dpk|gsi\dsk)$/;

/** An item without its keys, index keys and entity type: what the domain knows of it. */
export const strip = <T>(item: Record<string, unknown>): T =>
  Object.fromEntries(Object.entries(item).filter(([k]) => !INTERNAL.test(k))) as T;
