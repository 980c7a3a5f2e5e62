/**
 * Handing a team over and erasing a team's people (docs/api-contract.md §10 "Erasure and teams",
 * "Handing over a team"), and the Location of everything created in the idea area.
 */
import { describe, expect, it } from 'vitest';
import { call, newAmbassador, staffToken } from '#support/api.ts';
import { expectETag, expectLocation } from '#support/assertions.ts';
import { validIdea } from '#support/fixtures.ts';
import { approvedIdea as approved, joinTeam, ok } from '#support/scenes.ts';

type Amb = { id: string; token: string };

const masirah = (teamSize = 4) =>
  validIdea({
    title: 'Beach clean-ups in Masirah',
    summary: 'Monthly beach clean-ups with the schools, and a map of what washes up.',
    city: 'masirah',
    tags: ['environment'],
    missions: ['engagement'],
    teamSize,
  });
const idea = async (author: Amb) =>
  ok(await call('POST', '/ideas', { token: author.token, body: masirah() }), 201);
const approvedIdea = (author: Amb, staff: string, teamSize = 4) =>
  approved(author.token, staff, masirah(teamSize));
/** Joins with an empty request (no role, no message), accepted by the leader. */
const joinAndAccept = (ideaId: string, leader: Amb, who: Amb) => joinTeam(ideaId, leader, who, {});

const team = async (ideaId: string, t: string) =>
  ok(await call('GET', `/ideas/${ideaId}/team`, { token: t }));
const getIdea = async (ideaId: string, t: string) => ok(await call('GET', `/ideas/${ideaId}`, { token: t }));
const erase = async (who: Amb) => ok(await call('DELETE', '/ambassadors/me', { token: who.token }), 204);

