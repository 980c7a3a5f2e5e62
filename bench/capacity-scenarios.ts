/**
 * One request per route of the table, made over HTTP against the local server, with what it
 * consumed (the `x-consumed-capacity` header: DynamoDB's own figures, summed per request)
 * next to the least it could consume: the items the route must read or write, each at the
 * cheapest price the contract allows.
 *
 * Shared by `bench/capacity.ts` (on the seeded programme, with US$ per million requests) and
 * `test/e2e/capacity-budget.test.ts` (the budget, asserted: capacity units are deterministic,
 * unlike times).
 *
 * How a minimum is priced (DynamoDB's rules):
 * - an eventually consistent read is 0.5 RCU per 4 KB; a strongly consistent one 1 RCU; a
 *   query is priced on the bytes it returns, summed, then rounded up to 4 KB;
 * - a write is 1 WCU per KB of the item; an item in a transaction costs twice (reads 2 RCU
 *   per 4 KB, writes 2 WCU per KB). A change of several items must be a transaction (no
 *   half-written state), so their floor is the transactional price.
 * - The caller's profile, read strongly on every `ambassador` route (the contract's 403
 *   `not_registered`, and a client registering then acting at once), is part of the floor.
 * - Every writing request (POST, PATCH, PUT, DELETE; not a route with `quota: false`) first
 *   counts against the caller's write quota (docs/api-contract.md §10): one conditional UpdateItem
 *   of a counter of a few bytes, 1 WCU, in every writing route's floor.
 * Item sizes in the floor are the real ones: the scenario reads the items it needs back from
 * the table after the request (`sizes`), or prices a query page from the bytes returned.
 */
import { randomUUID } from 'node:crypto';
import type { RouteSpec } from '#http/route-spec.ts';
import { type RouteId, routes } from '#http/routes/index.ts';
import type { Answer, HttpClient } from './lib.ts';

export interface Api extends HttpClient {
  /** Sizes (as DynamoDB counts them) of a partition's items whose sort key starts with `skPrefix`. */
  sizes: (pk: string, skPrefix?: string) => Promise<number[]>;
  /**
   * Sets attributes of one item directly in the table: a scheduled lecture moved into the past
   * (the shared test server's clock cannot be moved), so that its report can be measured.
   */
  setAttributes: (key: { pk: string; sk: string }, values: Record<string, unknown>) => Promise<void>;
}

export interface Consumed {
  read: number;
  write: number;
  calls: number;
  itemsRead: number;
  itemsWritten: number;
}

/** One priced part of a route's floor. */
export interface Part {
  what: string;
  read?: number;
  write?: number;
  items: number;
}

export interface Measurement {
  route: string;
  method: string;
  path: string;
  status: number;
  consumed: Consumed;
  floor: { read: number; write: number; items: number; parts: Part[] };
}

export const parseConsumed = (h: Headers): Consumed => {
  const raw = h.get('x-consumed-capacity');
  if (!raw) throw new Error('no x-consumed-capacity header (is EXPOSE_CAPACITY=1?)');
  const f = Object.fromEntries(raw.split(';').map((kv) => kv.split('=') as [string, string]));
  return {
    read: Number(f.read),
    write: Number(f.write),
    calls: Number(f.calls),
    itemsRead: Number(f.itemsRead),
    itemsWritten: Number(f.itemsWritten),
  };
};

// ---------------------------------------------------------------------------------------------
// Prices

const KB = 1024;
const up = (bytes: number, unit: number) => Math.max(1, Math.ceil(bytes / unit));
/** The caller's write-quota counter for this minute (functions/store/quota.ts): 1 WCU. */
const quotaCounter: Part = { what: 'write quota counter (conditional UpdateItem)', write: 1, items: 1 };
const countsAgainstQuota = (spec: RouteSpec) => spec.method !== 'GET' && spec.quota !== false;
/** The caller's profile, read strongly. */
const me = (bytes = 1): Part => ({ what: 'caller profile (strong)', read: up(bytes, 4 * KB), items: 1 });
const get = (what: string, bytes = 1, strong = false): Part => ({
  what,
  read: up(bytes, 4 * KB) * (strong ? 1 : 0.5),
  items: 1,
});
/** A query: priced on the bytes returned, rounded up once. */
const page = (what: string, items: unknown[], strong = false): Part => ({
  what: `${what} (${items.length} items, 1 query)`,
  read: up(Buffer.byteLength(JSON.stringify(items)), 4 * KB) * (strong ? 1 : 0.5),
  items: items.length,
});
const put = (what: string, bytes: number): Part => ({ what, write: up(bytes, KB), items: 1 });
/** Items written together in one transaction: 2 WCU per KB each. */
const tx = (what: string, sizes: number[]): Part => ({
  what: `${what} (transaction of ${sizes.length})`,
  write: sizes.reduce((s, b) => s + 2 * up(b, KB), 0),
  items: sizes.length,
});
const none: Part[] = [];
/**
 * The event a change tells of (docs/api-contract.md §11), one more item of its transaction
 * (the outbox): ids, a title and the recipients, well under 1 KB.
 */
const EVENT_BYTES = 1000;
/** The team, one strong query, to know whom an event tells (every member, or all but the actor). */
const team = async (w: World, ideaId: string): Promise<Part> => {
  const sizes = await w.api.sizes(`IDEA#${ideaId}`, 'MEMBER#');
  return {
    what: `memberships, strong (${sizes.length}, 1 query: whom the event tells)`,
    read: up(
      sizes.reduce((a, b) => a + b, 0),
      4 * KB,
    ),
    items: sizes.length,
  };
};

/**
 * A change's points (docs/api-contract.md §13), in its transaction: each recipient's entry
 * (its sort key `E#<reason>#<source type>#<source id>#<recipient>`), totals and leaderboard
 * marker, and each entry's ledger listing (the `listings` index).
 */
