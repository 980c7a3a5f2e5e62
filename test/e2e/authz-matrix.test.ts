/**
 * The authorization matrix (OWASP API1, broken object-level authorization): every route of
 * the route table, called as a guest, a signed-in member who has not registered, an
 * unrelated ambassador, the owner of the resource (author, organizer, team leader, self), a
 * team member, and staff. Each call must answer the contract's status and code, and a
 * refused call must change nothing. A route missing from the table below fails the suite.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/http/routes.ts';
import {
  call,
  newAmbassador,
  omanDate,
  staffToken,
  token,
  uniqueSub,
  validLecture,
  validProfile,
} from '../support/api.ts';

type Caller = 'guest' | 'member' | 'stranger' | 'owner' | 'teammate' | 'staff';
const callers: Caller[] = ['guest', 'member', 'stranger', 'owner', 'teammate', 'staff'];
type Expected = number | [number, string];

interface People {
  owner: { id: string; token: string };
  teammate: { id: string; token: string };
  stranger: { id: string; token: string };
  member: string;
  staff: string;
}
interface Fixture {
  path: string;
  body?: unknown;
  /** Tokens for callers that must be fresh people (e.g. deleting one's own profile). */
  as?: Partial<Record<Caller, string>>;
  /** The state a refused call must leave unchanged, read as someone allowed to read it. */
  snapshot?: () => Promise<unknown>;
}
interface Case {
  /** A fixture per caller, for calls that change what they touch. */
  fresh?: boolean;
  fixture: (p: People) => Promise<Fixture>;
  expect: Record<Caller, Expected>;
}

const ok = (n: number): Record<Caller, Expected> =>
  Object.fromEntries(callers.map((c) => [c, n])) as Record<Caller, Expected>;
const signedIn = (n: number): Record<Caller, Expected> => ({ ...ok(n), guest: 401 });
const registered = (
  owner: Expected,
  others: Partial<Record<Caller, Expected>> = {},
): Record<Caller, Expected> => ({
  guest: 401,
  member: [403, 'not_registered'],
  staff: [403, 'not_registered'],
  stranger: owner,
  owner,
  teammate: owner,
  ...others,
});
const staffOnly = (n: number): Record<Caller, Expected> => ({
  guest: 401,
  member: [403, 'forbidden'],
  stranger: [403, 'forbidden'],
  owner: [403, 'forbidden'],
  teammate: [403, 'forbidden'],
  staff: n,
});

const json = async (method: string, path: string, t: string, body?: unknown) => {
  const res = await call(method, path, { token: t, body });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};
const ideaBody = (over: Record<string, unknown> = {}) => ({
  title: 'Matrix idea for testing',
  summary: 'An idea that the authorization matrix uses as a fixture.',
  city: 'muscat',
  tags: ['governance'],
  missions: ['research'],
  teamSize: 4,
  ...over,
});
const lecture = (p: People) => json('POST', '/lectures', p.owner.token, validLecture());
const idea = (p: People) => json('POST', '/ideas', p.owner.token, ideaBody());
/** Approved, with the teammate on the team. */
const teamIdea = async (p: People, status: 'approved' | 'in_progress' = 'approved', over = {}) => {
  const i = await json('POST', '/ideas', p.owner.token, ideaBody(over));
  await json('POST', `/staff/ideas/${i.id}/decision`, p.staff, { decision: 'approve' });
  await json('POST', `/ideas/${i.id}/join-requests`, p.teammate.token, { role: 'tester' });
  await json('POST', `/ideas/${i.id}/join-requests/${p.teammate.id}/decision`, p.owner.token, {
    decision: 'accept',
  });
  if (status === 'in_progress') await json('POST', `/ideas/${i.id}/start`, p.owner.token);
  return i;
};
const ideaState = (p: People, id: string) => async () => {
  const [i, team, comments] = await Promise.all([
    call('GET', `/ideas/${id}`, { token: p.staff }),
    call('GET', `/ideas/${id}/team`, { token: p.staff }),
    call('GET', `/ideas/${id}/comments`, { token: p.staff }),
  ]);
  return { idea: i.body, team: team.body, comments: comments.body };
};
const lectureState = (p: People, id: string) => async () =>
  (await call('GET', `/lectures/${id}`, { token: p.staff })).body;
const profileState = (t: string) => async () => (await call('GET', '/ambassadors/me', { token: t })).body;

