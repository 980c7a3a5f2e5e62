/**
 * `npm run seed [-- --ambassadors N --lectures M]`: fills the local database with a
 * realistic programme (700 ambassadors and 7,000 lectures by default) through the same use
 * cases the API runs, each with its clock set to the moment of the event: registrations
 * over the last ~14 months, lectures delivered in the last 365 days, reported 0–3 days
 * later, reviewed by staff 1–7 days after that when that moment has passed.
 *
 * Deterministic (a seeded PRNG, ids `seed-amb-000001`, `seed-lec-0000001`), so a re-run
 * skips what exists. Talks to DynamoDB Local on DYNAMODB_PORT (8000) when something answers
 * there (`npm start`), or starts its own with its data in `.data/` and stops it at the end.
 *
 * The core (`Programme`, `seedProgramme`, `verifyReported`) is exported for the benchmarks;
 * it imports the store modules only when called, so callers set TABLE_NAME,
 * DYNAMODB_ENDPOINT and CURSOR_SECRET first.
 */
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { registerAmbassadorCase } from '#domain/ambassador-cases.ts';
import { type Ambassador, type RegistrationInput, registrationSchema } from '#domain/ambassadors.ts';
import { DomainError } from '#domain/errors.ts';
import { interestIds } from '#domain/interests.ts';
import { reportLectureCase, reviewLectureCase } from '#domain/lecture-cases.ts';
import {
  type Lecture,
  type LectureInput,
  type LectureStatus,
  lectureInputSchema,
  type ReviewInput,
  reviewSchema,
} from '#domain/lectures.ts';
import type { LectureRepo } from '#domain/ports.ts';
import { findGovernorate, findWilayat, governorateOf, governorates } from '#domain/regions.ts';
import { muscatDate } from '#domain/time.ts';
import { isTransient } from '#store/errors.ts';
import * as data from './seed-data.ts';

// ---------------------------------------------------------------------------------------
// A seeded random source

/** mulberry32: a tiny, fast 32-bit PRNG; the same seed gives the same sequence. */
export const mulberry32 = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/** murmur3's finaliser: spreads the bits of a 32-bit integer. */
const mix32 = (x: number): number => {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
};