const ledger = async (w: World, reason: string, source: string, recipients: string[]): Promise<Part[]> => {
  const entries = (
    await Promise.all(recipients.map((id) => w.api.sizes(`PTS#${id}`, `E#${reason}#${source}#${id}`)))
  ).flat();
  const totals = (await Promise.all(recipients.map((id) => w.api.sizes(`PTS#${id}`, 'TOTALS')))).flat();
  return [
    // With a change marker per recipient: the `points` board follows.
    tx(`${reason}: ${entries.length} ledger entries, totals and board markers`, [
      ...entries,
      ...totals,
      ...recipients.map(() => 100),
    ]),
    { what: `index entries (${entries.length} ledger listings)`, write: entries.length, items: 0 },
  ];
};

// ---------------------------------------------------------------------------------------------
// The world the scenarios act in

const json = (r: Answer, want: number, what: string) => {
  if (r.status !== want) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)?.slice(0, 300)}`);
  return r.body;
};

const omanDate = (daysAgo = 0) =>
  new Date(Date.now() + 4 * 3600_000 - daysAgo * 86_400_000).toISOString().slice(0, 10);

export const profileInput = (n: number, overrides: Record<string, unknown> = {}) => ({
  name: `سفير ${['أحمد', 'مريم', 'سالم', 'عائشة'][n % 4]} ${'ابجدهوزحطي'[n % 10]}${n}`,
  governorate: 'OM-MA',
  wilayat: 'bawshar',
  interests: ['mobility', 'energy'],
  expertise: ['urban planning'],
  bio: 'مهندسة في مسقط تعمل على حلول النقل الذكي.',
  phone: '+96891234567',
  languages: ['ar', 'en'],
  ...overrides,
});

const lectureInput = (overrides: Record<string, unknown> = {}) => ({
  title: 'عدادات المياه الذكية لمنازل بوشر',
  topic: 'water',
  description: 'كيف تقلل العدادات الذكية استهلاك المياه في المنازل.',
  deliveredOn: omanDate(1),
  format: 'in_person',
  governorate: 'OM-MA',
  wilayat: 'bawshar',
  venue: 'قاعة بوشر المجتمعية',
  audience: 'public',
  attendees: 40,
  evidenceUrls: ['https://example.om/photo.jpg'],
  ...overrides,
});

const ideaInput = (overrides: Record<string, unknown> = {}) => ({
  title: 'ري ذكي لمزارع النخيل في نزوى',
  summary: 'حساسات للتربة ولوحة مشتركة ليسقي المزارعون النخيل عند الحاجة فقط.',
  problem: 'مياه الأفلاج شحيحة في الصيف.',
  city: 'nizwa',
  tags: ['water', 'iot'],
  missions: ['research', 'engagement'],
  teamSize: 5,
  ...overrides,
});

interface Person {
  id: string;
  token: string;
}

export interface World {
  api: Api;
  staff: string;
  /** Makes a fresh registered ambassador. */
  ambassador: (overrides?: Record<string, unknown>) => Promise<Person>;
  /** A registered ambassador with history (seeded data when there is some). */
  veteran: Person;
}

let counter = 0;
export const makeWorld = async (api: Api, veteranId?: string): Promise<World> => {
  const ambassador = async (overrides: Record<string, unknown> = {}): Promise<Person> => {
    const id = `cap-${randomUUID().slice(0, 12)}`;
    const token = await api.token(id);
    json(
      await api.call('POST', '/ambassadors', { token, body: profileInput(counter++, overrides) }),
      201,
      'register',
    );
    return { id, token };
  };
  const staff = await api.token(`cap-staff-${randomUUID().slice(0, 8)}`, ['staff']);
  const veteran = veteranId ? { id: veteranId, token: await api.token(veteranId) } : await ambassador();
  return { api, staff, ambassador, veteran };
};

// ---------------------------------------------------------------------------------------------
// Building blocks

const report = async (w: World, p: Person, overrides: Record<string, unknown> = {}) =>
  json(
    await w.api.call('POST', '/lectures', { token: p.token, body: lectureInput(overrides) }),
    201,
    'report',
  );
/** A scheduled lecture (§12) that started 2 hours ago and lasted an hour: ready to be reported. */
const endedScheduled = async (w: World, p: Person) => {
  const startsAt = new Date(Date.now() + 3600_000).toISOString();
  const l = await report(w, p, {
    deliveredOn: undefined,
    attendees: undefined,
    startsAt,
    durationMinutes: 60,
  });
  await w.api.setAttributes(
    { pk: `LECT#${l.id}`, sk: 'LECTURE' },
    { startsAt: new Date(Date.now() - 2 * 3600_000).toISOString() },
  );
  return l;
};
/** A scheduled lecture (§12) starting in 10 minutes: its check-in window is open. */
const openForCheckIn = (w: World, p: Person) =>
  report(w, p, {
    deliveredOn: undefined,
    attendees: undefined,
    startsAt: new Date(Date.now() + 10 * 60_000).toISOString(),
    durationMinutes: 60,
  });
const verify = async (w: World, id: string) =>
  json(
    await w.api.call('POST', `/staff/lectures/${id}/review`, {
      token: w.staff,
      body: { decision: 'verify', verifiedAttendees: 35 },
    }),
    200,
    'verify',
  );
const submit = async (w: World, p: Person, overrides: Record<string, unknown> = {}) =>
  json(await w.api.call('POST', '/ideas', { token: p.token, body: ideaInput(overrides) }), 201, 'submit');
const approve = async (w: World, id: string) =>
  json(
    await w.api.call('POST', `/staff/ideas/${id}/decision`, {
      token: w.staff,
      body: { decision: 'approve' },
    }),
    200,
    'approve',
  );
const ask = async (w: World, ideaId: string, p: Person) =>
  json(
    await w.api.call('POST', `/ideas/${ideaId}/join-requests`, {
      token: p.token,
      body: { message: 'أود الانضمام', role: 'باحث' },
    }),
    201,
    'join request',
  );
const accept = async (w: World, ideaId: string, leader: Person, who: Person) =>
  json(
    await w.api.call('POST', `/ideas/${ideaId}/join-requests/${who.id}/decision`, {
      token: leader.token,
      body: { decision: 'accept' },
    }),
    200,
    'accept',
  );