describe('handing a team over', () => {
  it('the leader hands over to a member: 200 with the team, the old leader stays a member, the new one leads', async () => {
    const staff = await staffToken();
    const author = await newAmbassador();
    const [b, outsider] = [await newAmbassador(), await newAmbassador()];
    const i = await approvedIdea(author, staff);
    await joinAndAccept(i.id, author, b);

    const refused = await call('POST', `/ideas/${i.id}/leader`, {
      token: author.token,
      body: { ambassadorId: outsider.id },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('invalid_transition');

    const handed = ok(
      await call('POST', `/ideas/${i.id}/leader`, { token: author.token, body: { ambassadorId: b.id } }),
    );
    expect(handed.leaderId).toBe(b.id);
    expect(
      handed.members.map((m: { ambassadorId: string; leader: boolean }) => [m.ambassadorId, m.leader]),
    ).toEqual([
      [b.id, true],
      [author.id, false],
    ]);
    expect((await getIdea(i.id, author.token)).leaderId).toBe(b.id);
    // The new leader manages the team; the old one no longer does, and may now leave it.
    expect((await call('POST', `/ideas/${i.id}/start`, { token: author.token })).status).toBe(403);
    expect((await call('GET', `/ideas/${i.id}/join-requests`, { token: b.token })).status).toBe(200);
    expect((await call('POST', `/ideas/${i.id}/start`, { token: b.token })).status).toBe(200);
    expect((await call('POST', `/ideas/${i.id}/leave`, { token: b.token })).status).toBe(403);
  });

  it('staff hand over (audited), to members only', async () => {
    const staff = await staffToken();
    const author = await newAmbassador();
    const b = await newAmbassador();
    const i = await approvedIdea(author, staff);
    await joinAndAccept(i.id, author, b);
    expect(
      (
        await call('POST', `/staff/ideas/${i.id}/leader`, {
          token: staff,
          body: { ambassadorId: 'nobody-here' },
        })
      ).body.code,
    ).toBe('invalid_transition');
    expect(
      ok(await call('POST', `/staff/ideas/${i.id}/leader`, { token: staff, body: { ambassadorId: b.id } }))
        .leaderId,
    ).toBe(b.id);
    const audit = ok(await call('GET', `/staff/ideas/${i.id}/audit`, { token: staff })).items;
    expect(audit.at(-1)).toMatchObject({
      action: 'leader_changed',
      leaderId: b.id,
      from: 'approved',
      to: 'approved',
    });
  });
});

describe('erasure and teams', () => {
  it("an erased leader's team passes to the member who joined earliest (audited by system); their slot is free", async () => {
    const staff = await staffToken();
    const leader = await newAmbassador();
    const [first, second] = [await newAmbassador(), await newAmbassador()];
    const i = await approvedIdea(leader, staff, 3);
    await joinAndAccept(i.id, leader, first);
    await joinAndAccept(i.id, leader, second);
    await erase(leader);

    const t = await team(i.id, staff);
    expect(t.leaderId).toBe(first.id);
    expect(t.members.map((m: { ambassadorId: string }) => m.ambassadorId)).toEqual([first.id, second.id]);
    const fresh = await getIdea(i.id, staff);
    expect(fresh).toMatchObject({ status: 'approved', memberCount: 2, leaderId: first.id });
    const audit = ok(await call('GET', `/staff/ideas/${i.id}/audit`, { token: staff })).items;
    expect(audit.find((e: { action: string }) => e.action === 'leader_changed')).toMatchObject({
      by: 'system',
      leaderId: first.id,
    });
    // The slot is free at once: a newcomer can be accepted by the new leader.
    const newcomer = await newAmbassador();
    await joinAndAccept(i.id, first, newcomer);
    // The erased token is no one's leader and no ambassador any more.
    for (const [method, path] of [
      ['GET', `/ideas/${i.id}/join-requests`],
      ['POST', `/ideas/${i.id}/leave`],
      ['POST', `/ideas/${i.id}/leader`],
    ] as const) {
      const res = await call(method, path, {
        token: leader.token,
        ...(method === 'POST' && path.endsWith('leader') ? { body: { ambassadorId: first.id } } : {}),
      });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.code).toBe('not_registered');
    }
  });

  it("an erased leader alone: the idea is withdrawn (audited); an erased member's slot is freed", async () => {
    const staff = await staffToken();
    const lonely = await newAmbassador();
    const alone = await approvedIdea(lonely, staff);
    await erase(lonely);
    expect((await getIdea(alone.id, staff)).status).toBe('withdrawn');
    const audit = ok(await call('GET', `/staff/ideas/${alone.id}/audit`, { token: staff })).items;
    expect(audit.at(-1)).toMatchObject({
      action: 'withdraw',
      by: 'system',
      from: 'approved',
      to: 'withdrawn',
    });

    const leader = await newAmbassador();
    const member = await newAmbassador();
    const i = await approvedIdea(leader, staff, 2);
    await joinAndAccept(i.id, leader, member);
    await erase(member);
    expect((await getIdea(i.id, staff)).memberCount).toBe(1);
    expect((await team(i.id, staff)).members).toHaveLength(1);
    const next = await newAmbassador();
    await joinAndAccept(i.id, leader, next);
  });

  it('pending join requests and ideas in review are withdrawn; an erased requester cannot be accepted', async () => {
    const staff = await staffToken();
    const leader = await newAmbassador();
    const requester = await newAmbassador();
    const i = await approvedIdea(leader, staff);
    ok(await call('POST', `/ideas/${i.id}/join-requests`, { token: requester.token, body: {} }), 201);
    const mine = await idea(requester);
    await erase(requester);

    expect(ok(await call('GET', `/ideas/${i.id}/join-requests`, { token: leader.token })).items).toEqual([]);
    const accept = await call('POST', `/ideas/${i.id}/join-requests/${requester.id}/decision`, {
      token: leader.token,
      body: { decision: 'accept' },
    });
    expect(accept.status).toBe(404);
    expect((await getIdea(i.id, staff)).memberCount).toBe(1);
    expect((await getIdea(mine.id, staff)).status).toBe('withdrawn');
  });

  it('an accept racing the erasure never leaves the erased requester holding a slot', async () => {
    const staff = await staffToken();
    const leader = await newAmbassador();
    const i = await approvedIdea(leader, staff, 20);
    const requesters = await Promise.all(Array.from({ length: 6 }, () => newAmbassador()));
    for (const r of requesters)
      ok(await call('POST', `/ideas/${i.id}/join-requests`, { token: r.token, body: {} }), 201);
    await Promise.all(
      requesters.flatMap((r) => [
        call('DELETE', '/ambassadors/me', { token: r.token }),
        call('POST', `/ideas/${i.id}/join-requests/${r.id}/decision`, {
          token: leader.token,
          body: { decision: 'accept' },
        }),
      ]),
    );
    // Every erasure answered (or is retried until it does): none of them stays on the team.
    for (const r of requesters) {
      const me = await call('GET', '/ambassadors/me', { token: r.token });
      if (me.status === 200) await erase(r);
    }
    const t = await team(i.id, staff);
    expect(t.members.map((m: { ambassadorId: string }) => m.ambassadorId)).toEqual([leader.id]);
    expect((await getIdea(i.id, staff)).memberCount).toBe(1);
  });
});

describe('Location headers in the idea area', () => {
  it('every Location answers GET 200 to the caller who created the item', async () => {
    const staff = await staffToken();
    const author = await newAmbassador();
    const other = await newAmbassador();
    const created = await call('POST', '/ideas', {
      token: author.token,
      body: {
        title: 'Shaded parking in Sur',
        summary: 'Solar-shaded parking by the corniche that charges the street lights.',
        city: 'sur',
        tags: ['energy'],
        missions: ['research'],
        teamSize: 3,
      },
    });
    const i = ok(
      await call('POST', `/staff/ideas/${created.body.id}/decision`, {
        token: staff,
        body: { decision: 'approve' },
      }),
    );
    const comment = await call('POST', `/ideas/${i.id}/comments`, {
      token: other.token,
      body: { body: 'Count me in' },
    });
    const request = await call('POST', `/ideas/${i.id}/join-requests`, { token: other.token, body: {} });
    for (const [res, creator] of [
      [created, author],
      [comment, other],
      [request, other],
    ] as const) {
      expect(res.status).toBe(201);
      const location = expectLocation(res);
      expect((await call('GET', location, { token: creator.token })).status, location).toBe(200);
    }
    // Join requests and decisions carry their version as an ETag.
    expectETag(request);
    const decided = await call('POST', `/ideas/${i.id}/join-requests/${other.id}/decision`, {
      token: author.token,
      body: { decision: 'accept' },
    });
    expect(decided.body.version).toBe(request.body.version + 1);
    expectETag(decided);
    // So does a hidden comment.
    const hidden = await call('POST', `/staff/ideas/${i.id}/comments/${comment.body.id}/hide`, {
      token: staff,
    });
    expect(hidden.body.version).toBe(comment.body.version + 1);
    expectETag(hidden);
    // The stored comment carries that version: hiding it again answers it as stored.
    const again = await call('POST', `/staff/ideas/${i.id}/comments/${comment.body.id}/hide`, {
      token: staff,
    });
    expect(again.headers.get('etag')).toBe(`"${hidden.body.version}"`);
  });
});