class Rand {
  readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  between(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(list: readonly T[]): T {
    const v = list[Math.floor(this.next() * list.length)];
    if (v === undefined) throw new Error('pick from an empty list');
    return v;
  }

  weighted<T>(list: readonly T[], weight: (t: T) => number): T {
    const total = list.reduce((s, t) => s + weight(t), 0);
    let x = this.next() * total;
    for (const t of list) {
      x -= weight(t);
      if (x < 0) return t;
    }
    return this.pick(list);
  }

  /** `k` distinct items, each drawn by weight. */
  some<T>(list: readonly T[], k: number, weight: (t: T) => number = () => 1): T[] {
    const left = [...list];
    const out: T[] = [];
    while (out.length < k && left.length > 0) {
      const t = this.weighted(left, weight);
      out.push(t);
      left.splice(left.indexOf(t), 1);
    }
    return out;
  }

  /** A standard normal draw (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
}

/** Independent streams: what one entity draws never shifts another's. */
const STREAM = { ambassador: 1, join: 2, activity: 3, organizer: 4, lecture: 5, extra: 6 } as const;
const streamOf = (seed: number, stream: number, i: number) =>
  new Rand(mix32(mix32(seed ^ Math.imul(stream, 0x9e3779b9)) + i));

// ---------------------------------------------------------------------------------------
// The programme: who registers when, and which lectures they give

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MUSCAT_OFFSET = 4 * HOUR;
const DEFAULT_SEED = 2040;

export interface AmbassadorPlan {
  index: number;
  id: string;
  email: string;
  joinedAt: Date;
  input: RegistrationInput;
  arabicName: boolean;
}

export type ReviewPlan =
  | { decision: 'leave' }
  | { decision: 'verify' | 'reject'; staffId: string; afterMs: number; input: ReviewInput };

export interface LecturePlan {
  index: number;
  id: string;
  organizer: number;
  reportedAt: Date;
  input: LectureInput;
  review: ReviewPlan;
}

const allWilayats = governorates.flatMap((g) => g.wilayats.map((w) => w.id));
const weightOfGovernorate = (id: string) => data.governorateWeights[id] ?? 1;
const weightOfWilayat = (id: string) => data.wilayatWeights[id] ?? 1;
/** Topics people pick more often. */
const interestWeight = (id: string) =>
  ({ 'data-ai': 3, energy: 2.5, mobility: 2.5, environment: 2.5, education: 2, water: 2, iot: 2 })[id] ?? 1;

const pad = (n: number, width: number) => String(n).padStart(width, '0');
export const ambassadorId = (index: number) => `seed-amb-${pad(index + 1, 6)}`;
export const lectureId = (index: number) => `seed-lec-${pad(index + 1, 7)}`;
const hasArabic = (s: string) => /[\u0600-\u06ff]/.test(s);
/** "ل" before a noun: لطلبة، للمجتمع. */
const toAr = (s: string) => (s.startsWith('ال') ? `لل${s.slice(2)}` : `ل${s}`);
const fill = (template: string, values: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '');

/**
 * The whole programme as pure functions of (seed, sizes, now): `ambassador(i)` and
 * `lecture(j)` give the same answer every time, so a re-run finds the same ids.
 */
export class Programme {
  readonly ambassadors: number;
  readonly lectures: number;
  readonly seed: number;
  readonly now: Date;
  private readonly nowMs: number;
  /** The Muscat calendar date of `now`, as a UTC midnight (a date label, not an instant). */
  private readonly todayLabel: number;
  private readonly rankOf: Int32Array;
  private readonly activeCount: number;
  private readonly cumulative: Float64Array;
  private organizerIndex: Int32Array | undefined;

  constructor(opts: { ambassadors: number; lectures: number; seed?: number; now?: Date }) {
    this.ambassadors = opts.ambassadors;
    this.lectures = opts.lectures;
    this.seed = opts.seed ?? DEFAULT_SEED;
    this.now = opts.now ?? new Date();
    this.nowMs = this.now.getTime();
    this.todayLabel = Date.parse(`${muscatDate(this.now)}T00:00:00Z`);
    // Activity: a shuffled ranking; 70 % give lectures, with a power law (rank + 20)^-1.
    const n = this.ambassadors;
    const order = Int32Array.from({ length: n }, (_, i) => i);
    const r = streamOf(this.seed, STREAM.activity, n);
    for (let i = n - 1; i > 0; i--) {
      const k = r.int(0, i);
      const t = order[i] ?? 0;
      order[i] = order[k] ?? 0;
      order[k] = t;
    }
    this.rankOf = new Int32Array(n);
    order.forEach((amb, rank) => {
      this.rankOf[amb] = rank;
    });
    this.activeCount = Math.max(1, Math.round(n * 0.7));
    this.cumulative = new Float64Array(n);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const rank = this.rankOf[i] ?? n;
      sum += rank < this.activeCount ? 1 / (rank + 20) : 0;
      this.cumulative[i] = sum;
    }
  }

  /** How long ago (days) ambassador `i` joined: the most active joined early. */
  joinAgeDays(i: number): number {
    const r = streamOf(this.seed, STREAM.join, i);
    const rank = this.rankOf[i] ?? this.ambassadors;
    if (rank < this.activeCount * 0.1) return r.between(250, 430);
    if (rank < this.activeCount) return r.between(14, 430);
    return r.between(0, 430);
  }

  ambassador(i: number): AmbassadorPlan {
    const r = streamOf(this.seed, STREAM.ambassador, i);
    const female = r.chance(0.48);
    let country = 'OM';
    let governorate: string | undefined;
    let wilayat: string | undefined;
    const covering = allWilayats[i];
    if (covering) {
      // The first 61 cover every wilayat once.
      wilayat = covering;
      governorate = governorateOf(covering);
    } else if (r.chance(0.05)) {
      country = r.weighted(data.abroadCountries, (c) => c.weight).code;
    } else {
      const g = r.weighted(governorates, (x) => weightOfGovernorate(x.id));
      governorate = g.id;
      wilayat = r.weighted(g.wilayats, (w) => weightOfWilayat(w.id)).id;
    }

    const foreign = country !== 'OM' && r.chance(0.3) ? data.foreignNames[country] : undefined;
    const english = !foreign && r.chance(country === 'OM' ? 0.15 : 0.45);
    const name = foreign ? r.pick(foreign) : omaniName(r, female, english, governorate);
    const arabicName = hasArabic(name);
    const languages = arabicName
      ? r.chance(0.55)
        ? ['ar', 'en']
        : ['ar']
      : foreign || r.chance(0.3)
        ? ['en']
        : ['ar', 'en'];

    const interests = r.some(
      interestIds,
      r.weighted([1, 2, 3, 4], (k) => [30, 35, 22, 13][k - 1] ?? 1),
      interestWeight,
    );
    const expertise = r.chance(0.5)
      ? r.some(
          interests.flatMap((id) => data.expertiseByInterest[id] ?? []),
          r.int(1, 3),
        )
      : [];

    let city: string | undefined;
    if (country === 'OM' && r.chance(0.1)) city = r.weighted(allWilayats, weightOfWilayat);
    if (country !== 'OM' && r.chance(0.35)) city = r.weighted(allWilayats, weightOfWilayat);

    const joinedAt = new Date(this.nowMs - this.joinAgeDays(i) * DAY);
    let bio: string | undefined;
    if (r.chance(0.75)) {
      const arabicBio = arabicName ? r.chance(0.8) : r.chance(0.1);
      const role = r.pick(data.roles);
      const [i1 = 'mobility', i2 = r.pick(interestIds)] = interests;
      const phrase = (id: string) => data.interestPhrases[id] ?? { ar: id, en: id };
      const place = wilayat
        ? (findWilayat(wilayat) ?? { ar: wilayat, en: wilayat })
        : (data.countryNames[country] ?? { ar: country, en: country });
      const year = String(joinedAt.getUTCFullYear());
      bio = arabicBio
        ? fill(female ? r.pick(data.arabicBios).f : r.pick(data.arabicBios).m, {
            role: female ? role.f : role.m,
            place: place.ar,
            i1: phrase(i1).ar,
            i2: phrase(i2 === i1 ? 'environment' : i2).ar,
            year,
          })
        : fill(r.pick(data.englishBios), {
            role: role.en,
            place: place.en,
            i1: phrase(i1).en,
            i2: phrase(i2 === i1 ? 'environment' : i2).en,
            year,
          });
    }
    const phone = r.chance(0.08) ? `+968${r.chance(0.7) ? 9 : 7}${pad(r.int(0, 9_999_999), 7)}` : undefined;

    const id = ambassadorId(i);
    const input: RegistrationInput = {
      name,
      country,
      interests: interests as RegistrationInput['interests'],
    };
    if (governorate) input.governorate = governorate;
    if (wilayat) input.wilayat = wilayat;
    if (city) input.city = city;
    if (expertise.length > 0) input.expertise = expertise;
    if (bio) input.bio = bio;
    if (phone) input.phone = phone;
    input.languages = languages as RegistrationInput['languages'];
    return { index: i, id, email: `${id}@example.om`, joinedAt, input, arabicName };
  }

  /** Who organized lecture `j`: a power law over the active ambassadors. */
  organizerOf(j: number): number {
    this.organizerIndex ??= this.assignOrganizers();
    return this.organizerIndex[j] ?? 0;
  }

  private assignOrganizers(): Int32Array {
    const out = new Int32Array(this.lectures);
    const total = this.cumulative[this.ambassadors - 1] ?? 0;
    for (let j = 0; j < this.lectures; j++) {
      const x = streamOf(this.seed, STREAM.organizer, j).next() * total;
      let lo = 0;
      let hi = this.ambassadors - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((this.cumulative[mid] ?? 0) > x) hi = mid;
        else lo = mid + 1;
      }
      out[j] = lo;
    }
    return out;
  }

