/**
 * The leaderboard job and a backlog (functions/scheduled/leaderboards.ts): the job called in
 * process against the test's DynamoDB Local, with budgets small enough that a backlog of a few
 * dozen markers is several times what one run may take. The changes themselves go through the
 * local server.
 *
 * Asserted: every bounded run takes at most its budget and makes progress; what it handled is
 * deleted by the time it returns (each marker exactly once, none handled again after its
 * deletion); a run out of time stops between chunks; a run that fails midway keeps what its
 * finished chunks did; and the boards the bounded runs leave, and those the fanned-out rebuild
 * (tiny segment invocations, every shard in parallel) leaves, equal a fresh unbounded run over
 * the same changes.
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { handler as rebuildStep } from '#functions/scheduled/leaderboard-rebuild.ts';
import { runLeaderboards } from '#functions/scheduled/leaderboards.ts';
import { rebuildLeaderboards } from '#infra/local/leaderboard-rebuild.ts';
import { db, TABLE } from '#store/client.ts';
import { getSnapshot } from '#store/leaderboards.ts';
import { queryAll } from '#store/paging.ts';
import { LEADERBOARD_SHARDS } from '#store/table.ts';
import { call, newAmbassador, newLecture, omanDate, staffToken, uniqueWord } from '#support/api.ts';

/** Every marker in the queue, raw. */
const queue = async () =>
  (
    await Promise.all(
      Array.from({ length: LEADERBOARD_SHARDS }, (_, s) =>
        queryAll({
          TableName: TABLE,
          KeyConditionExpression: 'pk = :p',
          ExpressionAttributeValues: { ':p': `LBQ#${s}` },
        }),
      ),
    )
  ).flat();
const ids = async () => (await queue()).map((m) => `${m.pk}|${m.sk}`).sort();

