/**
 * Conflict of interest (docs/api-contract.md §10), over HTTP: a staff member who is also an
 * ambassador may not review their own lecture, decide their own idea, feature a project
 * whose team they are on, or hide a comment on such an idea. The answer is 403
 * `conflict_of_interest` and nothing changes; another staff member can.
 */
import { describe, expect, it } from 'vitest';
import { call, newAmbassador, newLecture, staffToken } from '#support/api.ts';
import { expectProblem } from '#support/assertions.ts';
import { ideaDecision, joinDecision, validIdea, validJoinRequest } from '#support/fixtures.ts';

const STAFF = { groups: ['staff'] };

const idea = (t: string) =>
  call('POST', '/ideas', {
    token: t,
    body: validIdea({
      title: 'Shaded bus stops for Seeb',
      summary: 'Solar-powered shaded bus stops with live arrival times along the Seeb corridor.',
      tags: ['mobility'],
      missions: ['engagement'],
      teamSize: 4,
    }),
  }).then((r) => {
    expect(r.status).toBe(201);
    return r.body as { id: string };
  });
const ok = async (method: string, path: string, t: string, body?: unknown) => {
  const r = await call(method, path, { token: t, body });
  expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
  return r.body;
};
const refused = async (method: string, path: string, t: string, body?: unknown) => {
  expectProblem(
    await call(method, path, { token: t, body }),
    403,
    'conflict_of_interest',
    `${method} ${path}`,
  );
};
/** What staff see of an idea: the idea, its team, comments and audit trail. */
const ideaState = async (id: string, staff: string) => ({
  idea: (await call('GET', `/ideas/${id}`, { token: staff })).body,
  team: (await call('GET', `/ideas/${id}/team`, { token: staff })).body,
  comments: (await call('GET', `/ideas/${id}/comments?limit=100`, { token: staff })).body,
  audit: (await call('GET', `/staff/ideas/${id}/audit`, { token: staff })).body,
});

/** An idea by `author`, approved by `staff`, with `member` on its team, in progress. */
const project = async (author: { token: string }, member: { id: string; token: string }, staff: string) => {
  const i = await idea(author.token);
  await ok('POST', `/staff/ideas/${i.id}/decision`, staff, ideaDecision.approve());
  await ok('POST', `/ideas/${i.id}/join-requests`, member.token, validJoinRequest({ role: 'helper' }));
  await ok('POST', `/ideas/${i.id}/join-requests/${member.id}/decision`, author.token, joinDecision.accept());
  await ok('POST', `/ideas/${i.id}/start`, author.token);
  return i;
};

describe('conflict of interest (§10)', () => {
  it('a staff member may not review a lecture they organized; another staff member can', async () => {
    const organizer = await newAmbassador({}, STAFF);
    const other = await staffToken();
    const l = await newLecture(organizer.token);
    await refused('POST', `/staff/lectures/${l.id}/review`, organizer.token, { decision: 'verify' });
    await refused('POST', `/staff/lectures/${l.id}/review`, organizer.token, {
      decision: 'reject',
      note: 'Mine',
    });
    expect((await call('GET', `/lectures/${l.id}`, { token: other })).body).toEqual(l);
    expect((await ok('POST', `/staff/lectures/${l.id}/review`, other, { decision: 'verify' })).status).toBe(
      'verified',
    );
  });

  it('a staff member may not decide an idea they authored; another staff member can', async () => {
    const author = await newAmbassador({}, STAFF);
    const other = await staffToken();
    const i = await idea(author.token);
    const before = await ideaState(i.id, other);
    await refused('POST', `/staff/ideas/${i.id}/decision`, author.token, { decision: 'approve' });
    await refused('POST', `/staff/ideas/${i.id}/decision`, author.token, { decision: 'reject', note: 'No' });
    expect(await ideaState(i.id, other)).toEqual(before);
    expect((await ok('POST', `/staff/ideas/${i.id}/decision`, other, { decision: 'approve' })).status).toBe(
      'approved',
    );
  });

  it('a staff member on the team (leader or member) may not feature it; another staff member can', async () => {
    const [author, member] = await Promise.all([newAmbassador({}, STAFF), newAmbassador({}, STAFF)]);
    const other = await staffToken();
    const i = await project(author, member, other);
    const before = await ideaState(i.id, other);
    const headlines = { headlineAr: 'مواقف حافلات مظللة', headlineEn: 'Shaded bus stops' };
    for (const who of [author, member])
      await refused('POST', `/staff/ideas/${i.id}/feature`, who.token, headlines);
    expect(await ideaState(i.id, other)).toEqual(before);
    const showcase = (await call('GET', '/showcase?limit=100')).body.items.map((s: { id: string }) => s.id);
    expect(showcase).not.toContain(i.id);
    expect((await ok('POST', `/staff/ideas/${i.id}/feature`, other, headlines)).featured).toBeDefined();
  });

  it('a staff member on the team may not hide a comment on its idea; another staff member can', async () => {
    const [author, member, commenter] = await Promise.all([
      newAmbassador({}, STAFF),
      newAmbassador({}, STAFF),
      newAmbassador(),
    ]);
    const other = await staffToken();
    const i = await project(author, member, other);
    const c = await ok('POST', `/ideas/${i.id}/comments`, commenter.token, {
      body: 'Criticism they dislike',
    });
    const before = await ideaState(i.id, other);
    for (const who of [author, member])
      await refused('POST', `/staff/ideas/${i.id}/comments/${c.id}/hide`, who.token);
    expect(await ideaState(i.id, other)).toEqual(before);
    expect((await ok('POST', `/staff/ideas/${i.id}/comments/${c.id}/hide`, other)).hidden).toBe(true);
  });
});
