/**
 * The ambassador use cases' races (domain/ambassador-cases.ts) against an in-memory
 * repository: registration's named reasons, and the edit and erasure loops of
 * decideAndWrite (domain/races.ts), with the final error each case names.
 */
import { describe, expect, it } from 'vitest';
import { eraseAmbassadorCase, registerAmbassadorCase, updateProfileCase } from '#domain/ambassador-cases.ts';
import { type Ambassador, emptyStats } from '#domain/ambassadors.ts';
import { DomainError } from '#domain/errors.ts';
import type { AmbassadorRepo, ErasureMark, IdeaRepo, Outcome, RegisterReason } from '#domain/ports.ts';

const NOW = new Date('2026-11-28T10:00:00.000Z');

const profile = (over: Partial<Ambassador> = {}): Ambassador => ({
  id: 'amb-1',
  name: 'Ambassador One',
  email: 'one@example.om',
  country: 'OM',
  governorate: 'OM-MA',
  wilayat: 'muscat',
  city: 'muscat',
  interests: ['mobility'],
  expertise: [],
  languages: ['ar'],
  joinedAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 1,
  stats: emptyStats(),
  ...over,
});

/** Writes answer `script` in order (then 'ok'); every read returns the next stored version. */
const repo = (script: Outcome<RegisterReason>[], stored: () => Ambassador | undefined = () => profile()) => {
  const log: string[] = [];
  const answer = async (op: string) => {
    log.push(op);
    return script.shift() ?? 'ok';
  };
  const r: AmbassadorRepo & ErasureMark = {
    get: async (_id, consistent) => {
      log.push(consistent ? 'get:consistent' : 'get');
      return stored();
    },
    register: () => answer('register'),
    update: () => answer('update') as Promise<Outcome>,
    erase: () => answer('erase') as Promise<Outcome>,
    beginErasure: async () => {
      log.push('mark');
    },
  };
  return { r, log };
};

/** No teams, no requests: the erasure's team steps find nothing to do. */
const noTeams = {
  joinRequestsOf: async () => [],
  ownedIdeas: async () => [],
  memberships: async () => [],
} as unknown as IdeaRepo;

const codeOf = async (p: Promise<unknown>): Promise<string> => {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DomainError);
  return (err as DomainError).code;
};

const registration = {
  name: 'Ambassador One',
  country: 'OM',
  governorate: 'OM-MA',
  wilayat: 'muscat',
  interests: ['mobility'],
  expertise: [],
  languages: ['ar'],
} as unknown as Parameters<typeof registerAmbassadorCase>[2];

describe('registerAmbassadorCase', () => {
  it.each([
    ['email_taken', 'email_taken'],
    ['already_registered', 'already_registered'],
    ['changed', 'already_registered'],
  ] as const)('the store answering %s is %s', async (outcome, code) => {
    const { r } = repo([outcome], () => undefined);
    const caller = { id: 'amb-1', email: 'one@example.om' };
    expect(
      await codeOf(registerAmbassadorCase({ ambassadors: r, now: () => NOW }, caller, registration)),
    ).toBe(code);
  });
});

describe('registerAmbassadorCase, the profile read before', () => {
  const caller = { id: 'amb-1', email: 'one@example.om' };
  const register = (r: AmbassadorRepo, who: { id: string; email: string | undefined } = caller) =>
    registerAmbassadorCase({ ambassadors: r, now: () => NOW }, who, registration);

  it('a token without an email: 400 at email, nothing read or written', async () => {
    const { r, log } = repo([], () => undefined);
    const err = (await register(r, { id: 'amb-1', email: undefined }).catch(
      (e: unknown) => e,
    )) as DomainError;
    expect(err).toBeInstanceOf(DomainError);
    expect([err.code, err.message, err.fieldErrors]).toEqual([
      'validation_failed',
      'The token carries no email',
      [{ path: 'email', message: 'Sign in with an account that has a verified email' }],
    ]);
    expect(log).toEqual([]);
  });

  it('a live profile of the same sub, read consistently: 409 already_registered, nothing written', async () => {
    const { r, log } = repo([]);
    expect(await codeOf(register(r))).toBe('already_registered');
    expect(log).toEqual(['get:consistent']);
  });

  it('a new sub registers at version 1 with empty stats', async () => {
    const { r, log } = repo([], () => undefined);
    const a = await register(r);
    expect([a.version, a.stats, a.joinedAt, a.email]).toEqual([
      1,
      emptyStats(),
      NOW.toISOString(),
      caller.email,
    ]);
    expect(log).toEqual(['get:consistent', 'register']);
  });

  it('an erased profile registers again over its version, keeping its counted contributions', async () => {
    const stats = { verifiedLectures: 2, attendeesReached: 80, ideas: 1, teams: 1 };
    const { r, log } = repo([], () => profile({ erased: true, version: 4, stats }));
    const a = await register(r);
    expect([a.version, a.stats, a.erased]).toEqual([5, stats, undefined]);
    expect(log).toEqual(['get:consistent', 'register']);
  });
});

describe('updateProfileCase', () => {
  const edit = (r: AmbassadorRepo) =>
    updateProfileCase({ ambassadors: r, now: () => NOW }, profile(), { bio: 'New bio' }, undefined);

  it('writes over the profile the caller holds, without reading it again', async () => {
    const { r, log } = repo([]);
    expect((await edit(r)).bio).toBe('New bio');
    expect(log).toEqual(['update']);
  });

  it('a lost race re-reads consistently and writes again', async () => {
    const { r, log } = repo(['changed']);
    expect((await edit(r)).version).toBe(2);
    expect(log).toEqual(['update', 'get:consistent', 'update']);
  });

  it('three lost races are 412 version_mismatch', async () => {
    const { r, log } = repo(['changed', 'changed', 'changed']);
    expect(await codeOf(edit(r))).toBe('version_mismatch');
    expect(log.filter((l) => l === 'update')).toHaveLength(3);
  });

  it('a stale If-Match is 412 version_mismatch, nothing written', async () => {
    const { r, log } = repo([]);
    const stale = updateProfileCase(
      { ambassadors: r, now: () => NOW },
      profile({ version: 3 }),
      { bio: 'x' },
      2,
    );
    expect(await codeOf(stale)).toBe('version_mismatch');
    expect(log).toEqual([]);
  });

  it('a profile erased meanwhile is 403 not_registered on the re-read', async () => {
    const { r } = repo(['changed'], () => profile({ erased: true }));
    expect(await codeOf(edit(r))).toBe('not_registered');
  });
});

describe('eraseAmbassadorCase', () => {
  const erase = (r: AmbassadorRepo & ErasureMark) =>
    eraseAmbassadorCase({ ambassadors: r, ideas: noTeams, now: () => NOW, newId: () => 'id' }, profile());

  it('marks, then erases the profile the caller holds; a lost race erases the fresh copy', async () => {
    const { r, log } = repo(['changed']);
    await erase(r);
    expect(log).toEqual(['mark', 'erase', 'get:consistent', 'erase']);
  });

  it('three lost races are 503 unavailable', async () => {
    const { r } = repo(['changed', 'changed', 'changed']);
    expect(await codeOf(erase(r))).toBe('unavailable');
  });
});