/** Puts the same markers back: the same changes, to be computed again. */
const enqueue = async (markers: Record<string, unknown>[]) => {
  for (let i = 0; i < markers.length; i += 25)
    await db.send(
      new BatchWriteCommand({
        RequestItems: { [TABLE]: markers.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
};

/** The published boards, without their publication time. */
const boards = async (touched: Iterable<string>) =>
  Object.fromEntries(
    await Promise.all(
      [...touched].sort().map(async (bp) => {
        const [board = '', period = ''] = bp.split('|');
        return [bp, (await getSnapshot(board, period))?.entries] as const;
      }),
    ),
  );

const AMBASSADORS = 6;
const LECTURES_EACH = 3;
const PLACES = [
  { governorate: 'OM-MA', wilayat: 'bawshar' },
  { governorate: 'OM-DA', wilayat: 'nizwa' },
  { governorate: 'OM-BS', wilayat: 'sohar' },
];

/** A backlog of AMBASSADORS × LECTURES_EACH verified lectures, in three governorates and three months. */
const seedBacklog = async () => {
  const staff = await staffToken();
  // One after another: the machine is small and shared, and the point here is the job.
  for (let a = 0; a < AMBASSADORS; a++) {
    const place = PLACES[a % PLACES.length];
    const me = await newAmbassador({ name: `${uniqueWord()} Backlog`, ...place });
    for (let l = 0; l < LECTURES_EACH; l++) {
      const lecture = await newLecture(me.token, {
        ...place,
        attendees: 10 + 7 * a + l,
        deliveredOn: omanDate(1 + 31 * l),
      });
      const res = await call('POST', `/staff/lectures/${lecture.id}/review`, {
        token: staff,
        body: { decision: 'verify' },
      });
      expect(res.status).toBe(200);
    }
  }
};

/** Each test seeds through the server and runs the job many times: more than the suite's 20 s. */
const SLOW = 180_000;

describe('the leaderboard job with a backlog (issue 10 §11)', () => {
  it(
    'drains a backlog several times its budget over successive runs, each marker exactly once, to the boards a fresh run computes',
    async () => {
      await runLeaderboards(); // what earlier files left
      await seedBacklog();
      const backlog = await queue();
      const budget = 4;
      expect(backlog.length).toBeGreaterThanOrEqual(3 * budget);

      const handled = new Set<string>();
      const touched = new Set<string>();
      let runs = 0;
      for (let before = await ids(); before.length > 0; runs++) {
        expect(runs).toBeLessThan(backlog.length); // every run makes progress
        const s = await runLeaderboards({ maxMarkers: budget, chunkSize: 3 });
        const after = new Set(await ids());
        const gone = before.filter((k) => !after.has(k));
        expect(s.markers).toBeGreaterThan(0);
        expect(s.markers).toBeLessThanOrEqual(budget);
        // What the run handled is deleted by the time it returns, and was never handled before.
        expect(gone).toHaveLength(s.markers);
        for (const k of gone) {
          expect(handled.has(k)).toBe(false);
          handled.add(k);
        }
        for (const bp of s.touched) touched.add(bp);
        before = [...after].sort();
      }
      expect(runs).toBeGreaterThanOrEqual(Math.ceil(backlog.length / budget));
      expect([...handled].sort()).toEqual(backlog.map((m) => `${m.pk}|${m.sk}`).sort());
      const quiet = await runLeaderboards({ maxMarkers: budget });
      expect(quiet).toMatchObject({ markers: 0, drained: true });
      const drained = await boards(touched);

      // The same changes again, fanned out: every shard at once, each invocation 2 markers.
      await enqueue(backlog);
      const rebuilt = await rebuildLeaderboards({ maxMarkers: 2, chunkSize: 1 });
      expect(rebuilt.markers).toBe(backlog.length);
      expect(rebuilt.invocations).toBeGreaterThan(rebuilt.segments.length);
      expect(await ids()).toEqual([]);
      expect(await boards(touched)).toEqual(drained);

      // And a fresh unbounded run over the same changes: the same boards.
      await enqueue(backlog);
      const fresh = await runLeaderboards();
      expect(fresh).toMatchObject({ markers: backlog.length, chunks: 1, drained: true });
      expect(new Set(fresh.touched)).toEqual(touched);
      expect(await boards(touched)).toEqual(drained);
    },
    SLOW,
  );

  it(
    'stops between chunks when its invocation is nearly out of time',
    async () => {
      await runLeaderboards();
      await seedBacklog();
      const before = (await ids()).length;
      let checks = 0;
      // 10 s left at the first check, 5 s at the next: with a 6 s reserve, one chunk only.
      const s = await runLeaderboards({
        chunkSize: 2,
        remainingMs: () => (checks++ === 0 ? 10_000 : 5_000),
        reserveMs: 6_000,
      });
      expect(s).toMatchObject({ markers: 2, chunks: 1, drained: false });
      expect((await ids()).length).toBe(before - 2);
      await runLeaderboards();
      expect(await ids()).toEqual([]);
    },
    SLOW,
  );

  it(
    'keeps what its finished chunks did when it fails midway',
    async () => {
      await runLeaderboards();
      await seedBacklog();
      const before = (await ids()).length;
      // Fail the first read of counters after the first chunk has published (its last step but
      // the deletion of its markers): the run dies in its second chunk.
      let published = false;
      let failed = 0;
      const name = 'failInSecondChunk';
      db.middlewareStack.add(
        (next, context) => async (args) => {
          if (context.commandName === 'BatchGetItemCommand' && published && failed === 0) {
            failed++;
            throw new Error('injected: the run dies in its second chunk');
          }
          if (context.commandName === 'PutItemCommand' && JSON.stringify(args.input).includes('SNAPSHOT'))
            published = true;
          return next(args);
        },
        { step: 'initialize', name },
      );
      try {
        await expect(runLeaderboards({ chunkSize: 3 })).rejects.toThrow(/injected/);
      } finally {
        db.middlewareStack.remove(name);
      }
      expect(failed).toBe(1);
      // The first chunk's markers are gone, and only those: the rest wait for the next run.
      expect((await ids()).length).toBe(before - 3);
      const next = await runLeaderboards();
      expect(next.markers).toBe(before - 3);
      expect(await ids()).toEqual([]);
    },
    SLOW,
  );

  it('the rebuild step takes only the events its state machine sends', async () => {
    for (const event of [
      undefined,
      {},
      { step: 'rebuild' },
      { step: 'segment' },
      { step: 'segment', shard: 8 },
      { step: 'segment', shard: 1.5 },
      { step: 'segment', shard: 0, extra: true },
      { step: 'settle' },
      { step: 'settle', segments: [{ touched: 'lectures|all', governorates: {} }] },
    ])
      await expect(rebuildStep(event), JSON.stringify(event)).rejects.toThrow();
    // The settle step with nothing to settle publishes nothing.
    await expect(rebuildStep({ step: 'settle', segments: [] })).resolves.toMatchObject({
      step: 'settle',
      governorates: 0,
      snapshots: 0,
    });
  });
});
