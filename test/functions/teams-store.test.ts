/**
 * The team writes against DynamoDB Local, given a stale read on purpose: what the store's
 * conditions alone must refuse, whatever the use case checked on the copy it read.
 */
import { describe, expect, it } from 'vitest';
import type { Idea } from '#domain/ideas.ts';
import { type DomainEvent, joinDecided, joinRequested } from '#domain/notifications.ts';
import type { JoinRequest } from '#domain/teams.ts';
import { call, newAmbassador, staffToken } from '#support/api.ts';
import { item } from '#support/table.ts';

const { ideaRepo } = await import('#store/ideas.ts');
const { beginErasure } = await import('#store/ambassadors.ts');

const fullTeamOfTwo = async (opts: { lateAsksFirst?: boolean; roomFor?: number } = {}) => {
  const staff = await staffToken();
  const leader = await newAmbassador();
  const first = await newAmbassador();
  const late = await newAmbassador();
  const created = await call('POST', '/ideas', {
    token: leader.token,
    body: {
      title: 'Recycling points for Sur',
      summary: 'Sorted recycling points by the souq, with a weekly collection.',
      city: 'sur',
      tags: ['environment'],
      missions: ['awareness'],
      teamSize: opts.roomFor ?? 2,
    },
  });
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  expect(
    (await call('POST', `/staff/ideas/${id}/decision`, { token: staff, body: { decision: 'approve' } }))
      .status,
  ).toBe(200);
  // Read while there is room ...
  const stale = (await ideaRepo.get(id, true)) as Idea;
  expect(stale.memberCount).toBe(1);
  if (opts.lateAsksFirst)
    expect((await call('POST', `/ideas/${id}/join-requests`, { token: late.token, body: {} })).status).toBe(
      201,
    );
  // ... then the team fills up.
  expect((await call('POST', `/ideas/${id}/join-requests`, { token: first.token, body: {} })).status).toBe(
    201,
  );
  const accepted = await call('POST', `/ideas/${id}/join-requests/${first.id}/decision`, {
    token: leader.token,
    body: { decision: 'accept' },
  });
  expect(accepted.status).toBe(200);
  return { id, stale, late, leader };
};

const pending = (ideaId: string, ambassadorId: string): JoinRequest => ({
  ideaId,
  ambassadorId,
  status: 'pending',
  createdAt: new Date().toISOString(),
  version: 1,
});

let eventIds = 0;
/** An event for a write below: its id is unique to this run, so its item can be looked up. */
const stamp = () => ({ id: `TEAMSTORE${Date.now()}${++eventIds}`, at: new Date() });
const eventItemOf = (e: DomainEvent) => item(`EVENT#${e.id}`, 'EVENT');

describe('team writes from a stale read', () => {
  it('a join request for a team that filled up since the read is refused, and nothing is written', async () => {
    const { id, stale, late } = await fullTeamOfTwo();
    const event = joinRequested(stale, late.id, stamp());
    expect(await ideaRepo.requestJoin(stale, pending(id, late.id), event)).toBe('changed');
    expect(await ideaRepo.getJoin(id, late.id)).toBeUndefined();
    // The event rode in the refused transaction: there is none.
    expect(await eventItemOf(event)).toBeUndefined();
  });

  it('a join request written carries its event, told to the leader, in the same transaction', async () => {
    const { id, late, leader } = await fullTeamOfTwo({ roomFor: 3 });
    const idea = (await ideaRepo.get(id, true)) as Idea;
    const event = joinRequested(idea, late.id, stamp());
    expect(await ideaRepo.requestJoin(idea, pending(id, late.id), event)).toBe('ok');
    expect(await eventItemOf(event)).toMatchObject({
      type: 'Event',
      event: {
        type: 'join.requested',
        actor: late.id,
        recipients: [leader.id],
        subject: { type: 'idea', id, path: `/ideas/${id}` },
        subjectTitle: 'Recycling points for Sur',
      },
    });
  });

  it('an accept over a stale read is refused: no member past the team size, no copy from the old count', async () => {
    const { id, stale, late, leader } = await fullTeamOfTwo({ lateAsksFirst: true });
    const request = (await ideaRepo.getJoin(id, late.id)) as JoinRequest;
    expect(request.status).toBe('pending');
    const event = joinDecided(stale, late.id, 'accept', leader.id, stamp());
    expect(await ideaRepo.acceptJoin(stale, request, new Date().toISOString(), event)).toBe('changed');
    expect(await eventItemOf(event)).toBeUndefined();
    expect((await ideaRepo.members(id)).map((m) => m.ambassadorId)).not.toContain(late.id);
    expect(((await ideaRepo.get(id, true)) as Idea).memberCount).toBe(2);
    expect((await call('GET', `/ideas/${id}/team`, { token: leader.token })).body.members).toHaveLength(2);
    expect((await ideaRepo.getJoin(id, late.id))?.status).toBe('pending');
  });

  it('an erasure stopped after its first step: the requester can no longer be accepted, and a retry completes it', async () => {
    const { id, late, leader } = await fullTeamOfTwo({ lateAsksFirst: true, roomFor: 3 });
    // The erasure marked the profile, then failed before its team steps ran.
    await beginErasure(late.id, new Date().toISOString());
    const accept = await call('POST', `/ideas/${id}/join-requests/${late.id}/decision`, {
      token: leader.token,
      body: { decision: 'accept' },
    });
    expect(accept.status).toBe(409);
    expect(accept.body.code).toBe('invalid_transition');
    expect((await ideaRepo.members(id)).map((m) => m.ambassadorId)).not.toContain(late.id);
    // The retry runs every step again and finishes: the request is withdrawn, the token erased.
    expect((await call('DELETE', '/ambassadors/me', { token: late.token })).status).toBe(204);
    expect(await ideaRepo.getJoin(id, late.id)).toBeUndefined();
    expect((await call('GET', '/ambassadors/me', { token: late.token })).body.code).toBe('not_registered');
  });
  it('an idea submitted while the author is being erased is refused (403 not_registered), and none is left', async () => {
    const author = await newAmbassador();
    // The erasure marked the profile and withdrew the ideas in review; a submit lands now.
    await beginErasure(author.id, new Date().toISOString());
    const late = await call('POST', '/ideas', {
      token: author.token,
      body: {
        title: 'Shade sails for Ibri',
        summary: 'Shade sails over the bus stops of Ibri, with a survey of the riders.',
        city: 'ibri',
        tags: ['mobility'],
        missions: ['awareness'],
        teamSize: 3,
      },
    });
    expect(late.status).toBe(403);
    expect(late.body.code).toBe('not_registered');
    expect((await call('DELETE', '/ambassadors/me', { token: author.token })).status).toBe(204);
    expect(await ideaRepo.ownedIdeas(author.id)).toEqual([]);
  });
});
