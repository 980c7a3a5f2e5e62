/**
 * Ambassadors in the table. Access patterns (docs/data-model.md, "Access patterns"):
 * - AP1 profile by id: GetItem AMB#<id> / PROFILE
 * - AP2 directory page: Query index `listings`, gsi1pk = DIR#<facet>, gsi1sk in name order
 * - AP3 everything an ambassador created (export): Query `byOwner`, gsi2pk = OWNER#<id>,
 *   paged by bytes (at most 1 MB an answer)
 * Writes: registration, edits and erasure are single transactions over the profile, the
 * email guard, the directory entries and the community counter.
 */
import { isDeepStrictEqual } from 'node:util';
import { GetCommand, QueryCommand, UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import {
  type Ambassador,
  communityOfProfile,
  type DirectoryQuery,
  nameMatches,
  nameWords,
  type ProfileFields,
  type PublicProfile,
  profileFor,
} from '#domain/ambassadors.ts';
import { type ExportSection, emptySections, exportView, itemBytes, sectionOfType } from '#domain/export.ts';
import type { AmbassadorRepo, ErasureMark, Outcome, RegisterReason } from '#domain/ports.ts';
import { fold, sortName, words } from '#domain/text.ts';
import { batchGet } from './batch.ts';
import { changeMarker } from './changes.ts';
import { db, TABLE } from './client.ts';
import { creationTransaction } from './creation.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import {
  directoryEntity,
  directoryPartition,
  emailGuardEntity,
  profileEntity,
} from './entities/ambassadors.ts';
import { communityStatsEntity } from './entities/communities.ts';
import { byOwner, listings, owned, strip } from './entities/define.ts';
import type { TxItem } from './items.ts';
import { type Page, queryPage } from './paging.ts';
import { named, transact, writeIf } from './transact.ts';

/** The stored ambassador, tombstones (erased) included. */
export type AmbassadorItem = Ambassador;

const toAmbassador = (item: Record<string, unknown>): AmbassadorItem => {
  const { pk: _pk, sk: _sk, type: _type, nameFolded: _nf, erasing: _er, ...rest } = item;
  return rest as unknown as AmbassadorItem;
};

/** AP1. Erased ambassadors come back with `erased: true`; callers decide what that means. */
export const getAmbassador = async (id: string, consistent = false): Promise<AmbassadorItem | undefined> => {
  const out = await db.send(
    new GetCommand({ TableName: TABLE, Key: profileEntity.key(id), ConsistentRead: consistent }),
  );
  return out.Item ? toAmbassador(out.Item) : undefined;
};

const MAX_NAME_BUCKETS = 24;

/** The facets an ambassador is listed under; each becomes one directory entry. */
export const directoryFacets = (p: ProfileFields): string[] => {
  const facets = ['all', `country#${p.country}`];
  if (p.governorate) facets.push(`governorate#${p.governorate}`);
  if (p.wilayat) facets.push(`wilayat#${p.wilayat}`);
  if (p.city) facets.push(`city#${p.city}`);
  for (const i of p.interests) facets.push(`interest#${i}`);
  // Name search: one entry per two-letter bucket that starts a word of the name, at most
  // MAX_NAME_BUCKETS (a 100-character name has at most 33) to bound the transactions.
  const buckets = [
    ...new Set(
      nameWords(p.name)
        .filter((w) => w.length >= 2)
        .map((w) => w.slice(0, 2)),
    ),
  ];
  for (const b of buckets.slice(0, MAX_NAME_BUCKETS)) facets.push(`q#${b}`);
  return facets;
};

/** The fields an edit may change; stats are never among them (they move only by delta). */
const EDITABLE = [
  'name',
  'country',
  'governorate',
  'wilayat',
  'city',
  'interests',
  'expertise',
  'bio',
  'phone',
  'languages',
] as const;

/**
 * An edit as an UpdateItem: SET what `next` has, REMOVE what it cleared, conditional on the
 * version read. Never a whole-item Put, which would write back stats read before a
 * concurrent verification moved them.
 */
