/**
 * The shared harness (test/support/) is itself checked: every fixture body is one the API
 * accepts, the scenes end in the state they name, the assertions refuse what they must, and
 * the limiter and the time budget keep their bounds.
 */
import { describe, expect, it, vi } from 'vitest';
import { call, newAmbassador, staffToken } from '#support/api.ts';
import { difference, expectETag, expectLocation, expectProblem } from '#support/assertions.ts';
import { limiter, timeBudget } from '#support/budget.ts';
import {
  arabicIdea,
  arabicLecture,
  arabicProfile,
  ideaDecision,
  joinDecision,
  validComment,
  validFeature,
  validIdea,
  validJoinRequest,
  validLecture,
  validProfile,
  validResource,
} from '#support/fixtures.ts';
import { findInPages, ideaIn, lectureIn, newMember } from '#support/scenes.ts';

describe('fixtures are valid bodies', () => {
  it('registrations, lectures, ideas, comments, join requests, resources and headlines are accepted', async () => {
    for (const profile of [validProfile(), arabicProfile()]) {
      const me = await newMember('fixture');
      expect((await call('POST', '/ambassadors', { token: me.token, body: profile })).status).toBe(201);
    }
    const [author, joiner] = await Promise.all([newAmbassador(), newAmbassador()]);
    const staff = await staffToken();
    for (const lecture of [validLecture(), arabicLecture()])
      expect((await call('POST', '/lectures', { token: author.token, body: lecture })).status).toBe(201);
    const ideas = [];
    for (const idea of [validIdea(), arabicIdea()]) {
      const res = await call('POST', '/ideas', { token: author.token, body: idea });
      expect(res.status).toBe(201);
      ideas.push(res.body.id as string);
    }
    const id = ideas[0];
    const approve = ideaDecision.approve();
    expect((await call('POST', `/staff/ideas/${id}/decision`, { token: staff, body: approve })).status).toBe(
      200,
    );
    const comment = await call('POST', `/ideas/${id}/comments`, {
      token: joiner.token,
      body: validComment(),
    });
    expect(comment.status).toBe(201);
    const join = await call('POST', `/ideas/${id}/join-requests`, {
      token: joiner.token,
      body: validJoinRequest(),
    });
    expect(join.status).toBe(201);
    const accept = await call('POST', `/ideas/${id}/join-requests/${joiner.id}/decision`, {
      token: author.token,
      body: joinDecision.accept(),
    });
    expect(accept.status).toBe(200);
    const resource = await call('POST', '/communities/OM-MA/resources', {
      token: author.token,
      body: validResource(),
    });
    expect(resource.status).toBe(201);
    expect((await call('POST', `/ideas/${id}/start`, { token: author.token })).status).toBe(200);
    const featured = await call('POST', `/staff/ideas/${id}/feature`, { token: staff, body: validFeature() });
    expect(featured.status).toBe(200);
  });

  it('overrides replace the fields they name and keep the rest', () => {
    expect(validIdea({ teamSize: 3 })).toEqual({ ...validIdea(), teamSize: 3 });
    expect(validLecture({ attendees: 7 }).attendees).toBe(7);
  });
});

describe('scenes end in the state they name', () => {
  it('a lecture verified, and an idea in every state of its machine', async () => {
    const [author, teammate] = await Promise.all([newAmbassador(), newAmbassador()]);
    const staff = await staffToken();
    const lecture = await lectureIn('verified', author.token, staff);
    expect((await call('GET', `/lectures/${lecture.id}`, { token: staff })).body.status).toBe('verified');
    const people = { author, teammate, staff };
    for (const state of ['changes_requested', 'in_progress', 'featured', 'withdrawn'] as const) {
      const idea = await ideaIn(state, people);
      const read = await call('GET', `/ideas/${idea.id}`, { token: staff });
      expect(read.body.status, state).toBe(state === 'featured' ? 'in_progress' : state);
      if (state === 'featured') expect(read.body.featured, state).toBeTruthy();
      if (state !== 'changes_requested' && state !== 'withdrawn') {
        const team = await call('GET', `/ideas/${idea.id}/team`, { token: staff });
        expect(team.body.members.map((m: { ambassadorId: string }) => m.ambassadorId).sort()).toEqual(
          [author.id, teammate.id].sort(),
        );
      }
    }
  });

  it('findInPages finds an item past the first page, and answers undefined for none', async () => {
    const author = await newAmbassador();
    const titles = ['First of three', 'Second of three', 'Third of three'];
    for (const title of titles)
      await call('POST', '/lectures', { token: author.token, body: validLecture({ title }) });
    const mine = `/ambassadors/me/lectures`;
    const found = await findInPages(mine, author.token, (l: { title: string }) => l.title === titles[0]);
    expect(found?.title).toBe(titles[0]);
    expect(await findInPages(mine, author.token, () => false)).toBeUndefined();
  });
});