/** An approved idea with a team of two (leader + one), in progress when `started`. */
const project = async (w: World, state: 'approved' | 'team' | 'in_progress' | 'completed') => {
  const leader = await w.ambassador();
  const idea = await submit(w, leader);
  await approve(w, idea.id);
  if (state === 'approved') return { idea, leader, member: undefined };
  const member = await w.ambassador();
  await ask(w, idea.id, member);
  await accept(w, idea.id, leader, member);
  if (state === 'team') return { idea, leader, member };
  json(await w.api.call('POST', `/ideas/${idea.id}/start`, { token: leader.token }), 200, 'start');
  if (state === 'completed')
    json(
      await w.api.call('POST', `/ideas/${idea.id}/complete`, {
        token: leader.token,
        body: { outcome: 'ركّبنا الحساسات في أربعين مزرعة وخفضنا استهلاك المياه بالخمس.', links: [] },
      }),
      200,
      'complete',
    );
  return { idea, leader, member };
};

// ---------------------------------------------------------------------------------------------
// The scenarios: one per route id

interface Prepared {
  method: string;
  path: string;
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** The floor, priced once the answer is known. */
  floor: (res: Answer) => Promise<Part[]> | Part[];
}

type Scenario = (w: World) => Promise<Prepared>;

const profileBytes = async (w: World, id: string) => (await w.api.sizes(`AMB#${id}`, 'PROFILE'))[0] ?? 0;
/** An ambassador's directory entries (one per facet: all, country, region, interests, name buckets). */
const entries = (w: World, id: string) => w.api.sizes(`AMB#${id}`, 'DIR#');

const items = (r: Answer): unknown[] => (r.body?.items as unknown[]) ?? [];

/** An idea's own items: the idea, and one listing entry per public facet (each carries the card). */
const ideaItems = async (w: World, id: string) => ({
  idea: (await w.api.sizes(`IDEA#${id}`, 'IDEA'))[0] ?? 0,
  listings: await w.api.sizes(`IDEA#${id}`, 'LIST#'),
});

/**
 * A transition of an idea: the idea (conditional on its version), every listing entry (the
 * cards show the status; `removed` entries leave the old status's list), the audit entry, and
 * `extra` small items (counters, memberships, board markers) the contract moves with it.
 */
const ideaTransition = async (
  w: World,
  id: string,
  what: string,
  extra: number,
  removed = 0,
): Promise<Part[]> => {
  const { idea, listings } = await ideaItems(w, id);
  return [
    tx(
      `idea, ${listings.length} listing entries${removed ? ` (+${removed} removed)` : ''}, audit entry, ${what}`,
      [idea, ...listings, ...Array(removed).fill(100), 200, ...Array(extra).fill(100)],
    ),
    { what: `index entries of the listings (${listings.length})`, write: listings.length, items: 0 },
  ];
};