  /** Lecture indexes grouped by organizer, the busiest organizers first. */
  byOrganizer(): { organizer: number; lectures: number[] }[] {
    const groups = new Map<number, number[]>();
    for (let j = 0; j < this.lectures; j++) {
      const o = this.organizerOf(j);
      const list = groups.get(o) ?? [];
      list.push(j);
      groups.set(o, list);
    }
    return [...groups]
      .map(([organizer, lectures]) => ({ organizer, lectures }))
      .sort((a, b) => b.lectures.length - a.lectures.length || a.organizer - b.organizer);
  }

  /** The Muscat calendar date `ageDays` before today. */
  private dateAgo(ageDays: number): string {
    return new Date(this.todayLabel - ageDays * DAY).toISOString().slice(0, 10);
  }

  lecture(j: number): LecturePlan {
    const o = this.organizerOf(j);
    return this.lectureBy(j, o, this.ambassador(o), streamOf(this.seed, STREAM.lecture, j), lectureId(j));
  }

  /**
   * A lecture of `org`. Delivered in the last 365 days (more of them recently: the programme
   * grows), after the organizer joined; reported 0–3 days later; reviewed 1–7 days after that.
   */
  lectureBy(j: number, o: number, org: AmbassadorPlan, r: Rand, id: string, fixedAge?: number): LecturePlan {
    const maxAge = Math.max(0, Math.min(364, Math.floor(this.joinAgeDays(o) - 1)));
    let age = 0;
    if (fixedAge !== undefined) age = fixedAge;
    else
      for (;;) {
        age = r.int(0, maxAge);
        if (r.next() < (1 + 1.5 * (1 - age / 365)) / 2.5) break;
      }
    const deliveredOn = this.dateAgo(age);
    const dayStart = Date.parse(`${deliveredOn}T00:00:00Z`) - MUSCAT_OFFSET;
    const lag = r.weighted([0, 1, 2, 3], (d) => [35, 35, 20, 10][d] ?? 1);
    let reportedMs = dayStart + lag * DAY + (lag === 0 ? r.between(17, 23.9) : r.between(7, 23.9)) * HOUR;
    if (reportedMs > this.nowMs) reportedMs = dayStart + r.next() * (this.nowMs - dayStart);

    const { input: profile } = org;
    const online = r.chance(profile.country === 'OM' ? 0.15 : 0.7);
    let governorate: string | undefined;
    let wilayat: string | undefined;
    if (!online) {
      if (profile.governorate && r.chance(0.85)) {
        governorate = profile.governorate;
        const g = findGovernorate(governorate);
        wilayat =
          profile.wilayat && r.chance(0.6)
            ? profile.wilayat
            : r.weighted(g?.wilayats ?? [], (w) => weightOfWilayat(w.id)).id;
      } else {
        const g = r.weighted(governorates, (x) => weightOfGovernorate(x.id));
        governorate = g.id;
        wilayat = r.weighted(g.wilayats, (w) => weightOfWilayat(w.id)).id;
      }
    }
    const mine = profile.interests ?? [];
    const topic = mine.length > 0 && r.chance(0.75) ? r.pick(mine) : r.weighted(interestIds, interestWeight);
    const audience = r.weighted(data.audienceWeights, (a) => a.weight).value;
    const big = r.chance(0.04);
    const attendees = Math.min(
      10_000,
      Math.max(
        3,
        Math.round(
          big
            ? r.between(150, 900)
            : data.audienceMedian[audience] * Math.exp(0.55 * r.normal()) * (online ? 1.3 : 1),
        ),
      ),
    );

    const arabic = org.arabicName ? r.chance(0.75) : r.chance(0.15);
    const lang = arabic ? 'ar' : 'en';
    const placeInfo = wilayat ? findWilayat(wilayat) : undefined;
    const place = placeInfo ? placeInfo[lang] : arabic ? 'عُمان' : 'Oman';
    const titles = data.lectureTitles[topic] ?? data.lectureTitles.mobility;
    const title = fill(r.pick(titles?.[lang] ?? ['Smart cities in {place}']), { place });
    const topicPhrase = (data.interestPhrases[topic] ?? { ar: topic, en: topic })[lang];
    const audienceName = data.audienceNames[audience][lang];
    const description = r.chance(0.6)
      ? fill(r.pick(data.lectureDescriptions[lang]), {
          audience: audienceName,
          toAudience: toAr(audienceName),
          topic: topicPhrase,
          place,
        })
      : undefined;
    let venue: string | undefined;
    if (online) venue = r.chance(0.5) ? r.pick(data.onlineVenues) : undefined;
    else if (r.chance(0.75)) {
      const w = placeInfo?.ar ?? '';
      venue =
        audience === 'university'
          ? r.pick(data.universities[governorate ?? ''] ?? [`الكلية المهنية في ${w}`])
          : fill(r.pick(data.venues[audience]), { w });
    }
    const evidence = r.weighted([0, 1, 2, 3], (k) => [30, 45, 20, 5][k] ?? 1);

    const input: LectureInput = {
      title,
      topic: topic as LectureInput['topic'],
      deliveredOn,
      format: online ? 'online' : 'in_person',
      audience,
      attendees,
      evidenceUrls: Array.from(
        { length: evidence },
        (_, k) => `https://evidence.example.om/lectures/${id}/photo-${k + 1}.jpg`,
      ),
    };
    if (governorate) input.governorate = governorate;
    if (wilayat) input.wilayat = wilayat;
    if (description) input.description = description;
    if (venue) input.venue = venue;

    // Most old reports were reviewed; the recent ones still wait (a little backlog remains).
    const staffId = r.pick(data.staffIds);
    const afterMs = r.between(1, 7) * DAY;
    const leave = r.chance(0.5 * Math.exp(-age / 45) + 0.06);
    const reject = r.chance(0.125);
    const partly = r.chance(0.25);
    const review: ReviewPlan = leave
      ? { decision: 'leave' }
      : reject
        ? {
            decision: 'reject',
            staffId,
            afterMs,
            input: { decision: 'reject', note: r.pick(data.rejectNotes) },
          }
        : {
            decision: 'verify',
            staffId,
            afterMs,
            input: partly
              ? {
                  decision: 'verify',
                  verifiedAttendees: Math.max(1, Math.floor(attendees * r.between(0.6, 0.98))),
                }
              : { decision: 'verify' },
          };
    return { index: j, id, organizer: o, reportedAt: new Date(reportedMs), input, review };
  }
}

