/**
 * Hostile review of the team hand-over (docs/api-contract.md §10 "Handing over a team",
 * "Conflict of interest"): what a staff member on the team, or an author who handed over,
 * must not be able to do.
 */
import { describe, expect, it } from 'vitest';
import { call, newAmbassador, staffToken } from '#support/api.ts';
import { validIdea } from '#support/fixtures.ts';
import { approvedIdea as approved, joinTeam, ok } from '#support/scenes.ts';

type Amb = { id: string; token: string };

const approvedIdea = (author: Amb, staff: string) =>
  approved(
    author.token,
    staff,
    validIdea({
      title: 'Shaded bus stops in Sohar',
      summary: 'Shade and water at the busiest bus stops, built with the neighbourhood.',
      city: 'sohar',
      tags: ['mobility'],
      missions: ['engagement'],
      teamSize: 4,
    }),
  );
/** Joins with an empty request (no role, no message), accepted by the leader. */
const joinAndAccept = (ideaId: string, leader: Amb, who: Amb) => joinTeam(ideaId, leader, who, {});

const leaderOf = async (ideaId: string, t: string) =>
  ok(await call('GET', `/ideas/${ideaId}/team`, { token: t })).leaderId;

describe('staff hand-over: conflict of interest', () => {
  it('a staff member on the team cannot take the team for themselves through the staff route', async () => {
    const staff = await staffToken();
    const author = await newAmbassador();
    const insider = await newAmbassador({}, { groups: ['staff'] });
    const i = await approvedIdea(author, staff);
    await joinAndAccept(i.id, author, insider);

    const seized = await call('POST', `/staff/ideas/${i.id}/leader`, {
      token: insider.token,
      body: { ambassadorId: insider.id },
    });
    expect(seized.status).toBe(403);
    expect(seized.body.code).toBe('conflict_of_interest');
    expect(await leaderOf(i.id, staff)).toBe(author.id);
  });

  it('a staff author who handed the team over cannot take it back through the staff route', async () => {
    const staff = await staffToken();
    const author = await newAmbassador({}, { groups: ['staff'] });
    const b = await newAmbassador();
    const i = await approvedIdea(author, staff);
    await joinAndAccept(i.id, author, b);
    ok(await call('POST', `/ideas/${i.id}/leader`, { token: author.token, body: { ambassadorId: b.id } }));

    const back = await call('POST', `/staff/ideas/${i.id}/leader`, {
      token: author.token,
      body: { ambassadorId: author.id },
    });
    expect(back.status).toBe(403);
    expect(back.body.code).toBe('conflict_of_interest');
    expect(await leaderOf(i.id, staff)).toBe(b.id);
    // Another staff member can.
    ok(
      await call('POST', `/staff/ideas/${i.id}/leader`, { token: staff, body: { ambassadorId: author.id } }),
    );
    expect(await leaderOf(i.id, staff)).toBe(author.id);
  });
});

describe('withdrawing an approved idea after a hand-over', () => {
  it("the team is its leader's: the author who handed it over (and left) cannot dissolve it; the leader can", async () => {
    const staff = await staffToken();
    const author = await newAmbassador();
    const [b, c] = [await newAmbassador(), await newAmbassador()];
    const i = await approvedIdea(author, staff);
    await joinAndAccept(i.id, author, b);
    await joinAndAccept(i.id, author, c);
    ok(await call('POST', `/ideas/${i.id}/leader`, { token: author.token, body: { ambassadorId: b.id } }));
    ok(await call('POST', `/ideas/${i.id}/leave`, { token: author.token }), 204);

    const byAuthor = await call('POST', `/ideas/${i.id}/withdraw`, { token: author.token });
    expect(byAuthor.status).toBe(403);
    expect(byAuthor.body.code).toBe('forbidden');
    const still = ok(await call('GET', `/ideas/${i.id}`, { token: staff }));
    expect(still).toMatchObject({ status: 'approved', memberCount: 2, leaderId: b.id });

    const byLeader = ok(await call('POST', `/ideas/${i.id}/withdraw`, { token: b.token }));
    expect(byLeader.status).toBe('withdrawn');
  });
});