/** One per route of the table (keyed by its id: a missing or misspelt one fails the type check). */
export const scenarios: Record<RouteId, Scenario> = {
  getHealth: async () => ({ method: 'GET', path: '/health', floor: () => none }),
  listRegions: async () => ({ method: 'GET', path: '/regions', floor: () => none }),
  listInterests: async () => ({ method: 'GET', path: '/interests', floor: () => none }),
  getOpenApi: async () => ({ method: 'GET', path: '/openapi.json', floor: () => none }),
  routeNotFound: async () => ({ method: 'GET', path: '/no-such-route', floor: () => none }),

  registerAmbassador: async (w) => {
    const id = `cap-${randomUUID().slice(0, 12)}`;
    const body = profileInput(counter++);
    return {
      method: 'POST',
      path: '/ambassadors',
      token: await w.api.token(id),
      body,
      floor: async () => {
        const dir = await entries(w, id);
        return [
          get('own profile, strong (a tombstone of an erased registration carries over)', 1, true),
          tx('profile, email guard, community count, one directory entry per facet', [
            await profileBytes(w, id),
            100,
            100,
            ...dir,
          ]),
          { what: `directory index entries (${dir.length})`, write: dir.length, items: 0 },
        ];
      },
    };
  },
  getMe: async (w) => ({
    method: 'GET',
    path: '/ambassadors/me',
    token: w.veteran.token,
    floor: async () => [me(await profileBytes(w, w.veteran.id))],
  }),
  patchMe: async (w) => {
    const p = await w.ambassador();
    return {
      method: 'PATCH',
      path: '/ambassadors/me',
      token: p.token,
      // The bio is on the public profile, so on every directory card (a page of 20 is one query).
      body: { bio: 'أعمل على النقل الذكي في مسقط منذ خمس سنوات.' },
      floor: async () => {
        const dir = await entries(w, p.id);
        const profile = await profileBytes(w, p.id);
        return [
          me(profile),
          tx(`profile, ${dir.length} directory cards, board marker (cards copy stats as read)`, [
            profile,
            ...dir,
            100,
          ]),
          { what: `directory index entries (${dir.length})`, write: dir.length, items: 0 },
        ];
      },
    };
  },
  deleteMe: async (w) => {
    const p = await w.ambassador();
    const dir = await entries(w, p.id);
    const profile = await profileBytes(w, p.id);
    return {
      method: 'DELETE',
      path: '/ambassadors/me',
      token: p.token,
      floor: () => [
        me(profile),
        // Deletes and updates in a transaction are priced at 1 KB each (see functions/store/pricing.ts).
        tx('tombstone, email guard, community count, board marker, directory entries', [
          100,
          100,
          100,
          100,
          ...dir.map(() => 100),
        ]),
        page('own idempotency records (none)', []),
        page('own inbox partition (empty)', []),
        put('digest marker (delete: whether there is one is not known)', 1),
      ],
    };
  },
  exportMe: async (w) => ({
    method: 'GET',
    path: '/ambassadors/me/export',
    token: w.veteran.token,
    floor: (res) => [
      me(),
      page('own lectures', (res.body?.lectures as unknown[]) ?? []),
      page('own resources', (res.body?.resources as unknown[]) ?? []),
      page('own ideas', (res.body?.ideas as unknown[]) ?? []),
    ],
  }),
  getAmbassador: async (w) => ({
    method: 'GET',
    path: `/ambassadors/${w.veteran.id}`,
    token: w.staff,
    floor: async () => [get('the profile', await profileBytes(w, w.veteran.id))],
  }),
  listAmbassadors: async (w) => ({
    method: 'GET',
    path: '/ambassadors?limit=20',
    token: w.veteran.token,
    floor: (res) => [page('directory page', items(res))],
  }),

  reportLecture: async (w) => ({
    method: 'POST',
    path: '/lectures',
    token: w.veteran.token,
    body: lectureInput(),
    floor: (res) => [
      me(),
      put('the lecture (organizer and review-queue index entries)', 1000),
      { what: 'index entries (byOwner, reviewQueue)', write: 2, items: 0 },
      ...(res.status === 201 ? [] : []),
    ],
  }),
  getLecture: async (w) => {
    const l = await report(w, w.veteran);
    return {
      method: 'GET',
      path: `/lectures/${l.id}`,
      token: w.staff,
      floor: () => [get('the lecture', 1000)],
    };
  },
  listLectures: async (w) => ({
    method: 'GET',
    path: '/lectures?limit=20',
    token: w.veteran.token,
    floor: (res) => [page('verified lectures page', items(res))],
  }),
  listUpcomingLectures: async (w) => {
    await report(w, w.veteran, {
      deliveredOn: undefined,
      attendees: undefined,
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
      durationMinutes: 90,
    });
    return {
      method: 'GET',
      path: '/lectures/upcoming?limit=20',
      floor: (res) => [page('upcoming lectures page', items(res))],
    };
  },
  reportScheduledLecture: async (w) => {
    const l = await endedScheduled(w, w.veteran);
    return {
      method: 'POST',
      path: `/lectures/${l.id}/report`,
      token: w.veteran.token,
      body: { attendees: 60 },
      floor: () => [
        me(),
        put('the lecture (conditional on status and version)', 1000),
        { what: 'index entries (owner, upcoming removed, review queue)', write: 3, items: 0 },
      ],
    };
  },
  getCheckinCode: async (w) => {
    const l = await openForCheckIn(w, w.veteran);
    return {
      method: 'GET',
      path: `/lectures/${l.id}/checkin-code`,
      token: w.veteran.token,
      floor: () => [me(), get('the lecture', 1000)],
    };
  },
  checkIn: async (w) => {
    const l = await openForCheckIn(w, w.veteran);
    const { code } = json(
      await w.api.call('GET', `/lectures/${l.id}/checkin-code`, { token: w.veteran.token }),
      200,
      'code',
    );
    const attendee = await w.ambassador();
    return {
      method: 'POST',
      path: `/lectures/${l.id}/check-ins`,
      token: attendee.token,
      body: { code },
      floor: async () => [
        get('the lecture', 1000),
        get('the caller profile (strong: its name)', await profileBytes(w, attendee.id), true),
        get("the attendee's count of the organizer's lectures (strong)", 100, true),
        tx(
          'check-in, lecture condition, counters, 2 burst buckets, attendance counter',
          [300, 1000, 100, 100, 100, 100],
        ),
        get('burst bucket a (strong, BatchGetItem)', 100, true),
        get('burst bucket b (strong, BatchGetItem)', 100, true),
        put('largest bucket raised (conditional)', 100),
      ],
    };
  },
  guestCheckIn: async (w) => {
    const l = await openForCheckIn(w, w.veteran);
    const { code } = json(
      await w.api.call('GET', `/lectures/${l.id}/checkin-code`, { token: w.veteran.token }),
      200,
      'code',
    );
    return {
      method: 'POST',
      path: `/lectures/${l.id}/guest-check-ins`,
      body: { code, name: 'Guest Attendee' },
      floor: () => [
        get('the lecture', 1000),
        tx(
          'guest check-in, its claim, lecture condition, counters, 2 burst buckets',
          [300, 300, 1000, 100, 100, 100],
        ),
        get('burst bucket a (strong, BatchGetItem)', 100, true),
        get('burst bucket b (strong, BatchGetItem)', 100, true),
        put('largest bucket raised (conditional)', 100),
      ],
    };
  },
  claimCheckIn: async (w) => {
    const l = await openForCheckIn(w, w.veteran);
    const { code } = json(
      await w.api.call('GET', `/lectures/${l.id}/checkin-code`, { token: w.veteran.token }),
      200,
      'code',
    );
    const { claimToken } = json(
      await w.api.call('POST', `/lectures/${l.id}/guest-check-ins`, {
        body: { code, name: 'Guest Attendee' },
      }),
      201,
      'guest check-in',
    );
    const attendee = await w.ambassador();
    return {
      method: 'POST',
      path: '/me/check-ins/claim',
      token: attendee.token,
      body: { claimToken },
      floor: async () => [
        get('the claim (strong)', 300, true),
        get('the lecture (strong)', 1000, true),
        get('the caller profile (strong: its name)', await profileBytes(w, attendee.id), true),
        get("the attendee's count of the organizer's lectures (strong)", 100, true),
        tx(
          'claim and guest check-in deleted, check-in, counters, attendance counter',
          [300, 300, 300, 100, 100],
        ),
      ],
    };
  },
  listCheckIns: async (w) => {
    const l = await openForCheckIn(w, w.veteran);
    const { code } = json(
      await w.api.call('GET', `/lectures/${l.id}/checkin-code`, { token: w.veteran.token }),
      200,
      'code',
    );
    json(
      await w.api.call('POST', `/lectures/${l.id}/guest-check-ins`, {
        body: { code, name: 'Guest Attendee' },
      }),
      201,
      'guest check-in',
    );
    return {
      method: 'GET',
      path: `/lectures/${l.id}/check-ins?limit=20`,
      token: w.veteran.token,
      floor: (res) => [get('the lecture', 1000), page("the lecture's check-ins", items(res))],
    };
  },
  listMyLectures: async (w) => ({
    method: 'GET',
    path: '/ambassadors/me/lectures?limit=20',
    token: w.veteran.token,
    floor: (res) => [me(), page('own lectures page', items(res))],
  }),
  patchLecture: async (w) => {
    const l = await report(w, w.veteran);
    return {
      method: 'PATCH',
      path: `/lectures/${l.id}`,
      token: w.veteran.token,
      body: { attendees: 45 },
      floor: () => [
        me(),
        put('the lecture (conditional on organizer and status)', 1000),
        { what: 'index entries', write: 2, items: 0 },
      ],
    };
  },
  deleteLecture: async (w) => {
    const l = await report(w, w.veteran);
    return {
      method: 'DELETE',
      path: `/lectures/${l.id}`,
      token: w.veteran.token,
      floor: () => [
        me(),
        put('delete the lecture (conditional)', 1000),
        { what: 'index entries', write: 2, items: 0 },
      ],
    };
  },
  lectureQueue: async (w) => {
    await report(w, w.veteran);
    return {
      method: 'GET',
      path: '/staff/lectures?limit=20',
      token: w.staff,
      floor: (res) => [page('review queue page', items(res))],
    };
  },
  reviewLecture: async (w) => {
    const l = await report(w, w.veteran);
    return {
      method: 'POST',
      path: `/staff/lectures/${l.id}/review`,
      token: w.staff,
      body: { decision: 'verify', verifiedAttendees: 35 },
      floor: async () => {
        const lecture = (await w.api.sizes(`LECT#${l.id}`, 'LECTURE'))[0] ?? 0;
        const listings = await w.api.sizes(`LECT#${l.id}`, 'LIST#');
        const organizer = await profileBytes(w, w.veteran.id);
        return [
          get('the lecture, strong (exactly once)', lecture, true),
          get('the organizer, strong (no credit to an erased one)', organizer, true),
          tx(
            `lecture, ${listings.length} public-list entries, organizer stats, ambassador and governorate counters (all/year/month), community counters, board marker, event`,
            [lecture, ...listings, organizer, ...Array(8).fill(100), EVENT_BYTES],
          ),
          {
            what: `index entries (owner, ${listings.length} listings)`,
            write: 1 + listings.length,
            items: 0,
          },
          ...(await ledger(w, 'lecture_verified', `lecture#${l.id}`, [w.veteran.id])),
        ];
      },
    };
  },
  listCommunities: async () => ({
    method: 'GET',
    path: '/communities',
    floor: () => [{ what: '12 community counters (one batch)', read: 6, items: 12 }],
  }),
  getCommunity: async () => ({
    method: 'GET',
    path: '/communities/OM-MA',
    floor: (res) => [
      get('community counters', 200),
      page('top ambassadors (snapshot)', (res.body?.topAmbassadors as unknown[]) ?? []),
      page('recent lectures', (res.body?.recentLectures as unknown[]) ?? []),
      page('resources', (res.body?.resources as unknown[]) ?? []),
    ],
  }),
  addResource: async (w) => {
    // A sharer with fewer than five resources this month: the share earns points (§13).
    const p = await w.ambassador();
    return {
      method: 'POST',
      path: '/communities/OM-MA/resources',
      token: p.token,
      body: {
        title: 'دليل المدن الذكية',
        url: `https://example.om/${randomUUID()}`,
        kind: 'article',
        language: 'ar',
      },
      floor: async (res) => [
        me(),
        get("the sharer's count of resources that earned points this month (strong)", 1, true),
        tx('the resource (its community partition lists it), the monthly count', [600, 100]),
        { what: 'index entry (owner)', write: 1, items: 0 },
        ...(await ledger(w, 'resource_shared', `resource#${res.body?.id}`, [p.id])),
      ],
    };
  },
  listResources: async () => ({
    method: 'GET',
    path: '/communities/OM-MA/resources?limit=20',
    floor: (res) => [page('resources page', items(res))],
  }),
  getLeaderboard: async () => ({
    method: 'GET',
    path: '/leaderboards/lectures?period=all&limit=20',
    floor: (res) => [page('board page', items(res))],
  }),

  submitIdea: async (w) => ({
    method: 'POST',
    path: '/ideas',
    token: w.veteran.token,
    body: ideaInput(),
    floor: () => [
      me(),
      // The author's profile is a condition: no idea lands while its author's erasure runs.
      tx('the idea, its author still active', [900, 1000]),
      { what: 'index entries (owner, staff queue)', write: 2, items: 0 },
    ],
  }),
  getIdea: async (w) => {
    const { idea } = await project(w, 'approved');
    return {
      method: 'GET',
      path: `/ideas/${idea.id}`,
      token: w.veteran.token,
      floor: () => [get('the idea', 1500)],
    };
  },
  listIdeas: async (w) => ({
    method: 'GET',
    path: '/ideas?limit=20',
    token: w.veteran.token,
    floor: (res) => [page('public ideas page', items(res))],
  }),
  listMyIdeas: async (w) => {
    const p = await w.ambassador();
    await submit(w, p);
    return {
      method: 'GET',
      path: '/ambassadors/me/ideas?limit=20',
      token: p.token,
      floor: (res) => [me(), page('own ideas page', items(res))],
    };
  },
  patchIdea: async (w) => {
    const p = await w.ambassador();
    const idea = await submit(w, p);
    return {
      method: 'PATCH',
      path: `/ideas/${idea.id}`,
      token: p.token,
      body: { summary: 'حساسات رطوبة ولوحة بيانات مشتركة لمزارعي نزوى.' },
      floor: async () => {
        const { idea: bytes } = await ideaItems(w, idea.id);
        return [
          me(),
          get('the idea', bytes),
          tx('idea, audit entry', [bytes, 200]),
          { what: 'index entries (owner, queue)', write: 2, items: 0 },
        ];
      },
    };
  },
  withdrawIdea: async (w) => {
    const p = await w.ambassador();
    const idea = await submit(w, p);
    return {
      method: 'POST',
      path: `/ideas/${idea.id}/withdraw`,
      token: p.token,
      floor: async () => [
        me(),
        get('the idea', (await ideaItems(w, idea.id)).idea),
        ...(await ideaTransition(w, idea.id, 'community counter', 1)),
      ],
    };
  },
  ideaQueue: async (w) => {
    await submit(w, w.veteran);
    return {
      method: 'GET',
      path: '/staff/ideas?limit=20',
      token: w.staff,
      floor: (res) => [page('review queue page', items(res))],
    };
  },
  decideIdea: async (w) => {
    const p = await w.ambassador();
    const idea = await submit(w, p);
    return {
      method: 'POST',
      path: `/staff/ideas/${idea.id}/decision`,
      token: w.staff,
      body: { decision: 'approve' },
      floor: async () => [
        get(
          'the idea (exactly once: the write is conditional on its version)',
          (await ideaItems(w, idea.id)).idea,
        ),
        ...(await ideaTransition(
          w,
          idea.id,
          'city counters (all/year/month), project marker, community counter, leader membership, author stats, stats marker, event',
          9,
        )),
        ...(await ledger(w, 'idea_approved', `idea#${idea.id}`, [p.id])),
      ],
    };
  },
  ideaAudit: async (w) => {
    const { idea } = await project(w, 'approved');
    return {
      method: 'GET',
      path: `/staff/ideas/${idea.id}/audit`,
      token: w.staff,
      floor: (res) => [get('the idea', 1500), page('audit entries', items(res))],
    };
  },
  addComment: async (w) => {
    const { idea } = await project(w, 'approved');
    return {
      method: 'POST',
      path: `/ideas/${idea.id}/comments`,
      token: w.veteran.token,
      body: { body: 'فكرة رائعة، هل جربتم حساسات الطاقة الشمسية؟' },
      floor: async () => [
        me(),
        get('the idea (public?)', (await ideaItems(w, idea.id)).idea),
        tx('the comment, the idea still public (condition check)', [400, 100]),
        { what: 'index entry (owner)', write: 1, items: 0 },
      ],
    };
  },
  listComments: async (w) => {
    const { idea, leader } = await project(w, 'approved');
    for (let i = 0; i < 3; i++)
      await w.api.call('POST', `/ideas/${idea.id}/comments`, {
        token: leader.token,
        body: { body: `تعليق ${i}` },
      });
    return {
      method: 'GET',
      path: `/ideas/${idea.id}/comments?limit=20`,
      token: w.veteran.token,
      floor: (res) => [get('the idea (public?)', 1500), page('comments page', items(res))],
    };
  },
  deleteComment: async (w) => {
    const { idea } = await project(w, 'approved');
    const c = json(
      await w.api.call('POST', `/ideas/${idea.id}/comments`, {
        token: w.veteran.token,
        body: { body: 'سأحذف هذا' },
      }),
      201,
      'comment',
    );
    return {
      method: 'DELETE',
      path: `/ideas/${idea.id}/comments/${c.id}`,
      token: w.veteran.token,
      floor: () => [
        me(),
        get('the comment (404, or 403 for another author)', 400),
        put('delete the comment (conditional)', 400),
        { what: 'index entry (owner)', write: 1, items: 0 },
      ],
    };
  },
  hideComment: async (w) => {
    const { idea } = await project(w, 'approved');
    const c = json(
      await w.api.call('POST', `/ideas/${idea.id}/comments`, {
        token: w.veteran.token,
        body: { body: 'تعليق' },
      }),
      201,
      'comment',
    );
    return {
      method: 'POST',
      path: `/staff/ideas/${idea.id}/comments/${c.id}/hide`,
      token: w.staff,
      // Conflict of interest (§10): the staff member not on the team is a condition of the write.
      floor: () => [
        get('the comment', 400),
        tx('comment hidden, audit entry, not on the team', [400, 200, 1]),
      ],
    };
  },
  requestJoin: async (w) => {
    const { idea } = await project(w, 'approved');
    const p = await w.ambassador();
    return {
      method: 'POST',
      path: `/ideas/${idea.id}/join-requests`,
      token: p.token,
      body: { message: 'أود الانضمام', role: 'باحث' },
      floor: async () => [
        me(),
        get('the idea (open for members?)', (await ideaItems(w, idea.id)).idea),
        tx('join request (one pending), not a member, idea still open (condition checks), event', [
          300,
          100,
          100,
          EVENT_BYTES,
        ]),
        { what: 'index entry (owner)', write: 1, items: 0 },
      ],
    };
  },
  listJoinRequests: async (w) => {
    const { idea, leader } = await project(w, 'approved');
    for (let i = 0; i < 3; i++) await ask(w, idea.id, await w.ambassador());
    return {
      method: 'GET',
      path: `/ideas/${idea.id}/join-requests`,
      token: leader.token,
      // The leader's profile too: an erased leader reads no requests (§10).
      floor: (res) => [me(), get('the idea (leader?)', 1500), page('pending requests', items(res))],
    };
  },
  decideJoin: async (w) => {
    const { idea, leader } = await project(w, 'approved');
    const p = await w.ambassador();
    await ask(w, idea.id, p);
    return {
      method: 'POST',
      path: `/ideas/${idea.id}/join-requests/${p.id}/decision`,
      token: leader.token,
      body: { decision: 'accept' },
      floor: async () => {
        const { idea: bytes, listings } = await ideaItems(w, idea.id);
        return [
          me(),
          get('the idea (leader, team size)', bytes),
          get('the request', 300),
          tx(
            `request decided, membership, idea (version read, < teamSize), member stats, ${listings.length} listing entries (the count's copies), board marker, event`,
            [300, 300, bytes, await profileBytes(w, p.id), ...listings, 100, EVENT_BYTES],
          ),
        ];
      },
    };
  },
  getTeam: async (w) => {
    const { idea } = await project(w, 'team');
    return {
      method: 'GET',
      path: `/ideas/${idea.id}/team`,
      token: w.veteran.token,
      floor: async (res) => {
        const members = (res.body?.members as unknown[]) ?? [];
        return [
          get('the idea', (await ideaItems(w, idea.id)).idea),
          page('memberships', members),
          {
            what: "members' profiles (names are not copied)",
            read: 0.5 * members.length,
            items: members.length,
          },
        ];
      },
    };
  },
  leaveTeam: async (w) => {
    const { idea, member } = await project(w, 'team');
    return {
      method: 'POST',
      path: `/ideas/${idea.id}/leave`,
      token: member?.token ?? '',
      floor: async () => {
        const { idea: bytes, listings } = await ideaItems(w, idea.id);
        return [
          me(),
          get('the idea, strong', 1500, true),
          tx(
            `membership and request removed, idea (version read), ${listings.length} listing entries (the count's copies), member stats, leaderboard marker, event`,
            [300, 300, bytes, ...listings, 1000, 100, EVENT_BYTES],
          ),
        ];
      },
    };
  },
  // A hand-over (§10): the idea and its copies, both memberships, the new leader's profile
  // (condition), the audit entry; then the team it answers (as GET /ideas/{id}/team reads it).
  ...(Object.fromEntries(
    (['handOverTeam', 'staffHandOverTeam'] as const).map((id) => [
      id,
      async (w: World) => {
        const { idea, leader, member } = await project(w, 'team');
        const staff = id === 'staffHandOverTeam';
        return {
          method: 'POST',
          path: `${staff ? '/staff' : ''}/ideas/${idea.id}/leader`,
          token: staff ? w.staff : leader.token,
          body: { ambassadorId: member?.id },
          floor: async (res: Answer) => {
            const { idea: bytes, listings } = await ideaItems(w, idea.id);
            const members = (res.body?.members as unknown[]) ?? [];
            return [
              ...(staff ? [] : [me()]),
              get('the idea (leader?)', bytes),
              await team(w, idea.id),
              tx(
                `idea (version read), ${listings.length} listing entries, both memberships, new leader active, audit, event`,
                [bytes, ...listings, 300, 300, await profileBytes(w, member?.id ?? ''), 200, EVENT_BYTES],
              ),
              page('memberships', members),
              { what: "members' profiles (names)", read: 0.5 * members.length, items: members.length },
            ];
          },
        };
      },
    ]),
  ) as Record<'handOverTeam' | 'staffHandOverTeam', Scenario>),
  startProject: async (w) => {
    const { idea, leader, member } = await project(w, 'team');
    return {
      method: 'POST',
      path: `/ideas/${idea.id}/start`,
      token: leader.token,
      floor: async () => [
        me(),
        get('the idea', (await ideaItems(w, idea.id)).idea),
        await team(w, idea.id),
        ...(await ideaTransition(w, idea.id, 'city counters (all/year/month), project marker, event', 5, 1)),
        ...(await ledger(w, 'project_started', `idea#${idea.id}`, [leader.id, member?.id ?? ''])),
      ],
    };
  },
  completeProject: async (w) => {
    const { idea, leader, member } = await project(w, 'in_progress');
    return {
      method: 'POST',
      path: `/ideas/${idea.id}/complete`,
      token: leader.token,
      body: {
        outcome: 'ركّبنا الحساسات في أربعين مزرعة وخفضنا استهلاك المياه بالخمس.',
        links: ['https://example.om/report'],
      },
      floor: async () => [
        me(),
        get('the idea', (await ideaItems(w, idea.id)).idea),
        await team(w, idea.id),
        ...(await ideaTransition(
          w,
          idea.id,
          'city counters (all/year/month), project marker, community counter, event',
          6,
          1,
        )),
        ...(await ledger(w, 'project_completed', `idea#${idea.id}`, [leader.id, member?.id ?? ''])),
      ],
    };
  },
  featureProject: async (w) => {
    const { idea, leader, member } = await project(w, 'in_progress');
    return {
      method: 'POST',
      path: `/staff/ideas/${idea.id}/feature`,
      token: w.staff,
      body: { headlineAr: 'مزارع نزوى تروي بذكاء', headlineEn: 'Nizwa farms water smarter' },
      floor: async () => [
        get('the idea', (await ideaItems(w, idea.id)).idea),
        // Conflict of interest (§10) and whom the event tells: the team, read after the idea.
        await team(w, idea.id),
        ...(await ideaTransition(w, idea.id, 'showcase entry, event', 2)),
        { what: 'index entry (showcase)', write: 1, items: 0 },
        // Featured once before? Each member's entry, strong: a re-featuring earns nothing twice.
        get("the leader's featuring entry (strong)", 1, true),
        get("the member's featuring entry (strong)", 1, true),
        ...(await ledger(w, 'project_featured', `idea#${idea.id}`, [leader.id, member?.id ?? ''])),
      ],
    };
  },
  unfeatureProject: async (w) => {
    const { idea } = await project(w, 'in_progress');
    json(
      await w.api.call('POST', `/staff/ideas/${idea.id}/feature`, {
        token: w.staff,
        body: { headlineAr: 'مزارع نزوى تروي بذكاء', headlineEn: 'Nizwa farms water smarter' },
      }),
      200,
      'feature',
    );
    return {
      method: 'DELETE',
      path: `/staff/ideas/${idea.id}/feature`,
      token: w.staff,
      floor: async () => [
        get('the idea', (await ideaItems(w, idea.id)).idea),
        ...(await ideaTransition(w, idea.id, 'showcase entry removed', 1)),
        { what: 'index entry (showcase)', write: 1, items: 0 },
      ],
    };
  },
  listShowcase: async () => ({
    method: 'GET',
    path: '/showcase?limit=20',
    floor: (res) => [page('showcase page', items(res))],
  }),
  getShareCard: async (w) => {
    const { idea } = await project(w, 'in_progress');
    json(
      await w.api.call('POST', `/staff/ideas/${idea.id}/feature`, {
        token: w.staff,
        body: { headlineAr: 'مزارع نزوى تروي بذكاء', headlineEn: 'Nizwa farms water smarter' },
      }),
      200,
      'feature',
    );
    return {
      method: 'GET',
      path: `/showcase/${idea.id}/card.svg`,
      floor: () => [get('the showcase entry', 1500)],
    };
  },
  // The same read as the SVG card; the rendering costs no capacity.
  getShareCardPng: async (w) => {
    const svg = await scenarios.getShareCard?.(w);
    if (!svg) throw new Error('no getShareCard scenario');
    return { ...svg, path: svg.path.replace(/card\.svg$/, 'card.png') };
  },
  // Notifications (§11): a fresh member's inbox, preferences and a staff member's queues.
  listNotifications: async (w) => ({
    method: 'GET',
    path: '/me/notifications?limit=20',
    token: (await w.ambassador()).token,
    floor: (res) => [
      page('inbox page', items(res)),
      get('unread counter (strong)', 1, true),
      get('preferences (the language)', 1),
    ],
  }),
  readNotifications: async (w) => ({
    method: 'POST',
    path: '/me/notifications/read',
    token: (await w.ambassador()).token,
    body: { ids: ['01JDQ7Z3V6M3X8Q0F5W1K2H4NB'] },
    floor: () => [
      get('the notifications named (strong: read ones are passed over)', 1, true),
      get('unread counter (strong)', 1, true),
    ],
  }),
  getPreferences: async (w) => ({
    method: 'GET',
    path: '/me/preferences',
    token: (await w.ambassador()).token,
    floor: () => [get('preferences (strong: the ETag a PUT is matched against)', 1, true)],
  }),
  putPreferences: async (w) => ({
    method: 'PUT',
    path: '/me/preferences',
    token: (await w.ambassador()).token,
    body: {
      language: 'en',
      email: {
        reviews: 'instant',
        team: 'digest',
        discussion: 'off',
        showcase: 'digest',
        certificates: 'digest',
        challenges: 'digest',
      },
      digest: 'weekly',
    },
    floor: () => [get('preferences (their version)', 1), put('preferences (conditional)', 300)],
  }),
  unsubscribePage: async (w) => {
    const { signUnsubscribe } = await import('#functions/notifications/unsubscribe-token.ts');
    const token = await signUnsubscribe((await w.ambassador()).id, 'team');
    return {
      method: 'GET',
      path: `/unsubscribe?token=${token}`,
      floor: () => [get('preferences (the language)', 1)],
    };
  },
  unsubscribe: async (w) => {
    const { signUnsubscribe } = await import('#functions/notifications/unsubscribe-token.ts');
    const token = await signUnsubscribe((await w.ambassador()).id, 'team');
    return {
      method: 'POST',
      path: `/unsubscribe?token=${token}`,
      floor: () => [get('preferences (their version)', 1), put('preferences (conditional)', 300)],
    };
  },
  staffQueues: async (w) => {
    // Every waiting item, as the staff lists show them: what a COUNT query reads is priced on them.
    const waiting = async (path: string) => {
      const all: unknown[] = [];
      let cursor: string | null = null;
      do {
        const r = json(
          await w.api.call('GET', `${path}?limit=100${cursor ? `&cursor=${cursor}` : ''}`, {
            token: w.staff,
          }),
          200,
          path,
        );
        all.push(...(r.items as unknown[]));
        cursor = r.nextCursor as string | null;
      } while (cursor);
      return all;
    };
    const [lectures, ideas] = [await waiting('/staff/lectures'), await waiting('/staff/ideas')];
    return {
      method: 'GET',
      path: '/staff/queues',
      token: w.staff,
      floor: () => [
        get('the oldest waiting lecture (a query of 1)', 1),
        get('the oldest waiting idea (a query of 1)', 1),
        page('lectures waiting (a COUNT query reads them all)', lectures),
        page('ideas waiting (a COUNT query)', ideas),
      ],
    };
  },
  createSeason: async (w) => ({
    method: 'POST',
    path: '/staff/seasons',
    token: w.staff,
    body: {
      id: `2027-cap-${randomUUID().slice(0, 8)}`,
      nameAr: 'الربع الأول',
      nameEn: 'First quarter',
      startsOn: '2027-01-01',
      endsOn: '2027-03-31',
    },
    floor: () => [put('the season (conditional on its id)', 200)],
  }),
  listSeasons: async () => ({
    method: 'GET',
    path: '/seasons',
    floor: (res) => [page('seasons (1 partition)', items(res))],
  }),
  listPointRules: async () => ({ method: 'GET', path: '/points/rules', floor: () => none }),
  myPoints: async (w) => ({
    method: 'GET',
    path: '/ambassadors/me/points?period=all&limit=20',
    token: w.veteran.token,
    floor: (res) => [me(), page('ledger page', items(res)), get('the period totals (strong)', 1, true)],
  }),
};

