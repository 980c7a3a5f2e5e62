/**
 * Faults: the real handlers, called in process with API Gateway v2 events as the
 * local gateway builds them (claims as strings, `cognito:groups` as "[staff]"), against the
 * real DynamoDB Local, with the shared DynamoDB client failing on purpose.
 *
 * A middleware on `db.middlewareStack` fails chosen calls: DynamoDB's own errors
 * (ProvisionedThroughputExceededException, ThrottlingException, RequestLimitExceeded,
 * InternalServerError, a TransactionCanceledException whose reasons are TransactionConflict,
 * TransactionConflictException), Node network errors as the SDK's HTTP handler surfaces them,
 * and real network faults: an attempt sent to a closed port, to a server that resets the
 * connection, to a server that never answers, to a host name that does not resolve.
 *
 * Where it sits: the SDK's retry middleware is in the `finalizeRequest` step with priority
 * high, and every attempt runs the steps below it again. A middleware in `initialize` runs
 * once per `send` (one logical call) and an error thrown there is never retried; one in
 * `finalizeRequest` with priority low runs once per attempt, so it sees (and causes) the
 * retries. The first test shows both, and the suite uses the pair: `initialize` numbers the
 * logical calls of a request, `finalizeRequest` counts and fails attempts.
 *
 * Asserted: the API answers 503 `unavailable` with `Retry-After`; no logical call is
 * attempted more than 3 times; a passing fault is retried and the request succeeds (2xx,
 * applied exactly once); and no multi-item change is left half-written: the items are read
 * straight from the table, before and after.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { handler as getAmbassadorHandler } from '#http/ambassadors/get.ts';
import { handler as listAmbassadorsHandler } from '#http/ambassadors/list.ts';
import { handler as eraseHandler } from '#http/ambassadors/me-delete.ts';
import { handler as patchMeHandler } from '#http/ambassadors/me-patch.ts';
import { handler as registerHandler } from '#http/ambassadors/register.ts';
import { handler as addResourceHandler } from '#http/communities/add-resource.ts';
import { handler as addCommentHandler } from '#http/ideas/comment-add.ts';
import { handler as completeHandler } from '#http/ideas/complete.ts';
import { handler as joinDecideHandler } from '#http/ideas/join-decide.ts';
import { handler as joinRequestHandler } from '#http/ideas/join-request.ts';
import { handler as leaveHandler } from '#http/ideas/leave.ts';
import { handler as startHandler } from '#http/ideas/start.ts';
import { handler as submitHandler } from '#http/ideas/submit.ts';
import { handler as withdrawHandler } from '#http/ideas/withdraw.ts';
import { handler as reportHandler } from '#http/lectures/report.ts';
import { handler as reviewHandler } from '#http/lectures/review.ts';
import { idempotencyClock } from '#http/middleware/idempotency.ts';
import type { RouteSpec } from '#http/route-spec.ts';
import {
  deleteMeRoute,
  getAmbassadorRoute,
  listAmbassadorsRoute,
  patchMeRoute,
  registerAmbassadorRoute,
} from '#http/routes/ambassadors.ts';
import { addResourceRoute } from '#http/routes/communities.ts';
import {
  completeProjectRoute,
  startProjectRoute,
  submitIdeaRoute,
  withdrawIdeaRoute,
} from '#http/routes/ideas.ts';
import { reportLectureRoute, reviewLectureRoute } from '#http/routes/lectures.ts';
import { featureProjectRoute } from '#http/routes/showcase.ts';
import { addCommentRoute, decideJoinRoute, leaveTeamRoute, requestJoinRoute } from '#http/routes/teams.ts';
import { handler as featureHandler } from '#http/showcase/feature.ts';
import { lambdaContext } from '#infra/local/lambda-event.ts';
import { db } from '#store/client.ts';
import { IN_PROGRESS_SECONDS } from '#store/idempotency.ts';
import { timeBudget } from '#support/budget.ts';
import {
  type Answer,
  type Caller,
  closedPort,
  closeFakeServers,
  errorFor,
  errors,
  eventOf,
  expectedAttempts,
  expectUnavailable,
  type Fault,
  type Handler,
  heal,
  inject,
  invoke,
  type Kind,
  listen,
  middleware,
  netError,
  quota,
  retryCost,
  sdkRetries,
  sockets,
  stats,
} from '#support/faults.ts';
import {
  approvedIdea,
  COMMUNITY,
  decide,
  decideJoin,
  GOV,
  ideaBody,
  lectureBody,
  must,
  newSub,
  profile,
  registerAmbassador,
  reportLecture,
  requestJoin,
  staff,
  submitIdea,
  teamOfTwo,
  WILAYAT,
} from '#support/in-process-scenes.ts';
import { item, ownedBy, partition, sceneSnapshot, snapshot } from '#support/table.ts';

afterEach(heal);
afterAll(closeFakeServers);

// ---------------------------------------------------------------------------------------------

describe('where the fault middleware sits', () => {
  it('in initialize it sees one attempt and is never retried; in finalizeRequest (low) it sees every retry', async () => {
    const target = await registerAmbassador();
    const get = () =>
      invoke(getAmbassadorRoute, getAmbassadorHandler, { caller: target, params: { id: target.sub } });

    // Thrown in `initialize`, above the retry middleware: one attempt, no retry.
    let seen = 0;
    db.middlewareStack.add(
      middleware((_next, context) => async () => {
        if (context.commandName === 'GetItemCommand') seen++;
        throw errors.ProvisionedThroughputExceededException();
      }),
      { step: 'initialize', name: 'faultInjector' },
    );
    expectUnavailable(await get(), 'thrown in initialize');
    expect(seen, 'initialize: attempts seen').toBe(1);
    heal();

    // Thrown in `finalizeRequest` with priority low, below the retry middleware: every attempt.
    const log = inject({
      when: (c) => c.command === 'GetItemCommand',
      error: errors.ProvisionedThroughputExceededException,
    });
    expectUnavailable(await get(), 'thrown in finalizeRequest');
    expect(log.calls.map((c) => [c.command, c.attempts])).toEqual([['GetItemCommand', 3]]);
    log.expectBounded('finalizeRequest');
    console.log(
      'faults: a middleware in initialize saw 1 attempt (its error is never retried); in finalizeRequest (priority low, after the retry middleware) it saw 3: maxAttempts',
    );
  });
});

describe('a passing fault is retried and the request succeeds', () => {
  it('a read throttled once answers 200 after 2 attempts', async () => {
    const target = await registerAmbassador();
    const log = inject({
      when: (c) => c.command === 'GetItemCommand' && c.attempt === 1,
      error: errors.ThrottlingException,
    });
    const res = await invoke(getAmbassadorRoute, getAmbassadorHandler, {
      caller: target,
      params: { id: target.sub },
    });
    expect(res.status).toBe(200);
    expect(log.calls.map((c) => [c.command, c.attempts, c.failures])).toEqual([['GetItemCommand', 2, 1]]);
    log.expectBounded('read throttled once');
    stats.retriedToSuccess++;
  });

  it('a registration whose transaction is throttled once is written exactly once', async () => {
    const caller = { sub: newSub() };
    const before = await item(COMMUNITY, 'STATS');
    const log = inject({
      when: (c) => c.command === 'TransactWriteItemsCommand' && c.attempt === 1,
      error: errors.ProvisionedThroughputExceededException,
    });
    const res = await invoke(registerAmbassadorRoute, registerHandler, { caller, body: profile() });
    heal();
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(log.calls.find((c) => c.command === 'TransactWriteItemsCommand')).toMatchObject({
      attempts: 2,
      failures: 1,
    });
    log.expectBounded('registration throttled once');
    expect((await item(COMMUNITY, 'STATS'))?.ambassadors).toBe(Number(before?.ambassadors ?? 0) + 1);
    expect(await item(`EMAIL#${caller.sub}@example.om`, 'EMAIL')).toMatchObject({ ambassadorId: caller.sub });
    expect(
      (await partition(`AMB#${caller.sub}`)).filter((i) => String(i.sk).startsWith('DIR#')).length,
    ).toBeGreaterThan(3);
    stats.retriedToSuccess++;
  });

  it('real network faults on the first attempt (connection refused, connection reset, no DNS answer) are retried', async () => {
    const refused = await closedPort();
    const reset = await listen((s) => s.destroy());
    const targets: Record<string, { hostname: string; port: number }> = {
      'connection refused': { hostname: '127.0.0.1', port: refused },
      'connection reset': { hostname: '127.0.0.1', port: reset },
      'unknown host': { hostname: 'dynamodb.faults.invalid', port: 443 },
    };
    const target = await registerAmbassador();
    for (const [what, to] of Object.entries(targets)) {
      const log = inject({
        when: (c) => c.command === 'GetItemCommand' && c.attempt === 1,
        redirect: () => to,
      });
      const res = await invoke(getAmbassadorRoute, getAmbassadorHandler, {
        caller: target,
        params: { id: target.sub },
      });
      expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBe(200);
      expect(log.calls[0], what).toMatchObject({ command: 'GetItemCommand', attempts: 2, failures: 1 });
      log.expectBounded(what);
      stats.retriedToSuccess++;
    }
  });
});

describe('no multi-item change is left half-written', () => {
  const conflictOnTransactions = () =>
    inject({
      when: (c) => c.command === 'TransactWriteItemsCommand',
      error: errors.TransactionCanceledConflict,
    });

  it('registration: profile, email guard, directory entries and community count unchanged', async () => {
    const caller = { sub: newSub() };
    const pks = [`AMB#${caller.sub}`, `EMAIL#${caller.sub}@example.om`, COMMUNITY];
    const before = await snapshot(pks);
    const log = conflictOnTransactions();
    const res = await invoke(registerAmbassadorRoute, registerHandler, { caller, body: profile() });
    heal();
    expectUnavailable(res, 'registration');
    expect(log.calls.filter((c) => c.command === 'TransactWriteItemsCommand')).toHaveLength(1);
    log.expectBounded('registration');
    expect(await snapshot(pks)).toEqual(before);
    expect(before[`AMB#${caller.sub}`]).toEqual([]);
    stats.scenarios++;
    stats.unchangedChecks++;
  });

  it('lecture verification: the lecture stays reported and in the queue, no stats or counters move', async () => {
    const organizer = await registerAmbassador();
    const id = await reportLecture(organizer);
    const pks = [`LECT#${id}`, `AMB#${organizer.sub}`, `GOV#${GOV}`, COMMUNITY];
    const before = await snapshot(pks);
    const log = conflictOnTransactions();
    const res = await invoke(reviewLectureRoute, reviewHandler, {
      caller: staff,
      params: { id },
      body: { decision: 'verify', verifiedAttendees: 20 },
    });
    heal();
    expectUnavailable(res, 'verification');
    log.expectBounded('verification');
    expect(await snapshot(pks)).toEqual(before);
    expect(await item(`LECT#${id}`, 'LECTURE')).toMatchObject({
      status: 'reported',
      gsi3pk: 'QUEUE#lectures',
    });
    expect((await item(`AMB#${organizer.sub}`, 'PROFILE'))?.stats).toMatchObject({
      verifiedLectures: 0,
      attendeesReached: 0,
    });
    expect((await partition(`LECT#${id}`)).map((i) => i.sk)).toEqual(['LECTURE']);
    stats.scenarios++;
    stats.unchangedChecks++;
  });

  it('idea approval: no membership, no listings, no audit entry, counters unchanged', async () => {
    const author = await registerAmbassador();
    const id = await submitIdea(author);
    const pks = [`IDEA#${id}`, `AMB#${author.sub}`, `CITY#${WILAYAT}`, COMMUNITY];
    const before = await snapshot(pks);
    const log = conflictOnTransactions();
    const res = await decide(id, 'approve');
    heal();
    expectUnavailable(res, 'approval');
    log.expectBounded('approval');
    expect(await snapshot(pks)).toEqual(before);
    expect((await partition(`IDEA#${id}`)).map((i) => i.sk)).toEqual(['IDEA']);
    expect(await item(`IDEA#${id}`, 'IDEA')).toMatchObject({
      status: 'submitted',
      gsi3pk: 'QUEUE#ideas',
      memberCount: 0,
    });
    stats.scenarios++;
    stats.unchangedChecks++;
  });

  it('join accept: no membership, memberCount unchanged, the request still pending', async () => {
    const leader = await registerAmbassador();
    const joiner = await registerAmbassador();
    const id = await approvedIdea(leader);
    await must('join', requestJoin(id, joiner), 201);
    const pks = [`IDEA#${id}`, `AMB#${joiner.sub}`, `AMB#${leader.sub}`];
    const before = await snapshot(pks);
    const log = conflictOnTransactions();
    const res = await decideJoin(id, leader, joiner);
    heal();
    expectUnavailable(res, 'accept');
    log.expectBounded('accept');
    expect(await snapshot(pks)).toEqual(before);
    expect(await item(`IDEA#${id}`, `MEMBER#${joiner.sub}`)).toBeUndefined();
    expect(await item(`IDEA#${id}`, 'IDEA')).toMatchObject({ memberCount: 1 });
    expect(await item(`IDEA#${id}`, `JOIN#${joiner.sub}`)).toMatchObject({ status: 'pending' });
    expect((await item(`AMB#${joiner.sub}`, 'PROFILE'))?.stats).toMatchObject({ teams: 0 });
    stats.scenarios++;
    stats.unchangedChecks++;
  });
});

describe('an answer given at the early timeout ends the work', () => {
  // middy answers at the function's deadline while the handler may still be running (a lost
  // race re-reads and tries again, 40 times with pauses): without the abort, the next attempt
  // after the 503 wrote the accept the caller had been told did not happen.
  it('makes no call after the 503: the accept never lands later', async () => {
    const leader = await registerAmbassador();
    const joiner = await registerAmbassador();
    const id = await approvedIdea(leader);
    await must('join', requestJoin(id, joiner), 201);
    inject({
      when: (c) => c.command === 'TransactWriteItemsCommand',
      error: errors.TransactionCanceledConflict,
    });
    const req = { caller: leader, params: { id, ambassadorId: joiner.sub }, body: { decision: 'accept' } };
    const res = await joinDecideHandler(
      eventOf(decideJoinRoute, req),
      lambdaContext(decideJoinRoute.id, undefined, 800),
    );
    heal();
    expect(res.statusCode).toBe(503);
    // The loop had seconds of attempts left: give them the time to land, were they made.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(await item(`IDEA#${id}`, `MEMBER#${joiner.sub}`)).toBeUndefined();
    expect(await item(`IDEA#${id}`, 'IDEA')).toMatchObject({ memberCount: 1 });
    expect(await item(`IDEA#${id}`, `JOIN#${joiner.sub}`)).toMatchObject({ status: 'pending' });
    expect((await item(`AMB#${joiner.sub}`, 'PROFILE'))?.stats).toMatchObject({ teams: 0 });
  });
});

// ---------------------------------------------------------------------------------------------
// Any call of any write, failing always or once, with any of the errors: all or nothing.

interface Scene {
  pks: string[];
  run: () => Promise<Answer>;
  /** What a success must have written (checked on the table). */
  applied: () => Promise<void>;
  /** Calls from this one on run after the change committed: their failure is not surfaced. */
  bestEffortFrom?: number;
  /**
   * The use case re-reads and tries again when its transaction is cancelled by a conflict
   * (a lost race: domain/idea-cases.ts), so an injected conflict ends in success.
   */
  retriesConflicts?: true;
  /**
   * A flow of idempotent steps rather than one transaction (erasure, docs/api-contract.md §10): a
   * failure may leave steps done and answers 503, and the same request again completes it.
   */
  resumable?: true;
}
interface Scenario {
  name: string;
  setup: () => Promise<Scene>;
}

