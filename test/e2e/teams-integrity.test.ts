/**
 * One truth per count (docs/api-contract.md §10): random interleavings of accept, leave,
 * withdraw, hand-over, feature and unfeature, sent in parallel over HTTP, and after each
 * batch every copy of the team's size checked against the team itself.
 */
import { describe, expect, it } from 'vitest';
import type { Idea } from '#domain/ideas.ts';
import { shareCardSvg, showcaseItem } from '#domain/showcase.ts';
import { cardFont } from '#functions/render/card-font.ts';
import { call, newAmbassador, type Res, staffToken } from '#support/api.ts';
import { validIdea } from '#support/fixtures.ts';
import { ok } from '#support/scenes.ts';

// A city (and community) no other test file uses, so list pages and counts are ours.
const CITY = 'mahdah';
const COMMUNITY = 'OM-BU';

type Amb = { id: string; token: string };

const mahdahIdea = (teamSize: number) =>
  validIdea({
    title: 'Shaded bus stops for Mahdah',
    summary: 'Solar-powered shaded stops with live arrival boards along the main road.',
    city: CITY,
    tags: ['mobility'],
    missions: ['engagement'],
    teamSize,
  });

/** Mulberry32: a small seeded PRNG, so a failing batch can be replayed from its seed. */
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const approvedIdea = async (leader: Amb, staff: string, teamSize: number): Promise<Idea> => {
  const idea = ok(await call('POST', '/ideas', { token: leader.token, body: mahdahIdea(teamSize) }), 201);
  return ok(
    await call('POST', `/staff/ideas/${idea.id}/decision`, { token: staff, body: { decision: 'approve' } }),
  );
};

const join = async (ideaId: string, who: Amb) =>
  call('POST', `/ideas/${ideaId}/join-requests`, { token: who.token, body: {} });
const accept = (ideaId: string, leader: Amb, who: string) =>
  call('POST', `/ideas/${ideaId}/join-requests/${who}/decision`, {
    token: leader.token,
    body: { decision: 'accept' },
  });
const feature = (ideaId: string, staff: string) =>
  call('POST', `/staff/ideas/${ideaId}/feature`, {
    token: staff,
    body: { headlineAr: 'مظلات ذكية في محضة', headlineEn: 'Smart shade in Mahdah' },
  });
const unfeature = (ideaId: string, staff: string) =>
  call('DELETE', `/staff/ideas/${ideaId}/feature`, { token: staff });