/**
 * What the seed leaves out, so that every list has a full page: 24 approved ideas (21 of them
 * featured projects with a team of two), 24 resources in the veteran's community, and 21
 * verified and 21 waiting lectures by the veteran.
 */
export const furnish = async (w: World): Promise<void> => {
  const inBatches = async (n: number, size: number, fn: (i: number) => Promise<unknown>) => {
    for (let i = 0; i < n; i += size)
      await Promise.all(Array.from({ length: Math.min(size, n - i) }, (_, k) => fn(i + k)));
  };
  await inBatches(24, 4, async (i) => {
    const { idea } = await project(w, i < 21 ? 'in_progress' : 'approved');
    if (i < 21)
      json(
        await w.api.call('POST', `/staff/ideas/${idea.id}/feature`, {
          token: w.staff,
          body: { headlineAr: `مشروع ذكي رقم ${i + 1}`, headlineEn: `Smart project no. ${i + 1}` },
        }),
        200,
        'feature',
      );
  });
  await inBatches(42, 4, async (i) => {
    const l = await report(w, w.veteran, { attendees: 40 + i });
    if (i % 2 === 0) await verify(w, l.id);
  });
  await inBatches(24, 4, async (i) =>
    json(
      await w.api.call('POST', '/communities/OM-MA/resources', {
        token: w.veteran.token,
        body: {
          title: `دليل المدن الذكية ${i + 1}`,
          url: `https://example.om/guide/${i + 1}`,
          kind: 'article',
          language: 'ar',
        },
      }),
      201,
      'resource',
    ),
  );
};

/** Route ids of the table without a scenario: the budget test fails on any. */
export const missingScenarios = () => routes.map((r) => r.id).filter((id) => !(id in scenarios));

export const measure = async (w: World, id: string): Promise<Measurement> => {
  const spec = routes.find((r) => r.id === id);
  const scenario = (scenarios as Partial<Record<string, Scenario>>)[id];
  if (!spec || !scenario) throw new Error(`no route or scenario ${id}`);
  const p = await scenario(w);
  const res = await w.api.call(p.method, p.path, {
    ...(p.token ? { token: p.token } : {}),
    ...(p.body !== undefined ? { body: p.body } : {}),
    ...(p.headers ? { headers: p.headers } : {}),
  });
  const parts = [...(await p.floor(res)), ...(countsAgainstQuota(spec) ? [quotaCounter] : [])];
  return {
    route: id,
    method: spec.method,
    path: spec.path,
    status: res.status,
    consumed: parseConsumed(res.headers),
    floor: {
      read: parts.reduce((s, x) => s + (x.read ?? 0), 0),
      write: parts.reduce((s, x) => s + (x.write ?? 0), 0),
      items: parts.reduce((s, x) => s + x.items, 0),
      parts,
    },
  };
};
