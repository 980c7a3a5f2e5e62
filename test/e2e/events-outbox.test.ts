/**
 * The outbox, read from the table itself (docs/api-contract.md §11): each change writes its
 * event item in its own transaction, so a change that answered 2xx has exactly one, and a
 * refused, lost or replayed one adds none.
 */
import { describe, expect, it } from 'vitest';
import { call, newAmbassador, newLecture, staffToken } from '#support/api.ts';
import { approvedIdea, joinTeam, ok } from '#support/scenes.ts';
import { eventsAbout } from '#support/table.ts';

const WEEK = 7 * 24 * 3600;
const told = (items: Record<string, any>[]) =>
  items.map((i) => [i.event.type, i.event.actor, [...i.event.recipients].sort()]);

describe('the outbox, item by item', () => {
  it('a review writes one event item, told to the organizer; the second review (409) writes none', async () => {
    const staff = await staffToken();
    const organizer = await newAmbassador();
    const lecture = await newLecture(organizer.token, { title: 'Smart meters for Bawshar homes' });
    const reviewed = ok(
      await call('POST', `/staff/lectures/${lecture.id}/review`, {
        token: staff,
        body: { decision: 'reject', note: 'The photos show another event' },
      }),
    );
    const again = await call('POST', `/staff/lectures/${lecture.id}/review`, {
      token: await staffToken(),
      body: { decision: 'verify' },
    });
    expect(again.status).toBe(409);

    const items = await eventsAbout(lecture.id);
    expect(items).toHaveLength(1);
    const [item] = items;
    expect(item).toMatchObject({
      pk: `EVENT#${item?.event.id}`,
      sk: 'EVENT',
      type: 'Event',
      event: {
        type: 'lecture.rejected',
        at: reviewed.reviewedAt,
        subject: { type: 'lecture', id: lecture.id, path: `/lectures/${lecture.id}` },
        subjectTitle: 'Smart meters for Bawshar homes',
        recipients: [organizer.id],
      },
    });
    // A ULID: 26 characters of Crockford's base 32.
    expect(item?.event.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(item?.event.actor).toMatch(/^staff-/);
    expect(item?.expiresAt).toBe(Math.floor(Date.parse(reviewed.reviewedAt) / 1000) + WEEK);
  });

  it('an idea and its team: each change one event, to the people §11 names, never to the actor', async () => {
    const staff = await staffToken();
    const [author, b, c] = [await newAmbassador(), await newAmbassador(), await newAmbassador()];
    const idea = await approvedIdea(author.token, staff, { title: 'Shaded bus stops for Ibri' });
    await joinTeam(idea.id, author, b);
    await ok(await call('POST', `/ideas/${idea.id}/join-requests`, { token: c.token, body: {} }), 201);
    ok(
      await call('POST', `/ideas/${idea.id}/join-requests/${c.id}/decision`, {
        token: author.token,
        body: { decision: 'decline' },
      }),
    );
    const started = ok(await call('POST', `/ideas/${idea.id}/start`, { token: author.token }));
    ok(
      await call('POST', `/staff/ideas/${idea.id}/feature`, {
        token: staff,
        body: { headlineAr: 'مواقف ظليلة في عبري', headlineEn: 'Shaded stops in Ibri' },
      }),
    );
    ok(await call('POST', `/ideas/${idea.id}/leader`, { token: author.token, body: { ambassadorId: b.id } }));
    ok(await call('POST', `/ideas/${idea.id}/leave`, { token: author.token }), 204);

    const items = await eventsAbout(idea.id);
    const staffId = items[0]?.event.actor as string;
    expect(told(items)).toEqual([
      ['idea.approved', staffId, [author.id]],
      ['join.requested', b.id, [author.id]],
      ['join.accepted', author.id, [b.id]],
      ['join.requested', c.id, [author.id]],
      ['join.declined', author.id, [c.id]],
      ['project.started', author.id, [b.id]],
      ['project.featured', staffId, [author.id, b.id].sort()],
      ['team.leader_changed', author.id, [b.id]],
      ['team.member_left', author.id, [b.id]],
    ]);
    const start = items.find((i) => i.event.type === 'project.started');
    expect(start?.event).toMatchObject({
      at: started.startedAt,
      subject: { type: 'idea', id: idea.id, path: `/ideas/${idea.id}` },
      subjectTitle: 'Shaded bus stops for Ibri',
    });
  });

  it('refused changes write no event: a decision lost to another, a full team, a hand-over to a stranger', async () => {
    const staff = await staffToken();
    const author = await newAmbassador();
    const submitted = ok(
      await call('POST', '/ideas', {
        token: author.token,
        body: {
          title: 'Solar benches for Sohar',
          summary: 'Benches that charge phones by the corniche, made in Sohar.',
          city: 'sohar',
          tags: ['energy'],
          missions: ['engagement'],
          teamSize: 2,
        },
      }),
      201,
    );
    const decisions = await Promise.all(
      [{ decision: 'approve' }, { decision: 'reject', note: 'Out of scope' }].map(async (body) =>
        call('POST', `/staff/ideas/${submitted.id}/decision`, { token: await staffToken(), body }),
      ),
    );
    expect(decisions.map((d) => d.status).sort()).toEqual([200, 409]);
    const winner = decisions.find((d) => d.status === 200)?.body;
    expect(told(await eventsAbout(submitted.id)).map(([type]) => type)).toEqual([
      winner.status === 'approved' ? 'idea.approved' : 'idea.rejected',
    ]);

    const idea = await approvedIdea(author.token, staff, { teamSize: 2 });
    const [b, late] = [await newAmbassador(), await newAmbassador()];
    await joinTeam(idea.id, author, b);
    const before = (await eventsAbout(idea.id)).length;
    const full = await call('POST', `/ideas/${idea.id}/join-requests`, { token: late.token, body: {} });
    expect(full.status).toBe(409);
    const stranger = await call('POST', `/ideas/${idea.id}/leader`, {
      token: author.token,
      body: { ambassadorId: late.id },
    });
    expect(stranger.status).toBe(409);
    expect(await eventsAbout(idea.id)).toHaveLength(before);
  });

  it('a reply tells the author of the comment answered, once, even when its request is replayed', async () => {
    const staff = await staffToken();
    const [author, first, replier] = [await newAmbassador(), await newAmbassador(), await newAmbassador()];
    const idea = await approvedIdea(author.token, staff);
    const parent = ok(
      await call('POST', `/ideas/${idea.id}/comments`, { token: first.token, body: { body: 'Count me in' } }),
      201,
    );
    const reply = { body: 'Me too', replyTo: parent.id };
    const headers = { 'idempotency-key': `reply-${parent.id}` };
    const created = ok(
      await call('POST', `/ideas/${idea.id}/comments`, { token: replier.token, body: reply, headers }),
      201,
    );
    const replayed = ok(
      await call('POST', `/ideas/${idea.id}/comments`, { token: replier.token, body: reply, headers }),
      201,
    );
    expect(replayed.id).toBe(created.id);
    const items = await eventsAbout(created.id);
    expect(items.map((i) => i.event)).toEqual([
      {
        id: expect.any(String),
        type: 'comment.replied',
        at: created.createdAt,
        actor: replier.id,
        subject: { type: 'comment', id: created.id, path: `/ideas/${idea.id}/comments` },
        subjectTitle: idea.title,
        recipients: [first.id],
      },
    ]);
    // The comment answered is no subject: a plain comment tells nobody.
    expect(await eventsAbout(parent.id)).toEqual([]);
  });

  it('an erasure: the system hands the team over (the erased leader not told), then tells the new leader the member left', async () => {
    const staff = await staffToken();
    const [author, b, c] = [await newAmbassador(), await newAmbassador(), await newAmbassador()];
    const idea = await approvedIdea(author.token, staff);
    await joinTeam(idea.id, author, b);
    await joinTeam(idea.id, author, c);
    const before = (await eventsAbout(idea.id)).length;
    ok(await call('DELETE', '/ambassadors/me', { token: author.token }), 204);
    expect(told((await eventsAbout(idea.id)).slice(before))).toEqual([
      ['team.leader_changed', 'system', [b.id, c.id].sort()],
      ['team.member_left', 'system', [b.id]],
    ]);
  });

  it('delivered from the outbox: the author finds the decision in their inbox, in their language', async () => {
    const staff = await staffToken();
    const author = await newAmbassador();
    const idea = await approvedIdea(author.token, staff, { title: 'Shaded bus stops for Ibri' });
    ok(await call('POST', '/_local/stream/drain'));
    const inbox = ok(await call('GET', '/me/notifications', { token: author.token }));
    const [event] = (await eventsAbout(idea.id)).map((i) => i.event);
    expect(inbox.unread).toBe(1);
    expect(inbox.items).toEqual([
      expect.objectContaining({
        id: event?.id,
        type: 'idea.approved',
        at: event?.at,
        read: false,
        subject: { type: 'idea', id: idea.id, path: `/ideas/${idea.id}` },
      }),
    ]);
    // Arabic by default, the title quoted whole.
    expect(inbox.items[0].body).toContain('Shaded bus stops for Ibri');
    expect(inbox.items[0].title).toMatch(/[\u0600-\u06FF]/);
  });
});