const omaniName = (r: Rand, female: boolean, english: boolean, governorate: string | undefined): string => {
  const first = r.pick(female ? data.femaleFirstNames : data.maleFirstNames);
  const regional = governorate ? data.regionalFamilyNames[governorate] : undefined;
  const fam = regional && r.chance(0.45) ? r.pick(regional) : r.pick(data.familyNames);
  const father = r.pick(data.maleFirstNames);
  const form = r.next();
  if (english) {
    if (female) return form < 0.3 ? `${first.en} bint ${father.en} ${fam.en}` : `${first.en} ${fam.en}`;
    return form < 0.4
      ? `${first.en} bin ${father.en} ${fam.en}`
      : form < 0.6
        ? `${first.en} ${father.en} ${fam.en}`
        : `${first.en} ${fam.en}`;
  }
  const firstAr = r.chance(0.04) ? (data.voweledFirstNames[first.ar] ?? first.ar) : first.ar;
  if (female) return form < 0.35 ? `${firstAr} بنت ${father.ar} ${fam.f}` : `${firstAr} ${fam.f}`;
  return form < 0.4
    ? `${firstAr} بن ${father.ar} ${fam.m}`
    : form < 0.65
      ? `${firstAr} ${father.ar} ${fam.m}`
      : `${firstAr} ${fam.m}`;
};

