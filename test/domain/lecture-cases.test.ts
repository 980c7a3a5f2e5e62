/**
 * The lecture use cases (docs/api-contract.md §6) against in-memory repositories: the injected
 * clock and ids, 404 versus 403, optimistic versions, and the exactly-once review.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { type Ambassador, emptyStats } from '#domain/ambassadors.ts';
import { DomainError } from '#domain/errors.ts';
import {
  deleteLectureCase,
  readLectureCase,
  reportLectureCase,
  reviewLectureCase,
  updateLectureCase,
} from '#domain/lecture-cases.ts';
import type { Lecture, LectureInput } from '#domain/lectures.ts';
import type { DomainEvent } from '#domain/notifications.ts';
import type { AmbassadorRepo, LectureRepo, Outcome, RegisterReason } from '#domain/ports.ts';
import { type ErrorCode, statusOf } from '#http/problem.ts';

// ---------------------------------------------------------------------------------------
// in-memory fakes of the ports

/** Conditional writes as the table does them: only on the stored, still reported version. */
class FakeLectureRepo implements LectureRepo {
  readonly items = new Map<string, Lecture>();
  readonly gets: { id: string; consistent: boolean | undefined }[] = [];
  readonly writes: { op: 'create' | 'update' | 'remove' | 'reject' | 'verify'; id: string }[] = [];
  readonly verifyCalls: { current: Lecture; next: Lecture; organizer: Ambassador }[] = [];
  /** Run before the write of the same name, once each, in order: a concurrent writer. */
  readonly before: Partial<Record<'update' | 'remove' | 'reject' | 'verify', (() => void)[]>> = {};
  /** Outcomes `verify` reports instead of writing, once each, in order. */
  readonly verifyScript: (Outcome | (() => Outcome))[] = [];
  /** The events of the reviews written (a refused write carries none). */
  readonly events: DomainEvent[] = [];

  put(l: Lecture): void {
    this.items.set(l.id, structuredClone(l));
  }

  stored(id: string): Lecture | undefined {
    return this.items.get(id);
  }

  private hook(op: 'update' | 'remove' | 'reject' | 'verify'): void {
    this.before[op]?.shift()?.();
  }

  private isCurrent(current: Lecture): boolean {
    const stored = this.items.get(current.id);
    return stored !== undefined && stored.version === current.version && stored.status === 'reported';
  }

  async get(id: string, consistent?: boolean): Promise<Lecture | undefined> {
    this.gets.push({ id, consistent });
    const l = this.items.get(id);
    return l && structuredClone(l);
  }

  async create(l: Lecture): Promise<Outcome<'exists'>> {
    this.writes.push({ op: 'create', id: l.id });
    if (this.items.has(l.id)) return 'exists';
    this.put(l);
    return 'ok';
  }

  async update(current: Lecture, next: Lecture): Promise<Outcome> {
    this.hook('update');
    this.writes.push({ op: 'update', id: current.id });
    if (!this.isCurrent(current)) return 'changed';
    this.put(next);
    return 'ok';
  }

  async remove(current: Lecture): Promise<Outcome> {
    this.hook('remove');
    this.writes.push({ op: 'remove', id: current.id });
    if (!this.isCurrent(current)) return 'changed';
    this.items.delete(current.id);
    return 'ok';
  }

  async reject(current: Lecture, next: Lecture, event: DomainEvent): Promise<Outcome> {
    this.hook('reject');
    this.writes.push({ op: 'reject', id: current.id });
    if (!this.isCurrent(current)) return 'changed';
    this.put(next);
    this.events.push(structuredClone(event));
    return 'ok';
  }

  async verify(current: Lecture, next: Lecture, organizer: Ambassador, event: DomainEvent): Promise<Outcome> {
    this.hook('verify');
    this.verifyCalls.push({
      current: structuredClone(current),
      next: structuredClone(next),
      organizer: structuredClone(organizer),
    });
    this.writes.push({ op: 'verify', id: current.id });
    const scripted = this.verifyScript.shift();
    if (scripted !== undefined) return typeof scripted === 'function' ? scripted() : scripted;
    if (!this.isCurrent(current)) return 'changed';
    this.put(next);
    this.events.push(structuredClone(event));
    return 'ok';
  }
}

