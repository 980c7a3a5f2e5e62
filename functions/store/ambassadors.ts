/**
 * Ambassadors in the table. Access patterns (README, "Access patterns"):
 * - AP1 profile by id: GetItem AMB#<id> / PROFILE
 * - AP2 directory page: Query index `directory`, gsi1pk = DIR#<facet>, gsi1sk in name order
 * - AP3 an ambassador's own items (export): Query AMB#<id>, sk begins_with <kind>
 * Writes: registration, edits and erasure are single transactions over the profile, the
 * email guard, the directory entries and the community counter.
 */
import {
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import {
  type Ambassador,
  communityOfProfile,
  type DirectoryQuery,
  emptyStats,
  nameMatches,
  nameWords,
  type ProfileFields,
  type PublicProfile,
  profileFor,
} from '../../domain/ambassadors.ts';
import { DomainError } from '../../domain/errors.ts';
import { fold, words } from '../../domain/text.ts';
import { db, TABLE } from './client.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { failedConditions } from './errors.ts';
import {
  ambassadorKey,
  communityStatsKey,
  directoryEntryKey,
  directoryPartition,
  directorySortKey,
  emailKey,
} from './keys.ts';

type TxItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface AmbassadorItem extends Ambassador {
  erased?: boolean;
  erasedAt?: string;
}

const toAmbassador = (item: Record<string, unknown>): AmbassadorItem => {
  const { pk: _pk, sk: _sk, type: _type, nameFolded: _nf, ...rest } = item;
  return rest as unknown as AmbassadorItem;
};

/** AP1. Erased ambassadors come back with `erased: true`; callers decide what that means. */
export const getAmbassador = async (id: string, consistent = false): Promise<AmbassadorItem | undefined> => {
  const out = await db.send(
    new GetCommand({ TableName: TABLE, Key: ambassadorKey(id), ConsistentRead: consistent }),
  );
  return out.Item ? toAmbassador(out.Item) : undefined;
};

/** The facets an ambassador is listed under; each becomes one directory entry. */
export const directoryFacets = (p: ProfileFields): string[] => {
  const facets = ['all', `country#${p.country}`];
  if (p.governorate) facets.push(`governorate#${p.governorate}`);
  if (p.wilayat) facets.push(`wilayat#${p.wilayat}`);
  if (p.city) facets.push(`city#${p.city}`);
  for (const i of p.interests) facets.push(`interest#${i}`);
  // Name search: one entry per two-letter bucket that starts a word of the name.
  for (const b of new Set(nameWords(p.name).filter((w) => w.length >= 2).map((w) => w.slice(0, 2))))
    facets.push(`q#${b}`);
  return facets;
};

const profileItem = (a: AmbassadorItem) => ({
  ...ambassadorKey(a.id),
  type: 'Ambassador',
  ...a,
  nameFolded: fold(a.name),
});

const entryPuts = (a: Ambassador): TxItem[] => {
  const profile = profileFor(a, undefined);
  const sortKey = directorySortKey(fold(a.name), a.id);
  const words = nameWords(a.name);
  return directoryFacets(a).map((facet) => ({
    Put: {
      TableName: TABLE,
      Item: {
        ...directoryEntryKey(a.id, facet),
        type: 'DirectoryEntry',
        gsi1pk: directoryPartition(facet),
        gsi1sk: sortKey,
        words,
        profile,
      },
    },
  }));
};

const entryDeletes = (id: string, facets: string[]): TxItem[] =>
  facets.map((facet) => ({ Delete: { TableName: TABLE, Key: directoryEntryKey(id, facet) } }));

const countAmbassador = (communityId: string, delta: 1 | -1): TxItem => ({
  Update: {
    TableName: TABLE,
    Key: communityStatsKey(communityId),
    UpdateExpression: 'ADD ambassadors :d SET #t = :t',
    ExpressionAttributeNames: { '#t': 'type' },
    ExpressionAttributeValues: { ':d': delta, ':t': 'CommunityStats' },
  },
});

/**
 * Registers an ambassador: the profile (one per `sub`), the email guard (one per email),
 * the directory entries and the community count, all or nothing.
 * @param previous an erased profile of the same `sub`, whose stats carry over
 */
export const registerAmbassador = async (
  a: Ambassador,
  previous: AmbassadorItem | undefined,
): Promise<void> => {
  const profileCondition = previous
    ? { ConditionExpression: 'erased = :true AND version = :v', ExpressionAttributeValues: { ':true': true, ':v': previous.version } }
    : { ConditionExpression: 'attribute_not_exists(pk)' };
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: TABLE, Item: profileItem(a), ...profileCondition } },
          {
            Put: {
              TableName: TABLE,
              Item: { ...emailKey(a.email), type: 'EmailGuard', ambassadorId: a.id },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          countAmbassador(communityOfProfile(a), 1),
          ...entryPuts(a),
        ],
      }),
    );
  } catch (err) {
    const failed = failedConditions(err);
    if (failed.includes(0)) throw new DomainError('already_registered');
    if (failed.includes(1)) throw new DomainError('email_taken');
    throw err;
  }
};

/**
 * Writes `next` over `current` if nobody changed it since it was read (its version), moving
 * the directory entries and community count with it. Returns false on a lost race.
 */
export const updateAmbassador = async (current: AmbassadorItem, next: AmbassadorItem): Promise<boolean> => {
  const before = new Set(directoryFacets(current));
  const after = directoryFacets(next);
  const removed = [...before].filter((f) => !after.includes(f));
  const fromCommunity = communityOfProfile(current);
  const toCommunity = communityOfProfile(next);
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: TABLE,
              Item: profileItem(next),
              ConditionExpression: 'version = :v AND attribute_not_exists(erased)',
              ExpressionAttributeValues: { ':v': current.version },
            },
          },
          ...(fromCommunity !== toCommunity
            ? [countAmbassador(fromCommunity, -1), countAmbassador(toCommunity, 1)]
            : []),
          ...entryPuts(next),
          ...entryDeletes(current.id, removed),
        ],
      }),
    );
    return true;
  } catch (err) {
    if (failedConditions(err).includes(0)) return false;
    throw err;
  }
};