const cases: Record<string, Case> = {
  getHealth: { fixture: async () => ({ path: '/health' }), expect: ok(200) },
  listRegions: { fixture: async () => ({ path: '/regions' }), expect: ok(200) },
  listInterests: { fixture: async () => ({ path: '/interests' }), expect: ok(200) },
  getOpenApi: { fixture: async () => ({ path: '/openapi.json' }), expect: ok(200) },
  routeNotFound: { fixture: async () => ({ path: '/no/such/route' }), expect: ok(404) },
  registerAmbassador: {
    fresh: true,
    fixture: async (p) => ({
      path: '/ambassadors',
      body: validProfile(),
      snapshot: profileState(p.owner.token),
    }),
    expect: {
      guest: 401,
      member: 201,
      staff: 201,
      stranger: [409, 'already_registered'],
      owner: [409, 'already_registered'],
      teammate: [409, 'already_registered'],
    },
  },
  getMe: { fixture: async () => ({ path: '/ambassadors/me' }), expect: registered(200) },
  patchMe: {
    fresh: true,
    // Each caller edits only their own profile (the e2e tests prove B's edit leaves A unchanged).
    fixture: async () => ({
      path: '/ambassadors/me',
      body: { bio: 'changed by the matrix' },
    }),
    expect: registered(200),
  },
  deleteMe: {
    fresh: true,
    fixture: async () => {
      const [a, b, c] = await Promise.all([newAmbassador(), newAmbassador(), newAmbassador()]);
      return { path: '/ambassadors/me', as: { owner: a.token, stranger: b.token, teammate: c.token } };
    },
    expect: registered(204),
  },
  exportMe: { fixture: async () => ({ path: '/ambassadors/me/export' }), expect: registered(200) },
  getAmbassador: { fixture: async (p) => ({ path: `/ambassadors/${p.owner.id}` }), expect: signedIn(200) },
  listAmbassadors: {
    fixture: async () => ({ path: '/ambassadors?governorate=OM-MA' }),
    expect: signedIn(200),
  },
  reportLecture: {
    fresh: true,
    fixture: async () => ({ path: '/lectures', body: validLecture() }),
    expect: registered(201),
  },
  getLecture: {
    fixture: async (p) => ({ path: `/lectures/${(await lecture(p)).id}` }),
    expect: {
      guest: 401,
      member: [404, 'not_found'],
      stranger: [404, 'not_found'],
      teammate: [404, 'not_found'],
      owner: 200,
      staff: 200,
    },
  },
  listLectures: { fixture: async () => ({ path: '/lectures?governorate=OM-MA' }), expect: signedIn(200) },
  listMyLectures: { fixture: async () => ({ path: '/ambassadors/me/lectures' }), expect: registered(200) },
  patchLecture: {
    fresh: true,
    fixture: async (p) => {
      const l = await lecture(p);
      return { path: `/lectures/${l.id}`, body: { attendees: 99 }, snapshot: lectureState(p, l.id) };
    },
    expect: registered(200, { stranger: [404, 'not_found'], teammate: [404, 'not_found'] }),
  },
  deleteLecture: {
    fresh: true,
    fixture: async (p) => {
      const l = await lecture(p);
      return { path: `/lectures/${l.id}`, snapshot: lectureState(p, l.id) };
    },
    expect: registered(204, { stranger: [404, 'not_found'], teammate: [404, 'not_found'] }),
  },
  lectureQueue: {
    fixture: async () => ({ path: '/staff/lectures?status=reported' }),
    expect: staffOnly(200),
  },
  reviewLecture: {
    fresh: true,
    fixture: async (p) => {
      const l = await lecture(p);
      return {
        path: `/staff/lectures/${l.id}/review`,
        body: { decision: 'verify' },
        snapshot: lectureState(p, l.id),
      };
    },
    expect: staffOnly(200),
  },
  listCommunities: { fixture: async () => ({ path: '/communities' }), expect: ok(200) },
  getCommunity: { fixture: async () => ({ path: '/communities/OM-MA' }), expect: ok(200) },
  addResource: {
    fresh: true,
    fixture: async () => ({
      path: '/communities/OM-MA/resources',
      body: { title: 'Matrix slides', url: 'https://example.om/m', kind: 'slides' },
    }),
    expect: registered(201),
  },
  listResources: { fixture: async () => ({ path: '/communities/OM-MA/resources' }), expect: ok(200) },
  getLeaderboard: {
    fixture: async () => ({ path: `/leaderboards/lectures?period=${omanDate(0).slice(0, 4)}` }),
    expect: ok(200),
  },
  submitIdea: {
    fresh: true,
    fixture: async () => ({ path: '/ideas', body: ideaBody() }),
    expect: registered(201),
  },
  getIdea: {
    fixture: async (p) => ({ path: `/ideas/${(await idea(p)).id}` }),
    expect: {
      guest: 401,
      member: [404, 'not_found'],
      stranger: [404, 'not_found'],
      teammate: [404, 'not_found'],
      owner: 200,
      staff: 200,
    },
  },
  listIdeas: { fixture: async () => ({ path: '/ideas?city=muscat' }), expect: signedIn(200) },
  listMyIdeas: { fixture: async () => ({ path: '/ambassadors/me/ideas' }), expect: registered(200) },
  patchIdea: {
    fresh: true,
    fixture: async (p) => {
      const i = await idea(p);
      return {
        path: `/ideas/${i.id}`,
        body: { title: 'Retitled by the matrix' },
        snapshot: ideaState(p, i.id),
      };
    },
    expect: registered(200, { stranger: [404, 'not_found'], teammate: [404, 'not_found'] }),
  },
  withdrawIdea: {
    fresh: true,
    fixture: async (p) => {
      const i = await teamIdea(p);
      return { path: `/ideas/${i.id}/withdraw`, snapshot: ideaState(p, i.id) };
    },
    expect: registered(200, { stranger: [403, 'forbidden'], teammate: [403, 'forbidden'] }),
  },
  ideaQueue: { fixture: async () => ({ path: '/staff/ideas?status=submitted' }), expect: staffOnly(200) },
  decideIdea: {
    fresh: true,
    fixture: async (p) => {
      const i = await idea(p);
      return {
        path: `/staff/ideas/${i.id}/decision`,
        body: { decision: 'approve' },
        snapshot: ideaState(p, i.id),
      };
    },
    expect: staffOnly(200),
  },
  ideaAudit: {
    fixture: async (p) => ({ path: `/staff/ideas/${(await idea(p)).id}/audit` }),
    expect: staffOnly(200),
  },
  addComment: {
    fresh: true,
    fixture: async (p) => ({
      path: `/ideas/${(await teamIdea(p)).id}/comments`,
      body: { body: 'Matrix comment' },
    }),
    expect: registered(201),
  },
  listComments: {
    fixture: async (p) => ({ path: `/ideas/${(await teamIdea(p)).id}/comments` }),
    expect: signedIn(200),
  },
  deleteComment: {
    fresh: true,
    fixture: async (p) => {
      const i = await teamIdea(p);
      const c = await json('POST', `/ideas/${i.id}/comments`, p.owner.token, { body: 'Owner comment' });
      return { path: `/ideas/${i.id}/comments/${c.id}`, snapshot: ideaState(p, i.id) };
    },
    expect: registered(204, { stranger: [403, 'forbidden'], teammate: [403, 'forbidden'] }),
  },
  hideComment: {
    fresh: true,
    fixture: async (p) => {
      const i = await teamIdea(p);
      const c = await json('POST', `/ideas/${i.id}/comments`, p.teammate.token, { body: 'Teammate comment' });
      return { path: `/staff/ideas/${i.id}/comments/${c.id}/hide`, snapshot: ideaState(p, i.id) };
    },
    expect: staffOnly(200),
  },
  requestJoin: {
    fresh: true,
    fixture: async (p) => {
      const i = await teamIdea(p);
      return { path: `/ideas/${i.id}/join-requests`, body: { role: 'helper' }, snapshot: ideaState(p, i.id) };
    },
    expect: registered(201, { owner: [409, 'already_member'], teammate: [409, 'already_member'] }),
  },
  listJoinRequests: {
    fixture: async (p) => ({ path: `/ideas/${(await teamIdea(p)).id}/join-requests` }),
    expect: {
      guest: 401,
      member: [403, 'forbidden'],
      stranger: [403, 'forbidden'],
      teammate: [403, 'forbidden'],
      owner: 200,
      staff: 200,
    },
  },
  decideJoin: {
    fresh: true,
    fixture: async (p) => {
      const i = await teamIdea(p);
      const asker = await newAmbassador();
      await json('POST', `/ideas/${i.id}/join-requests`, asker.token, {});
      return {
        path: `/ideas/${i.id}/join-requests/${asker.id}/decision`,
        body: { decision: 'accept' },
        snapshot: ideaState(p, i.id),
      };
    },
    expect: registered(200, { stranger: [403, 'forbidden'], teammate: [403, 'forbidden'] }),
  },
  getTeam: {
    fixture: async (p) => ({ path: `/ideas/${(await teamIdea(p)).id}/team` }),
    expect: signedIn(200),
  },
  leaveTeam: {
    fresh: true,
    fixture: async (p) => {
      const i = await teamIdea(p);
      return { path: `/ideas/${i.id}/leave`, snapshot: ideaState(p, i.id) };
    },
    expect: registered(204, { owner: [403, 'forbidden'], stranger: [404, 'not_found'] }),
  },
  startProject: {
    fresh: true,
    fixture: async (p) => {
      const i = await teamIdea(p);
      return { path: `/ideas/${i.id}/start`, snapshot: ideaState(p, i.id) };
    },
    expect: registered(200, { stranger: [403, 'forbidden'], teammate: [403, 'forbidden'] }),
  },
  completeProject: {
    fresh: true,
    fixture: async (p) => {
      const i = await teamIdea(p, 'in_progress');
      return {
        path: `/ideas/${i.id}/complete`,
        body: { outcome: 'The matrix completed this project fully.' },
        snapshot: ideaState(p, i.id),
      };
    },
    expect: registered(200, { stranger: [403, 'forbidden'], teammate: [403, 'forbidden'] }),
  },
  featureProject: {
    fresh: true,
    fixture: async (p) => {
      const i = await teamIdea(p, 'in_progress');
      return {
        path: `/staff/ideas/${i.id}/feature`,
        body: { headlineAr: 'مشروع', headlineEn: 'Project' },
        snapshot: ideaState(p, i.id),
      };
    },
    expect: staffOnly(200),
  },
  unfeatureProject: {
    fresh: true,
    fixture: async (p) => {
      const i = await teamIdea(p, 'in_progress');
      await json('POST', `/staff/ideas/${i.id}/feature`, p.staff, {
        headlineAr: 'مشروع',
        headlineEn: 'Project',
      });
      return { path: `/staff/ideas/${i.id}/feature`, snapshot: ideaState(p, i.id) };
    },
    expect: staffOnly(204),
  },
  listShowcase: { fixture: async () => ({ path: '/showcase' }), expect: ok(200) },
  getShareCard: {
    fixture: async (p) => {
      const i = await teamIdea(p, 'in_progress');
      await json('POST', `/staff/ideas/${i.id}/feature`, p.staff, {
        headlineAr: 'مشروع',
        headlineEn: 'Project',
      });
      return { path: `/showcase/${i.id}/card.svg` };
    },
    expect: ok(200),
  },
};

