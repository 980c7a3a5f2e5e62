/**
 * The one read-decide-write loop (domain/races.ts): consistent re-reads after a lost race,
 * a pause between attempts, named reasons mapped to their errors, and its rule for the
 * final error.
 */
import { describe, expect, it } from 'vitest';
import { DomainError } from '#domain/errors.ts';
import type { Outcome } from '#domain/ports.ts';
import { decideAndWrite, type Race } from '#domain/races.ts';

type Reason = 'team_full' | 'requester_gone';
type Script = Outcome<Reason>[];

/** A race whose writes answer `script` in order, recording every read, pause and write. */
const race = (script: Script, extra: Partial<Race<number, { next: number }, Reason>> = {}) => {
  const log: string[] = [];
  let version = 0;
  const run = decideAndWrite<number, { next: number }, Reason>({
    attempts: 3,
    read: async (consistent: boolean) => {
      log.push(consistent ? 'read:consistent' : 'read');
      version += 1;
      return version;
    },
    decide: (v: number) => ({ next: v * 10 }),
    write: async (v: number, d: { next: number }) => {
      log.push(`write:${v}->${d.next}`);
      return script.shift() ?? 'ok';
    },
    reasons: { team_full: 'team_full', requester_gone: ['invalid_transition', 'The requester left'] },
    pause: async (attempt: number) => {
      log.push(`pause:${attempt}`);
    },
    ...extra,
  });
  return { run, log };
};

const codeOf = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DomainError);
  return err as DomainError;
};

describe('decideAndWrite', () => {
  it('reads, decides and writes once when the write goes through; the first read is not consistent', async () => {
    const { run, log } = race([]);
    expect(await run).toEqual({ next: 10 });
    expect(log).toEqual(['read', 'write:1->10']);
  });

  it("on 'changed' pauses, re-reads consistently and decides again on the fresh state", async () => {
    const { run, log } = race(['changed', 'changed']);
    expect(await run).toEqual({ next: 30 });
    expect(log).toEqual([
      'read',
      'write:1->10',
      'pause:1',
      'read:consistent',
      'write:2->20',
      'pause:2',
      'read:consistent',
      'write:3->30',
    ]);
  });

  it("'changed' after the last attempt is 503 unavailable, without another read or pause", async () => {
    const { run, log } = race(['changed', 'changed', 'changed']);
    expect((await codeOf(run)).code).toBe('unavailable');
    expect(log.filter((l) => l.startsWith('write'))).toHaveLength(3);
    expect(log.at(-1)).toBe('write:3->30');
  });

  it("the case's table may name another error for 'changed' after the last attempt", async () => {
    const { run } = race(['changed', 'changed', 'changed'], {
      reasons: { changed: 'version_mismatch' },
    });
    expect((await codeOf(run)).code).toBe('version_mismatch');
  });

  it('a named reason throws its error at once, with its detail, and is never retried', async () => {
    const full = race(['team_full']);
    expect((await codeOf(full.run)).code).toBe('team_full');
    expect(full.log).toEqual(['read', 'write:1->10']);
    const gone = race(['requester_gone']);
    const err = await codeOf(gone.run);
    expect([err.code, err.message]).toEqual(['invalid_transition', 'The requester left']);
  });

  it("a reason missing from the table is 503 unavailable (the store's answer was not expected)", async () => {
    const { run } = race(['team_full'], { reasons: {} });
    expect((await codeOf(run)).code).toBe('unavailable');
  });

  it('what decide throws (the domain answer on the fresh state) ends the race, with nothing written', async () => {
    let reads = 0;
    const { run, log } = race(['changed'], {
      decide: () => {
        reads += 1;
        if (reads === 2) throw new DomainError('invalid_transition', 'Already reviewed');
        return { next: 0 };
      },
    });
    expect((await codeOf(run)).message).toBe('Already reviewed');
    expect(log.filter((l) => l.startsWith('write'))).toHaveLength(1);
  });

  it('works without a pause (no backoff wired)', async () => {
    const { run, log } = race(['changed'], { pause: undefined });
    expect(await run).toEqual({ next: 20 });
    expect(log).toEqual(['read', 'write:1->10', 'read:consistent', 'write:2->20']);
  });
});