class FakeAmbassadorRepo implements AmbassadorRepo {
  readonly items = new Map<string, Ambassador>();
  readonly gets: { id: string; consistent: boolean | undefined }[] = [];

  async get(id: string, consistent?: boolean): Promise<Ambassador | undefined> {
    this.gets.push({ id, consistent });
    const a = this.items.get(id);
    return a && structuredClone(a);
  }

  async register(a: Ambassador, previous: Ambassador | undefined): Promise<Outcome<RegisterReason>> {
    if (this.items.has(a.id) && !previous) return 'already_registered';
    this.items.set(a.id, structuredClone(a));
    return 'ok';
  }

  async update(current: Ambassador, next: Ambassador): Promise<Outcome> {
    if (this.items.get(current.id)?.version !== current.version) return 'changed';
    this.items.set(next.id, structuredClone(next));
    return 'ok';
  }

  async erase(current: Ambassador, at: string): Promise<Outcome> {
    if (this.items.get(current.id)?.version !== current.version) return 'changed';
    this.items.set(current.id, { ...current, erased: true, erasedAt: at, version: current.version + 1 });
    return 'ok';
  }
}

// ---------------------------------------------------------------------------------------
// fixtures

/** 14:00 in Muscat on 28 November 2026. */
const NOW = new Date('2026-11-28T10:00:00.000Z');
const LATER = new Date('2026-11-29T06:00:00.000Z');

const ambassador = (id: string, over: Partial<Ambassador> = {}): Ambassador => ({
  id,
  name: `Ambassador ${id}`,
  email: `${id}@example.om`,
  country: 'OM',
  governorate: 'OM-ZU',
  wilayat: 'salalah',
  city: 'salalah',
  interests: ['mobility'],
  expertise: [],
  languages: ['ar'],
  joinedAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 1,
  stats: emptyStats(),
  ...over,
});

const organizer = ambassador('amb-org');
const other = ambassador('amb-other', { governorate: 'OM-MA', wilayat: 'muscat', city: 'muscat' });

const input: LectureInput = {
  title: 'Smart water for schools',
  topic: 'water',
  deliveredOn: '2026-11-20',
  governorate: 'OM-MA',
  wilayat: 'muttrah',
  audience: 'school',
  attendees: 40,
};