// ---------------------------------------------------------------------------------------
// Running it against the store

/** The store, imported only when first needed: its modules read the environment at import. */
const loadStore = async () => {
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
  const store = await loadStore();
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
      const input = registrationSchema.parse(a.input);
      try {
        await withRetry(
          () =>
            registerAmbassadorCase(
              { ambassadors: store.ambassadors, now: () => a.joinedAt },
              { id: a.id, email: a.email },
              input,
            ),
          stats,
        );
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
  const status: Record<LectureStatus, number> = { reported: 0, verified: 0, rejected: 0 };
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
          const input = lectureInputSchema.parse(l.input);
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
          const reported = await withRetry(
            () =>
              reportLectureCase({ lectures: repo, now: () => l.reportedAt, newId: () => l.id }, me, input),
            stats,
          );
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
              lecture = await withRetry(
                () =>
                  reviewLectureCase(
                    { lectures: store.lectures, ambassadors: store.ambassadors, now: () => new Date(at) },
                    staffId,
                    l.id,
                    reviewSchema.parse(input),
                  ),
                stats,
              );
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
  const store = await loadStore();
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
          const input = lectureInputSchema.parse(l.input);
          fresh.push(
            await withRetry(
              () =>
                reportLectureCase({ lectures: store.lectures, now: () => now, newId: () => l.id }, me, input),
              stats,
            ),
          );
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
  const review = reviewSchema.parse({ decision: 'verify' });
  progress({ phase: 'verifying', done: 0, total: opts.count });
  await pool(
    [...byOrganizer.values()],
    opts.concurrency ?? 12,
    async (ids) => {
      for (const id of ids) {
        try {
          await withRetry(
            () =>
              reviewLectureCase(
                { lectures: store.lectures, ambassadors: store.ambassadors, now: () => now },
                data.staffIds[0] ?? 'seed-staff-01',
                id,
                review,
              ),
            stats,
          );
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

// ---------------------------------------------------------------------------------------
// Progress on stderr

const formatDuration = (seconds: number): string => {
  if (!Number.isFinite(seconds)) return '–';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
};

const thousands = (n: number) => n.toLocaleString('en-US');

/**
 * A progress bar: phase, done/total, rate and ETA. On a terminal it redraws one line (at
 * most 10 times a second); otherwise it prints a plain line every 5 seconds.
 */
export const progressBar = (out: NodeJS.WriteStream = process.stderr) => {
  const tty = out.isTTY === true;
  let phase = '';
  let phaseStart = 0;
  let lastDraw = -Infinity;
  let last: SeedProgress | undefined;
  let printed: SeedProgress | undefined;

  const line = (p: SeedProgress, t: number): string => {
    const elapsed = (t - phaseStart) / 1000;
    const rate = elapsed > 0 ? p.done / elapsed : 0;
    const share = p.total > 0 ? p.done / p.total : 1;
    const width = 24;
    const filled = Math.round(share * width);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    const eta =
      p.done >= p.total
        ? `done in ${formatDuration(elapsed)}`
        : `ETA ${formatDuration((p.total - p.done) / rate)}`;
    return `${p.phase.padEnd(12)} ${bar} ${thousands(p.done).padStart(9)}/${thousands(p.total)} ${(share * 100).toFixed(1).padStart(5)}%  ${rate.toFixed(0).padStart(5)}/s  ${eta}`;
  };
  const draw = (p: SeedProgress, t: number, final = false) => {
    if (tty) out.write(`\r${line(p, t)}\x1b[K${final ? '\n' : ''}`);
    else out.write(`${line(p, t)}\n`);
    printed = p;
    lastDraw = t;
  };
  const finish = () => {
    if (last && (tty || printed !== last)) draw(last, performance.now(), true);
    last = undefined;
  };
  const update = (p: SeedProgress) => {
    const t = performance.now();
    if (p.phase !== phase) {
      finish();
      phase = p.phase;
      phaseStart = t;
      lastDraw = -Infinity;
    }
    last = p;
    if (t - lastDraw >= (tty ? 100 : 5000)) draw(p, t);
  };
  return { update, finish };
};

// ---------------------------------------------------------------------------------------
// The command line

const root = resolve(import.meta.dirname, '..');

/** `--name value` options, as numbers. */
export const numberFlag = (args: readonly string[], name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  const inline = args.find((a) => a.startsWith(`--${name}=`));
  const raw = inline ? inline.slice(name.length + 3) : i >= 0 ? args[i + 1] : undefined;
  if (raw === undefined) return fallback;
  const n = Number(raw.replaceAll('_', ''));
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, not ${raw}`);
  return n;
};

/** A free TCP port on 127.0.0.1. */
export const freePort = (): Promise<number> =>
  new Promise((ok, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => ok(port));
    });
  });

/** Whether DynamoDB (Local) answers at `endpoint`. */
const answers = async (endpoint: string): Promise<boolean> => {
  const { ListTablesCommand } = await import('@aws-sdk/client-dynamodb');
  const { localClient } = await import('#infra/local/dynamodb.ts');
  const client = localClient(endpoint);
  try {
    await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(2000) });
    return true;
  } catch (err) {
    const code = (err as { code?: string; cause?: { code?: string } }).code;
    if (code === 'ECONNREFUSED' || (err as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED')
      return false;
    if (
      (err as { name?: string }).name === 'AbortError' ||
      (err as { name?: string }).name === 'TimeoutError'
    )
      throw new Error(`Something listens at ${endpoint} but does not answer as DynamoDB does.`);
    // Any other answer (an HTTP error, a refused connection by another name) means nobody usable.
    if (/ECONNREFUSED/.test(String(err))) return false;
    throw err;
  } finally {
    client.destroy();
  }
};

const usage = `Usage: npm run seed [-- --ambassadors N --lectures M --verify K --seed S --concurrency C]

Seeds DynamoDB Local (DYNAMODB_PORT, default 8000; started with its data in .data/ when
nothing answers there) with a realistic programme: N ambassadors (700) and M lectures
(7000), through the domain's use cases. Re-runs skip what exists. --verify K then has
staff verify K more of the lectures still waiting for review.`;

const main = async () => {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(usage);
    return;
  }
  const ambassadors = numberFlag(args, 'ambassadors', 700);
  const lectures = numberFlag(args, 'lectures', 7000);
  const verify = numberFlag(args, 'verify', 0);
  const seed = numberFlag(args, 'seed', DEFAULT_SEED);
  const concurrency = numberFlag(args, 'concurrency', 12);
  if (lectures > 0 && ambassadors === 0)
    throw new Error('Lectures need ambassadors: --ambassadors must be > 0');

  const port = Number(process.env.DYNAMODB_PORT ?? 8000);
  const endpoint = `http://127.0.0.1:${port}`;
  const tableName = process.env.TABLE_NAME ?? 'smart-city-ambassadors';
  const { ensureTable, startDynamoLocal, StartupError } = await import('#infra/local/dynamodb.ts');

  let own: Awaited<ReturnType<typeof startDynamoLocal>> | undefined;
  const controller = new AbortController();
  let interrupted = false;
  const stopOwn = async () => {
    const d = own;
    own = undefined;
    await d?.stop();
  };
  const onSignal = () => {
    if (interrupted) {
      // A second Ctrl-C: stop now.
      void stopOwn().finally(() => process.exit(130));
      return;
    }
    interrupted = true;
    process.stderr.write('\nStopping after the requests in flight (Ctrl-C again to stop now)…\n');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const bar = progressBar();
  try {
    let where: string;
    if (await answers(endpoint)) where = `DynamoDB Local at ${endpoint} (already running)`;
    else {
      const dataDir = resolve(root, '.data');
      mkdirSync(dataDir, { recursive: true });
      process.stderr.write(`Starting DynamoDB Local on port ${port} (data in ${dataDir})…\n`);
      try {
        own = await startDynamoLocal(port, dataDir);
      } catch (err) {
        if (err instanceof StartupError) throw new Error(err.message);
        throw err;
      }
      where = `DynamoDB Local at ${endpoint} (started by the seed, data in .data/)`;
    }
    await ensureTable(endpoint, tableName);
    Object.assign(process.env, {
      TABLE_NAME: tableName,
      DYNAMODB_ENDPOINT: endpoint,
      CURSOR_SECRET: process.env.CURSOR_SECRET ?? 'seed-cursor-secret',
      AWS_REGION: process.env.AWS_REGION ?? 'me-south-1',
      POWERTOOLS_LOG_LEVEL: process.env.LOG_LEVEL ?? 'WARN',
    });

    const s = await seedProgramme({
      ambassadors,
      lectures,
      seed,
      concurrency,
      onProgress: bar.update,
      signal: controller.signal,
    });
    bar.finish();
    const rate = (n: number, ms: number) => (ms > 0 ? `${Math.round((n * 1000) / ms)}/s` : '–');
    const pct = (n: number) =>
      s.lectures.total > 0 ? `${((n * 100) / s.lectures.total).toFixed(1)} %` : '–';
    console.log(`Seeded ${where}, table ${tableName}, in ${formatDuration(s.ms / 1000)}`);
    console.log(
      `  ambassadors ${thousands(s.ambassadors.total).padStart(9)}: ${thousands(s.ambassadors.registered)} registered, ${thousands(s.ambassadors.existing)} already there (${formatDuration(s.ambassadors.ms / 1000)}, ${rate(s.ambassadors.total, s.ambassadors.ms)})`,
    );
    console.log(
      `  lectures    ${thousands(s.lectures.total).padStart(9)}: ${thousands(s.lectures.reported)} reported, ${thousands(s.lectures.existing)} already there; reviewed now: ${thousands(s.lectures.verified)} verified, ${thousands(s.lectures.rejected)} rejected (${formatDuration(s.lectures.ms / 1000)}, ${rate(s.lectures.total, s.lectures.ms)})`,
    );
    console.log(
      `  status:      verified ${thousands(s.status.verified)} (${pct(s.status.verified)}), rejected ${thousands(s.status.rejected)} (${pct(s.status.rejected)}), reported ${thousands(s.status.reported)} (${pct(s.status.reported)})`,
    );
    console.log(
      `  activity:    ${thousands(s.activity.organizers)} ambassadors gave lectures; the most active ${thousands(s.activity.most)}, the median ${thousands(s.activity.median)}${s.retries > 0 ? `; ${thousands(s.retries)} busy answers retried` : ''}`,
    );
    if (verify > 0) {
      const v = await verifyReported({
        count: verify,
        ambassadors,
        seed,
        concurrency,
        onProgress: bar.update,
        signal: controller.signal,
      });
      bar.finish();
      console.log(
        `  verified ${thousands(v.verified)} more now${v.reportedFirst > 0 ? ` (${thousands(v.reportedFirst)} of them reported first: the queue held too few)` : ''} in ${formatDuration(v.ms / 1000)}`,
      );
    }
  } catch (err) {
    bar.finish();
    if (controller.signal.aborted) {
      console.error('Interrupted: what was written stays; run the seed again to finish.');
      process.exitCode = 130;
    } else {
      console.error(err instanceof Error && !(err instanceof DomainError) ? err.message : err);
      if (err instanceof Error && err.stack && process.env.DEBUG) console.error(err.stack);
      process.exitCode = 1;
    }
  } finally {
    await stopOwn();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
};

if (import.meta.main) await main();
