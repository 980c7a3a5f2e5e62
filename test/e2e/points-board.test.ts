/**
 * The `points` board (docs/api-contract.md §13) follows the ledger: for random sequences of
 * earning changes and reversals, after the leaderboard job runs, each ambassador's total for a
 * period equals their score on the board for it (left out when 0 or less, and once erased).
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { periodsOfInstant } from '#domain/time.ts';
import { db, TABLE } from '#store/client.ts';
import { rankEntity } from '#store/entities/leaderboards.ts';
import { call, newAmbassador, runLeaderboards, staffToken } from '#support/api.ts';
import { validIdea } from '#support/fixtures.ts';

type Person = Awaited<ReturnType<typeof newAmbassador>>;

const total = async (p: Person, period: string): Promise<number> => {
  const res = await call('GET', `/ambassadors/me/points?period=${period}&limit=1`, { token: p.token });
  expect(res.status).toBe(200);
  return res.body.total;
};
/** The job's rank item: the board's score whatever the snapshot's size (its top 100). */
const boardScore = async (period: string, id: string): Promise<number | undefined> => {
  const out = await db.send(
    new GetCommand({ TableName: TABLE, Key: rankEntity.key('points', period, id), ConsistentRead: true }),
  );
  return out.Item ? Number((out.Item.entry as { score: number }).score) : undefined;
};

type Op = { kind: 'share' | 'approve' | 'withdraw'; who: number };

describe('the points board', () => {
  it('equals each ambassador’s ledger total after the job, for random earnings and reversals', async () => {
    const staff = await staffToken();
    const periods = periodsOfInstant(new Date());
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            kind: fc.constantFrom<Op['kind']>('share', 'approve', 'withdraw'),
            who: fc.integer({ min: 0, max: 2 }),
          }),
          { minLength: 1, maxLength: 9 },
        ),
        async (ops) => {
          const people = [await newAmbassador(), await newAmbassador(), await newAmbassador()];
          const approved: string[][] = [[], [], []];
          for (const [n, op] of ops.entries()) {
            const p = people[op.who] as Person;
            const mine = approved[op.who] as string[];
            if (op.kind === 'share') {
              const res = await call('POST', '/communities/OM-MA/resources', {
                token: p.token,
                body: {
                  title: `مورد ${n}`,
                  url: `https://example.om/p${n}`,
                  kind: 'article',
                  language: 'ar',
                },
              });
              expect(res.status).toBe(201);
            } else if (op.kind === 'approve') {
              const idea = await call('POST', '/ideas', { token: p.token, body: validIdea() });
              expect(idea.status).toBe(201);
              const res = await call('POST', `/staff/ideas/${idea.body.id}/decision`, {
                token: staff,
                body: { decision: 'approve' },
              });
              expect(res.status).toBe(200);
              mine.push(idea.body.id);
            } else {
              const id = mine.pop();
              if (!id) continue;
              expect((await call('POST', `/ideas/${id}/withdraw`, { token: p.token })).status).toBe(200);
            }
          }
          await runLeaderboards();
          for (const p of people)
            for (const period of periods) {
              const t = await total(p, period);
              expect(await boardScore(period, p.id), `${p.id} ${period}`).toBe(t > 0 ? t : undefined);
            }
        },
      ),
      { numRuns: 6 },
    );
  }, 120_000);

  it('is served, and an erased ambassador leaves it', async () => {
    const a = await newAmbassador();
    // A resource's points stay in the ledger after an erasure (§10): only the board leaves them out.
    const shared = await call('POST', '/communities/OM-MA/resources', {
      token: a.token,
      body: { title: 'مورد للوحة', url: 'https://example.om/board', kind: 'article', language: 'ar' },
    });
    expect(shared.status).toBe(201);
    await runLeaderboards();
    const board = await call('GET', '/leaderboards/points?period=all&limit=100');
    expect(board.status).toBe(200);
    expect(board.body.board).toBe('points');
    expect(await boardScore('all', a.id)).toBe(2);
    expect((await call('DELETE', '/ambassadors/me', { token: a.token })).status).toBe(204);
    await runLeaderboards();
    expect(await boardScore('all', a.id)).toBeUndefined();
  });
});