/**
 * PDPL erasure: the profile becomes a tombstone without personal data (name, email, phone,
 * bio, expertise), the email is freed and the directory entries go. Contributions keep
 * their `id` and are shown as "former ambassador".
 */
export const eraseAmbassador = async (current: AmbassadorItem, at: string): Promise<boolean> => {
  const tombstone = {
    ...ambassadorKey(current.id),
    type: 'Ambassador',
    id: current.id,
    erased: true,
    erasedAt: at,
    joinedAt: current.joinedAt,
    updatedAt: at,
    version: current.version + 1,
    country: current.country,
    stats: current.stats,
  };
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: TABLE,
              Item: tombstone,
              ConditionExpression: 'version = :v AND attribute_not_exists(erased)',
              ExpressionAttributeValues: { ':v': current.version },
            },
          },
          { Delete: { TableName: TABLE, Key: emailKey(current.email) } },
          countAmbassador(communityOfProfile(current), -1),
          ...entryDeletes(current.id, directoryFacets(current)),
        ],
      }),
    );
    return true;
  } catch (err) {
    if (failedConditions(err).includes(0)) return false;
    throw err;
  }
};

/** Picks the facet to query: the narrowest one the filters name. */
const primaryFacet = (q: DirectoryQuery): string => {
  if (q.q) {
    const longest = words(fold(q.q)).reduce((a, b) => (b.length > a.length ? b : a), '');
    return `q#${longest.slice(0, 2)}`;
  }
  if (q.wilayat) return `wilayat#${q.wilayat}`;
  if (q.city) return `city#${q.city}`;
  if (q.interest) return `interest#${q.interest}`;
  if (q.governorate) return `governorate#${q.governorate}`;
  if (q.country) return `country#${q.country}`;
  return 'all';
};

const entryMatches = (q: DirectoryQuery, e: { profile: PublicProfile; words: string[] }): boolean => {
  const p = e.profile;
  return (
    (!q.q || nameMatches(e.words, q.q)) &&
    (!q.wilayat || p.wilayat === q.wilayat) &&
    (!q.city || p.city === q.city) &&
    (!q.interest || p.interests.includes(q.interest)) &&
    (!q.governorate || p.governorate === q.governorate) &&
    (!q.country || p.country === q.country)
  );
};

/** How many entries one directory request may examine when filters narrow the facet. */
const MAX_EXAMINED = 1000;

/**
 * AP2. One query on the narrowest facet; when more filters are given, the other ones are
 * checked on the entries read (the page may then come back short, with a cursor to go on).
 */
export const listDirectory = async (
  q: DirectoryQuery,
): Promise<{ items: PublicProfile[]; nextCursor: string | null }> => {
  const limit = q.limit ?? 20;
  const facet = primaryFacet(q);
  const fingerprint = `directory|${JSON.stringify([q.governorate, q.wilayat, q.city, q.interest, q.country, q.q ? fold(q.q) : null])}`;
  // The q facet is a two-letter bucket, so its entries are always checked against the words.
  const filtered =
    q.q !== undefined ||
    Object.keys(q).some((k) => k !== 'limit' && k !== 'cursor' && k !== primaryFilterName(facet));
  let startKey = decodeCursor(fingerprint, q.cursor);
  if (startKey && startKey.gsi1pk !== directoryPartition(facet)) throw new DomainError('invalid_cursor');

  const items: PublicProfile[] = [];
  let examined = 0;
  for (;;) {
    const input: QueryCommandInput = {
      TableName: TABLE,
      IndexName: 'directory',
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': directoryPartition(facet) },
      ProjectionExpression: 'pk, sk, gsi1pk, gsi1sk, profile, words',
      Limit: filtered ? Math.min(100, Math.max(limit * 2, 25)) : limit - items.length,
      ExclusiveStartKey: startKey,
    };
    const out = await db.send(new QueryCommand(input));
    for (const raw of out.Items ?? []) {
      examined += 1;
      const e = raw as { pk: string; sk: string; gsi1pk: string; gsi1sk: string; profile: PublicProfile; words: string[] };
      if (entryMatches(q, e)) items.push(e.profile);
      if (items.length === limit) {
        const last = { pk: e.pk, sk: e.sk, gsi1pk: e.gsi1pk, gsi1sk: e.gsi1sk };
        // Done; the next page starts after the last entry returned, unless this was the end.
        const atEnd = !out.LastEvaluatedKey && raw === out.Items?.at(-1);
        return { items, nextCursor: atEnd ? null : encodeCursor(fingerprint, last) };
      }
    }
    startKey = out.LastEvaluatedKey;
    if (!startKey) return { items, nextCursor: null };
    if (examined >= MAX_EXAMINED) return { items, nextCursor: encodeCursor(fingerprint, startKey) };
  }
};

const primaryFilterName = (facet: string): string => (facet === 'all' ? '' : facet.split('#')[0] ?? '');

/** AP3. Every item in the ambassador's own collection whose sort key starts with `prefix`. */
export const ownItems = async (id: string, prefix: string): Promise<Record<string, unknown>[]> => {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await db.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
        ExpressionAttributeValues: { ':pk': ambassadorKey(id).pk, ':p': prefix },
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(out.Items ?? []));
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return items;
};

export { emptyStats };