const scenarios: Scenario[] = [
  {
    name: 'registration',
    setup: async () => {
      const caller = { sub: newSub() };
      const stats0 = Number((await item(COMMUNITY, 'STATS'))?.ambassadors ?? 0);
      return {
        pks: [`AMB#${caller.sub}`, `EMAIL#${caller.sub}@example.om`, COMMUNITY],
        run: () => invoke(registerAmbassadorRoute, registerHandler, { caller, body: profile() }),
        // The quota's counter, the profile read, the transaction: nothing of this request runs
        // after call 3 (a fourth call seen once in a clean run was another request's, late).
        bestEffortFrom: 4,
        applied: async () => {
          expect(await item(`AMB#${caller.sub}`, 'PROFILE')).toMatchObject({ version: 1 });
          expect(await item(`EMAIL#${caller.sub}@example.om`, 'EMAIL')).toBeDefined();
          expect((await item(COMMUNITY, 'STATS'))?.ambassadors).toBe(stats0 + 1);
        },
      };
    },
  },
  {
    name: 'profile edit (moves community)',
    setup: async () => {
      const me = await registerAmbassador();
      return {
        pks: [`AMB#${me.sub}`, COMMUNITY, 'COMMUNITY#OM-MA'],
        run: () =>
          invoke(patchMeRoute, patchMeHandler, {
            caller: me,
            body: { name: 'سالم المعمري', governorate: 'OM-MA', wilayat: 'bawshar' },
          }),
        applied: async () => {
          expect(await item(`AMB#${me.sub}`, 'PROFILE')).toMatchObject({ version: 2, governorate: 'OM-MA' });
          expect(await item(`AMB#${me.sub}`, `DIR#governorate#${GOV}`)).toBeUndefined();
          expect(await item(`AMB#${me.sub}`, 'DIR#governorate#OM-MA')).toBeDefined();
        },
      };
    },
  },
  /**
   * Erasure marks the profile, releases the caller's teams and requests step by step, erases
   * the profile, then deletes the idempotency records as best effort: a failure before the
   * profile is erased answers 503 and the same DELETE completes the flow; one after it 204.
   */
  {
    name: 'erasure',
    setup: async () => {
      const me = await registerAmbassador();
      return {
        pks: [`AMB#${me.sub}`, `EMAIL#${me.sub}@example.om`, COMMUNITY],
        run: () => invoke(deleteMeRoute, eraseHandler, { caller: me }),
        resumable: true,
        applied: async () => {
          expect(await item(`AMB#${me.sub}`, 'PROFILE')).toMatchObject({ erased: true });
          expect(await item(`EMAIL#${me.sub}@example.om`, 'EMAIL')).toBeUndefined();
          expect((await partition(`AMB#${me.sub}`)).filter((i) => String(i.sk).startsWith('DIR#'))).toEqual(
            [],
          );
        },
      };
    },
  },
  {
    name: 'lecture verification',
    setup: async () => {
      const organizer = await registerAmbassador();
      const id = await reportLecture(organizer);
      return {
        pks: [`LECT#${id}`, `AMB#${organizer.sub}`, `GOV#${GOV}`, COMMUNITY],
        run: () =>
          invoke(reviewLectureRoute, reviewHandler, {
            caller: staff,
            params: { id },
            body: { decision: 'verify', verifiedAttendees: 20 },
          }),
        applied: async () => {
          expect(await item(`LECT#${id}`, 'LECTURE')).toMatchObject({ status: 'verified' });
          expect((await item(`AMB#${organizer.sub}`, 'PROFILE'))?.stats).toMatchObject({
            verifiedLectures: 1,
            attendeesReached: 20,
          });
          expect(await item(`AMB#${organizer.sub}`, 'STAT#all')).toMatchObject({
            lectures: 1,
            attendance: 20,
          });
        },
      };
    },
  },
  {
    name: 'idea approval',
    setup: async () => {
      const author = await registerAmbassador();
      const id = await submitIdea(author);
      return {
        retriesConflicts: true,
        pks: [`IDEA#${id}`, `AMB#${author.sub}`, `CITY#${WILAYAT}`, COMMUNITY],
        run: () => decide(id, 'approve'),
        applied: async () => {
          expect(await item(`IDEA#${id}`, 'IDEA')).toMatchObject({ status: 'approved', memberCount: 1 });
          expect(await item(`IDEA#${id}`, `MEMBER#${author.sub}`)).toMatchObject({ leader: true });
          expect((await item(`AMB#${author.sub}`, 'PROFILE'))?.stats).toMatchObject({ ideas: 1, teams: 1 });
        },
      };
    },
  },
  {
    name: 'withdrawing an approved idea',
    setup: async () => {
      const { id, leader, member } = await teamOfTwo();
      return {
        retriesConflicts: true,
        pks: [`IDEA#${id}`, `AMB#${leader.sub}`, `AMB#${member.sub}`, `CITY#${WILAYAT}`, COMMUNITY],
        run: () => invoke(withdrawIdeaRoute, withdrawHandler, { caller: leader, params: { id } }),
        applied: async () => {
          expect(await item(`IDEA#${id}`, 'IDEA')).toMatchObject({ status: 'withdrawn' });
          expect((await item(`AMB#${member.sub}`, 'PROFILE'))?.stats).toMatchObject({ teams: 0 });
        },
      };
    },
  },
  {
    name: 'join request',
    setup: async () => {
      const leader = await registerAmbassador();
      const joiner = await registerAmbassador();
      const id = await approvedIdea(leader);
      return {
        pks: [`IDEA#${id}`],
        run: () => requestJoin(id, joiner),
        applied: async () => {
          expect(await item(`IDEA#${id}`, `JOIN#${joiner.sub}`)).toMatchObject({ status: 'pending' });
        },
      };
    },
  },
  {
    name: 'join accept',
    setup: async () => {
      const leader = await registerAmbassador();
      const joiner = await registerAmbassador();
      const id = await approvedIdea(leader);
      await must('join', requestJoin(id, joiner), 201);
      return {
        retriesConflicts: true,
        pks: [`IDEA#${id}`, `AMB#${joiner.sub}`],
        run: () => decideJoin(id, leader, joiner),
        applied: async () => {
          expect(await item(`IDEA#${id}`, 'IDEA')).toMatchObject({ memberCount: 2 });
          expect(await item(`IDEA#${id}`, `MEMBER#${joiner.sub}`)).toBeDefined();
          expect((await item(`AMB#${joiner.sub}`, 'PROFILE'))?.stats).toMatchObject({ teams: 1 });
        },
      };
    },
  },
  {
    name: 'leaving a team',
    setup: async () => {
      const { id, member } = await teamOfTwo();
      return {
        retriesConflicts: true,
        pks: [`IDEA#${id}`, `AMB#${member.sub}`],
        run: () => invoke(leaveTeamRoute, leaveHandler, { caller: member, params: { id } }),
        applied: async () => {
          expect(await item(`IDEA#${id}`, 'IDEA')).toMatchObject({ memberCount: 1 });
          expect(await item(`IDEA#${id}`, `MEMBER#${member.sub}`)).toBeUndefined();
          expect(await item(`IDEA#${id}`, `JOIN#${member.sub}`)).toBeUndefined();
        },
      };
    },
  },
  {
    name: 'starting, then featuring, then completing a project',
    setup: async () => {
      const { id, leader } = await teamOfTwo();
      const started = await invoke(startProjectRoute, startHandler, { caller: leader, params: { id } });
      const featured =
        started.status === 200
          ? await invoke(featureProjectRoute, featureHandler, {
              caller: staff,
              params: { id },
              body: { headlineAr: 'مشروع مميز', headlineEn: 'A featured project' },
            })
          : started;
      if (featured.status !== 200) throw new Error(`setup start/feature: ${featured.status}`);
      return {
        retriesConflicts: true,
        pks: [`IDEA#${id}`, `AMB#${leader.sub}`, `CITY#${WILAYAT}`, COMMUNITY],
        run: () =>
          invoke(completeProjectRoute, completeHandler, {
            caller: leader,
            params: { id },
            body: { outcome: 'Forty homes fitted with leak sensors; leaks fell by a third.' },
          }),
        applied: async () => {
          expect(await item(`IDEA#${id}`, 'IDEA')).toMatchObject({ status: 'completed' });
          expect((await item(`IDEA#${id}`, 'FEATURE'))?.item).toMatchObject({ status: 'completed' });
        },
      };
    },
  },
  {
    name: 'comment',
    setup: async () => {
      const leader = await registerAmbassador();
      const id = await approvedIdea(leader);
      const count = async () =>
        (await partition(`IDEA#${id}`)).filter((i) => String(i.sk).startsWith('COMMENT#')).length;
      return {
        pks: [`IDEA#${id}`],
        run: () =>
          invoke(addCommentRoute, addCommentHandler, {
            caller: leader,
            params: { id },
            body: { body: 'تعليق' },
          }),
        applied: async () => {
          expect(await count()).toBe(1);
        },
      };
    },
  },
  {
    name: 'resource',
    setup: async () => {
      const me = await registerAmbassador();
      const before = (await ownedBy(me.sub, 'RES#')).length;
      return {
        // The resource, and the points it earns in its transaction (docs/api-contract.md §13).
        pks: [`OWNER-RES#${me.sub}`, `PTS#${me.sub}`],
        // A share whose transaction meets another (on the monthly count) reads it again.
        retriesConflicts: true,
        run: () =>
          invoke(addResourceRoute, addResourceHandler, {
            caller: me,
            params: { id: GOV },
            body: { title: 'دليل العدادات', url: 'https://example.om/guide', kind: 'article' },
          }),
        applied: async () => {
          expect((await ownedBy(me.sub, 'RES#')).length).toBe(before + 1);
          expect((await item(`PTS#${me.sub}`, 'TOTALS'))?.all).toBe(2);
        },
      };
    },
  },
];