let calls = 0;
const unexpected: string[] = [];

const people = async (): Promise<People> => {
  const [owner, teammate, stranger] = await Promise.all([newAmbassador(), newAmbassador(), newAmbassador()]);
  return { owner, teammate, stranger, member: await token(uniqueSub('member')), staff: await staffToken() };
};

describe('authorization matrix', () => {
  it('covers every route of the route table', () => {
    expect(routes.map((r) => r.id).filter((id) => !(id in cases))).toEqual([]);
  });

  for (const spec of routes) {
    const c = cases[spec.id];
    if (!c) continue;
    it(`${spec.method} ${spec.path}`, async () => {
      const p = await people();
      const shared = c.fresh ? undefined : await c.fixture(p);
      await Promise.all(
        callers.map(async (caller) => {
          const f = shared ?? (await c.fixture(p));
          const tokens: Record<Caller, string | undefined> = {
            guest: undefined,
            member: f.as?.member ?? p.member,
            stranger: f.as?.stranger ?? p.stranger.token,
            owner: f.as?.owner ?? p.owner.token,
            teammate: f.as?.teammate ?? p.teammate.token,
            staff: f.as?.staff ?? p.staff,
          };
          // Fresh people for registration, so a member's 201 is theirs alone.
          const t =
            spec.id === 'registerAmbassador' && (caller === 'member' || caller === 'staff')
              ? await token(uniqueSub(caller), { groups: caller === 'staff' ? ['staff'] : [] })
              : tokens[caller];
          const before = f.snapshot ? await f.snapshot() : undefined;
          const res = await call(spec.path === '$default' ? 'GET' : spec.method, f.path, {
            token: t,
            body: f.body,
          });
          calls++;
          const want = c.expect[caller];
          const [status, code] = Array.isArray(want) ? want : [want, undefined];
          const label = `${spec.id} as ${caller}: expected ${status}${code ? ` ${code}` : ''}, got ${res.status} ${(JSON.stringify(res.body) ?? '').slice(0, 160)}`;
          if (res.status !== status || (code && res.body?.code !== code)) unexpected.push(label);
          expect(res.status, label).toBe(status);
          if (code) expect(res.body.code, label).toBe(code);
          if (status === 401) expect(res.body).toEqual({ message: 'Unauthorized' });
          if (status >= 400 && f.snapshot)
            expect(await f.snapshot(), `${label}: the refused call changed something`).toEqual(before);
        }),
      );
    });
  }

  afterAll(() => {
    console.log(
      `authorization matrix: ${calls} calls over ${routes.length} routes, ${unexpected.length} unexpected`,
    );
    for (const u of unexpected) console.log(`  ${u}`);
  });
});