/** Every page of a list, for the entries whose id passes `wanted`. */
const collect = async (path: string, token: string | undefined, wanted: (id: string) => boolean) => {
  const found = new Map<string, any>();
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page: { items: any[]; nextCursor: string | null } = ok(
      await call('GET', `${path}${sep}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, {
        token,
      }),
    );
    for (const item of page.items) if (wanted(item.id)) found.set(item.id, item);
    cursor = page.nextCursor;
  } while (cursor);
  return found;
};

const activeProjects = async () =>
  ok(await call('GET', '/communities')).items.find((c: { id: string }) => c.id === COMMUNITY).activeProjects;

/**
 * Every invariant of §10 over the ideas of this test: the team's size (members listed ==
 * memberCount <= teamSize, the leader among them), every copy of the count (list entry,
 * showcase entry, its posts, its card), showcase membership, members' stats, the community's
 * active projects.
 */
const checkInvariants = async (ids: string[], people: Amb[], staff: string, baseline: number) => {
  const ours = (id: string) => ids.includes(id);
  const listed = await collect(`/ideas?city=${CITY}`, staff, ours);
  const showcased = await collect('/showcase', undefined, ours);
  const teamsOf = new Map<string, number>();
  let active = 0;
  for (const id of ids) {
    const idea: Idea = ok(await call('GET', `/ideas/${id}`, { token: staff }));
    const isPublic = ['approved', 'in_progress', 'completed'].includes(idea.status);
    if (idea.status === 'approved' || idea.status === 'in_progress') active++;
    const team = ok(await call('GET', `/ideas/${id}/team`, { token: staff }));
    if (isPublic) {
      expect(team.members, `team of ${id}`).toHaveLength(idea.memberCount);
      expect(idea.memberCount).toBeLessThanOrEqual(idea.teamSize);
      expect(team.teamSize).toBe(idea.teamSize);
      const leaders = team.members.filter((m: { leader: boolean }) => m.leader);
      expect(leaders.map((m: { ambassadorId: string }) => m.ambassadorId)).toEqual([team.leaderId]);
      for (const m of team.members) teamsOf.set(m.ambassadorId, (teamsOf.get(m.ambassadorId) ?? 0) + 1);
      // The list entry is a copy of the idea: its count and version are the idea's.
      expect(listed.get(id), `list entry of ${id}`).toMatchObject({
        memberCount: idea.memberCount,
        version: idea.version,
      });
    } else expect(listed.has(id)).toBe(false);

    const onShowcase = idea.featured !== undefined && ['in_progress', 'completed'].includes(idea.status);
    expect(showcased.has(id), `showcase of ${id}`).toBe(onShowcase);
    const card = await call('GET', `/showcase/${id}/card.svg`);
    if (onShowcase) {
      const expected = showcaseItem(idea);
      const entry = showcased.get(id);
      expect(entry.members).toBe(team.members.length);
      expect(entry.teamSize).toBe(idea.teamSize);
      expect(entry.post).toEqual(expected.post);
      expect(card.status).toBe(200);
      expect(card.body).toBe(shareCardSvg(expected, cardFont));
    } else expect(card.status).toBe(404);
  }
  for (const p of people) {
    const stats = ok(await call('GET', `/ambassadors/${p.id}`, { token: staff })).stats;
    expect(stats.teams, `stats.teams of ${p.id}`).toBe(teamsOf.get(p.id) ?? 0);
  }
  expect(await activeProjects()).toBe(baseline + active);
};

describe('copies of the member count', () => {
  it('a featured project in progress: the showcase entry, its posts and card follow accepts and leaves', async () => {
    const staff = await staffToken();
    const leader = await newAmbassador();
    const people = await Promise.all([1, 2, 3].map(() => newAmbassador()));
    const idea = await approvedIdea(leader, staff, 5);
    ok(await join(idea.id, people[0]!), 201);
    ok(await accept(idea.id, leader, people[0]!.id));
    ok(await call('POST', `/ideas/${idea.id}/start`, { token: leader.token }));
    ok(await feature(idea.id, staff));
    const baseline = (await activeProjects()) - 1;
    await checkInvariants([idea.id], [leader, ...people], staff, baseline);
    for (const p of people.slice(1)) {
      ok(await join(idea.id, p), 201);
      ok(await accept(idea.id, leader, p.id));
    }
    await checkInvariants([idea.id], [leader, ...people], staff, baseline);
    ok(await call('POST', `/ideas/${idea.id}/leave`, { token: people[1]!.token }), 204);
    await checkInvariants([idea.id], [leader, ...people], staff, baseline);
  });

  it('unfeaturing takes the project off /showcase and its card', async () => {
    const staff = await staffToken();
    const leader = await newAmbassador();
    const member = await newAmbassador();
    const idea = await approvedIdea(leader, staff, 3);
    ok(await join(idea.id, member), 201);
    ok(await accept(idea.id, leader, member.id));
    ok(await call('POST', `/ideas/${idea.id}/start`, { token: leader.token }));
    ok(await feature(idea.id, staff));
    expect((await collect('/showcase', undefined, (id) => id === idea.id)).has(idea.id)).toBe(true);
    ok(await unfeature(idea.id, staff), 204);
    expect((await collect('/showcase', undefined, (id) => id === idea.id)).has(idea.id)).toBe(false);
    expect((await call('GET', `/showcase/${idea.id}/card.svg`)).status).toBe(404);
  });

  it('twenty accepts at once all resolve on a team of twenty', async () => {
    const staff = await staffToken();
    const leader = await newAmbassador();
    const idea = await approvedIdea(leader, staff, 20);
    const people = await Promise.all(Array.from({ length: 19 }, () => newAmbassador()));
    for (const p of people) ok(await join(idea.id, p), 201);
    const results = await Promise.all(people.map((p) => accept(idea.id, leader, p.id)));
    expect(results.map((r) => r.status)).toEqual(people.map(() => 200));
    const fresh = ok(await call('GET', `/ideas/${idea.id}`, { token: leader.token }));
    expect(fresh.memberCount).toBe(20);
  });

  it('hold under random parallel interleavings of accept, leave, withdraw, hand-over, feature, unfeature', async () => {
    const staff = await staffToken();
    const leaders = await Promise.all([1, 2, 3].map(() => newAmbassador()));
    const pool = await Promise.all(Array.from({ length: 7 }, () => newAmbassador()));
    const people = [...leaders, ...pool];
    const byId = new Map(people.map((p) => [p.id, p]));
    const baseline = await activeProjects();
    const ids: string[] = [];
    // Two running projects (featurable) and one approved idea (withdrawable).
    for (const [i, l] of leaders.entries()) {
      const idea = await approvedIdea(l, staff, i === 2 ? 3 : 4);
      ids.push(idea.id);
      if (i < 2) {
        ok(await join(idea.id, pool[i]!), 201);
        ok(await accept(idea.id, l, pool[i]!.id));
        ok(await call('POST', `/ideas/${idea.id}/start`, { token: l.token }));
      }
    }
    await checkInvariants(ids, people, staff, baseline);

    for (const seed of [11, 23, 37, 41, 59]) {
      const random = prng(seed);
      const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!;
      // Fresh state before the batch: who leads, who is in, who is waiting.
      const state = await Promise.all(
        ids.map(async (id) => {
          const idea: Idea = ok(await call('GET', `/ideas/${id}`, { token: staff }));
          const team = ok(await call('GET', `/ideas/${id}/team`, { token: staff }));
          const members: string[] = team.members.map((m: { ambassadorId: string }) => m.ambassadorId);
          return { id, idea, leader: byId.get(team.leaderId)!, members };
        }),
      );
      const open = state.filter((s) => s.idea.status === 'approved' || s.idea.status === 'in_progress');
      const waiting: { id: string; who: Amb }[] = [];
      for (const s of open)
        for (const p of pool)
          if (!s.members.includes(p.id) && random() < 0.4) {
            const res = await join(s.id, p);
            if (res.status === 201 || res.body.code === 'duplicate_request')
              waiting.push({ id: s.id, who: p });
          }
      const ops: (() => Promise<Res>)[] = [];
      for (let n = 0; n < 12; n++) {
        const s = pick(state);
        const others = s.members.filter((m) => m !== s.leader.id);
        const kind = pick(['accept', 'accept', 'leave', 'handover', 'feature', 'unfeature', 'withdraw']);
        const w = waiting.filter((x) => x.id === s.id);
        if (kind === 'accept' && w.length > 0) {
          const { who } = pick(w);
          ops.push(() => accept(s.id, s.leader, who.id));
        } else if (kind === 'leave' && others.length > 0) {
          const who = byId.get(pick(others))!;
          ops.push(() => call('POST', `/ideas/${s.id}/leave`, { token: who.token }));
        } else if (kind === 'handover' && others.length > 0) {
          const to = pick(others);
          ops.push(() =>
            random() < 0.5
              ? call('POST', `/ideas/${s.id}/leader`, { token: s.leader.token, body: { ambassadorId: to } })
              : call('POST', `/staff/ideas/${s.id}/leader`, { token: staff, body: { ambassadorId: to } }),
          );
        } else if (kind === 'feature') ops.push(() => feature(s.id, staff));
        else if (kind === 'unfeature') ops.push(() => unfeature(s.id, staff));
        else if (kind === 'withdraw' && s.idea.status === 'approved' && random() < 0.3)
          ops.push(() => call('POST', `/ideas/${s.id}/withdraw`, { token: s.leader.token }));
      }
      const results = await Promise.all(ops.map((op) => op()));
      for (const r of results) expect(r.status, `seed ${seed}: ${JSON.stringify(r.body)}`).toBeLessThan(500);
      await checkInvariants(ids, people, staff, baseline);
    }
  }, 180_000);
});
