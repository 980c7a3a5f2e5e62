/**
 * The authorization matrix: the project's guard against broken object-level
 * authorization (OWASP API1). Generated from the route table: every route is called by every
 * kind of caller the contract (docs/api-contract.md §2, "who" of every route) distinguishes:
 *
 * - guest: no token
 * - member: a valid token, not registered as an ambassador
 * - erased: registered, then erased; expected to be answered as a member on every route (§10)
 * - ambassador: registered, owns nothing the call touches
 * - other: another ambassador, who owns resources of the same kind (their own lecture, idea,
 *   comment, join request), so owning *something* must not open *this*
 * - owner: the organizer, author, team leader, comment author or the profile's owner
 * - teammate: a member of the idea's team (idea routes)
 * - staff: a token in the `staff` group, not registered
 *
 * Every route id of the table needs an entry in `expectations` (else the suite fails), with
 * one or more scenarios (the resource's state) and the contract's status (and problem code)
 * per caller. A refused call must leave the resource as it was, re-read by an allowed reader.
 * Where a call changes state and someone may make it, every caller gets a fresh resource.
 */
import { isDeepStrictEqual } from 'node:util';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PREFERENCES } from '#domain/notifications.ts';
import { signUnsubscribe } from '#functions/notifications/unsubscribe-token.ts';
import { routes } from '#http/routes/index.ts';
import { matchRoute } from '#infra/local/gateway.ts';
import { db, TABLE } from '#store/client.ts';
import { notificationEntity, unreadCounterEntity } from '#store/entities/notifications.ts';
import { counterAdd } from '#store/items.ts';
import { type CallOptions, call, callsSent, limitCalls, type Res, token, uniqueSub } from '#support/api.ts';
import { difference } from '#support/assertions.ts';
import { omanDate, scheduledLecture, unique, validIdea, validLecture } from '#support/fixtures.ts';
import {
  ambassadorAnywhere,
  findInPages,
  type IdeaState,
  ideaIn,
  type LectureState,
  lectureIn,
  must,
  newMember,
  randomPlace,
  type Person as Someone,
} from '#support/scenes.ts';

// ---------------------------------------------------------------------------------------------
// Callers and expectations

const CALLERS = ['guest', 'member', 'ambassador', 'other', 'owner', 'teammate', 'staff', 'erased'] as const;
type Caller = (typeof CALLERS)[number];
/** A status, or a status and the problem `code` the contract names. */
type Want = number | readonly [number, string];
type Wants = Partial<Record<Caller, Want>>;

const UNAUTHORIZED = 401; // the JWT authorizer's own answer: {"message":"Unauthorized"}
const NOT_REGISTERED = [403, 'not_registered'] as const;
const FORBIDDEN = [403, 'forbidden'] as const;
const NOT_FOUND = [404, 'not_found'] as const;
const INVALID_TRANSITION = [409, 'invalid_transition'] as const;
const ALREADY_MEMBER = [409, 'already_member'] as const;
const CONFLICT_OF_INTEREST = [403, 'conflict_of_interest'] as const;
const CHECKIN_CLOSED = [409, 'checkin_closed'] as const;

/** `public` routes: the same answer for everyone, token or not. */
const everyone = (w: Want): Wants => ({ guest: w, member: w, ambassador: w, staff: w });
/** `member` routes ("any signed-in"). */
const signedIn = (w: Want): Wants => ({ guest: UNAUTHORIZED, member: w, ambassador: w, staff: w });
/** `ambassador` routes: staff are not ambassadors unless they register. */
const registered = (w: Want): Wants => ({
  guest: UNAUTHORIZED,
  member: NOT_REGISTERED,
  ambassador: w,
  staff: NOT_REGISTERED,
});
/** `staff` routes: every signed-in caller outside the group, owners included, is forbidden. */
const staffOnly = (w: Want): Wants => ({
  guest: UNAUTHORIZED,
  member: FORBIDDEN,
  ambassador: FORBIDDEN,
  other: FORBIDDEN,
  owner: FORBIDDEN,
  teammate: FORBIDDEN,
  staff: w,
});
/** The same answer for the three ambassadors who are not the owner. */
const nonOwners = (w: Want): Wants => ({ ambassador: w, other: w, teammate: w });

// ---------------------------------------------------------------------------------------------
// HTTP, with a cap on requests in flight so DynamoDB Local is never flooded; an answer the
// OpenAPI document does not allow is reported with the rest, not thrown.

limitCalls(24);
type Answer = Res;
const send = (method: string, path: string, t?: string, body?: unknown): Promise<Answer> => {
  const opts: CallOptions = { token: t, contract: 'report' };
  if (body !== undefined) opts.body = body;
  return call(method, path, opts);
};

// ---------------------------------------------------------------------------------------------
// People and fixtures

type Person = Someone & { email: string };
interface People {
  owner: Person & { phone: string };
  other: Person;
  ambassador: Person;
  teammate: Person;
  member: Person;
  staff: Person;
  /** Registered, then erased (DELETE /ambassadors/me): §10, 403 not_registered on every ambassador route. */
  erased: Person;
}
let P: People;

const person = async (label: string, groups: string[] = []): Promise<Person> => {
  const p = await newMember(label, groups);
  return { ...p, email: `${p.id}@example.om` };
};

const lecture = (state: LectureState, organizer: Person = P.owner) =>
  lectureIn(state, organizer.token, P.staff.token, { ...randomPlace(), title: unique('Matrix lecture') });

/**
 * A scheduled lecture (§12) of `organizer`; `ended` moves its start into the past in the table
 * (this shared server's clock is not moved), so that it can be reported.
 */
const scheduled = async (ended: boolean, organizer: Person = P.owner, minutesAhead = 120) => {
  const l = await must(
    'POST',
    '/lectures',
    organizer.token,
    scheduledLecture({ ...randomPlace(), title: unique('Matrix scheduled') }, { minutesAhead }),
  );
  if (ended)
    await db.send(
      new UpdateCommand({
        TableName: TABLE,
        Key: { pk: `LECT#${l.id}`, sk: 'LECTURE' },
        UpdateExpression: 'SET startsAt = :s',
        ExpressionAttributeValues: { ':s': new Date(Date.now() - 3 * 3600_000).toISOString() },
      }),
    );
  return l as { id: string; title: string };
};

const headlines = { headlineAr: 'مشروع المصفوفة', headlineEn: 'The matrix project' };
const ideaBody = () =>
  validIdea({
    title: unique('Matrix idea'),
    summary: 'An idea the authorization matrix uses as its fixture, nothing more.',
    city: randomPlace().wilayat,
    tags: ['governance'],
    missions: ['research'],
  });
/**
 * An idea of `P.owner` in `state`. From `approved` on, the team is the owner (leader) and
 * `P.teammate`; `withdrawn` is withdrawn after its team formed.
 */
const idea = (state: IdeaState) =>
  ideaIn(state, { author: P.owner, teammate: P.teammate, staff: P.staff.token }, ideaBody(), headlines);
const comment = async (ideaId: string, author: Person) =>
  (await must('POST', `/ideas/${ideaId}/comments`, author.token, { body: unique('Matrix comment') })) as {
    id: string;
  };

