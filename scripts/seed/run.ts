/**
 * The runner: carries out a generated programme through the same use cases the API runs
 * (registration, report, staff review), each with its clock set to the moment of the event.
 *
 * It imports the store modules only when called, so callers set TABLE_NAME,
 * DYNAMODB_ENDPOINT and CURSOR_SECRET first.
 */
import { ulid } from 'ulid';
import { registerAmbassadorCase } from '#domain/ambassador-cases.ts';
import { type Ambassador, registrationSchema } from '#domain/ambassadors.ts';
import { DomainError } from '#domain/errors.ts';
import { reportLectureCase, reviewLectureCase } from '#domain/lecture-cases.ts';
import {
  type Lecture,
  type LectureInput,
  type LectureStatus,
  lectureInputSchema,
  type ReviewInput,
  reviewSchema,
} from '#domain/lectures.ts';
import type { AmbassadorRepo, LectureRepo } from '#domain/ports.ts';
import { isTransient } from '#store/errors.ts';
import * as data from './data.ts';
import { Programme } from './generate.ts';
import { type AmbassadorPlan, ambassadorId, pad } from './model.ts';
import { STREAM, streamOf } from './random.ts';

/** The store, imported only when first needed: its modules read the environment at import. */
export const loadSeedStore = async () => {
  const [ambassadors, lectures] = await Promise.all([
    import('#store/ambassadors.ts'),
    import('#store/lectures.ts'),
  ]);
  return {
    ambassadors: ambassadors.ambassadorRepo,
    lectures: lectures.lectureRepo,
    listReviewQueue: lectures.listReviewQueue,
  };
};

// The three steps of the programme, each through its use case with the clock at the event.

/** Registers a planned ambassador, on the day they joined unless `at` says otherwise. */
export const registerPlanned = (ambassadors: AmbassadorRepo, a: AmbassadorPlan, at: Date = a.joinedAt) =>
  registerAmbassadorCase(
    { ambassadors, now: () => at },
    { id: a.id, email: a.email },
    registrationSchema.parse(a.input),
  );

/** `me` reports lecture `id` at `at`. */
export const reportAt = (lectures: LectureRepo, me: Ambassador, id: string, input: LectureInput, at: Date) =>
  reportLectureCase({ lectures, now: () => at, newId: () => id }, me, lectureInputSchema.parse(input));

/** Staff review lecture `id` at `at`. */
export const reviewAt = (
  deps: { lectures: LectureRepo; ambassadors: AmbassadorRepo },
  staffId: string,
  id: string,
  input: ReviewInput,
  at: Date,
) =>
  reviewLectureCase(
    // The review's event id is a ULID of the review's own moment, like the event's time.
    {
      lectures: deps.lectures,
      ambassadors: deps.ambassadors,
      now: () => at,
      newId: () => ulid(at.getTime()),
    },
    staffId,
    id,
    reviewSchema.parse(input),
  );

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const isDomain = (err: unknown, code: DomainError['code']) => err instanceof DomainError && err.code === code;

/** Retries what DynamoDB Local answers when it is busy (conflicts, throttling, timeouts). */
const withRetry = async <T>(fn: () => Promise<T>, stats: { retries: number }): Promise<T> => {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!(isTransient(err) || isDomain(err, 'unavailable')) || attempt >= 10) throw err;
      stats.retries++;
      await sleep(Math.min(2000, 25 * 2 ** attempt) * (0.5 + Math.random()));
    }
  }
};

