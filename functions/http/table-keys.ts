/**
 * Least privilege by key: which partition key prefixes a function may read and write, and
 * which indexes it may query (docs/data-model.md, "Least privilege by key"). Each route
 * declares its own (`RouteSpec.keys`), jobs theirs (functions/scheduled/table-access.ts);
 * what the HTTP kit itself does (the caller's profile, the write quota, idempotency records)
 * is declared once here and added by `tableKeysOf`. The CDK stack turns a declaration into
 * IAM statements with `dynamodb:LeadingKeys` conditions (infra/constructs/bundled-function.ts);
 * the local server refuses an undeclared access (infra/local/key-access.ts).
 *
 * Types and string constants only: a handler's bundle gains a few hundred bytes.
 */
import type { IndexName } from '#store/table.ts';

/**
 * The partition key prefixes of the table's items (docs/data-model.md, Entities). A test
 * (test/infra/least-privilege.test.ts) checks each against the entity declarations.
 */
export const PK = {
  ambassador: 'AMB#',
  email: 'EMAIL#',
  lecture: 'LECT#',
  community: 'COMMUNITY#',
  governorate: 'GOV#',
  city: 'CITY#',
  changes: 'LBQ#',
  rank: 'RANK#',
  board: 'BOARD#',
  idea: 'IDEA#',
  idempotency: 'IDEMP#',
  quota: 'QUOTA#',
  /** The outbox's events and their bus delivery records. */
  event: 'EVENT#',
  /** A recipient's notifications, unread counter, preferences and delivery records. */
  inbox: 'INBOX#',
  /** The digest's queue of recipients with something waiting. */
  digestQueue: 'DIGESTQ#',
  /** Seasons (one partition). */
  seasons: 'SEASONS',
  /** An ambassador's ledger entries and point totals. */
  points: 'PTS#',
  /** One attendee's check-ins to one organizer's lectures (§12, recycled_audience). */
  attendance: 'ATTEND#',
  /** A guest check-in's claim, by the hash of its token (§12). */
  claim: 'CLAIM#',
} as const;

/** The partition key prefixes of the indexes' partitions. */
export const INDEX_PK = {
  /** listings */
  directory: 'DIR#',
  lectureLists: 'LECTS#',
  /** Scheduled lectures, soonest first (sparse). */
  upcoming: 'UPCOMING#',
  ideaLists: 'IDEAS#',
  showcase: 'SHOWCASE',
  /** A recipient's unread notifications (sparse). */
  unread: 'UNREAD#',
  /** An ambassador's ledger, by date. */
  points: 'POINTS#',
  /** byOwner */
  owner: 'OWNER#',
  /** reviewQueue */
  lectureQueue: 'QUEUE#lectures',
  ideaQueue: 'QUEUE#ideas',
  /** ranking */
  rank: 'RANK#',
} as const;

export type KeyPrefix = string;

/** What a function may do to the table, by key. */
export interface TableKeys {
  /** Partition key prefixes read: GetItem, BatchGetItem, Query on the table, ConditionCheckItem. */
  readonly reads?: readonly KeyPrefix[];
  /** Partition key prefixes written: PutItem, UpdateItem, DeleteItem, BatchWriteItem. */
  readonly writes?: readonly KeyPrefix[];
  /** The indexes queried, each with the index partition key prefixes asked for. */
  readonly indexes?: { readonly [N in IndexName]?: readonly KeyPrefix[] };
}

/** A declaration with every part present, prefixes sorted and unique. */
export interface ResolvedTableKeys {
  reads: string[];
  writes: string[];
  indexes: Partial<Record<IndexName, string[]>>;
}

const uniq = (l: readonly string[]) => [...new Set(l)].sort();

/** Several declarations as one. */
export const mergeTableKeys = (...all: (TableKeys | undefined)[]): ResolvedTableKeys => {
  const indexes: Partial<Record<IndexName, string[]>> = {};
  for (const k of all)
    for (const [name, prefixes] of Object.entries(k?.indexes ?? {}) as [IndexName, string[]][])
      indexes[name] = uniq([...(indexes[name] ?? []), ...prefixes]);
  return {
    reads: uniq(all.flatMap((k) => k?.reads ?? [])),
    writes: uniq(all.flatMap((k) => k?.writes ?? [])),
    indexes,
  };
};

/** The HTTP kit's own work (kit.ts), declared once. */
export const KIT_KEYS = {
  /** `ambassador` routes: the caller's profile (AP1), read before anything else. */
  profile: { reads: [PK.ambassador] },
  /** Writing routes: the caller's write quota (AP29), one conditional `ADD`. */
  quota: { writes: [PK.quota] },
  /** Creating POSTs: the Idempotency-Key's record (AP27), read, claimed and completed. */
  idempotency: { reads: [PK.idempotency], writes: [PK.idempotency] },
} as const satisfies Record<string, TableKeys>;

/**
 * An idea's transition (functions/store/ideas.ts; edit, withdraw, decision, start, complete,
 * feature): the idea's collection (idea, copies, audit trail, the leader's membership), a
 * city's and a community's project counters, the team's profile stats and change markers,
 * and the ledger entries and totals of the points it earns or takes back (its team's).
 */
export const IDEA_TRANSITION_KEYS = {
  reads: [PK.idea, PK.ambassador, PK.points],
  writes: [PK.idea, PK.ambassador, PK.city, PK.community, PK.changes, PK.points],
} as const satisfies TableKeys;

/**
 * A change to a team (functions/store/teams.ts; a join decision, leaving, handing over): the
 * idea's collection (idea, copies, requests, memberships), the members' profile stats and
 * change markers, and the event each of them tells of (the outbox).
 */
export const TEAM_CHANGE_KEYS = {
  reads: [PK.idea, PK.ambassador],
  writes: [PK.idea, PK.ambassador, PK.changes, PK.event],
} as const satisfies TableKeys;

/** An idea's transition that tells people of itself (a decision, start, complete, feature). */
export const TELLING_TRANSITION_KEYS = {
  reads: IDEA_TRANSITION_KEYS.reads,
  writes: [...IDEA_TRANSITION_KEYS.writes, PK.event],
} as const satisfies TableKeys;

interface KeyedRoute {
  id: string;
  method: string;
  role: string;
  status: number;
  access: 'none' | 'read' | 'write';
  quota?: false;
  keys?: TableKeys;
}

/**
 * Everything a route's function may touch: its own declaration and the kit's work for its
 * role and method (the same rules as kit-core.ts: quota on non-GET routes unless
 * `quota: false`, idempotency on creating POSTs, the profile on `ambassador` routes).
 * Throws on a declaration that contradicts the route's `access`.
 */
export const tableKeysOf = (spec: KeyedRoute): ResolvedTableKeys => {
  if (spec.access === 'none') {
    if (spec.keys) throw new Error(`${spec.id}: access 'none' declares no keys`);
    return { reads: [], writes: [], indexes: {} };
  }
  const keys = mergeTableKeys(
    spec.keys,
    spec.role === 'ambassador' ? KIT_KEYS.profile : undefined,
    spec.method !== 'GET' && spec.quota !== false ? KIT_KEYS.quota : undefined,
    spec.method === 'POST' && spec.status === 201 ? KIT_KEYS.idempotency : undefined,
  );
  if (spec.access === 'read' && keys.writes.length)
    throw new Error(`${spec.id}: access 'read' writes nothing, yet declares ${keys.writes.join(', ')}`);
  if (!keys.reads.length && !keys.writes.length && !Object.keys(keys.indexes).length)
    throw new Error(`${spec.id}: access '${spec.access}' needs a keys declaration`);
  return keys;
};