/** Expects `p` to reject with a DomainError `code` (and its status) and returns it. */
const rejectsWith = async (p: Promise<unknown>, code: ErrorCode, status: number): Promise<DomainError> => {
  let caught: unknown;
  try {
    await p;
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected ${code}`).toBeInstanceOf(DomainError);
  const err = caught as DomainError;
  expect(err.code).toBe(code);
  expect(statusOf(err.code)).toBe(status);
  return err;
};

let lectures: FakeLectureRepo;
let ambassadors: FakeAmbassadorRepo;
let ids: number;
const deps = () => ({
  lectures,
  ambassadors,
  now: () => NOW,
  newId: () => `lec-${++ids}`,
});

/** A lecture by `organizer`, stored directly, in `status`. */
const seed = async (status: Lecture['status'] = 'reported', id = 'lec-seed'): Promise<Lecture> => {
  const l = await reportLectureCase({ ...deps(), newId: () => id }, organizer, input);
  if (status !== 'reported') lectures.put({ ...l, status, version: 2 });
  return lectures.stored(id)!;
};

beforeEach(() => {
  lectures = new FakeLectureRepo();
  ambassadors = new FakeAmbassadorRepo();
  ids = 0;
  ambassadors.items.set(organizer.id, structuredClone(organizer));
  ambassadors.items.set(other.id, structuredClone(other));
});

// ---------------------------------------------------------------------------------------

describe('reportLectureCase', () => {
  it('uses the injected clock and id, and stores the lecture', async () => {
    const l = await reportLectureCase(deps(), organizer, input);
    expect(l).toMatchObject({
      id: 'lec-1',
      organizerId: organizer.id,
      status: 'reported',
      version: 1,
      community: 'OM-MA',
      reportedAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
    });
    expect(lectures.stored('lec-1')).toEqual(l);
    const second = await reportLectureCase(deps(), organizer, {
      ...input,
      format: 'online',
      governorate: undefined,
      wilayat: undefined,
    });
    expect(second.id).toBe('lec-2');
    expect(second.community).toBe('OM-ZU');
    expect(lectures.items.size).toBe(2);
  });

  it('judges the date by the injected clock, not the real one', async () => {
    const future = new Date('2099-06-01T10:00:00.000Z');
    const l = await reportLectureCase({ ...deps(), now: () => future }, organizer, {
      ...input,
      deliveredOn: '2099-05-30',
    });
    expect(l.reportedAt).toBe(future.toISOString());
    const past = new Date('2021-03-10T10:00:00.000Z');
    const err = await rejectsWith(
      reportLectureCase({ ...deps(), now: () => past }, organizer, { ...input, deliveredOn: '2021-03-11' }),
      'validation_failed',
      400,
    );
    expect(err.fieldErrors?.map((f) => f.path)).toEqual(['deliveredOn']);
    expect(lectures.items.size).toBe(1);
  });

  it('writes nothing when the rules fail', async () => {
    await rejectsWith(
      reportLectureCase(deps(), organizer, { ...input, wilayat: 'salalah' }),
      'validation_failed',
      400,
    );
    expect(lectures.writes).toEqual([]);
  });
  it('an id that exists already (a re-run with the same ids): that lecture stands, read consistently', async () => {
    const first = await seed();
    const again = await reportLectureCase({ ...deps(), newId: () => first.id }, other, {
      ...input,
      attendees: 99,
    });
    expect(again).toEqual(first);
    expect(lectures.stored(first.id)).toEqual(first);
    expect(lectures.gets).toEqual([{ id: first.id, consistent: true }]);
  });

  it('an id that exists but cannot be read back: 503 unavailable', async () => {
    lectures.create = async () => 'exists';
    await rejectsWith(reportLectureCase(deps(), organizer, input), 'unavailable', 503);
  });
});

describe('readLectureCase', () => {
  it('404 for an unknown id', async () => {
    await rejectsWith(readLectureCase(deps(), 'nope', { id: organizer.id, staff: false }), 'not_found', 404);
  });

  it('a reported or rejected lecture only for the organizer and staff; 404 to others', async () => {
    for (const status of ['reported', 'rejected'] as const) {
      const l = await seed(status, `lec-${status}`);
      expect((await readLectureCase(deps(), l.id, { id: organizer.id, staff: false })).id).toBe(l.id);
      expect((await readLectureCase(deps(), l.id, { id: 'staff-1', staff: true })).status).toBe(status);
      await rejectsWith(readLectureCase(deps(), l.id, { id: other.id, staff: false }), 'not_found', 404);
      await rejectsWith(readLectureCase(deps(), l.id, undefined), 'not_found', 404);
    }
  });

  it('a verified lecture for every reader', async () => {
    const l = await seed('verified');
    for (const viewer of [
      { id: organizer.id, staff: false },
      { id: other.id, staff: false },
      { id: 'staff-1', staff: true },
    ])
      expect((await readLectureCase(deps(), l.id, viewer)).status).toBe('verified');
  });
});

describe('updateLectureCase', () => {
  it('the organizer edits a reported lecture', async () => {
    const l = await seed();
    const next = await updateLectureCase(
      { ...deps(), now: () => LATER },
      organizer,
      l.id,
      { attendees: 55 },
      undefined,
    );
    expect(next).toMatchObject({ attendees: 55, version: 2, updatedAt: LATER.toISOString() });
    expect(lectures.stored(l.id)).toEqual(next);
  });

  it('another ambassador: 404 when they cannot see it, 403 forbidden when they can', async () => {
    const reported = await seed('reported', 'lec-r');
    const rejected = await seed('rejected', 'lec-x');
    const verified = await seed('verified', 'lec-v');
    const before = structuredClone([...lectures.items.values()]);
    await rejectsWith(
      updateLectureCase(deps(), other, reported.id, { attendees: 1 }, undefined),
      'not_found',
      404,
    );
    await rejectsWith(
      updateLectureCase(deps(), other, rejected.id, { attendees: 1 }, undefined),
      'not_found',
      404,
    );
    await rejectsWith(
      updateLectureCase(deps(), other, verified.id, { attendees: 1 }, undefined),
      'forbidden',
      403,
    );
    await rejectsWith(
      updateLectureCase(deps(), other, 'nope', { attendees: 1 }, undefined),
      'not_found',
      404,
    );
    expect([...lectures.items.values()]).toEqual(before);
    expect(lectures.writes.filter((w) => w.op === 'update')).toEqual([]);
  });

  it('the organizer cannot edit a verified or rejected lecture: invalid_transition', async () => {
    for (const status of ['verified', 'rejected'] as const) {
      const l = await seed(status, `lec-${status}`);
      await rejectsWith(
        updateLectureCase(deps(), organizer, l.id, { attendees: 1 }, undefined),
        'invalid_transition',
        409,
      );
      expect(lectures.stored(l.id)?.status).toBe(status);
    }
  });

  it('a stale expectedVersion is 412 version_mismatch and changes nothing', async () => {
    const l = await seed();
    await rejectsWith(
      updateLectureCase(deps(), organizer, l.id, { attendees: 2 }, 7),
      'version_mismatch',
      412,
    );
    await rejectsWith(
      updateLectureCase(deps(), organizer, l.id, { attendees: 2 }, 0),
      'version_mismatch',
      412,
    );
    expect(lectures.stored(l.id)).toEqual(l);
    const next = await updateLectureCase(deps(), organizer, l.id, { attendees: 2 }, 1);
    expect(next.version).toBe(2);
    await rejectsWith(
      updateLectureCase(deps(), organizer, l.id, { attendees: 3 }, 1),
      'version_mismatch',
      412,
    );
    expect(lectures.stored(l.id)?.attendees).toBe(2);
  });

  it('an edit that lost a race is retried on a consistent read of the new version', async () => {
    const l = await seed();
    lectures.before.update = [() => lectures.put({ ...l, title: 'Concurrent title', version: 2 })];
    const next = await updateLectureCase(deps(), organizer, l.id, { attendees: 9 }, undefined);
    expect(next).toMatchObject({ title: 'Concurrent title', attendees: 9, version: 3 });
    expect(lectures.stored(l.id)).toEqual(next);
    expect(lectures.gets.map((g) => g.consistent ?? false)).toEqual([false, true]);
  });

  it('with If-Match, a lost race is version_mismatch', async () => {
    const l = await seed();
    lectures.before.update = [() => lectures.put({ ...l, title: 'Concurrent title', version: 2 })];
    await rejectsWith(
      updateLectureCase(deps(), organizer, l.id, { attendees: 9 }, 1),
      'version_mismatch',
      412,
    );
    expect(lectures.stored(l.id)?.title).toBe('Concurrent title');
  });

  it('without If-Match, an edit that loses every race (5 writes) is version_mismatch; nothing written', async () => {
    const l = await seed();
    lectures.before.update = Array.from(
      { length: 5 },
      (_, i) => () => lectures.put({ ...l, title: `Concurrent ${i}`, version: l.version + i + 1 }),
    );
    await rejectsWith(
      updateLectureCase(deps(), organizer, l.id, { attendees: 9 }, undefined),
      'version_mismatch',
      412,
    );
    expect(lectures.writes.filter((w) => w.op === 'update')).toHaveLength(5);
    expect(lectures.stored(l.id)).toMatchObject({ title: 'Concurrent 4', attendees: 40 });
  });

  it('a lecture reviewed during the edit is then invalid_transition', async () => {
    const l = await seed();
    lectures.before.update = [() => lectures.put({ ...l, status: 'verified', version: 2 })];
    await rejectsWith(
      updateLectureCase(deps(), organizer, l.id, { attendees: 9 }, undefined),
      'invalid_transition',
      409,
    );
    expect(lectures.stored(l.id)?.attendees).toBe(40);
  });
});

describe('deleteLectureCase', () => {
  it('the organizer deletes a reported lecture', async () => {
    const l = await seed();
    await deleteLectureCase(deps(), organizer, l.id);
    expect(lectures.stored(l.id)).toBeUndefined();
  });

  it('another ambassador: 404 when they cannot see it, 403 forbidden when they can', async () => {
    const reported = await seed('reported', 'lec-r');
    const rejected = await seed('rejected', 'lec-x');
    const verified = await seed('verified', 'lec-v');
    await rejectsWith(deleteLectureCase(deps(), other, reported.id), 'not_found', 404);
    await rejectsWith(deleteLectureCase(deps(), other, rejected.id), 'not_found', 404);
    const err = await rejectsWith(deleteLectureCase(deps(), other, verified.id), 'forbidden', 403);
    expect(err.message).toBe('Only the organizer may change this lecture');
    await rejectsWith(deleteLectureCase(deps(), other, 'nope'), 'not_found', 404);
    expect(lectures.items.size).toBe(3);
    expect(lectures.writes.filter((w) => w.op === 'remove')).toEqual([]);
  });

  it('the organizer cannot delete a verified or rejected lecture: invalid_transition', async () => {
    for (const status of ['verified', 'rejected'] as const) {
      const l = await seed(status, `lec-${status}`);
      await rejectsWith(deleteLectureCase(deps(), organizer, l.id), 'invalid_transition', 409);
      expect(lectures.stored(l.id)?.status).toBe(status);
    }
  });

  it('a delete that loses every race (5 writes) is invalid_transition, and the lecture stays', async () => {
    const l = await seed();
    lectures.before.remove = Array.from(
      { length: 5 },
      (_, i) => () => lectures.put({ ...l, title: `Concurrent ${i}`, version: l.version + i + 1 }),
    );
    await rejectsWith(deleteLectureCase(deps(), organizer, l.id), 'invalid_transition', 409);
    expect(lectures.writes.filter((w) => w.op === 'remove')).toHaveLength(5);
    expect(lectures.stored(l.id)?.title).toBe('Concurrent 4');
  });

  it('a lecture verified during the delete is then invalid_transition, and stays', async () => {
    const l = await seed();
    lectures.before.remove = [() => lectures.put({ ...l, status: 'verified', version: 2 })];
    await rejectsWith(deleteLectureCase(deps(), organizer, l.id), 'invalid_transition', 409);
    expect(lectures.stored(l.id)?.status).toBe('verified');
    expect(lectures.gets.map((g) => g.consistent ?? false)).toEqual([false, true]);
  });
});

describe('reviewLectureCase', () => {
  const review = (id: string, r: Parameters<typeof reviewLectureCase>[3], staffId = 'staff-1') =>
    reviewLectureCase({ ...deps(), now: () => LATER }, staffId, id, r);

  it('verify: written with the organizer read from the ambassador repo', async () => {
    const l = await seed();
    const next = await review(l.id, { decision: 'verify', verifiedAttendees: 35 });
    expect(next).toMatchObject({
      status: 'verified',
      verifiedAttendees: 35,
      reviewedBy: 'staff-1',
      reviewedAt: LATER.toISOString(),
      version: 2,
    });
    expect(lectures.stored(l.id)).toEqual(next);
    expect(lectures.verifyCalls).toHaveLength(1);
    const call = lectures.verifyCalls[0]!;
    expect(call.current).toEqual(l);
    expect(call.next).toEqual(next);
    expect(call.organizer).toEqual(organizer);
    expect(ambassadors.gets).toEqual([{ id: organizer.id, consistent: true }]);
    expect(lectures.gets).toEqual([{ id: l.id, consistent: true }]);
  });

  it('reject: written with reject, without consulting the organizer', async () => {
    const l = await seed();
    const next = await review(l.id, { decision: 'reject', note: 'No evidence' });
    expect(next).toMatchObject({ status: 'rejected', reviewNote: 'No evidence', version: 2 });
    expect(next.verifiedAttendees).toBeUndefined();
    expect(lectures.stored(l.id)).toEqual(next);
    expect(lectures.writes.map((w) => w.op)).toEqual(['create', 'reject']);
    expect(lectures.verifyCalls).toEqual([]);
    expect(ambassadors.gets).toEqual([]);
  });

  it('404 for an unknown lecture', async () => {
    await rejectsWith(review('nope', { decision: 'verify' }), 'not_found', 404);
  });

  it('its organizer, also staff, may not review it: 403 conflict_of_interest, nothing written (§10)', async () => {
    const l = await seed();
    for (const r of [{ decision: 'verify' as const }, { decision: 'reject' as const, note: 'Mine' }])
      await rejectsWith(review(l.id, r, organizer.id), 'conflict_of_interest', 403);
    expect(lectures.stored(l.id)).toEqual(l);
    expect(lectures.writes.map((w) => w.op)).toEqual(['create']);
    // Another staff member can.
    expect((await review(l.id, { decision: 'verify' }, 'staff-2')).status).toBe('verified');
  });

  it('an invalid review is validation_failed and writes nothing', async () => {
    const l = await seed();
    await rejectsWith(review(l.id, { decision: 'reject' }), 'validation_failed', 400);
    await rejectsWith(review(l.id, { decision: 'verify', verifiedAttendees: 41 }), 'validation_failed', 400);
    expect(lectures.stored(l.id)).toEqual(l);
    expect(lectures.writes.map((w) => w.op)).toEqual(['create']);
  });

  it('a second review is 409 invalid_transition', async () => {
    const l = await seed();
    await review(l.id, { decision: 'verify' });
    await rejectsWith(review(l.id, { decision: 'verify' }, 'staff-2'), 'invalid_transition', 409);
    await rejectsWith(
      review(l.id, { decision: 'reject', note: 'late' }, 'staff-2'),
      'invalid_transition',
      409,
    );
    expect(lectures.stored(l.id)?.reviewedBy).toBe('staff-1');
  });

  it('the lecture changed ("changed"), and the lecture is then verified: invalid_transition', async () => {
    const l = await seed();
    lectures.verifyScript.push(() => {
      // Another reviewer won the race.
      lectures.put({ ...l, status: 'verified', verifiedAttendees: 40, reviewedBy: 'staff-9', version: 2 });
      return 'changed';
    });
    await rejectsWith(review(l.id, { decision: 'verify' }), 'invalid_transition', 409);
    expect(lectures.verifyCalls).toHaveLength(1);
    expect(lectures.stored(l.id)?.reviewedBy).toBe('staff-9');
    expect(lectures.gets.map((g) => g.consistent)).toEqual([true, true]);
  });

  it('the lecture changed by an edit: re-read and verify the new version', async () => {
    const l = await seed();
    lectures.verifyScript.push(() => {
      lectures.put({ ...l, attendees: 60, version: 2 });
      return 'changed';
    });
    const next = await review(l.id, { decision: 'verify' });
    expect(next).toMatchObject({ status: 'verified', attendees: 60, verifiedAttendees: 60, version: 3 });
    expect(lectures.stored(l.id)).toEqual(next);
    expect(lectures.verifyCalls).toHaveLength(2);
  });

  it('the organizer changed ("changed"): retries with the organizer read again, and succeeds', async () => {
    const l = await seed();
    const renamed = { ...organizer, name: 'Renamed organizer', version: 2 };
    lectures.verifyScript.push(() => {
      ambassadors.items.set(organizer.id, structuredClone(renamed));
      return 'changed';
    });
    const next = await review(l.id, { decision: 'verify' });
    expect(next.status).toBe('verified');
    expect(lectures.stored(l.id)).toEqual(next);
    expect(lectures.verifyCalls.map((c) => c.organizer)).toEqual([organizer, renamed]);
    expect(ambassadors.gets).toEqual([
      { id: organizer.id, consistent: true },
      { id: organizer.id, consistent: true },
    ]);
  });

  it('a race that never settles ends in 503 unavailable after a bounded number of tries', async () => {
    const l = await seed();
    lectures.verifyScript.push(...Array.from({ length: 20 }, () => 'changed' as const));
    await rejectsWith(review(l.id, { decision: 'verify' }), 'unavailable', 503);
    expect(lectures.verifyCalls.length).toBeGreaterThan(1);
    expect(lectures.verifyCalls.length).toBeLessThan(20);
    expect(lectures.stored(l.id)?.status).toBe('reported');
  });

  it('two reviews at once: exactly one succeeds, the other is invalid_transition', async () => {
    const l = await seed();
    const results = await Promise.allSettled([
      review(l.id, { decision: 'verify' }, 'staff-1'),
      review(l.id, { decision: 'reject', note: 'No' }, 'staff-2'),
    ]);
    const ok = results.filter((r) => r.status === 'fulfilled');
    const failed = results.filter((r) => r.status === 'rejected');
    expect(ok).toHaveLength(1);
    expect(failed).toHaveLength(1);
    const reason = (failed[0] as PromiseRejectedResult).reason as DomainError;
    expect(reason).toBeInstanceOf(DomainError);
    expect(reason.code).toBe('invalid_transition');
    const winner = (ok[0] as PromiseFulfilledResult<Lecture>).value;
    expect(lectures.stored(l.id)).toEqual(winner);
    // Only the review that was written told the organizer.
    expect(lectures.events.map((e) => [e.type, e.actor])).toEqual([
      [`lecture.${winner.status}`, winner.reviewedBy],
    ]);
  });

  it.each([
    ['verify', 'lecture.verified'],
    ['reject', 'lecture.rejected'],
  ] as const)('%s tells the organizer (%s) at the review, not the reviewer', async (decision, type) => {
    const l = await seed();
    const next = await review(l.id, decision === 'verify' ? { decision } : { decision, note: 'No evidence' });
    expect(lectures.events).toEqual([
      {
        id: expect.stringMatching(/^lec-\d+$/),
        type,
        at: LATER.toISOString(),
        actor: 'staff-1',
        subject: { type: 'lecture', id: l.id, path: `/lectures/${l.id}` },
        subjectTitle: input.title,
        recipients: [organizer.id],
      },
    ]);
    expect(next.reviewedAt).toBe(LATER.toISOString());
  });

  it('a review refused (already reviewed, or its own organizer) writes no event', async () => {
    const l = await seed('verified');
    await rejectsWith(review(l.id, { decision: 'reject', note: 'No' }), 'invalid_transition', 409);
    const own = await seed('reported', 'lec-own');
    await rejectsWith(review(own.id, { decision: 'verify' }, organizer.id), 'conflict_of_interest', 403);
    expect(lectures.events).toEqual([]);
  });

  it('a missing organizer fails loudly and writes nothing', async () => {
    const l = await seed();
    ambassadors.items.delete(organizer.id);
    await expect(review(l.id, { decision: 'verify' })).rejects.toThrow(/no organizer/);
    expect(lectures.verifyCalls).toEqual([]);
    expect(lectures.stored(l.id)?.status).toBe('reported');
  });
});