describe('any call of any multi-item write, failing always or once: all or nothing', () => {
  for (const scenario of scenarios) {
    it(scenario.name, async () => {
      let runs = 0;
      const clock = timeBudget(2000);
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: 6 }),
          fc.constantFrom<Kind>(
            'TransactionCanceledConflict',
            'TransactionCanceledConflict',
            'TimeoutError',
            'TimeoutError',
            'InternalServerError',
            'ProvisionedThroughputExceededException',
          ),
          fc.constantFrom<'always' | 'once'>('always', 'once'),
          clock.run(async (n: number, kind: Kind, mode: 'always' | 'once') => {
            runs++;
            const scene = await scenario.setup();
            const before = await sceneSnapshot(scene.pks);
            const capacity = await quota();
            const log = inject({
              when: (c) => c.index === n && (mode === 'always' || c.attempt === 1),
              error: (c) => errorFor(kind, c),
            });
            const res = await scene.run();
            heal();
            const command = log.calls[n - 1]?.command ?? 'none';
            const thrown =
              kind === 'TransactionCanceledConflict' && command !== 'TransactWriteItemsCommand'
                ? 'TransactionConflictException'
                : kind;
            const where = `${scenario.name}: call ${n} (${command}) fails ${mode} with ${thrown}`;
            log.expectBounded(where);
            const failedCall = log.calls[n - 1];
            // Near an empty quota a retry may or may not be granted: either outcome, all or nothing.
            const retried = sdkRetries(kind) && capacity >= retryCost(kind) + 10;
            const maybe = sdkRetries(kind) && !retried && capacity >= retryCost(kind) - 10;
            const afterCommit = scene.bestEffortFrom !== undefined && n >= scene.bestEffortFrom;
            const conflictRetried =
              scene.retriesConflicts === true && thrown === 'TransactionCanceledConflict';
            const surfaced =
              failedCall !== undefined &&
              !afterCommit &&
              !conflictRetried &&
              (mode === 'always' || !retried) &&
              !(maybe && res.status < 300);
            if (scene.resumable && res.status >= 300) {
              // Some steps may be done: the same request again finishes the flow.
              expectUnavailable(res, where);
              const again = await scene.run();
              expect(again.status, `${where}, then again: ${JSON.stringify(again.body)}`).toBeLessThan(300);
              await scene.applied();
              stats.retriedToSuccess++;
            } else if (surfaced && !scene.resumable) {
              expectUnavailable(res, where);
              expect(await sceneSnapshot(scene.pks), `${where}: half-written`).toEqual(before);
              stats.unchangedChecks++;
            } else {
              expect(res.status, `${where}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
              await scene.applied();
              if (failedCall) stats.retriedToSuccess++;
            }
          }),
        ),
        {
          numRuns: 12,
          interruptAfterTimeLimit: clock.ceiling,
          // First, every call of the request in turn, failing for good with an error the SDK
          // does not retry (one attempt, no backoff): the all-or-nothing sweep never depends on
          // what the random part happens to pick.
          examples: [1, 2, 3, 4, 5, 6].map((n): [number, Kind, 'always' | 'once'] => [
            n,
            'TransactionCanceledConflict',
            'always',
          ]),
        },
      );
      stats.scenarios += runs;
    }, 30_000);
  }
});

// ---------------------------------------------------------------------------------------------

describe('every kind of failure answers 503 unavailable with Retry-After, bounded', () => {
  it('DynamoDB errors on a read, every attempt', async () => {
    const target = await registerAmbassador();
    const kinds: Kind[] = [
      'ProvisionedThroughputExceededException',
      'ThrottlingException',
      'RequestLimitExceeded',
      'InternalServerError',
      'TransactionConflictException',
      'TimeoutError',
    ];
    for (const kind of kinds) {
      const capacity = await quota();
      const log = inject({ when: (c) => c.command === 'GetItemCommand', error: (c) => errorFor(kind, c) });
      const res = await invoke(getAmbassadorRoute, getAmbassadorHandler, {
        caller: target,
        params: { id: target.sub },
      });
      heal();
      expectUnavailable(res, kind);
      log.expectBounded(kind);
      expect(log.calls[0]?.attempts, `${kind}: attempts (quota ${capacity})`).toBe(
        expectedAttempts(kind, capacity),
      );
    }
  }, 30_000);

  it('a query whose every attempt times out', async () => {
    const me = await registerAmbassador();
    const log = inject({ when: (c) => c.command === 'QueryCommand', error: errors.TimeoutError });
    const res = await invoke(listAmbassadorsRoute, listAmbassadorsHandler, { caller: me });
    expectUnavailable(res, 'directory query');
    log.expectBounded('directory query');
  });

  /**
   * Was a defect: the SDK retries these network errors (its NODEJS_NETWORK_ERROR_CODES)
   * and then surfaces them unchanged; functions/store/errors.ts `isTransient` knows only
   * ECONNREFUSED and ECONNRESET by code, so a DNS failure or an unreachable host answers 500
   * `internal` instead of 503 `unavailable`. Minimal input: GET /ambassadors/{id} while the
   * DynamoDB endpoint does not resolve (ENOTFOUND, a real lookup of a `.invalid` host below).
   */
  it('DynamoDB unreachable (DNS failure, host or network unreachable): 503, not 500', async () => {
    const target = await registerAmbassador();
    const cases: Record<string, Fault> = {
      'ENOTFOUND (real lookup)': {
        when: (c) => c.command === 'GetItemCommand',
        redirect: () => ({ hostname: 'dynamodb.faults.invalid', port: 443 }),
      },
      EAI_AGAIN: {
        when: (c) => c.command === 'GetItemCommand',
        error: () =>
          netError('EAI_AGAIN', 'getaddrinfo', 'getaddrinfo EAI_AGAIN dynamodb.me-south-1.amazonaws.com'),
      },
      EHOSTUNREACH: {
        when: (c) => c.command === 'GetItemCommand',
        error: () => netError('EHOSTUNREACH', 'connect', 'connect EHOSTUNREACH 52.94.8.1:443'),
      },
      ENETUNREACH: {
        when: (c) => c.command === 'GetItemCommand',
        error: () => netError('ENETUNREACH', 'connect', 'connect ENETUNREACH 52.94.8.1:443'),
      },
      'ECONNREFUSED (real closed port)': {
        when: (c) => c.command === 'GetItemCommand',
        redirect: () => ({ hostname: '127.0.0.1', port: refusedPort }),
      },
    };
    const refusedPort = await closedPort();
    const outcome: Record<string, string> = {};
    for (const [what, fault] of Object.entries(cases)) {
      const log = inject(fault);
      const res = await invoke(getAmbassadorRoute, getAmbassadorHandler, {
        caller: target,
        params: { id: target.sub },
      });
      heal();
      log.expectBounded(what);
      outcome[what] =
        `${res.status} ${res.body?.code ?? ''}${res.headers['retry-after'] ? ' retry-after' : ''}`.trim();
    }
    expect(outcome).toEqual(
      Object.fromEntries(Object.keys(cases).map((k) => [k, '503 unavailable retry-after'])),
    );
  }, 30_000);
});

describe('Idempotency-Key under faults', () => {
  /**
   * Was a defect: when the database fails mid-request (from the resource's write on),
   * the idempotency middleware's onError tries to release the key; that write fails too and
   * middy stops running the remaining onError handlers, so the problem+json mapping never runs
   * and the handler throws: a Lambda error, 500 from API Gateway, no Retry-After. Minimal input:
   * POST /lectures with `Idempotency-Key: k1` while every DynamoDB call after the key was
   * claimed (the 3rd call of the request on) times out.
   */
  it('an outage after the key was claimed still answers 503 with Retry-After', async () => {
    const organizer = await registerAmbassador();
    // Calls: the write quota's counter, the caller's profile, the claim, then the outage.
    const log = inject({ when: (c) => c.index >= 4, error: errors.TimeoutError });
    const res = await invoke(reportLectureRoute, reportHandler, {
      caller: organizer,
      body: lectureBody(),
      headers: { 'idempotency-key': `k-${randomUUID()}` },
    });
    heal();
    log.expectBounded('outage after claim');
    // The quota's counter, the profile, the key's claim, then the lecture with the key's record (one transaction).
    expect(log.calls.map((c) => c.command).slice(0, 4)).toEqual([
      'UpdateItemCommand',
      'GetItemCommand',
      'PutItemCommand',
      'TransactWriteItemsCommand',
    ]);
    expectUnavailable(res, 'outage after the key was claimed');
    expect(await ownedBy(organizer.sub, 'LECT#')).toEqual([]);
  }, 20_000);

  /**
   * Exactly once when the answer cannot be saved: the resource's own transaction records
   * the answer on the key's record, so a retry after the lock lapses (the records' clock
   * moved past IN_PROGRESS_SECONDS, no sleeping) answers from it and never runs the handler
   * again. Every creating route; each counts what it created straight from the table.
   */
  const creations: {
    name: string;
    setup: () => Promise<{ caller: Caller; params?: Record<string, string> }>;
    spec: RouteSpec;
    handler: Handler;
    body: unknown;
    created: (caller: Caller, params?: Record<string, string>) => Promise<number>;
  }[] = [
    {
      name: 'register ambassador',
      setup: async () => ({ caller: { sub: newSub() } }),
      spec: registerAmbassadorRoute,
      handler: registerHandler,
      body: profile(),
      created: async (c) => (await partition(`AMB#${c.sub}`)).filter((i) => i.sk === 'PROFILE').length,
    },
    {
      name: 'report lecture',
      setup: async () => ({ caller: await registerAmbassador() }),
      spec: reportLectureRoute,
      handler: reportHandler,
      body: lectureBody(),
      created: async (c) => (await ownedBy(c.sub, 'LECT#')).length,
    },
    {
      name: 'add resource',
      setup: async () => ({ caller: await registerAmbassador(), params: { id: GOV } }),
      spec: addResourceRoute,
      handler: addResourceHandler,
      body: { title: 'خريطة التسربات', url: 'https://example.om/leaks', kind: 'dataset' },
      created: async (c) => (await ownedBy(c.sub, 'RES#')).length,
    },
    {
      name: 'submit idea',
      setup: async () => ({ caller: await registerAmbassador() }),
      spec: submitIdeaRoute,
      handler: submitHandler,
      body: ideaBody(),
      created: async (c) => (await ownedBy(c.sub, 'IDEA#')).length,
    },
    {
      name: 'add comment',
      setup: async () => {
        const id = await approvedIdea(await registerAmbassador());
        return { caller: await registerAmbassador(), params: { id } };
      },
      spec: addCommentRoute,
      handler: addCommentHandler,
      body: { body: 'فكرة جميلة' },
      created: async (c) => (await ownedBy(c.sub, 'COMMENT#')).length,
    },
    {
      name: 'join request',
      setup: async () => {
        const id = await approvedIdea(await registerAmbassador());
        return { caller: await registerAmbassador(), params: { id } };
      },
      spec: requestJoinRoute,
      handler: joinRequestHandler,
      body: { role: 'مبرمج' },
      created: async (c) => (await ownedBy(c.sub, 'JOIN#')).length,
    },
  ];
  for (const route of creations)
    it(`${route.name}: saving the answer fails after the create; a retry after the lock lapses returns the same resource, and one exists`, async () => {
      const { caller, params } = await route.setup();
      const req = {
        caller,
        body: route.body,
        headers: { 'idempotency-key': `k-${randomUUID()}` },
        ...(params ? { params } : {}),
      };
      // Every attempt to save the answer on the key's record fails (3 tries, each retried by the SDK).
      const log = inject({
        when: (c) => c.command === 'UpdateItemCommand' && JSON.stringify(c.input.Key).includes('"IDEMP#'),
        error: errors.InternalServerError,
      });
      const first = await invoke(route.spec, route.handler, req);
      expect(first.status, JSON.stringify(first.body)).toBe(201);
      expect(log.calls.filter((c) => c.command === 'UpdateItemCommand' && c.failures > 0).length).toBe(3);
      log.expectBounded(`${route.name}: answer not saved`);
      heal();

      const real = idempotencyClock.nowSeconds;
      idempotencyClock.nowSeconds = () => real() + IN_PROGRESS_SECONDS + 1;
      try {
        const retry = await invoke(route.spec, route.handler, req);
        expect(retry.status, JSON.stringify(retry.body)).toBe(201);
        expect(retry.body).toEqual(first.body);
        expect(retry.headers.location).toBe(first.headers.location);
        expect(retry.headers.etag).toBe(first.headers.etag);
        expect(retry.headers['idempotent-replayed']).toBe('true');
      } finally {
        idempotencyClock.nowSeconds = real;
      }
      expect(await route.created(caller, params)).toBe(1);
    });

  it('a replayed registration of a sub with | @ + = carries the Location the first answer had', async () => {
    const caller = { sub: `${newSub()}|a@b+c=d` };
    const req = { caller, body: profile(), headers: { 'idempotency-key': `k-${randomUUID()}` } };
    inject({
      when: (c) => c.command === 'UpdateItemCommand' && JSON.stringify(c.input.Key).includes('"IDEMP#'),
      error: errors.InternalServerError,
    });
    const first = await invoke(registerAmbassadorRoute, registerHandler, req);
    heal();
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const real = idempotencyClock.nowSeconds;
    idempotencyClock.nowSeconds = () => real() + IN_PROGRESS_SECONDS + 1;
    try {
      const retry = await invoke(registerAmbassadorRoute, registerHandler, req);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.headers.location).toBe(first.headers.location);
    } finally {
      idempotencyClock.nowSeconds = real;
    }
  });

  /**
   * The ambiguous failure: DynamoDB commits the creating transaction, the connection drops
   * before its answer arrives, and the SDK sends the same transaction again, which fails on
   * the record it has just marked `created` (or, its retry quota spent, gives up at once). Whatever that first answer is, it must not be a
   * 500, and a retry with the same key (at once, and after the lock lapsed) answers 201 with
   * the one resource that exists.
   */
  for (const route of creations)
    it(`${route.name}: one resource, and the retry replays it`, async () => {
      const { caller, params } = await route.setup();
      const req = {
        caller,
        body: route.body,
        headers: { 'idempotency-key': `k-${randomUUID()}` },
        ...(params ? { params } : {}),
      };
      let lost = 0;
      db.middlewareStack.add(
        middleware((next, context) => async (args) => {
          const out = await next(args);
          const creating =
            context.commandName === 'TransactWriteItemsCommand' &&
            JSON.stringify(args.input).includes('"IDEMP#');
          if (creating && lost++ === 0) throw errors.TimeoutError();
          return out;
        }),
        { step: 'finalizeRequest', priority: 'low', name: 'faultInjector' },
      );
      const first = await invoke(route.spec, route.handler, req);
      heal();
      // The SDK sends it again unless its retry quota is spent by earlier faults: both are cases.
      expect(lost, 'the creating transaction committed and its answer was lost').toBeGreaterThanOrEqual(1);
      expect([201, 503], JSON.stringify(first.body)).toContain(first.status);
      const again = await invoke(route.spec, route.handler, req);
      expect(again.status, JSON.stringify(again.body)).toBe(201);
      const real = idempotencyClock.nowSeconds;
      idempotencyClock.nowSeconds = () => real() + IN_PROGRESS_SECONDS + 1;
      try {
        const later = await invoke(route.spec, route.handler, req);
        expect(later.status, JSON.stringify(later.body)).toBe(201);
        expect(later.body).toEqual(again.body);
        expect(later.headers.location).toBe(again.headers.location);
      } finally {
        idempotencyClock.nowSeconds = real;
      }
      expect(await route.created(caller, params)).toBe(1);
    });
});

describe('a DynamoDB that accepts the connection and never answers', () => {
  /**
   * Was a defect: functions/store/client.ts set `requestTimeout: 3000`, but in this
   * SDK (@smithy/node-http-handler) requestTimeout only logs a warning unless
   * `throwOnRequestTimeout: true`, and no socket timeout applies, so an attempt that never gets
   * an answer hangs the request (until the Lambda's own timeout: API Gateway then answers
   * 503/504 itself, without problem+json or Retry-After). Minimal input: GET /ambassadors/{id}
   * with the first GetItem attempt sent to a server that accepts and stays silent.
   */
  it('times out and retries within a few seconds', async () => {
    const target = await registerAmbassador();
    const silent = await listen(() => undefined);
    const log = inject({
      when: (c) => c.command === 'GetItemCommand' && c.attempt === 1,
      redirect: () => ({ hostname: '127.0.0.1', port: silent }),
    });
    const started = Date.now();
    const answer = invoke(getAmbassadorRoute, getAmbassadorHandler, {
      caller: target,
      params: { id: target.sub },
    });
    const res = await Promise.race([
      answer,
      new Promise<'no answer'>((ok) => setTimeout(() => ok('no answer'), 7000)),
    ]);
    const seconds = Math.round((Date.now() - started) / 100) / 10;
    // Let the hanging attempt go (its socket is reset), so nothing outlives the test.
    for (const s of sockets) s.destroy();
    await answer;
    heal();
    log.expectBounded('silent server');
    expect(res === 'no answer' ? `no answer after ${seconds} s` : `${res.status} after ${seconds} s`).toMatch(
      /^(200|503) after [0-6](\.\d)? s$/,
    );
  }, 20_000);
});

afterAll(async () => {
  const left = await quota();
  console.log(
    `faults: ${stats.requests} requests in process, ${stats.failuresInjected} failures injected over ${stats.attempts} attempts ` +
      `(at most ${stats.maxAttemptsPerCall} per call); ${stats.unavailable} answered 503 unavailable, ` +
      `${stats.retriedToSuccess} retried to success, ${stats.crashes} handler crashes (500); ` +
      `${stats.scenarios} fault scenarios, ${stats.unchangedChecks} checked unchanged on the table; ` +
      `SDK retry quota left ${left} of 500`,
  );
});