const profileUpdate = (current: AmbassadorItem, next: AmbassadorItem): TxItem => {
  const set: string[] = ['#nameFolded = :nameFolded', '#updatedAt = :updatedAt', '#version = :next'];
  const remove: string[] = [];
  const names: Record<string, string> = {
    '#nameFolded': 'nameFolded',
    '#updatedAt': 'updatedAt',
    '#version': 'version',
    '#erased': 'erased',
  };
  const values: Record<string, unknown> = {
    ':nameFolded': fold(next.name),
    ':updatedAt': next.updatedAt,
    ':next': next.version,
    ':v': current.version,
  };
  for (const field of EDITABLE) {
    names[`#${field}`] = field;
    if (next[field] === undefined) remove.push(`#${field}`);
    else {
      set.push(`#${field} = :${field}`);
      values[`:${field}`] = next[field];
    }
  }
  return {
    Update: {
      TableName: TABLE,
      Key: profileEntity.key(current.id),
      UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
      ConditionExpression: '#version = :v AND attribute_not_exists(#erased)',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
};

/**
 * Moves an ambassador's stats by `delta`, atomically, inside the caller's transaction. The
 * copies on directory entries follow at the next leaderboard run (the caller writes a
 * change marker naming the ambassador).
 */
export const statsDelta = (id: string, delta: Partial<Record<keyof Ambassador['stats'], number>>): TxItem => {
  const keys = Object.keys(delta) as (keyof Ambassador['stats'])[];
  return {
    Update: {
      TableName: TABLE,
      Key: profileEntity.key(id),
      UpdateExpression: `SET ${keys.map((k) => `#s.#${k} = #s.#${k} + :${k}`).join(', ')}`,
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#s': 'stats', ...Object.fromEntries(keys.map((k) => [`#${k}`, k])) },
      ExpressionAttributeValues: Object.fromEntries(keys.map((k) => [`:${k}`, delta[k]])),
    },
  };
};

/**
 * Copies the profile's current stats onto its directory entries (the leaderboard job, for
 * the ambassadors whose stats moved). Entries that a concurrent edit removed stay removed.
 */
export const refreshDirectoryStats = async (a: AmbassadorItem): Promise<number> => {
  if (a.erased) return 0;
  let written = 0;
  await Promise.all(
    directoryFacets(a).map(async (facet) => {
      const outcome = await writeIf(
        () =>
          db.send(
            new UpdateCommand({
              TableName: TABLE,
              Key: directoryEntity.key(a.id, facet),
              UpdateExpression: 'SET #p.#s = :s',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeNames: { '#p': 'profile', '#s': 'stats' },
              ExpressionAttributeValues: { ':s': a.stats },
            }),
          ),
        'gone',
      );
      if (outcome === 'ok') written += 1;
    }),
  );
  return written;
};

const entryPuts = (a: Ambassador): TxItem[] => {
  const card = { ambassadorId: a.id, sortName: sortName(a.name), words: nameWords(a.name) };
  const profile = profileFor(a, undefined);
  return directoryFacets(a).map((facet) => ({
    Put: { TableName: TABLE, Item: directoryEntity.item({ ...card, facet, profile }) },
  }));
};

const entryDeletes = (id: string, facets: string[]): TxItem[] =>
  facets.map((facet) => ({ Delete: { TableName: TABLE, Key: directoryEntity.key(id, facet) } }));

const countAmbassador = (communityId: string, delta: 1 | -1): TxItem => ({
  Update: {
    TableName: TABLE,
    Key: communityStatsEntity.key(communityId),
    UpdateExpression: 'ADD ambassadors :d SET #t = :t',
    ExpressionAttributeNames: { '#t': 'type' },
    ExpressionAttributeValues: { ':d': delta, ':t': communityStatsEntity.type },
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
): Promise<Outcome<RegisterReason>> => {
  const profileCondition = previous
    ? {
        ConditionExpression: 'erased = :true AND version = :v',
        ExpressionAttributeValues: { ':true': true, ':v': previous.version },
      }
    : { ConditionExpression: 'attribute_not_exists(pk)' };
  const { failed } = await creationTransaction(
    [
      ...named('profile', { Put: { TableName: TABLE, Item: profileEntity.item(a), ...profileCondition } }),
      ...named('email', {
        Put: {
          TableName: TABLE,
          Item: emailGuardEntity.item({ email: a.email, ambassadorId: a.id }),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      }),
      ...named('counter', countAmbassador(communityOfProfile(a), 1)),
      // Back from erasure: the job puts them on the boards again.
      ...named('marker', ...(previous ? [changeMarker({ kind: 'ambassador', ambassadorId: a.id })] : [])),
      ...named('directory', ...entryPuts(a)),
    ],
    { body: a, id: a.id, version: a.version },
  );
  if (failed.has('profile')) return 'already_registered';
  if (failed.has('email')) return 'email_taken';
  return 'ok';
};

/**
 * Writes `next` over `current` if nobody changed it since it was read (its version), moving
 * the directory entries and community count with it. Returns false on a lost race.
 */
export const updateAmbassador = async (current: AmbassadorItem, next: AmbassadorItem): Promise<Outcome> => {
  const before = new Set(directoryFacets(current));
  const after = directoryFacets(next);
  const removed = [...before].filter((f) => !after.includes(f));
  const fromCommunity = communityOfProfile(current);
  const toCommunity = communityOfProfile(next);
  // An edit that changes nothing a directory card, a facet or a board shows (bio, phone,
  // expertise, languages) is the profile alone: one conditional update, not a transaction
  // over every directory entry.
  const cardsChanged =
    removed.length > 0 ||
    after.some((f) => !before.has(f)) ||
    !isDeepStrictEqual(profileFor(current, undefined), profileFor(next, undefined));
  if (!cardsChanged) {
    const { Update } = profileUpdate(current, next) as { Update: Record<string, unknown> };
    return writeIf(() => db.send(new UpdateCommand(Update as unknown as UpdateCommandInput)));
  }
  const { failed } = await transact([
    ...named('profile', profileUpdate(current, next)),
    ...named(
      'counters',
      ...(fromCommunity !== toCommunity
        ? [countAmbassador(fromCommunity, -1), countAmbassador(toCommunity, 1)]
        : []),
    ),
    ...named(
      'marker',
      // Leaderboard entries carry the name and community: let the job refresh them. The
      // entries below copy the stats as read; the job also re-copies them, in case a
      // verification landed between that read and this write.
      changeMarker(
        current.name !== next.name || fromCommunity !== toCommunity
          ? { kind: 'ambassador', ambassadorId: next.id, previousCommunity: fromCommunity }
          : { kind: 'stats', ambassadorId: next.id },
      ),
    ),
    ...named('directory', ...entryPuts(next), ...entryDeletes(current.id, removed)),
  ]);
  return failed.has('profile') ? 'changed' : 'ok';
};

/**
 * PDPL erasure: the profile becomes a tombstone without personal data (name, email, phone,
 * bio, expertise), the email is freed and the directory entries go. Contributions keep
 * their `id` and are shown as "former ambassador".
 */
export const eraseAmbassador = async (current: AmbassadorItem, at: string): Promise<Outcome> => {
  const { failed } = await transact([
    ...named('profile', {
      // The tombstone keeps the id, join date, region and stats; personal data goes.
      Update: {
        TableName: TABLE,
        Key: profileEntity.key(current.id),
        UpdateExpression:
          // identityPending: the Cognito user goes next (identityDeleted, docs/identity.md).
          'SET erased = :true, identityPending = :true, erasedAt = :at, updatedAt = :at, version = :next REMOVE #name, nameFolded, email, phone, bio, expertise',
        ConditionExpression: 'version = :v AND attribute_not_exists(erased)',
        ExpressionAttributeNames: { '#name': 'name' },
        ExpressionAttributeValues: {
          ':true': true,
          ':at': at,
          ':v': current.version,
          ':next': current.version + 1,
        },
      },
    }),
    ...named('email', { Delete: { TableName: TABLE, Key: emailGuardEntity.key(current.email) } }),
    ...named('counter', countAmbassador(communityOfProfile(current), -1)),
    // Erased ambassadors leave the leaderboards at the next run.
    ...named(
      'marker',
      changeMarker({
        kind: 'ambassador',
        ambassadorId: current.id,
        previousCommunity: communityOfProfile(current),
      }),
    ),
    ...named('directory', ...entryDeletes(current.id, directoryFacets(current))),
  ]);
  return failed.has('profile') ? 'changed' : 'ok';
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

const entryMatches = (q: DirectoryQuery, e: DirectoryEntry): boolean => {
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

/**
 * AP2. One query on the narrowest facet; other filters are checked on the entries read.
 */
export const listDirectory = (q: DirectoryQuery): Promise<Page<PublicProfile>> => {
  const facet = primaryFacet(q);
  // The q facet is a two-letter bucket, so its entries are always checked against the words.
  const filtered =
    q.q !== undefined ||
    Object.keys(q).some((k) => k !== 'limit' && k !== 'cursor' && k !== primaryFilterName(facet));
  return queryPage({
    fingerprint: `directory|${JSON.stringify([q.governorate, q.wilayat, q.city, q.interest, q.country, q.q ? fold(q.q) : null])}`,
    input: {
      ...listings.query(directoryPartition(facet)),
      ProjectionExpression: `${listings.keyAttributes.join(', ')}, #profile, #words`,
      ExpressionAttributeNames: { '#profile': 'profile', '#words': 'words' },
    },
    keyAttributes: listings.keyAttributes,
    limit: q.limit,
    cursor: q.cursor,
    filter: filtered ? (e) => entryMatches(q, e as unknown as DirectoryEntry) : undefined,
    map: (e) => (e as unknown as DirectoryEntry).profile,
  });
};

interface DirectoryEntry {
  profile: PublicProfile;
  words: string[];
}

const primaryFilterName = (facet: string): string => (facet === 'all' ? '' : (facet.split('#')[0] ?? ''));

/** The repository the ambassador use cases run against. */
/**
 * The erasure's first step (§10 "Erasure and teams"): marks the profile, without touching its
 * version (a concurrent edit still goes through), so that no team can take it from now on:
 * join requests, accepts and hand-overs check `attribute_not_exists(erasing)`. Idempotent;
 * the tombstone keeps the mark, a re-registration replaces the item.
 */
export const beginErasure = async (id: string, at: string): Promise<void> => {
  await db.send(
    new UpdateCommand({
      TableName: TABLE,
      Key: profileEntity.key(id),
      UpdateExpression: 'SET erasing = if_not_exists(erasing, :at)',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':at': at },
    }),
  );
};

/**
 * The erasure's last step: the Cognito user is deleted, so the tombstone no longer waits for
 * it (a later DELETE /ambassadors/me answers 403 `not_registered`). Idempotent.
 */
export const identityDeleted = async (id: string): Promise<void> => {
  await db.send(
    new UpdateCommand({
      TableName: TABLE,
      Key: profileEntity.key(id),
      UpdateExpression: 'REMOVE identityPending',
      ConditionExpression: 'attribute_exists(pk)',
    }),
  );
};

export const ambassadorRepo: AmbassadorRepo & ErasureMark = {
  get: getAmbassador,
  register: registerAmbassador,
  update: updateAmbassador,
  erase: eraseAmbassador,
  beginErasure,
};

/**
 * AP3, one page of the caller's export: one query of the caller's `byOwner` partition
 * (gsi2pk = OWNER#<id>), read in sort-key order, so every kind of item comes as one run
 * (COMMENT#, IDEA#, JOIN#, LECT#, MEMBER#, RES#), until the next item would pass `budget`
 * bytes. The cursor is the last item the page holds, signed and bound to the caller.
 */
export const exportPage = async (
  ambassadorId: string,
  cursor: string | undefined,
  budget: number,
): Promise<{ sections: Record<ExportSection, unknown[]>; nextCursor: string | null }> => {
  const fingerprint = `export|${ambassadorId}`;
  let startKey = await decodeCursor(fingerprint, cursor);
  const sections = emptySections();
  let used = 0;
  do {
    const out = await db.send(
      new QueryCommand({ ...byOwner.query(owned.partition(ambassadorId)), ExclusiveStartKey: startKey }),
    );
    for (const item of out.Items ?? []) {
      const section = sectionOfType(String(item.type));
      if (!section) continue;
      const view = exportView(section, strip(item));
      const bytes = itemBytes(view);
      // Full: the next page starts after the last item this one holds. A page holds at least
      // one item, so an export always moves on (an item is far below the budget).
      if (used + bytes > budget && used > 0)
        return { sections, nextCursor: await encodeCursor(fingerprint, startKey) };
      sections[section].push(view);
      used += bytes;
      startKey = Object.fromEntries(byOwner.keyAttributes.map((k) => [k, item[k]]));
    }
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return { sections, nextCursor: null };
};

/**
 * AP1 for many ids at once (BatchGetItem over their profiles, reading only id, name and
 * erased): each found ambassador's display name, undefined for an erased one. An id without
 * a profile is absent from the map.
 */
export const ambassadorNames = async (ids: readonly string[]): Promise<Map<string, string | undefined>> => {
  const profiles = await batchGet(
    ids.map((id) => profileEntity.key(id)),
    { expression: 'id, #n, erased', names: { '#n': 'name' } },
  );
  return new Map(profiles.map((p) => [String(p.id), p.erased ? undefined : (p.name as string)]));
};