/**
 * An approved idea of the owner with the owner's comment, the other's comment hidden by staff
 * and the other's pending join request, and a second approved idea of the owner (to address
 * the comment under the wrong idea); `state` reads both.
 */
const discussion = async () => {
  const [a, b] = await Promise.all([idea('approved'), idea('approved')]);
  const [visible, hidden] = await Promise.all([
    comment(a.id, P.owner),
    comment(a.id, P.other),
    comment(b.id, P.other),
    must('POST', `/ideas/${a.id}/join-requests`, P.other.token, { role: 'helper' }),
  ]);
  await must('POST', `/staff/ideas/${a.id}/comments/${hidden.id}/hide`, P.staff.token);
  return {
    idea: a.id,
    second: b.id,
    visible: visible.id,
    hidden: hidden.id,
    state: async () => ({ idea: await ideaState(a.id)(), second: await ideaState(b.id)() }),
  };
};

/** An unread notification in `sub`'s inbox, written as the stream consumer writes it (§11). */
const notify = async (sub: string) => {
  const id = ulid();
  await db.send(
    new PutCommand({
      TableName: TABLE,
      Item: notificationEntity.item({
        recipient: sub,
        id,
        eventType: 'idea.approved',
        group: 'reviews',
        at: new Date().toISOString(),
        read: false,
        subject: { type: 'idea', id: 'matrix-idea', path: '/ideas/matrix-idea' },
        subjectTitle: 'Matrix idea',
        digest: false,
      }),
    }),
  );
  const [counter] = counterAdd(unreadCounterEntity.key(sub), unreadCounterEntity.type, { unread: 1 });
  if (counter?.Update) await db.send(new UpdateCommand(counter.Update as never));
  return id;
};

/** Shared resources for read-only scenarios that check lists (no state to compare). */
interface World {
  lectures: Record<LectureState, { id: string }>;
  ideas: Record<IdeaState, { id: string }>;
  /** On `ideas.approved`: the owner's comment, and the other's, hidden by staff. */
  visibleComment: { id: string };
  hiddenComment: { id: string };
  community: string;
}
let W: World;

// ---------------------------------------------------------------------------------------------
// What a refused call must leave unchanged, read by someone allowed to read it

const read = async (path: string, t: string | undefined) => {
  const r = await send('GET', path, t);
  return { status: r.status, body: r.body };
};
const lectureState = (id: string) => async () => read(`/lectures/${id}`, P.staff.token);
const ideaState = (id: string) => async () => {
  const s = P.staff.token;
  const [idea, team, comments, joins, audit] = await Promise.all([
    read(`/ideas/${id}`, s),
    read(`/ideas/${id}/team`, s),
    read(`/ideas/${id}/comments?limit=100`, s),
    read(`/ideas/${id}/join-requests`, s),
    read(`/staff/ideas/${id}/audit`, s),
  ]);
  return { idea, team, comments, joins, audit };
};
/** The caller's own profile as they see it (403 `not_registered` before and after). */
const ownProfile = async (t: string | undefined) => read('/ambassadors/me', t);
/** Whether a staff review queue holds an item with this title (paged to its end). */
const queued = (queue: string, title: string) => async () =>
  (await findInPages(queue, P.staff.token, (i: { title: string }) => i.title === title)) !== undefined;

// ---------------------------------------------------------------------------------------------
// Scenarios

interface Target {
  path: string;
  body?: unknown;
  /** Tokens replacing the shared people's (fresh people, e.g. to erase one's profile). */
  as?: Partial<Record<Caller, string>>;
  /** The resource's state, which a refused call must leave as it was. */
  state?: () => Promise<unknown>;
  /** The caller's own state (their profile), read with their token around their refused call. */
  own?: (t: string | undefined) => Promise<unknown>;
  /** Extra checks on an allowed answer: a description of what is wrong, or nothing. */
  check?: (res: Answer, caller: Caller) => string | undefined;
}
interface Scenario {
  name: string;
  setup: () => Promise<Target>;
  want: Wants;
}

/** The owner's or the teammate's own id with a staff token: staff acting on their own work (§10). */
const asStaff = (who: 'owner' | 'teammate') => token(P[who].id, { groups: ['staff'] });

const idOf = (caller: Caller) => (caller === 'guest' ? undefined : P[caller].id);
const idsOf = (items: { id: string }[]) => items.map((i) => i.id);

