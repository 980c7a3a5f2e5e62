/**
 * The generator: the whole programme as pure functions of (seed, sizes, now), drawn from the
 * model's weights and the data in `data.ts` with the seeded streams of `random.ts`.
 */
import type { RegistrationInput } from '#domain/ambassadors.ts';
import { interestIds } from '#domain/interests.ts';
import type { LectureInput } from '#domain/lectures.ts';
import { findGovernorate, findWilayat, governorateOf, governorates } from '#domain/regions.ts';
import { muscatDate } from '#domain/time.ts';
import * as data from './data.ts';
import {
  type AmbassadorPlan,
  allWilayats,
  ambassadorId,
  DAY,
  DEFAULT_SEED,
  HOUR,
  interestWeight,
  type LecturePlan,
  lectureId,
  MUSCAT_OFFSET,
  pad,
  type ReviewPlan,
  weightOfGovernorate,
  weightOfWilayat,
} from './model.ts';
import { type Rand, STREAM, streamOf } from './random.ts';

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
