import { describe, expect, it } from 'vitest';
import {
  call,
  newAmbassador,
  omanDate,
  runLeaderboards,
  staffToken,
  token,
  uniqueSub,
} from '#support/api.ts';
import { validIdea } from '#support/fixtures.ts';

const submit = async (t: string, overrides: Record<string, unknown> = {}) => {
  const res = await call('POST', '/ideas', { token: t, body: validIdea(overrides) });
  expect(res.status).toBe(201);
  return res.body;
};
const decide = (staff: string, id: string, body: Record<string, unknown>) =>
  call('POST', `/staff/ideas/${id}/decision`, { token: staff, body });
const approved = async (authorToken: string, staff: string, overrides: Record<string, unknown> = {}) => {
  const idea = await submit(authorToken, overrides);
  const res = await decide(staff, idea.id, { decision: 'approve' });
  expect(res.status).toBe(200);
  return res.body;
};
const snapshot = async (id: string, t: string) => (await call('GET', `/ideas/${id}`, { token: t })).body;

describe('the whole story, over HTTP', () => {
  it('submit, request changes, edit, approve, discuss, form a team, start, complete, feature, showcase, cities board', async () => {
    const author = await newAmbassador({ governorate: 'OM-DA', wilayat: 'nizwa', interests: ['water'] });
    const b = await newAmbassador({ governorate: 'OM-DA', wilayat: 'bahla' });
    const c = await newAmbassador({ governorate: 'OM-MA', wilayat: 'muscat' });
    const staff = await staffToken();

    // Submit: only the author and staff see it.
    const idea = await submit(author.token);
    expect(idea).toMatchObject({ status: 'submitted', authorId: author.id, version: 1 });
    expect((await call('GET', `/ideas/${idea.id}`, { token: b.token })).status).toBe(404);
    expect((await call('GET', `/ideas/${idea.id}`, { token: staff })).status).toBe(200);
    const queue = await call('GET', '/staff/ideas?status=submitted&limit=100', { token: staff });
    const queued = queue.body.items.find((i: { id: string }) => i.id === idea.id);
    expect(queued).toMatchObject({ status: 'submitted', waitingSeconds: expect.any(Number) });

    // Request changes (a note is required), then the author's edit resubmits it.
    expect((await decide(staff, idea.id, { decision: 'request_changes' })).status).toBe(400);
    const changes = await decide(staff, idea.id, {
      decision: 'request_changes',
      note: 'Add a budget estimate',
    });
    expect(changes.body).toMatchObject({
      status: 'changes_requested',
      decisionNote: 'Add a budget estimate',
    });
    expect(
      (await call('PATCH', `/ideas/${idea.id}`, { token: b.token, body: { title: 'Hijacked title' } }))
        .status,
    ).toBe(404);
    const edited = await call('PATCH', `/ideas/${idea.id}`, {
      token: author.token,
      body: { summary: 'Soil sensors, a shared dashboard and a budget of 12,000 OMR for 40 farms.' },
    });
    expect(edited.status).toBe(200);
    expect(edited.body.status).toBe('submitted');

    // Approve: public now, the team exists with the author as leader.
    const approval = await decide(staff, idea.id, { decision: 'approve' });
    expect(approval.status).toBe(200);
    expect(approval.body).toMatchObject({ status: 'approved', memberCount: 1 });
    expect((await decide(staff, idea.id, { decision: 'reject', note: 'late' })).body.code).toBe(
      'invalid_transition',
    );
    expect((await call('GET', `/ideas/${idea.id}`, { token: b.token })).status).toBe(200);
    const team0 = await call('GET', `/ideas/${idea.id}/team`, { token: c.token });
    expect(team0.body).toMatchObject({
      leaderId: author.id,
      teamSize: 5,
      members: [{ ambassadorId: author.id, leader: true }],
    });
    expect((await call('GET', `/ambassadors/${author.id}`, { token: b.token })).body.stats).toMatchObject({
      ideas: 1,
      teams: 1,
    });

    // Discussion: a comment and a reply, oldest first.
    const comment = await call('POST', `/ideas/${idea.id}/comments`, {
      token: b.token,
      body: { body: 'Which sensors? هل هي لاسلكية؟' },
    });
    expect(comment.status).toBe(201);
    const reply = await call('POST', `/ideas/${idea.id}/comments`, {
      token: author.token,
      body: { body: 'LoRaWAN ones.', replyTo: comment.body.id },
    });
    expect(reply.status).toBe(201);
    const badReply = await call('POST', `/ideas/${idea.id}/comments`, {
      token: c.token,
      body: { body: 'x', replyTo: 'nope' },
    });
    expect(badReply.status).toBe(400);
    const thread = await call('GET', `/ideas/${idea.id}/comments`, { token: c.token });
    expect(thread.body.items.map((x: { body: string }) => x.body)).toEqual([
      'Which sensors? هل هي لاسلكية؟',
      'LoRaWAN ones.',
    ]);

    // Two join requests: accept one, decline one.
    expect(
      (
        await call('POST', `/ideas/${idea.id}/join-requests`, {
          token: b.token,
          body: { message: 'I farm in Bahla', role: 'field tests' },
        })
      ).status,
    ).toBe(201);
    expect(
      (await call('POST', `/ideas/${idea.id}/join-requests`, { token: b.token, body: {} })).body.code,
    ).toBe('duplicate_request');
    expect(
      (
        await call('POST', `/ideas/${idea.id}/join-requests`, {
          token: c.token,
          body: { role: 'dashboards' },
        })
      ).status,
    ).toBe(201);
    expect(
      (await call('POST', `/ideas/${idea.id}/join-requests`, { token: author.token, body: {} })).body.code,
    ).toBe('already_member');
    const pending = await call('GET', `/ideas/${idea.id}/join-requests`, { token: author.token });
    expect(pending.body.items.map((r: { ambassadorId: string }) => r.ambassadorId).sort()).toEqual(
      [b.id, c.id].sort(),
    );
    expect((await call('GET', `/ideas/${idea.id}/join-requests`, { token: b.token })).status).toBe(403);
    expect(
      (
        await call('POST', `/ideas/${idea.id}/join-requests/${c.id}/decision`, {
          token: b.token,
          body: { decision: 'accept' },
        })
      ).status,
    ).toBe(403);
    // Starting with the leader alone is refused.
    expect((await call('POST', `/ideas/${idea.id}/start`, { token: author.token })).body.code).toBe(
      'invalid_transition',
    );
    expect(
      (
        await call('POST', `/ideas/${idea.id}/join-requests/${b.id}/decision`, {
          token: author.token,
          body: { decision: 'accept' },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call('POST', `/ideas/${idea.id}/join-requests/${c.id}/decision`, {
          token: author.token,
          body: { decision: 'decline' },
        })
      ).status,
    ).toBe(200);
    expect(
      (await call('POST', `/ideas/${idea.id}/join-requests`, { token: b.token, body: {} })).body.code,
    ).toBe('already_member');
    const team = await call('GET', `/ideas/${idea.id}/team`, { token: c.token });
    expect(
      team.body.members.map((m: { ambassadorId: string; role?: string }) => [m.ambassadorId, m.role]),
    ).toEqual([
      [author.id, 'leader'],
      [b.id, 'field tests'],
    ]);

    // Start and complete (leader only).
    expect((await call('POST', `/ideas/${idea.id}/start`, { token: b.token })).status).toBe(403);
    const started = await call('POST', `/ideas/${idea.id}/start`, { token: author.token });
    expect(started.body.status).toBe('in_progress');
    expect(
      (await call('POST', `/ideas/${idea.id}/complete`, { token: author.token, body: { outcome: 'short' } }))
        .status,
    ).toBe(400);
    const done = await call('POST', `/ideas/${idea.id}/complete`, {
      token: author.token,
      body: {
        outcome: 'Sensors on 40 farms cut water use by a fifth over the summer.',
        links: ['https://example.om/report'],
      },
    });
    expect(done.body).toMatchObject({ status: 'completed', outcome: expect.any(String) });

    // Feature it: the showcase and the share card.
    expect(
      (
        await call('POST', `/staff/ideas/${idea.id}/feature`, {
          token: author.token,
          body: { headlineAr: 'x', headlineEn: 'x' },
        })
      ).status,
    ).toBe(403);
    const featured = await call('POST', `/staff/ideas/${idea.id}/feature`, {
      token: staff,
      body: { headlineAr: 'مزارع نزوى تروي بذكاء', headlineEn: 'Nizwa farms water smarter' },
    });
    expect(featured.status).toBe(200);
    const showcase = await call('GET', '/showcase?limit=100');
    const item = showcase.body.items.find((i: { id: string }) => i.id === idea.id);
    expect(item).toMatchObject({
      headlineEn: 'Nizwa farms water smarter',
      status: 'completed',
      teamSize: 5,
      city: { id: 'nizwa', en: 'Nizwa' },
    });
    for (const post of [item.post.ar, item.post.en]) {
      expect([...post].length).toBeLessThanOrEqual(280);
      expect(post).toMatch(/#/);
    }
    expect(item.post.en).toContain('#Nizwa');
    expect(item.post.ar).toContain('#نزوى');
    expect(JSON.stringify(showcase.body)).not.toMatch(/@example\.om|\+968/);
    const card = await call('GET', `/showcase/${idea.id}/card.svg`);
    expect(card.status).toBe(200);
    expect(card.headers.get('content-type')).toContain('image/svg+xml');
    expect(card.body).toContain('width="1200" height="630"');
    expect(card.body).toContain('direction="rtl"');
    expect(card.body).toContain('مزارع نزوى تروي بذكاء');

    // The audit trail has every transition and staff action.
    const audit = await call('GET', `/staff/ideas/${idea.id}/audit`, { token: staff });
    expect(audit.body.items.map((a: { action: string }) => a.action)).toEqual([
      'request_changes',
      'edit',
      'approve',
      'start',
      'complete',
      'feature',
    ]);
    expect(audit.body.items[0]).toMatchObject({
      from: 'submitted',
      to: 'changes_requested',
      note: 'Add a budget estimate',
      by: expect.any(String),
      at: expect.any(String),
    });
    expect((await call('GET', `/staff/ideas/${idea.id}/audit`, { token: author.token })).status).toBe(403);

    // The cities board, after the schedule runs.
    await runLeaderboards();
    for (const period of ['all', omanDate(0).slice(0, 4), omanDate(0).slice(0, 7)]) {
      const board = await call('GET', `/leaderboards/cities?period=${period}`);
      const nizwa = board.body.entries.find((e: { id: string }) => e.id === 'nizwa');
      expect(nizwa.score, period).toBeGreaterThanOrEqual(5);
      expect(nizwa).toMatchObject({ name: 'Nizwa', completed: expect.any(Number) });
    }
    expect((await call('GET', `/ambassadors/${b.id}`, { token: c.token })).body.stats.teams).toBe(1);
  });
});

describe('forbidden steps change nothing', () => {
  it('visibility and ownership', async () => {
    const author = await newAmbassador();
    const other = await newAmbassador();
    const staff = await staffToken();
    const idea = await submit(author.token);
    for (const [method, path, body] of [
      ['GET', `/ideas/${idea.id}`, undefined],
      ['PATCH', `/ideas/${idea.id}`, { title: 'Other title here' }],
      ['POST', `/ideas/${idea.id}/withdraw`, undefined],
      ['POST', `/ideas/${idea.id}/comments`, { body: 'hi' }],
      ['POST', `/ideas/${idea.id}/join-requests`, {}],
      ['GET', `/ideas/${idea.id}/team`, undefined],
    ] as const) {
      const res = await call(method, path, { token: other.token, body });
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    // Not staff: the staff routes are 403 whatever the idea.
    expect((await decide(author.token, idea.id, { decision: 'approve' })).status).toBe(403);
    expect((await call('GET', '/staff/ideas', { token: author.token })).status).toBe(403);
    // Comments only on public ideas, even for the author.
    expect(
      (await call('POST', `/ideas/${idea.id}/comments`, { token: author.token, body: { body: 'hi' } })).body
        .code,
    ).toBe('invalid_transition');
    // Feature only in progress or completed.
    expect(
      (
        await call('POST', `/staff/ideas/${idea.id}/feature`, {
          token: staff,
          body: { headlineAr: 'ا', headlineEn: 'a' },
        })
      ).body.code,
    ).toBe('invalid_transition');
    const after = await snapshot(idea.id, author.token);
    expect(after).toMatchObject({ status: 'submitted', version: 1, title: idea.title });
  });

  it('withdrawal, and what cannot follow it', async () => {
    const author = await newAmbassador();
    const staff = await staffToken();
    const idea = await approved(author.token, staff);
    expect((await call('GET', `/ambassadors/me`, { token: author.token })).body.stats).toMatchObject({
      ideas: 1,
      teams: 1,
    });
    const res = await call('POST', `/ideas/${idea.id}/withdraw`, { token: author.token });
    expect(res.body.status).toBe('withdrawn');
    expect((await call('GET', `/ambassadors/me`, { token: author.token })).body.stats).toMatchObject({
      ideas: 0,
      teams: 0,
    });
    for (const [path, body] of [
      [`/ideas/${idea.id}/withdraw`, undefined],
      [`/ideas/${idea.id}/start`, undefined],
    ] as const)
      expect((await call('POST', path, { token: author.token, body })).body.code).toBe('invalid_transition');
    expect(
      (await call('PATCH', `/ideas/${idea.id}`, { token: author.token, body: { title: 'New title here' } }))
        .body.code,
    ).toBe('invalid_transition');
    const other = await newAmbassador();
    expect((await call('GET', `/ideas/${idea.id}`, { token: other.token })).status).toBe(404);
  });

  it('comments: authors delete their own; staff hide any (audited)', async () => {
    const author = await newAmbassador();
    const other = await newAmbassador();
    const staff = await staffToken();
    const idea = await approved(author.token, staff);
    const mine = (
      await call('POST', `/ideas/${idea.id}/comments`, { token: other.token, body: { body: 'first' } })
    ).body;
    const theirs = (
      await call('POST', `/ideas/${idea.id}/comments`, { token: author.token, body: { body: 'second' } })
    ).body;
    expect(
      (await call('DELETE', `/ideas/${idea.id}/comments/${theirs.id}`, { token: other.token })).status,
    ).toBe(403);
    expect(
      (await call('DELETE', `/ideas/${idea.id}/comments/${mine.id}`, { token: other.token })).status,
    ).toBe(204);
    expect(
      (await call('POST', `/staff/ideas/${idea.id}/comments/${theirs.id}/hide`, { token: other.token }))
        .status,
    ).toBe(403);
    const hidden = await call('POST', `/staff/ideas/${idea.id}/comments/${theirs.id}/hide`, { token: staff });
    expect(hidden.status).toBe(200);
    expect((await call('GET', `/ideas/${idea.id}/comments`, { token: other.token })).body.items).toEqual([]);
    const audit = await call('GET', `/staff/ideas/${idea.id}/audit`, { token: staff });
    expect(audit.body.items.at(-1)).toMatchObject({ action: 'hide_comment', commentId: theirs.id });
  });

  it('a member who is not the leader can leave; the leader cannot', async () => {
    const author = await newAmbassador();
    const member = await newAmbassador();
    const staff = await staffToken();
    const idea = await approved(author.token, staff);
    await call('POST', `/ideas/${idea.id}/join-requests`, { token: member.token, body: {} });
    await call('POST', `/ideas/${idea.id}/join-requests/${member.id}/decision`, {
      token: author.token,
      body: { decision: 'accept' },
    });
    expect((await call('POST', `/ideas/${idea.id}/leave`, { token: author.token })).status).toBe(403);
    expect((await call('POST', `/ideas/${idea.id}/leave`, { token: member.token })).status).toBe(204);
    expect((await snapshot(idea.id, author.token)).memberCount).toBe(1);
    expect((await call('POST', `/ideas/${idea.id}/leave`, { token: member.token })).status).toBe(404);
  });
});

describe('concurrency, with real parallel requests', () => {
  it('of 30 concurrent accepts on a team of 5, exactly 4 succeed', async () => {
    const author = await newAmbassador();
    const staff = await staffToken();
    const idea = await approved(author.token, staff, { teamSize: 5 });
    const candidates = await Promise.all(Array.from({ length: 30 }, () => newAmbassador()));
    for (const c of candidates)
      expect(
        (await call('POST', `/ideas/${idea.id}/join-requests`, { token: c.token, body: {} })).status,
      ).toBe(201);
    const results = await Promise.all(
      candidates.map((c) =>
        call('POST', `/ideas/${idea.id}/join-requests/${c.id}/decision`, {
          token: author.token,
          body: { decision: 'accept' },
        }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(4);
    for (const r of results.filter((r) => r.status !== 200)) expect(r.body.code).toBe('team_full');
    const team = await call('GET', `/ideas/${idea.id}/team`, { token: author.token });
    expect(team.body.members).toHaveLength(5);
    expect((await snapshot(idea.id, author.token)).memberCount).toBe(5);
    // A full team takes no more requests.
    const late = await newAmbassador();
    expect(
      (await call('POST', `/ideas/${idea.id}/join-requests`, { token: late.token, body: {} })).body.code,
    ).toBe('team_full');
  });

  it('of concurrent staff decisions, exactly one wins', async () => {
    const author = await newAmbassador();
    const idea = await submit(author.token);
    const staff = await Promise.all(
      Array.from({ length: 12 }, () => token(uniqueSub('staff'), { groups: ['staff'] })),
    );
    const decisions = [
      { decision: 'approve' },
      { decision: 'reject', note: 'no' },
      { decision: 'request_changes', note: 'more' },
    ];
    const results = await Promise.all(
      staff.map((t, i) => decide(t, idea.id, decisions[i % 3] as Record<string, unknown>)),
    );
    const ok = results.filter((r) => r.status === 200);
    expect(ok).toHaveLength(1);
    for (const r of results.filter((r) => r.status !== 200)) expect(r.body.code).toBe('invalid_transition');
    const audit = await call('GET', `/staff/ideas/${idea.id}/audit`, { token: staff[0] });
    expect(audit.body.items).toHaveLength(1);
  });
});

describe('lists', () => {
  it("public ideas with filters, matchMyInterests, and the author's own list", async () => {
    const author = await newAmbassador({ interests: ['tourism'] });
    const staff = await staffToken();
    const pub = await approved(author.token, staff, {
      city: 'khasab',
      tags: ['tourism'],
      missions: ['awareness'],
    });
    const hidden = await submit(author.token, { city: 'khasab', tags: ['tourism'] });
    const list = await call('GET', '/ideas?city=khasab&limit=100', { token: author.token });
    const ids = list.body.items.map((i: { id: string }) => i.id);
    expect(ids).toContain(pub.id);
    expect(ids).not.toContain(hidden.id);
    const filtered = await call('GET', '/ideas?tag=tourism&mission=awareness&status=approved&limit=100', {
      token: author.token,
    });
    expect(filtered.body.items.map((i: { id: string }) => i.id)).toContain(pub.id);
    const mine = await call('GET', '/ideas?matchMyInterests=true&limit=100', { token: author.token });
    for (const i of mine.body.items) expect(i.tags).toContain('tourism');
    expect(mine.body.items.map((i: { id: string }) => i.id)).toContain(pub.id);
    expect((await call('GET', '/ideas?status=submitted', { token: author.token })).status).toBe(400);
    const own = await call('GET', '/ambassadors/me/ideas', { token: author.token });
    expect(own.body.items.map((i: { id: string }) => i.id)).toEqual([hidden.id, pub.id]);
  });
});

describe('what a project moves', () => {
  it("counts active projects in the city's community, and exports the caller's ideas, comments and memberships", async () => {
    const active = async () =>
      (await call('GET', '/communities')).body.items.find((c: { id: string }) => c.id === 'OM-ZU')
        .activeProjects;
    const author = await newAmbassador();
    const member = await newAmbassador();
    const staff = await staffToken();
    const before = await active();
    const idea = await approved(author.token, staff, { city: 'salalah' });
    expect(await active()).toBe(before + 1);
    await call('POST', `/ideas/${idea.id}/join-requests`, {
      token: member.token,
      body: { role: 'research' },
    });
    await call('POST', `/ideas/${idea.id}/join-requests/${member.id}/decision`, {
      token: author.token,
      body: { decision: 'accept' },
    });
    await call('POST', `/ideas/${idea.id}/comments`, { token: member.token, body: { body: 'Glad to help' } });
    await call('POST', `/ideas/${idea.id}/start`, { token: author.token });
    expect(await active()).toBe(before + 1);
    await call('POST', `/ideas/${idea.id}/complete`, {
      token: author.token,
      body: { outcome: 'Delivered the pilot in Salalah with two schools.' },
    });
    expect(await active()).toBe(before);

    const exported = await call('GET', '/ambassadors/me/export', { token: member.token });
    expect(exported.body.memberships.map((m: { ideaId: string }) => m.ideaId)).toEqual([idea.id]);
    expect(exported.body.comments.map((c: { body: string }) => c.body)).toEqual(['Glad to help']);
    expect(exported.body.joinRequests.map((j: { status: string }) => j.status)).toEqual(['accepted']);
    const authorExport = await call('GET', '/ambassadors/me/export', { token: author.token });
    expect(authorExport.body.ideas.map((i: { id: string }) => i.id)).toEqual([idea.id]);
  });
});