const expectations: Record<string, Scenario[]> = {
  // System and reference data: public.
  getHealth: [{ name: 'public', setup: async () => ({ path: '/health' }), want: everyone(200) }],
  listRegions: [{ name: 'public', setup: async () => ({ path: '/regions' }), want: everyone(200) }],
  listInterests: [{ name: 'public', setup: async () => ({ path: '/interests' }), want: everyone(200) }],
  getOpenApi: [{ name: 'public', setup: async () => ({ path: '/openapi.json' }), want: everyone(200) }],
  routeNotFound: [
    {
      name: 'unknown path, before any token check',
      setup: async () => ({ path: '/staff/no-such-route' }),
      want: everyone([404, 'route_not_found']),
    },
  ],

  // Ambassadors (§4)
  registerAmbassador: [
    {
      name: 'the caller registers',
      setup: async () => {
        const [member, staff, ambassador] = await Promise.all([
          person('mx-member'),
          person('mx-staff', ['staff']),
          ambassadorAnywhere(),
        ]);
        return {
          path: '/ambassadors',
          body: { name: 'Matrix Member', ...randomPlace() },
          as: { member: member.token, staff: staff.token, ambassador: ambassador.token },
          own: ownProfile,
        };
      },
      want: { guest: UNAUTHORIZED, member: 201, staff: 201, ambassador: [409, 'already_registered'] },
    },
    {
      name: "with an email another ambassador holds (the owner's)",
      setup: async () => {
        const [member, staff, again] = await Promise.all([
          token(uniqueSub('mx-taker'), { email: P.owner.email }),
          token(uniqueSub('mx-taker'), { email: P.owner.email, groups: ['staff'] }),
          ambassadorAnywhere(),
        ]);
        return {
          path: '/ambassadors',
          body: { name: 'Matrix Taker', ...randomPlace() },
          as: { member, staff, ambassador: again.token },
          // The owner's profile changes as other scenarios run: compare the email guard only.
          own: ownProfile,
          state: async () => (await ownProfile(P.owner.token)).body.email,
        };
      },
      want: {
        guest: UNAUTHORIZED,
        member: [409, 'email_taken'],
        staff: [409, 'email_taken'],
        ambassador: [409, 'already_registered'],
      },
    },
  ],
  getMe: [
    {
      name: 'own profile',
      setup: async () => ({
        path: '/ambassadors/me',
        check: (res, caller) => (res.body.id === idOf(caller) ? undefined : `profile of ${res.body.id}`),
      }),
      want: { ...registered(200), other: 200, owner: 200 },
    },
  ],
  patchMe: [
    {
      name: 'own profile (a fresh ambassador)',
      setup: async () => ({
        path: '/ambassadors/me',
        body: { bio: 'Changed by the matrix' },
        as: { ambassador: (await ambassadorAnywhere()).token },
        own: ownProfile,
      }),
      want: registered(200),
    },
  ],
  deleteMe: [
    {
      name: 'own profile (a fresh ambassador)',
      setup: async () => ({
        path: '/ambassadors/me',
        as: { ambassador: (await ambassadorAnywhere()).token },
        own: ownProfile,
      }),
      want: registered(204),
    },
  ],
  exportMe: [
    {
      name: "own data only (the owner's lecture and idea appear only in the owner's)",
      setup: async () => ({
        path: '/ambassadors/me/export',
        check: (res, caller) => {
          const mine = res.text.includes(W.lectures.reported.id) && res.text.includes(W.ideas.submitted.id);
          const theirs = res.text.includes(W.lectures.reported.id) || res.text.includes(W.ideas.submitted.id);
          if (caller === 'owner') return mine ? undefined : "the owner's export misses their items";
          return theirs ? "another's export holds the owner's items" : undefined;
        },
      }),
      want: { ...registered(200), other: 200, owner: 200 },
    },
  ],
  getAmbassador: [
    {
      name: "the owner's profile (email and phone for self and staff only)",
      setup: async () => ({
        path: `/ambassadors/${P.owner.id}`,
        check: (res, caller) => {
          const shown = res.body.email === P.owner.email && res.body.phone === P.owner.phone;
          const hidden = res.body.email === undefined && res.body.phone === undefined;
          if (caller === 'owner' || caller === 'staff') return shown ? undefined : 'email/phone missing';
          return hidden ? undefined : 'email/phone shown';
        },
      }),
      want: { ...signedIn(200), other: 200, owner: 200 },
    },
  ],
  listAmbassadors: [
    {
      name: "the directory (the owner's governorate)",
      setup: async () => {
        const gov = (await read(`/ambassadors/${P.owner.id}`, P.staff.token)).body.governorate;
        return {
          path: `/ambassadors?governorate=${gov}&limit=100`,
          check: (res) =>
            res.body.items.some((a: any) => a.email !== undefined || a.phone !== undefined)
              ? 'the directory shows emails or phones'
              : undefined,
        };
      },
      want: signedIn(200),
    },
  ],

  // Lectures (§6)
  reportLecture: [
    {
      name: 'report one',
      setup: async () => {
        const body = validLecture({ ...randomPlace(), title: unique('Matrix report') });
        return { path: '/lectures', body, state: queued('/staff/lectures?status=reported', body.title) };
      },
      want: registered(201),
    },
  ],
  getLecture: [
    ...(['reported', 'rejected'] as const).map(
      (s): Scenario => ({
        name: `${s}: organizer and staff only`,
        setup: async () => {
          const l = await lecture(s);
          return { path: `/lectures/${l.id}`, state: lectureState(l.id) };
        },
        want: { ...signedIn(NOT_FOUND), staff: 200, other: NOT_FOUND, owner: 200 },
      }),
    ),
    {
      name: 'verified: every signed-in caller',
      setup: async () => ({ path: `/lectures/${W.lectures.verified.id}` }),
      want: { ...signedIn(200), other: 200, owner: 200 },
    },
  ],
  listLectures: [
    {
      name: "the owner's lectures: verified ones only, for everyone",
      setup: async () => ({
        path: `/lectures?organizer=${P.owner.id}&limit=100`,
        check: (res) => {
          const ids = idsOf(res.body.items);
          if (res.body.items.some((l: any) => l.status !== 'verified'))
            return 'a lecture not verified is listed';
          if (ids.includes(W.lectures.reported.id) || ids.includes(W.lectures.rejected.id))
            return 'a reported or rejected lecture is listed';
          return ids.includes(W.lectures.verified.id) ? undefined : 'the verified lecture is missing';
        },
      }),
      want: { ...signedIn(200), other: 200, owner: 200 },
    },
  ],
  listUpcomingLectures: [
    {
      name: 'public: scheduled lectures only',
      setup: async () => {
        const l = await scheduled(false);
        return {
          path: `/lectures/upcoming?governorate=${(await read(`/lectures/${l.id}`, P.staff.token)).body.governorate}&limit=100`,
          check: (res) =>
            res.body.items.some((x: any) => x.status !== 'scheduled' || x.reviewNote !== undefined)
              ? 'lists a lecture that is not scheduled, or an internal field'
              : undefined,
        };
      },
      want: everyone(200),
    },
  ],
  reportScheduledLecture: [
    {
      name: 'ended: the organizer only; visible to all signed-in',
      setup: async () => {
        const l = await scheduled(true);
        return { path: `/lectures/${l.id}/report`, body: { attendees: 30 }, state: lectureState(l.id) };
      },
      want: { ...registered(FORBIDDEN), other: FORBIDDEN, owner: 200 },
    },
    {
      name: 'not ended yet: nobody',
      setup: async () => {
        const l = await scheduled(false);
        return { path: `/lectures/${l.id}/report`, body: { attendees: 30 }, state: lectureState(l.id) };
      },
      want: { ...registered(FORBIDDEN), other: FORBIDDEN, owner: INVALID_TRANSITION },
    },
  ],
  getCheckinCode: [
    {
      name: 'window open: the organizer only',
      setup: async () => {
        const l = await scheduled(false, P.owner, 10);
        return { path: `/lectures/${l.id}/checkin-code` };
      },
      want: { ...registered(FORBIDDEN), other: FORBIDDEN, owner: 200 },
    },
    {
      name: 'window not open yet: nobody',
      setup: async () => {
        const l = await scheduled(false);
        return { path: `/lectures/${l.id}/checkin-code` };
      },
      want: { ...registered(FORBIDDEN), other: FORBIDDEN, owner: CHECKIN_CLOSED },
    },
  ],
  checkIn: [
    {
      name: 'window open: anyone signed in but the organizer',
      setup: async () => {
        const l = await scheduled(false, P.owner, 10);
        const { code } = await must('GET', `/lectures/${l.id}/checkin-code`, P.owner.token);
        return { path: `/lectures/${l.id}/check-ins`, body: { code, name: 'Matrix Attendee' } };
      },
      want: { ...signedIn(201), other: 201, owner: FORBIDDEN },
    },
  ],
  guestCheckIn: [
    {
      name: 'window open: anyone, token or not (a token is ignored)',
      setup: async () => {
        const l = await scheduled(false, P.owner, 10);
        const { code } = await must('GET', `/lectures/${l.id}/checkin-code`, P.owner.token);
        return { path: `/lectures/${l.id}/guest-check-ins`, body: { code, name: 'Matrix Guest' } };
      },
      want: everyone(201),
    },
  ],
  claimCheckIn: [
    {
      name: "a guest's token: any signed-in caller claims it",
      setup: async () => {
        const l = await scheduled(false, P.owner, 10);
        const { code } = await must('GET', `/lectures/${l.id}/checkin-code`, P.owner.token);
        const { claimToken } = await must('POST', `/lectures/${l.id}/guest-check-ins`, undefined, {
          code,
          name: 'Matrix Guest',
        });
        return { path: '/me/check-ins/claim', body: { claimToken } };
      },
      want: signedIn(200),
    },
  ],
  listCheckIns: [
    {
      name: 'a lecture open for check-in: its organizer and staff',
      setup: async () => {
        const l = await scheduled(false, P.owner, 10);
        const { code } = await must('GET', `/lectures/${l.id}/checkin-code`, P.owner.token);
        await must('POST', `/lectures/${l.id}/guest-check-ins`, undefined, { code, name: 'Matrix Guest' });
        return {
          path: `/lectures/${l.id}/check-ins`,
          check: (res) => (res.body.items.length === 1 ? undefined : 'the guest check-in is not listed'),
        };
      },
      want: { ...signedIn(FORBIDDEN), other: FORBIDDEN, owner: 200, staff: 200 },
    },
    {
      name: 'a reported lecture: invisible to others',
      setup: async () => ({ path: `/lectures/${W.lectures.reported.id}/check-ins` }),
      want: { ...signedIn(NOT_FOUND), other: NOT_FOUND, owner: 200, staff: 200 },
    },
  ],
  listMyLectures: [
    {
      name: "the caller's own only",
      setup: async () => ({
        path: '/ambassadors/me/lectures?limit=100',
        check: (res, caller) => {
          if (res.body.items.some((l: any) => l.organizerId !== idOf(caller)))
            return "lists another's lecture";
          if (caller === 'owner' && !idsOf(res.body.items).includes(W.lectures.reported.id))
            return 'misses the reported lecture';
          return undefined;
        },
      }),
      want: { ...registered(200), other: 200, owner: 200 },
    },
  ],
  patchLecture: [
    {
      name: 'reported: the organizer only; invisible to others',
      setup: async () => {
        const l = await lecture('reported');
        return { path: `/lectures/${l.id}`, body: { attendees: 99 }, state: lectureState(l.id) };
      },
      want: { ...registered(NOT_FOUND), other: NOT_FOUND, owner: 200 },
    },
    {
      name: 'verified: visible to all, editable by none',
      setup: async () => {
        const l = await lecture('verified');
        return { path: `/lectures/${l.id}`, body: { attendees: 99 }, state: lectureState(l.id) };
      },
      want: { ...registered(FORBIDDEN), other: FORBIDDEN, owner: INVALID_TRANSITION },
    },
  ],
  deleteLecture: [
    {
      name: 'reported: the organizer only; invisible to others',
      setup: async () => {
        const l = await lecture('reported');
        return { path: `/lectures/${l.id}`, state: lectureState(l.id) };
      },
      want: { ...registered(NOT_FOUND), other: NOT_FOUND, owner: 204 },
    },
    {
      name: 'verified: deletable by none',
      setup: async () => {
        const l = await lecture('verified');
        return { path: `/lectures/${l.id}`, state: lectureState(l.id) };
      },
      want: { ...registered(FORBIDDEN), other: FORBIDDEN, owner: INVALID_TRANSITION },
    },
  ],
  lectureQueue: [
    {
      name: 'staff only',
      setup: async () => ({ path: '/staff/lectures?status=reported' }),
      want: { ...staffOnly(200), teammate: undefined },
    },
  ],
  reviewLecture: [
    {
      name: 'reported: staff only (not its organizer)',
      setup: async () => {
        const l = await lecture('reported');
        return {
          path: `/staff/lectures/${l.id}/review`,
          body: { decision: 'verify' },
          state: lectureState(l.id),
        };
      },
      want: { ...staffOnly(200), teammate: undefined },
    },
    {
      name: 'verified: exactly once',
      setup: async () => {
        const l = await lecture('verified');
        return {
          path: `/staff/lectures/${l.id}/review`,
          body: { decision: 'reject', note: 'Second thoughts' },
          state: lectureState(l.id),
        };
      },
      want: { ...staffOnly(INVALID_TRANSITION), teammate: undefined },
    },
    {
      name: 'reported, and the staff member is its organizer: conflict of interest',
      setup: async () => {
        const l = await lecture('reported');
        return {
          path: `/staff/lectures/${l.id}/review`,
          body: { decision: 'verify' },
          as: { staff: await asStaff('owner') },
          state: lectureState(l.id),
        };
      },
      want: { ...staffOnly(CONFLICT_OF_INTEREST), teammate: undefined },
    },
  ],

  // Communities (§5) and leaderboards (§7): public.
  listCommunities: [{ name: 'public', setup: async () => ({ path: '/communities' }), want: everyone(200) }],
  getCommunity: [
    { name: 'public', setup: async () => ({ path: `/communities/${W.community}` }), want: everyone(200) },
  ],
  addResource: [
    {
      name: 'share one',
      setup: async () => {
        const title = unique('Matrix resource');
        return {
          path: `/communities/${W.community}/resources`,
          body: { title, url: 'https://example.om/matrix', kind: 'slides' },
          state: async () =>
            (await read(`/communities/${W.community}/resources?limit=100`, undefined)).body.items.some(
              (r: { title: string }) => r.title === title,
            ),
        };
      },
      want: registered(201),
    },
  ],
  listResources: [
    {
      name: 'public',
      setup: async () => ({ path: `/communities/${W.community}/resources` }),
      want: everyone(200),
    },
  ],
  getLeaderboard: [
    {
      name: 'public',
      setup: async () => ({ path: `/leaderboards/attendance?period=${omanDate().slice(0, 4)}` }),
      want: everyone(200),
    },
  ],

  // Ideas, teams and projects (§8)
  submitIdea: [
    {
      name: 'propose one',
      setup: async () => {
        const body = ideaBody();
        return { path: '/ideas', body, state: queued('/staff/ideas?status=submitted', body.title) };
      },
      want: registered(201),
    },
  ],
  getIdea: [
    ...(['submitted', 'changes_requested', 'rejected', 'withdrawn'] as const).map(
      (s): Scenario => ({
        name: `${s}: author and staff only (not even a former teammate)`,
        setup: async () => {
          const i = await idea(s);
          return { path: `/ideas/${i.id}`, state: ideaState(i.id) };
        },
        want: { ...signedIn(NOT_FOUND), ...nonOwners(NOT_FOUND), owner: 200, staff: 200 },
      }),
    ),
    ...(['approved', 'featured'] as const).map(
      (s): Scenario => ({
        name: `${s}: every signed-in caller`,
        setup: async () => ({ path: `/ideas/${W.ideas[s].id}` }),
        want: { ...signedIn(200), ...nonOwners(200), owner: 200 },
      }),
    ),
  ],
  listIdeas: [
    {
      name: 'public ideas only',
      setup: async () => ({
        path: '/ideas?limit=100',
        check: (res) => {
          const hidden = ['submitted', 'changes_requested', 'rejected', 'withdrawn'] as const;
          const ids = idsOf(res.body.items);
          if (res.body.items.some((i: any) => (hidden as readonly string[]).includes(i.status)))
            return 'lists an idea that is not public';
          return hidden.some((s) => ids.includes(W.ideas[s].id))
            ? "lists the owner's hidden idea"
            : undefined;
        },
      }),
      want: { ...signedIn(200), ...nonOwners(200), owner: 200 },
    },
  ],
  listMyIdeas: [
    {
      name: "the caller's own only",
      setup: async () => ({
        path: '/ambassadors/me/ideas?limit=100',
        check: (res, caller) => {
          if (res.body.items.some((i: any) => i.authorId !== idOf(caller))) return "lists another's idea";
          if (caller === 'owner' && !idsOf(res.body.items).includes(W.ideas.submitted.id))
            return 'misses the submitted idea';
          return undefined;
        },
      }),
      want: { ...registered(200), ...nonOwners(200), owner: 200 },
    },
  ],
  patchIdea: [
    {
      name: 'submitted: the author only; invisible to others',
      setup: async () => {
        const i = await idea('submitted');
        return { path: `/ideas/${i.id}`, body: { title: unique('Retitled') }, state: ideaState(i.id) };
      },
      want: { ...registered(NOT_FOUND), ...nonOwners(NOT_FOUND), owner: 200 },
    },
    {
      name: 'approved: editable by none',
      setup: async () => {
        const i = await idea('approved');
        return { path: `/ideas/${i.id}`, body: { title: unique('Retitled') }, state: ideaState(i.id) };
      },
      want: { ...registered(FORBIDDEN), ...nonOwners(FORBIDDEN), owner: INVALID_TRANSITION },
    },
  ],
  withdrawIdea: [
    {
      name: 'submitted: the author only; invisible to others',
      setup: async () => {
        const i = await idea('submitted');
        return { path: `/ideas/${i.id}/withdraw`, state: ideaState(i.id) };
      },
      want: { ...registered(NOT_FOUND), ...nonOwners(NOT_FOUND), owner: 200 },
    },
    {
      name: 'approved, with a team: the author only, not a teammate',
      setup: async () => {
        const i = await idea('approved');
        return { path: `/ideas/${i.id}/withdraw`, state: ideaState(i.id) };
      },
      want: { ...registered(FORBIDDEN), ...nonOwners(FORBIDDEN), owner: 200 },
    },
  ],
  ideaQueue: [
    {
      name: 'staff only',
      setup: async () => ({ path: '/staff/ideas?status=submitted' }),
      want: staffOnly(200),
    },
  ],
  decideIdea: [
    {
      name: 'submitted: staff only (not its author)',
      setup: async () => {
        const i = await idea('submitted');
        return {
          path: `/staff/ideas/${i.id}/decision`,
          body: { decision: 'approve' },
          state: ideaState(i.id),
        };
      },
      want: staffOnly(200),
    },
    {
      name: 'approved: exactly once',
      setup: async () => {
        const i = await idea('approved');
        return {
          path: `/staff/ideas/${i.id}/decision`,
          body: { decision: 'reject', note: 'Second thoughts' },
          state: ideaState(i.id),
        };
      },
      want: staffOnly(INVALID_TRANSITION),
    },
    {
      name: 'submitted, and the staff member is its author: conflict of interest',
      setup: async () => {
        const i = await idea('submitted');
        return {
          path: `/staff/ideas/${i.id}/decision`,
          body: { decision: 'approve' },
          as: { staff: await asStaff('owner') },
          state: ideaState(i.id),
        };
      },
      want: staffOnly(CONFLICT_OF_INTEREST),
    },
  ],
  ideaAudit: [
    ...(['submitted', 'approved'] as const).map(
      (s): Scenario => ({
        name: `${s}: staff only`,
        setup: async () => {
          const i = await idea(s);
          return { path: `/staff/ideas/${i.id}/audit`, state: ideaState(i.id) };
        },
        want: staffOnly(200),
      }),
    ),
  ],
  addComment: [
    {
      name: 'approved: any ambassador',
      setup: async () => {
        const i = await idea('approved');
        return { path: `/ideas/${i.id}/comments`, body: { body: 'A comment' }, state: ideaState(i.id) };
      },
      want: { ...registered(201), ...nonOwners(201), owner: 201 },
    },
    {
      name: 'submitted: closed, and invisible to others',
      setup: async () => {
        const i = await idea('submitted');
        return { path: `/ideas/${i.id}/comments`, body: { body: 'A comment' }, state: ideaState(i.id) };
      },
      want: { ...registered(NOT_FOUND), ...nonOwners(NOT_FOUND), owner: INVALID_TRANSITION },
    },
  ],
  listComments: [
    {
      name: 'approved: every signed-in caller; hidden ones left out for all',
      setup: async () => ({
        path: `/ideas/${W.ideas.approved.id}/comments?limit=100`,
        check: (res) => {
          const ids = idsOf(res.body.items);
          if (ids.includes(W.hiddenComment.id)) return 'lists the hidden comment';
          return ids.includes(W.visibleComment.id) ? undefined : 'misses the visible comment';
        },
      }),
      want: { ...signedIn(200), ...nonOwners(200), owner: 200 },
    },
    {
      name: 'submitted: author and staff only',
      setup: async () => {
        const i = await idea('submitted');
        return { path: `/ideas/${i.id}/comments`, state: ideaState(i.id) };
      },
      want: { ...signedIn(NOT_FOUND), ...nonOwners(NOT_FOUND), owner: 200, staff: 200 },
    },
  ],
  deleteComment: [
    {
      name: "the owner's comment: its author only",
      setup: async () => {
        const i = await idea('approved');
        const c = await comment(i.id, P.owner);
        return { path: `/ideas/${i.id}/comments/${c.id}`, state: ideaState(i.id) };
      },
      want: { ...registered(FORBIDDEN), ...nonOwners(FORBIDDEN), owner: 204 },
    },
    {
      name: "a teammate's comment: its author, not the leader",
      setup: async () => {
        const i = await idea('approved');
        const c = await comment(i.id, P.teammate);
        return { path: `/ideas/${i.id}/comments/${c.id}`, state: ideaState(i.id) };
      },
      want: { ...registered(FORBIDDEN), ...nonOwners(FORBIDDEN), teammate: 204, owner: FORBIDDEN },
    },
    {
      name: "the owner's comment addressed under another idea",
      setup: async () => {
        const d = await discussion();
        return { path: `/ideas/${d.second}/comments/${d.visible}`, state: d.state };
      },
      want: { ...registered(NOT_FOUND), ...nonOwners(NOT_FOUND), owner: NOT_FOUND },
    },
    {
      name: 'a hidden comment: gone for everyone, its author included',
      setup: async () => {
        const d = await discussion();
        return { path: `/ideas/${d.idea}/comments/${d.hidden}`, state: d.state };
      },
      want: { ...registered(NOT_FOUND), ...nonOwners(NOT_FOUND), owner: NOT_FOUND },
    },
  ],
  hideComment: [
    {
      name: "a teammate's comment: staff only (not the leader)",
      setup: async () => {
        const i = await idea('approved');
        const c = await comment(i.id, P.teammate);
        return { path: `/staff/ideas/${i.id}/comments/${c.id}/hide`, state: ideaState(i.id) };
      },
      want: staffOnly(200),
    },
    {
      name: 'a comment addressed under another idea',
      setup: async () => {
        const d = await discussion();
        return { path: `/staff/ideas/${d.second}/comments/${d.visible}/hide`, state: d.state };
      },
      want: staffOnly(NOT_FOUND),
    },
    ...(['owner', 'teammate'] as const).map(
      (who): Scenario => ({
        name: `the staff member is the idea's ${who === 'owner' ? 'author' : 'teammate'}: conflict of interest`,
        setup: async () => {
          const i = await idea('approved');
          const c = await comment(i.id, P.other);
          return {
            path: `/staff/ideas/${i.id}/comments/${c.id}/hide`,
            as: { staff: await asStaff(who) },
            state: ideaState(i.id),
          };
        },
        want: staffOnly(CONFLICT_OF_INTEREST),
      }),
    ),
  ],
  requestJoin: [
    {
      name: 'approved: any ambassador not on the team',
      setup: async () => {
        const i = await idea('approved');
        return { path: `/ideas/${i.id}/join-requests`, body: { role: 'helper' }, state: ideaState(i.id) };
      },
      want: { ...registered(201), other: 201, teammate: ALREADY_MEMBER, owner: ALREADY_MEMBER },
    },
    {
      name: 'submitted: closed, and invisible to others',
      setup: async () => {
        const i = await idea('submitted');
        return { path: `/ideas/${i.id}/join-requests`, body: { role: 'helper' }, state: ideaState(i.id) };
      },
      want: { ...registered(NOT_FOUND), ...nonOwners(NOT_FOUND), owner: INVALID_TRANSITION },
    },
  ],
  listJoinRequests: [
    {
      name: "approved, the other's request pending: leader and staff only (not the requester)",
      setup: async () => {
        const d = await discussion();
        return {
          path: `/ideas/${d.idea}/join-requests`,
          state: d.state,
          check: (res: Answer) =>
            res.body.items.some((r: any) => r.ambassadorId === P.other.id) ? undefined : 'misses the request',
        };
      },
      // Staff need no profile; anyone else must be a registered ambassador (§10: not an erased leader).
      want: {
        ...signedIn(FORBIDDEN),
        member: NOT_REGISTERED,
        ...nonOwners(FORBIDDEN),
        owner: 200,
        staff: 200,
      },
    },
    {
      name: 'submitted: invisible to others',
      setup: async () => {
        const i = await idea('submitted');
        return { path: `/ideas/${i.id}/join-requests`, state: ideaState(i.id) };
      },
      want: {
        ...signedIn(NOT_FOUND),
        member: NOT_REGISTERED,
        ...nonOwners(NOT_FOUND),
        owner: 200,
        staff: 200,
      },
    },
  ],
  decideJoin: [
    {
      name: "the other's request: the leader only (not the requester, not a teammate)",
      setup: async () => {
        const i = await idea('approved');
        await must('POST', `/ideas/${i.id}/join-requests`, P.other.token, { role: 'helper' });
        return {
          path: `/ideas/${i.id}/join-requests/${P.other.id}/decision`,
          body: { decision: 'accept' },
          state: ideaState(i.id),
        };
      },
      want: { ...registered(FORBIDDEN), ...nonOwners(FORBIDDEN), owner: 200 },
    },
  ],
  getTeam: [
    ...(['approved', 'featured'] as const).map(
      (s): Scenario => ({
        name: `${s}: every signed-in caller`,
        setup: async () => ({ path: `/ideas/${W.ideas[s].id}/team` }),
        want: { ...signedIn(200), ...nonOwners(200), owner: 200 },
      }),
    ),
    ...(['submitted', 'withdrawn'] as const).map(
      (s): Scenario => ({
        name: `${s}: author and staff only`,
        setup: async () => {
          const i = await idea(s);
          return { path: `/ideas/${i.id}/team`, state: ideaState(i.id) };
        },
        want: { ...signedIn(NOT_FOUND), ...nonOwners(NOT_FOUND), owner: 200, staff: 200 },
      }),
    ),
  ],
  leaveTeam: [
    {
      name: 'approved: a member, not the leader; nobody else is on the team',
      setup: async () => {
        const i = await idea('approved');
        return { path: `/ideas/${i.id}/leave`, state: ideaState(i.id) };
      },
      want: { ...registered(NOT_FOUND), other: NOT_FOUND, teammate: 204, owner: FORBIDDEN },
    },
  ],
  handOverTeam: [
    {
      name: 'approved, with a teammate: the leader only hands over',
      setup: async () => {
        const i = await idea('approved');
        return {
          path: `/ideas/${i.id}/leader`,
          body: { ambassadorId: P.teammate.id },
          state: ideaState(i.id),
        };
      },
      want: { ...registered(FORBIDDEN), ...nonOwners(FORBIDDEN), owner: 200 },
    },
  ],
  staffHandOverTeam: [
    {
      name: 'approved, with a teammate: staff only',
      setup: async () => {
        const i = await idea('approved');
        return {
          path: `/staff/ideas/${i.id}/leader`,
          body: { ambassadorId: P.teammate.id },
          state: ideaState(i.id),
        };
      },
      want: staffOnly(200),
    },
    ...(['owner', 'teammate'] as const).map(
      (who): Scenario => ({
        name: `approved, and the staff member is its ${who === 'owner' ? 'leader' : 'teammate'}: conflict of interest`,
        setup: async () => {
          const i = await idea('approved');
          return {
            path: `/staff/ideas/${i.id}/leader`,
            // The teammate would take the team; the leader would act as staff on their own team.
            body: { ambassadorId: P.teammate.id },
            as: { staff: await asStaff(who) },
            state: ideaState(i.id),
          };
        },
        want: staffOnly(CONFLICT_OF_INTEREST),
      }),
    ),
  ],
  startProject: [
    {
      name: 'approved, two members: the leader only',
      setup: async () => {
        const i = await idea('approved');
        return { path: `/ideas/${i.id}/start`, state: ideaState(i.id) };
      },
      want: { ...registered(FORBIDDEN), ...nonOwners(FORBIDDEN), owner: 200 },
    },
  ],
  completeProject: [
    {
      name: 'in progress: the leader only',
      setup: async () => {
        const i = await idea('in_progress');
        return {
          path: `/ideas/${i.id}/complete`,
          body: { outcome: 'The matrix carried this project to its end.' },
          state: ideaState(i.id),
        };
      },
      want: { ...registered(FORBIDDEN), ...nonOwners(FORBIDDEN), owner: 200 },
    },
  ],

  // Showcase (§9)
  featureProject: [
    {
      name: 'in progress: staff only (not its leader)',
      setup: async () => {
        const i = await idea('in_progress');
        return { path: `/staff/ideas/${i.id}/feature`, body: headlines, state: ideaState(i.id) };
      },
      want: staffOnly(200),
    },
    ...(['owner', 'teammate'] as const).map(
      (who): Scenario => ({
        name: `in progress, and the staff member is its ${who === 'owner' ? 'leader' : 'teammate'}: conflict of interest`,
        setup: async () => {
          const i = await idea('in_progress');
          return {
            path: `/staff/ideas/${i.id}/feature`,
            body: headlines,
            as: { staff: await asStaff(who) },
            state: ideaState(i.id),
          };
        },
        want: staffOnly(CONFLICT_OF_INTEREST),
      }),
    ),
  ],
  unfeatureProject: [
    {
      name: 'featured: staff only (not its leader)',
      setup: async () => {
        const i = await idea('featured');
        return { path: `/staff/ideas/${i.id}/feature`, state: ideaState(i.id) };
      },
      want: staffOnly(204),
    },
  ],
  listShowcase: [
    {
      name: 'public',
      setup: async () => ({
        path: '/showcase?limit=100',
        check: (res) =>
          idsOf(res.body.items).includes(W.ideas.featured.id) ? undefined : 'misses the project',
      }),
      want: everyone(200),
    },
  ],
  getShareCard: [
    {
      name: 'featured: public',
      setup: async () => ({
        path: `/showcase/${W.ideas.featured.id}/card.svg`,
        check: (res) =>
          res.headers.get('content-type')?.startsWith('image/svg+xml') ? undefined : 'not an SVG',
      }),
      want: everyone(200),
    },
    ...(['approved', 'submitted'] as const).map(
      (s): Scenario => ({
        name: `${s}, not featured: no card for anyone`,
        setup: async () => ({ path: `/showcase/${W.ideas[s].id}/card.svg` }),
        want: everyone(NOT_FOUND),
      }),
    ),
  ],
  getShareCardPng: [
    {
      name: 'featured: public',
      setup: async () => ({
        path: `/showcase/${W.ideas.featured.id}/card.png`,
        check: (res) => (res.headers.get('content-type') === 'image/png' ? undefined : 'not a PNG'),
      }),
      want: everyone(200),
    },
    ...(['approved', 'submitted'] as const).map(
      (s): Scenario => ({
        name: `${s}, not featured: no card for anyone`,
        setup: async () => ({ path: `/showcase/${W.ideas[s].id}/card.png` }),
        want: everyone(NOT_FOUND),
      }),
    ),
  ],

  // Notifications (§11): everything under /me/ is the caller's own.
  listNotifications: [
    {
      name: "own inbox only (the owner's notification in the owner's alone)",
      setup: async () => {
        const id = await notify(P.owner.id);
        return {
          path: '/me/notifications',
          check: (res, caller) => {
            const shown = idsOf(res.body.items).includes(id);
            if (caller === 'owner') return shown ? undefined : "the owner's notification is missing";
            return shown ? "another's inbox shows the owner's notification" : undefined;
          },
        };
      },
      want: { ...signedIn(200), other: 200, owner: 200 },
    },
  ],
  readNotifications: [
    {
      name: "the owner's notification by id: the owner's alone is marked",
      setup: async () => {
        const owner = await newMember('mx-reader');
        const id = await notify(owner.id);
        return {
          path: '/me/notifications/read',
          body: { ids: [id] },
          as: { owner: owner.token },
          // The owner had one unread: none after; anyone else marks nothing of theirs.
          check: (res, caller) =>
            caller === 'owner' && res.body.unread !== 0 ? `owner left ${res.body.unread} unread` : undefined,
        };
      },
      want: { ...signedIn(200), other: 200, owner: 200 },
    },
  ],
  getPreferences: [
    {
      name: 'own preferences (the defaults until saved)',
      setup: async () => ({ path: '/me/preferences' }),
      want: signedIn(200),
    },
  ],
  putPreferences: [
    {
      name: 'own preferences',
      setup: async () => ({ path: '/me/preferences', body: DEFAULT_PREFERENCES }),
      want: signedIn(200),
    },
  ],
  unsubscribePage: [
    {
      name: "an email's link opened in a browser: a page for whoever follows it, changing nothing",
      setup: async () => {
        const t = encodeURIComponent(await signUnsubscribe(P.owner.id, 'team'));
        return {
          path: `/unsubscribe?token=${t}`,
          check: (res) =>
            res.headers.get('content-type')?.startsWith('text/html') ? undefined : 'not an HTML page',
        };
      },
      want: everyone(200),
    },
    {
      name: 'a tampered link: nobody',
      setup: async () => {
        const t = await signUnsubscribe(P.owner.id, 'team');
        const tampered = `${t.slice(0, -1)}${t.endsWith('A') ? 'B' : 'A'}`;
        return { path: `/unsubscribe?token=${encodeURIComponent(tampered)}` };
      },
      want: everyone([400, 'invalid_token']),
    },
  ],
  unsubscribe: [
    {
      name: "an email's link: whoever follows it, token or not",
      setup: async () => {
        const owner = await newMember('mx-unsub');
        const t = encodeURIComponent(await signUnsubscribe(owner.id, 'team'));
        return { path: `/unsubscribe?token=${t}` };
      },
      want: everyone(200),
    },
    {
      name: 'a tampered link: nobody',
      setup: async () => {
        const t = await signUnsubscribe(P.owner.id, 'team');
        const tampered = `${t.slice(0, -1)}${t.endsWith('A') ? 'B' : 'A'}`;
        return {
          path: `/unsubscribe?token=${encodeURIComponent(tampered)}`,
          state: async () => (await read('/me/preferences', P.owner.token)).body,
        };
      },
      want: everyone([400, 'invalid_token']),
    },
  ],
  staffQueues: [
    {
      name: 'staff only',
      setup: async () => ({ path: '/staff/queues' }),
      want: { ...staffOnly(200), teammate: undefined },
    },
  ],
  createSeason: [
    {
      name: 'staff only',
      setup: async () => {
        const id = `2031-${unique('mx')
          .toLowerCase()
          .replace(/[^a-z0-9-]/g, '')
          .slice(0, 20)}`;
        return {
          path: '/staff/seasons',
          body: {
            id,
            nameAr: 'موسم المصفوفة',
            nameEn: 'Matrix season',
            startsOn: '2031-01-01',
            endsOn: '2031-03-31',
          },
          state: async () =>
            (await read('/seasons', undefined)).body.items.some((x: { id: string }) => x.id === id),
        };
      },
      want: { ...staffOnly(201), teammate: undefined },
    },
  ],
  listSeasons: [{ name: 'public', setup: async () => ({ path: '/seasons' }), want: everyone(200) }],
  listPointRules: [{ name: 'public', setup: async () => ({ path: '/points/rules' }), want: everyone(200) }],
  myPoints: [
    {
      name: "the caller's own ledger",
      setup: async () => ({ path: '/ambassadors/me/points' }),
      want: { ...registered(200), ...nonOwners(200), owner: 200 },
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// The run

let calls = 0;
const unexpected: string[] = [];
const started = Date.now();

const describeWant = (w: Want) => (typeof w === 'number' ? `${w}` : `${w[0]} ${w[1]}`);
const isSuccess = (w: Want) => (typeof w === 'number' ? w : w[0]) < 300;

/** The callers a scenario must cover: the contract's roles, and owners where something is owned. */
const requiredCallers = (path: string, want: Wants): Caller[] => {
  const req: Caller[] = ['guest', 'member', 'ambassador', 'staff'];
  if (want.owner !== undefined) req.push('other');
  if (/^\/(staff\/)?ideas\/\{id\}/.test(path)) req.push('owner', 'other', 'teammate');
  return req;
};

type Cell = readonly [Caller, Want];

/** One call of the matrix: everything found wrong with it. */
const runCall = async (
  routeId: string,
  method: string,
  scenario: Scenario,
  target: Target,
  [caller, want]: Cell,
  /** Compare the resource's state around this very call (else it is compared around a group). */
  compareState: boolean,
  /** Count it in the matrix (not when a second round only looks for the culprit). */
  count = true,
): Promise<string[]> => {
  const label = (p: string) => `${method} ${target.path} as ${caller} (${scenario.name}): ${p}`;
  // The scenario must call the route it stands for.
  const served = matchRoute(method, new URL(target.path, 'http://x').pathname)?.spec.id;
  if (served !== routeId) return [label(`served by ${served}, not ${routeId}`)];
  const t = caller === 'guest' ? undefined : (target.as?.[caller] ?? P[caller].token);
  const refused = !isSuccess(want);
  const observe = async () => ({
    resource: compareState ? await target.state?.() : undefined,
    own: await target.own?.(t),
  });
  const before = refused ? await observe() : undefined;
  const res = await send(method, target.path, t, target.body);
  if (count) calls++;
  const problems: string[] = [];
  const [status, code] = typeof want === 'number' ? [want, undefined] : want;
  const got = `${res.status}${res.body?.code ? ` ${res.body.code}` : ''}`;
  if (res.status !== status || (code !== undefined && res.body?.code !== code))
    problems.push(`expected ${describeWant(want)}, got ${got}: ${res.text.slice(0, 200)}`);
  else if (status === 401 && !isDeepStrictEqual(res.body, { message: 'Unauthorized' }))
    problems.push(`401 body is not the authorizer's: ${res.text.slice(0, 200)}`);
  if (res.contractError) problems.push(res.contractError);
  if (!refused && res.status === status && target.check) {
    const wrong = target.check(res, caller);
    if (wrong) problems.push(wrong);
  }
  // Nothing public, and nothing another ambassador reads, shows the owner's email or phone.
  if (caller !== 'owner' && caller !== 'staff' && res.text.includes(P.owner.email))
    problems.push("the answer shows the owner's email");
  if (caller !== 'owner' && caller !== 'staff' && res.text.includes(P.owner.phone))
    problems.push("the answer shows the owner's phone");
  if (refused) {
    const after = await observe();
    if (!isDeepStrictEqual(after, before))
      problems.push(`the refused call changed state: ${difference(before, after)}`);
  }
  return problems.map(label);
};

/**
 * One scenario. A caller allowed to change something gets a resource of their own. The other
 * callers (refused ones, and readers) share one, whose state is compared around all their
 * calls; should it have changed, each of them is called again on a resource of their own,
 * state compared around their call alone, to name the culprit.
 */
const runScenario = async (routeId: string, method: string, scenario: Scenario): Promise<string[]> => {
  const cells = CALLERS.flatMap((c): Cell[] => {
    // An erased ambassador is, to every route, a member who never registered (§10); only a
    // new registration would make them one again, which would change them for every other
    // scenario, so registration leaves them out.
    const w =
      c === 'erased'
        ? routeId === 'registerAmbassador'
          ? undefined
          : (scenario.want.erased ?? scenario.want.member)
        : scenario.want[c];
    return w === undefined ? [] : [[c, w]];
  });
  const changes = (w: Want) => method !== 'GET' && isSuccess(w);
  const alone = (cell: Cell, count = true) =>
    scenario.setup().then((target) => runCall(routeId, method, scenario, target, cell, true, count));
  const group = cells.filter(([, w]) => !changes(w));
  const [allowed, grouped] = await Promise.all([
    Promise.all(cells.filter(([, w]) => changes(w)).map((cell) => alone(cell))),
    (async () => {
      if (group.length === 0) return [];
      const shared = await scenario.setup();
      const before = await shared.state?.();
      const results = await Promise.all(
        group.map((cell) => runCall(routeId, method, scenario, shared, cell, false)),
      );
      const after = await shared.state?.();
      if (isDeepStrictEqual(after, before)) return results.flat();
      const again = (await Promise.all(group.map((cell) => alone(cell, false)))).flat();
      return again.some((p) => p.includes('the refused call changed state'))
        ? again
        : [
            ...results.flat(),
            `${method} ${shared.path} (${scenario.name}): the refused calls changed state: ${difference(before, after)}`,
          ];
    })(),
  ]);
  return [...allowed.flat(), ...grouped];
};

describe('authorization matrix (OWASP API1)', () => {
  beforeAll(async () => {
    const phone = `+9689${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    const [owner, other, ambassador, teammate, member, staff, erased] = await Promise.all([
      ambassadorAnywhere({ phone }),
      ambassadorAnywhere(),
      ambassadorAnywhere(),
      ambassadorAnywhere(),
      person('mx-member'),
      person('mx-staff', ['staff']),
      ambassadorAnywhere(),
    ]);
    await must('DELETE', '/ambassadors/me', erased.token);
    P = { owner: { ...owner, phone }, other, ambassador, teammate, member, staff, erased };

    const ideaStates: IdeaState[] = [
      'submitted',
      'changes_requested',
      'rejected',
      'approved',
      'in_progress',
      'featured',
      'withdrawn',
    ];
    const [reported, verified, rejected, ideas] = await Promise.all([
      lecture('reported'),
      lecture('verified'),
      lecture('rejected'),
      Promise.all(ideaStates.map((s) => idea(s))),
      // The other owns resources of every kind too.
      lecture('reported', P.other),
      must('POST', '/ideas', P.other.token, ideaBody()),
    ]);
    const byState = Object.fromEntries(ideaStates.map((s, n) => [s, ideas[n]!])) as unknown as Record<
      IdeaState,
      { id: string }
    >;
    const approved = byState.approved.id;
    const [visibleComment, hiddenComment] = await Promise.all([
      comment(approved, P.owner),
      comment(approved, P.other),
      must('POST', `/ideas/${approved}/join-requests`, P.other.token, { role: 'helper' }),
    ]);
    await must('POST', `/staff/ideas/${approved}/comments/${hiddenComment.id}/hide`, P.staff.token);
    const community = (await read(`/ambassadors/${P.owner.id}`, P.staff.token)).body.governorate as string;
    W = {
      lectures: { reported, verified, rejected },
      ideas: byState,
      visibleComment,
      hiddenComment,
      community,
    };
  }, 60_000);

  it('has an expectation for every route of the route table, and every scenario covers its callers', () => {
    const missing = routes.map((r) => r.id).filter((id) => !expectations[id]?.length);
    expect(missing, 'routes without an entry in the authorization matrix').toEqual([]);
    const stale = Object.keys(expectations).filter((id) => !routes.some((r) => r.id === id));
    expect(stale, 'entries for routes no longer in the table').toEqual([]);
    const uncovered = routes.flatMap((r) =>
      (expectations[r.id] ?? []).flatMap((s) =>
        requiredCallers(r.path, s.want)
          .filter((c) => s.want[c] === undefined)
          .map((c) => `${r.id} (${s.name}): ${c}`),
      ),
    );
    expect(uncovered, 'scenarios missing a caller').toEqual([]);
  });

  describe.concurrent('every route × every caller', () => {
    for (const route of routes) {
      const method = route.path === '$default' ? 'GET' : route.method;
      it(`${route.id}: ${method} ${route.path}`, { timeout: 60_000 }, async () => {
        const scenarios = expectations[route.id] ?? [];
        const problems = (
          await Promise.all(scenarios.map((scenario) => runScenario(route.id, method, scenario)))
        ).flat();
        unexpected.push(...problems);
        expect(problems).toEqual([]);
      });
    }
  });

  afterAll(() => {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    // Problems start with "METHOD path as caller (scenario): "; a call may have several.
    const wrongCalls = new Set(unexpected.map((u) => u.slice(0, u.indexOf('): ') + 1))).size;
    const scenarios = Object.values(expectations).flat().length;
    console.log(
      `authorization matrix: ${calls} calls, ${wrongCalls} unexpected (${routes.length} routes, ${scenarios} scenarios; ${callsSent()} requests with fixtures and re-reads; ${seconds} s)`,
    );
    for (const u of unexpected) console.log(`  ${u}`);
  });
});