describe('assertions refuse what they must', () => {
  const problem = (status: number, code: string) => ({
    status,
    headers: new Headers({ 'content-type': 'application/problem+json' }),
    body: { status, code, title: 'x' },
  });

  it('expectProblem: the status, the code, the media type and the body status', () => {
    expectProblem(problem(409, 'team_full'), 409, 'team_full');
    expect(() => expectProblem(problem(409, 'team_full'), 409, 'already_member')).toThrow();
    expect(() => expectProblem(problem(409, 'team_full'), 412, 'team_full')).toThrow();
    const json = {
      ...problem(409, 'team_full'),
      headers: new Headers({ 'content-type': 'application/json' }),
    };
    expect(() => expectProblem(json, 409, 'team_full')).toThrow();
    const wrongBody = { ...problem(409, 'team_full'), body: { status: 400, code: 'team_full' } };
    expect(() => expectProblem(wrongBody, 409, 'team_full')).toThrow();
    // A handler's answer in process carries its headers as a record.
    const inProcess = {
      status: 503,
      headers: { 'content-type': 'application/problem+json' },
      body: { status: 503, code: 'unavailable' },
    };
    expectProblem(inProcess, 503, 'unavailable');
  });

  it('difference names the paths that changed, with their values before and after', () => {
    expect(difference({ a: 1, b: { c: 2 } }, { a: 1, b: { c: 2 } })).toBe('');
    expect(difference({ a: 1, b: { c: 2 } }, { a: 1, b: { c: 3, d: 'x' } })).toBe(
      'b.c: 2 → 3; b.d: undefined → "x"',
    );
    expect(difference(1, 2)).toBe('(root): 1 → 2');
  });

  it('expectETag and expectLocation', () => {
    const res = (headers: Record<string, string>) => ({
      status: 201,
      headers: new Headers(headers),
      body: { version: 2 },
      text: '',
    });
    expectETag(res({ etag: '"2"' }));
    expect(() => expectETag(res({ etag: '"1"' }))).toThrow();
    expect(expectLocation(res({ location: '/ideas/1' }), '/ideas/1')).toBe('/ideas/1');
    expect(() => expectLocation(res({}))).toThrow();
    expect(() => expectLocation(res({ location: '/ideas/2' }), '/ideas/1')).toThrow();
  });
});

describe('bounds', () => {
  it('the limiter never runs more than its maximum at once, and runs every function in turn', async () => {
    const slot = limiter(3);
    let active = 0;
    let most = 0;
    const release: (() => void)[] = [];
    const runs = Array.from({ length: 10 }, (_, n) =>
      slot(async () => {
        active++;
        most = Math.max(most, active);
        await new Promise<void>((r) => release.push(r));
        active--;
        return n;
      }),
    );
    // Release the functions one by one as they start: each waits for the previous to end.
    for (let started = 0; started < 10; started++) {
      while (release.length === 0) await Promise.resolve();
      expect(active).toBeLessThanOrEqual(3);
      release.shift()?.();
      await new Promise((r) => setImmediate(r));
    }
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(most).toBe(3);
  });

  it('the time budget starts no run once spent, but every run once one has failed (to shrink it)', async () => {
    let ran = 0;
    const body = async () => {
      ran++;
    };
    const fails = async () => {
      ran++;
      throw new Error('planted');
    };
    const spent = timeBudget(-1);
    await spent.run(body)();
    expect(ran).toBe(0);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const clock = timeBudget(1000);
      expect(clock.ceiling).toBe(21_000);
      await clock.run(body)();
      expect(ran).toBe(1);
      await expect(clock.run(fails)()).rejects.toThrow('planted');
      vi.setSystemTime(Date.now() + 5000);
      await clock.run(body)();
      expect(ran).toBe(3);
      const other = timeBudget(1000);
      vi.setSystemTime(Date.now() + 5000);
      await other.run(body)();
      expect(ran).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });
});