/** Runs `fn` over `items` with `concurrency` in flight; the first failure stops the rest. */
const pool = async <T>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> => {
  let next = 0;
  let failure: { err: unknown } | undefined;
  const worker = async () => {
    while (!failure && !signal?.aborted && next < items.length) {
      const item = items[next++] as T;
      try {
        await fn(item);
      } catch (err) {
        failure ??= { err };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  if (failure) throw failure.err;
  signal?.throwIfAborted();
};

export interface SeedProgress {
  phase: string;
  done: number;
  total: number;
}

export interface SeedOptions {
  ambassadors: number;
  lectures: number;
  seed?: number;
  /** The real now: nothing happens after it. */
  now?: Date;
  /** Requests in flight (default 12). */
  concurrency?: number;
  onProgress?: (p: SeedProgress) => void;
  signal?: AbortSignal;
}

export interface SeedSummary {
  ambassadors: { total: number; registered: number; existing: number; ms: number };
  lectures: {
    total: number;
    reported: number;
    existing: number;
    verified: number;
    rejected: number;
    alreadyReviewed: number;
    ms: number;
  };
  /** Where the seeded lectures stand now (new and existing alike). */
  status: Record<LectureStatus, number>;
  activity: { organizers: number; most: number; median: number };
  /** Transient failures (conflicts, throttling) that were retried. */
  retries: number;
  ms: number;
}

/**
 * Seeds the programme: registers the ambassadors, then reports and reviews the lectures,
 * one organizer's lectures after one another (so no two of their verifications contend for
 * their profile item; concurrent transactions on one item conflict in DynamoDB).
 */
export const seedProgramme = async (opts: SeedOptions): Promise<SeedSummary> => {
  if (opts.lectures > 0 && opts.ambassadors === 0) throw new Error('Lectures need ambassadors to give them');
  const started = performance.now();
  const store = await loadSeedStore();
  const concurrency = opts.concurrency ?? 12;
  const plan = new Programme(opts);
  const nowMs = plan.now.getTime();
  const progress = opts.onProgress ?? (() => undefined);
  const stats = { retries: 0 };

  // 1. Registrations, each on the day the ambassador joined.
  const amb = { total: opts.ambassadors, registered: 0, existing: 0, ms: 0 };
  let done = 0;
  progress({ phase: 'ambassadors', done, total: amb.total });
  await pool(
    Array.from({ length: opts.ambassadors }, (_, i) => i),
    concurrency,
    async (i) => {
      const a = plan.ambassador(i);
      try {
        await withRetry(() => registerPlanned(store.ambassadors, a), stats);
        amb.registered++;
      } catch (err) {
        if (!isDomain(err, 'already_registered')) throw err;
        amb.existing++;
      }
      progress({ phase: 'ambassadors', done: ++done, total: amb.total });
    },
    opts.signal,
  );
  amb.ms = Math.round(performance.now() - started);

  // 2. Lectures: reported on their day, reviewed when staff got to them.
  const lecturesStarted = performance.now();
  const lect = {
    total: opts.lectures,
    reported: 0,
    existing: 0,
    verified: 0,
    rejected: 0,
    alreadyReviewed: 0,
    ms: 0,
  };
  const status: Record<LectureStatus, number> = { scheduled: 0, reported: 0, verified: 0, rejected: 0 };
  const groups = plan.byOrganizer();
  done = 0;
  progress({ phase: 'lectures', done, total: lect.total });
  await pool(
    groups,
    concurrency,
    async ({ organizer, lectures }) => {
      let profile: Ambassador | undefined;
      const organizerProfile = async () => {
        profile ??= await withRetry(() => store.ambassadors.get(ambassadorId(organizer), true), stats);
        if (!profile || profile.erased)
          throw new Error(`${ambassadorId(organizer)} is not registered (seeded with fewer ambassadors?)`);
        return profile;
      };
      for (const j of lectures) {
        opts.signal?.throwIfAborted();
        const l = plan.lecture(j);
        let lecture = await withRetry(() => store.lectures.get(l.id), stats);
        if (lecture) lect.existing++;
        else {
          const me = await organizerProfile();
          // reportLectureCase does not say whether create() stored it: ask the repository.
          let created = false;
          const repo: LectureRepo = {
            ...store.lectures,
            create: async (x) => {
              const outcome = await store.lectures.create(x);
              created = outcome === 'ok';
              return outcome;
            },
          };
          const reported = await withRetry(() => reportAt(repo, me, l.id, l.input, l.reportedAt), stats);
          if (created) {
            lecture = reported;
            lect.reported++;
          } else {
            lecture = await withRetry(() => store.lectures.get(l.id, true), stats);
            lect.existing++;
          }
        }
        if (lecture && lecture.status === 'reported' && l.review.decision !== 'leave') {
          const at = Date.parse(lecture.reportedAt) + l.review.afterMs;
          if (at <= nowMs) {
            const { staffId, input } = l.review;
            try {
              lecture = await withRetry(() => reviewAt(store, staffId, l.id, input, new Date(at)), stats);
              if (lecture.status === 'verified') lect.verified++;
              else lect.rejected++;
            } catch (err) {
              if (!isDomain(err, 'invalid_transition')) throw err;
              lect.alreadyReviewed++;
              lecture = await store.lectures.get(l.id, true);
            }
          }
        }
        if (lecture) status[lecture.status]++;
        progress({ phase: 'lectures', done: ++done, total: lect.total });
      }
    },
    opts.signal,
  );
  lect.ms = Math.round(performance.now() - lecturesStarted);

  const counts = groups.map((g) => g.lectures.length);
  return {
    ambassadors: amb,
    lectures: lect,
    status,
    activity: {
      organizers: counts.length,
      most: counts[0] ?? 0,
      median: counts[Math.floor(counts.length / 2)] ?? 0,
    },
    retries: stats.retries,
    ms: Math.round(performance.now() - started),
  };
};

export interface VerifySummary {
  /** Lectures this call verified. */
  verified: number;
  /** Of those, reported first by this call because the queue held too few. */
  reportedFirst: number;
  /** Taken from the queue but reviewed meanwhile by someone else. */
  skipped: number;
  retries: number;
  ms: number;
}

/**
 * Staff verify `count` more lectures now, oldest reported first (the review queue, AP7).
 * When the queue holds fewer, seeded ambassadors report the rest today, and those are
 * verified too (pass the seed's `ambassadors`, and the same `seed`, so organizers exist).
 */
export const verifyReported = async (opts: {
  count: number;
  ambassadors: number;
  seed?: number;
  now?: Date;
  concurrency?: number;
  onProgress?: (p: SeedProgress) => void;
  signal?: AbortSignal;
}): Promise<VerifySummary> => {
  const started = performance.now();
  const store = await loadSeedStore();
  const now = opts.now ?? new Date();
  const stats = { retries: 0 };
  const progress = opts.onProgress ?? (() => undefined);

  const queued: Lecture[] = [];
  let cursor: string | undefined;
  do {
    const page = await withRetry(
      () => store.listReviewQueue({ limit: Math.min(100, opts.count - queued.length), cursor }),
      stats,
    );
    queued.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && queued.length < opts.count);

  // Too few waiting: report the rest now, as organizers drawn like the seed's.
  let reportedFirst = 0;
  const missing = opts.count - queued.length;
  if (missing > 0) {
    const plan = new Programme({ ambassadors: opts.ambassadors, lectures: missing, seed: opts.seed, now });
    const stamp = now.getTime().toString(36);
    const fresh: Lecture[] = [];
    await pool(
      plan.byOrganizer(),
      opts.concurrency ?? 12,
      async ({ organizer, lectures }) => {
        const me = await withRetry(() => store.ambassadors.get(ambassadorId(organizer), true), stats);
        if (!me || me.erased) throw new Error(`${ambassadorId(organizer)} is not registered`);
        for (const j of lectures) {
          const r = streamOf(plan.seed, STREAM.extra, j);
          const l = plan.lectureBy(
            j,
            organizer,
            plan.ambassador(organizer),
            r,
            `seed-new-${stamp}-${pad(j + 1, 7)}`,
            0,
          );
          fresh.push(await withRetry(() => reportAt(store.lectures, me, l.id, l.input, now), stats));
          reportedFirst++;
          progress({ phase: 'reporting', done: reportedFirst, total: missing });
        }
      },
      opts.signal,
    );
    queued.push(...fresh);
  }

  // One organizer's lectures one after another: each verification updates their profile.
  const byOrganizer = new Map<string, string[]>();
  for (const l of queued.slice(0, opts.count)) {
    const list = byOrganizer.get(l.organizerId) ?? [];
    list.push(l.id);
    byOrganizer.set(l.organizerId, list);
  }
  let verified = 0;
  let skipped = 0;
  progress({ phase: 'verifying', done: 0, total: opts.count });
  await pool(
    [...byOrganizer.values()],
    opts.concurrency ?? 12,
    async (ids) => {
      for (const id of ids) {
        try {
          const staffId = data.staffIds[0] ?? 'seed-staff-01';
          await withRetry(() => reviewAt(store, staffId, id, { decision: 'verify' }, now), stats);
          verified++;
        } catch (err) {
          if (!isDomain(err, 'invalid_transition')) throw err;
          skipped++;
        }
        progress({ phase: 'verifying', done: verified + skipped, total: opts.count });
      }
    },
    opts.signal,
  );
  return {
    verified,
    reportedFirst,
    skipped,
    retries: stats.retries,
    ms: Math.round(performance.now() - started),
  };
};
