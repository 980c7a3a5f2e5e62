/**
 * Lectures, the awareness challenge (docs/api-contract.md §6): the request schemas, the date and
 * region rules, the review state machine, and who may see what.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError, isDomainError } from '#domain/errors.ts';
import { interestIds } from '#domain/interests.ts';
import {
  applyLectureRules,
  assertDeletable,
  audiences,
  canSeeLecture,
  editLecture,
  type Lecture,
  type LectureInput,
  type LectureStatus,
  lectureIdParams,
  lectureInputSchema,
  lectureListQuerySchema,
  lecturePatchSchema,
  lectureStatuses,
  lectureView,
  MAX_REPORT_AGE_DAYS,
  newLecture,
  reviewLecture,
  reviewSchema,
  type Viewer,
} from '#domain/lectures.ts';
import { governorateIds, governorateOf, governorates, wilayatIds } from '#domain/regions.ts';
import { daysBetween, muscatDate } from '#domain/time.ts';
import { statusOf } from '#http/problem.ts';

// ---------------------------------------------------------------------------------------
// helpers

type SafeParse = {
  success: boolean;
  error?: { issues: { path: PropertyKey[]; code: string }[] } | undefined;
};

const issuePaths = (r: SafeParse): string[] =>
  (r.error?.issues ?? []).map((i) => i.path.map(String).join('.'));

const expectValid = (r: SafeParse) => {
  expect(r.error?.issues ?? [], 'expected the input to be accepted').toEqual([]);
  expect(r.success).toBe(true);
};

/** Fails unless the parse failed with an issue at `path` or inside it (`path.0`, …). */
const expectInvalidAt = (r: SafeParse, path: string) => {
  expect(r.success).toBe(false);
  const paths = issuePaths(r);
  expect(
    paths.some((p) => p === path || p.startsWith(`${path}.`)),
    `expected an issue at ${path}, got ${JSON.stringify(paths)}`,
  ).toBe(true);
};

/** Runs `fn`, which must throw a DomainError with `code`, and returns the error. */
const domainError = (fn: () => unknown, code: DomainError['code']): DomainError => {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected a DomainError ${code}`).toBeInstanceOf(DomainError);
  const err = caught as DomainError;
  expect(isDomainError(err)).toBe(true);
  expect(err.code).toBe(code);
  return err;
};

/** The sorted field paths of a validation_failed error thrown by `fn`. */
const invalidPaths = (fn: () => unknown): string[] => {
  const err = domainError(fn, 'validation_failed');
  expect(statusOf(err.code)).toBe(400);
  for (const fe of err.fieldErrors ?? []) expect(fe.message.length).toBeGreaterThan(0);
  return (err.fieldErrors ?? []).map((f) => f.path).sort();
};

const str = (n: number, ch = 'a') => ch.repeat(n);

/** 14:00 in Muscat on 28 November 2026. */
const NOW = new Date('2026-11-28T10:00:00.000Z');
const TODAY = '2026-11-28';
const LATER = new Date('2026-11-29T06:00:00.000Z');

const plusDays = (date: string, n: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

const validInput: LectureInput = {
  title: 'المدن الذكية والتنقل المستدام',
  topic: 'mobility',
  description: 'Smart mobility for secondary students — التنقل الذكي',
  deliveredOn: '2026-11-20',
  format: 'in_person',
  governorate: 'OM-MA',
  wilayat: 'muttrah',
  venue: 'Muttrah school hall',
  audience: 'school',
  attendees: 40,
  evidenceUrls: ['https://example.om/photo-1.jpg', 'https://drive.example.com/x?y=1'],
};
const minimalInput: LectureInput = {
  title: 'Water and the smart city',
  topic: 'water',
  deliveredOn: '2026-11-20',
  audience: 'public',
  attendees: 12,
};

const omaniOrganizer = { id: 'amb-1', country: 'OM', governorate: 'OM-ZU' };
const abroadOrganizer = { id: 'amb-2', country: 'AE' };

const reportedLecture = (over: Partial<Lecture> = {}): Lecture => ({
  ...newLecture(validInput, omaniOrganizer, 'lec-1', NOW),
  ...over,
});

// ---------------------------------------------------------------------------------------

describe('lectureInputSchema', () => {
  it('accepts a full body and a minimal one, unchanged', () => {
    const full = lectureInputSchema.safeParse(validInput);
    expectValid(full);
    expect(full.data).toEqual(validInput);
    const min = lectureInputSchema.safeParse(minimalInput);
    expectValid(min);
    expect(min.data).toEqual(minimalInput);
  });

  it('requires title, topic and audience; deliveredOn and attendees by the rules (or startsAt instead, §12)', () => {
    for (const key of ['title', 'topic', 'audience'] as const) {
      const { [key]: _dropped, ...rest } = minimalInput;
      expectInvalidAt(lectureInputSchema.safeParse(rest), key);
    }
    for (const key of ['deliveredOn', 'attendees'] as const) {
      const { [key]: _dropped, ...rest } = minimalInput;
      expectValid(lectureInputSchema.safeParse(rest));
      const err = domainError(
        () => newLecture(rest as LectureInput, omaniOrganizer, 'l-1', NOW),
        'validation_failed',
      );
      expect(err.fieldErrors?.map((e) => e.path)).toEqual([key]);
    }
  });

  it('rejects unknown fields, including the server-owned ones', () => {
    for (const extra of [
      { id: 'x' },
      { status: 'verified' },
      { organizerId: 'amb-9' },
      { verifiedAttendees: 10 },
      { community: 'OM-MA' },
      { version: 3 },
      { Title: 'Shouting title' },
    ]) {
      const r = lectureInputSchema.safeParse({ ...minimalInput, ...extra });
      expect(r.success, JSON.stringify(extra)).toBe(false);
      expect(r.error?.issues.map((i) => i.code)).toContain('unrecognized_keys');
    }
  });

  it('rejects any unknown field name (property)', () => {
    const known = new Set(Object.keys(validInput));
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !known.has(k) && k !== '__proto__'),
        fc.jsonValue(),
        (key, value) => {
          expect(lectureInputSchema.safeParse({ ...minimalInput, [key]: value }).success).toBe(false);
        },
      ),
    );
  });

  it('title is 5–120 characters after trimming', () => {
    const withTitle = (title: unknown) => lectureInputSchema.safeParse({ ...minimalInput, title });
    expectValid(withTitle(str(5)));
    expectValid(withTitle(str(120)));
    expectValid(withTitle(str(5, 'ت')));
    expectInvalidAt(withTitle(str(4)), 'title');
    expectInvalidAt(withTitle(str(121)), 'title');
    expectInvalidAt(withTitle(`   ${str(4)}   `), 'title');
    expectInvalidAt(withTitle(''), 'title');
    expectInvalidAt(withTitle(12345), 'title');
    const r = withTitle(`  ${str(120)}  `);
    expectValid(r);
    expect(r.data?.title).toBe(str(120));
  });

  it('topic is an interest id', () => {
    for (const topic of interestIds) expectValid(lectureInputSchema.safeParse({ ...minimalInput, topic }));
    for (const topic of ['cooking', 'Mobility', '', 'data_ai', 'التنقل الذكي'])
      expectInvalidAt(lectureInputSchema.safeParse({ ...minimalInput, topic }), 'topic');
  });

  it('audience and format are enums', () => {
    for (const audience of audiences)
      expectValid(lectureInputSchema.safeParse({ ...minimalInput, audience }));
    expect([...audiences].sort()).toEqual(['government', 'private_sector', 'public', 'school', 'university']);
    for (const audience of ['students', 'School', ''])
      expectInvalidAt(lectureInputSchema.safeParse({ ...minimalInput, audience }), 'audience');
    expectValid(lectureInputSchema.safeParse({ ...minimalInput, format: 'online' }));
    expectValid(lectureInputSchema.safeParse({ ...validInput, format: 'in_person' }));
    for (const format of ['hybrid', 'ONLINE', 'in-person', null])
      expectInvalidAt(lectureInputSchema.safeParse({ ...minimalInput, format }), 'format');
  });

  it('attendees is an integer from 1 to 10000', () => {
    const withAttendees = (attendees: unknown) =>
      lectureInputSchema.safeParse({ ...minimalInput, attendees });
    for (const n of [1, 2, 9_999, 10_000]) expectValid(withAttendees(n));
    for (const n of [0, -1, 10_001, 1.5, 0.5, Number.NaN, Number.POSITIVE_INFINITY, '10', null, 1e9])
      expectInvalidAt(withAttendees(n), 'attendees');
  });

  it('evidenceUrls: at most 5, https only', () => {
    const withUrls = (evidenceUrls: unknown) =>
      lectureInputSchema.safeParse({ ...minimalInput, evidenceUrls });
    const url = (i: number) => `https://example.om/evidence/${i}.jpg`;
    expectValid(withUrls([]));
    expectValid(withUrls([1, 2, 3, 4, 5].map(url)));
    expectInvalidAt(withUrls([1, 2, 3, 4, 5, 6].map(url)), 'evidenceUrls');
    for (const bad of [
      'http://example.om/photo.jpg',
      'javascript:alert(1)',
      'JavaScript:alert(document.cookie)',
      'data:text/html,<script>alert(1)</script>',
      'ftp://example.om/file',
      'https://',
      'example.om/photo.jpg',
      '//example.om/photo.jpg',
      'not a url',
      '',
    ]) {
      const r = withUrls([url(0), bad]);
      expect(r.success, bad).toBe(false);
      expect(issuePaths(r), bad).toContain('evidenceUrls.1');
    }
    expectInvalidAt(withUrls('https://example.om/photo.jpg'), 'evidenceUrls');
  });

  it('venue is at most 200 characters, description at most 2000', () => {
    expectValid(lectureInputSchema.safeParse({ ...minimalInput, venue: str(200) }));
    expectValid(lectureInputSchema.safeParse({ ...minimalInput, venue: '' }));
    expectInvalidAt(lectureInputSchema.safeParse({ ...minimalInput, venue: str(201) }), 'venue');
    expectValid(lectureInputSchema.safeParse({ ...minimalInput, description: str(2000, 'ع') }));
    expectInvalidAt(lectureInputSchema.safeParse({ ...minimalInput, description: str(2001) }), 'description');
  });

  it('deliveredOn is a real calendar date YYYY-MM-DD', () => {
    expectValid(lectureInputSchema.safeParse({ ...minimalInput, deliveredOn: '2028-02-29' }));
    for (const d of [
      '2026-02-29',
      '2026-02-30',
      '2026-13-01',
      '28/11/2026',
      '2026-11-28T10:00:00Z',
      '2026-1-5',
    ])
      expectInvalidAt(lectureInputSchema.safeParse({ ...minimalInput, deliveredOn: d }), 'deliveredOn');
  });

  it('governorate and wilayat are short strings (their rules come later)', () => {
    expectInvalidAt(lectureInputSchema.safeParse({ ...validInput, governorate: '' }), 'governorate');
    expectInvalidAt(lectureInputSchema.safeParse({ ...validInput, wilayat: str(41) }), 'wilayat');
  });
});

describe('lecturePatchSchema, reviewSchema, query schemas', () => {
  it('a patch may be empty, and null clears an optional field', () => {
    expectValid(lecturePatchSchema.safeParse({}));
    const r = lecturePatchSchema.safeParse({
      description: null,
      governorate: null,
      wilayat: null,
      venue: null,
    });
    expectValid(r);
    expect(r.data).toEqual({ description: null, governorate: null, wilayat: null, venue: null });
  });

  it('a patch cannot null a required field, nor send unknown ones', () => {
    for (const key of ['title', 'topic', 'deliveredOn', 'audience', 'attendees', 'format'])
      expectInvalidAt(lecturePatchSchema.safeParse({ [key]: null }), key);
    expect(lecturePatchSchema.safeParse({ status: 'verified' }).success).toBe(false);
    expectInvalidAt(lecturePatchSchema.safeParse({ title: str(4) }), 'title');
    expectInvalidAt(lecturePatchSchema.safeParse({ evidenceUrls: ['http://example.om'] }), 'evidenceUrls');
  });

  it('a review is a decision, optional verifiedAttendees (1–10000) and note (1–1000)', () => {
    expectValid(reviewSchema.safeParse({ decision: 'verify' }));
    expectValid(reviewSchema.safeParse({ decision: 'verify', verifiedAttendees: 1, note: 'ok' }));
    expectValid(reviewSchema.safeParse({ decision: 'reject', note: 'لا يوجد دليل' }));
    expectInvalidAt(reviewSchema.safeParse({}), 'decision');
    expectInvalidAt(reviewSchema.safeParse({ decision: 'approve' }), 'decision');
    for (const n of [0, 10_001, 2.5, '3'])
      expectInvalidAt(
        reviewSchema.safeParse({ decision: 'verify', verifiedAttendees: n }),
        'verifiedAttendees',
      );
    for (const note of ['', '   ', str(1001)])
      expectInvalidAt(reviewSchema.safeParse({ decision: 'reject', note }), 'note');
    expect(reviewSchema.safeParse({ decision: 'verify', reviewer: 'me' }).success).toBe(false);
  });

  it('the list query wants from ≤ to', () => {
    expectValid(lectureListQuerySchema.safeParse({ from: '2026-11-01', to: '2026-11-30' }));
    expectValid(lectureListQuerySchema.safeParse({ from: '2026-11-01', to: '2026-11-01' }));
    expectValid(lectureListQuerySchema.safeParse({ from: '2026-11-01' }));
    expectInvalidAt(lectureListQuerySchema.safeParse({ from: '2026-11-02', to: '2026-11-01' }), 'to');
    expectInvalidAt(lectureListQuerySchema.safeParse({ topic: 'cooking' }), 'topic');
    expect(lectureListQuerySchema.safeParse({ status: 'reported' }).success).toBe(false);
    const r = lectureListQuerySchema.safeParse({ limit: '20' });
    expectValid(r);
    expect(r.data?.limit).toBe(20);
  });

  it('lecture ids are safe path parameters', () => {
    expectValid(lectureIdParams.safeParse({ id: '01JD4X3Y5Z6ABCDEFGHJKMNPQR' }));
    for (const id of ['', 'a/b', 'a b', str(129), '../x'])
      expect(lectureIdParams.safeParse({ id }).success, id).toBe(false);
  });
});

describe('applyLectureRules — the date', () => {
  const rules =
    (deliveredOn: string, now: Date = NOW) =>
    () =>
      applyLectureRules({ ...minimalInput, deliveredOn }, now);

  it('accepts today, in Muscat', () => {
    expect(muscatDate(NOW)).toBe(TODAY);
    expect(rules(TODAY)().deliveredOn).toBe(TODAY);
    // 00:00 in Muscat on the 28th is still the 27th in UTC.
    expect(rules('2026-11-28', new Date('2026-11-27T20:00:00.000Z'))().deliveredOn).toBe('2026-11-28');
  });

  it('rejects tomorrow, in Muscat', () => {
    expect(invalidPaths(rules('2026-11-29'))).toEqual(['deliveredOn']);
    expect(invalidPaths(rules('2027-01-01'))).toEqual(['deliveredOn']);
    // 23:59:59.999 in Muscat on the 27th: the 28th is still tomorrow.
    expect(invalidPaths(rules('2026-11-28', new Date('2026-11-27T19:59:59.999Z')))).toEqual(['deliveredOn']);
  });

  it('accepts exactly 90 days ago, rejects 91', () => {
    expect(MAX_REPORT_AGE_DAYS).toBe(90);
    expect(daysBetween('2026-08-30', TODAY)).toBe(90);
    expect(rules('2026-08-30')().deliveredOn).toBe('2026-08-30');
    expect(invalidPaths(rules('2026-08-29'))).toEqual(['deliveredOn']);
    expect(invalidPaths(rules('2025-11-28'))).toEqual(['deliveredOn']);
  });

  it('counts the 90 days in Muscat time too', () => {
    // Muscat: 23:59 on the 27th → 29 August is 90 days ago; 00:00 on the 28th → 91.
    expect(rules('2026-08-29', new Date('2026-11-27T19:59:59.999Z'))().deliveredOn).toBe('2026-08-29');
    expect(invalidPaths(rules('2026-08-29', new Date('2026-11-27T20:00:00.000Z')))).toEqual(['deliveredOn']);
  });

  it('accepts a date n days ago exactly when 0 ≤ n ≤ 90 (property)', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2020-01-01T00:00:00Z'),
          max: new Date('2090-01-01T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: -120, max: 400 }),
        (now, n) => {
          const deliveredOn = plusDays(muscatDate(now), -n);
          const run = () => applyLectureRules({ ...minimalInput, deliveredOn }, now);
          if (n >= 0 && n <= 90) expect(run().deliveredOn).toBe(deliveredOn);
          else expect(invalidPaths(run)).toEqual(['deliveredOn']);
        },
      ),
    );
  });
});

describe('applyLectureRules — the place', () => {
  const rules = (place: Record<string, unknown>) => () =>
    applyLectureRules({ ...minimalInput, ...place } as Parameters<typeof applyLectureRules>[0], NOW);

  it('in person: a governorate and one of its wilayats', () => {
    const f = rules({ format: 'in_person', governorate: 'OM-MA', wilayat: 'muttrah' })();
    expect(f).toMatchObject({ format: 'in_person', governorate: 'OM-MA', wilayat: 'muttrah' });
  });

  it('accepts every one of the 61 wilayats with its governorate', () => {
    let n = 0;
    for (const g of governorates)
      for (const w of g.wilayats) {
        const f = rules({ format: 'in_person', governorate: g.id, wilayat: w.id })();
        expect(f.wilayat).toBe(w.id);
        expect(f.governorate).toBe(g.id);
        n++;
      }
    expect(n).toBe(61);
  });

  it('in person needs both fields, known ids, and a wilayat of that governorate', () => {
    expect(invalidPaths(rules({ format: 'in_person' }))).toEqual(['governorate', 'wilayat']);
    expect(invalidPaths(rules({ format: 'in_person', wilayat: 'muttrah' }))).toEqual(['governorate']);
    expect(invalidPaths(rules({ format: 'in_person', governorate: 'OM-MA' }))).toEqual(['wilayat']);
    expect(invalidPaths(rules({ format: 'in_person', governorate: 'OM-XX', wilayat: 'muttrah' }))).toEqual([
      'governorate',
    ]);
    expect(invalidPaths(rules({ format: 'in_person', governorate: 'OM-MA', wilayat: 'atlantis' }))).toEqual([
      'wilayat',
    ]);
    expect(invalidPaths(rules({ format: 'in_person', governorate: 'OM-MA', wilayat: 'salalah' }))).toEqual([
      'wilayat',
    ]);
    // Ids are case-sensitive, as the reference data gives them.
    expect(invalidPaths(rules({ format: 'in_person', governorate: 'om-ma', wilayat: 'muttrah' }))).toEqual([
      'governorate',
    ]);
  });

  it('accepts a governorate and wilayat pair exactly when the wilayat is in it (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...governorateIds), fc.constantFrom(...wilayatIds), (g, w) => {
        const run = rules({ governorate: g, wilayat: w });
        if (governorateOf(w) === g) expect(run().format).toBe('in_person');
        else expect(invalidPaths(run)).toEqual(['wilayat']);
      }),
    );
  });

  it('online: neither governorate nor wilayat', () => {
    const f = rules({ format: 'online' })();
    expect(f.format).toBe('online');
    expect(f.governorate).toBeUndefined();
    expect(f.wilayat).toBeUndefined();
    expect(invalidPaths(rules({ format: 'online', governorate: 'OM-MA' }))).toEqual(['governorate']);
    expect(invalidPaths(rules({ format: 'online', wilayat: 'muttrah' }))).toEqual(['wilayat']);
    expect(invalidPaths(rules({ format: 'online', governorate: 'OM-MA', wilayat: 'muttrah' }))).toEqual([
      'governorate',
      'wilayat',
    ]);
  });

  it('format defaults to in_person when a place is given, else online', () => {
    expect(rules({})().format).toBe('online');
    expect(rules({ governorate: 'OM-MA', wilayat: 'muttrah' })().format).toBe('in_person');
    // A half-given place means in person, and then the other half is missing.
    expect(invalidPaths(rules({ wilayat: 'muttrah' }))).toEqual(['governorate']);
    expect(invalidPaths(rules({ governorate: 'OM-MA' }))).toEqual(['wilayat']);
  });

  it('reports every broken field at once', () => {
    const paths = invalidPaths(() =>
      applyLectureRules(
        { ...minimalInput, deliveredOn: '2026-12-01', format: 'online', wilayat: 'muttrah' },
        NOW,
      ),
    );
    expect(paths).toEqual(['deliveredOn', 'wilayat']);
  });

  it('returns the normalised fields: evidenceUrls default to [], the rest as given', () => {
    expect(applyLectureRules(minimalInput, NOW)).toEqual({
      title: minimalInput.title,
      topic: 'water',
      description: undefined,
      deliveredOn: '2026-11-20',
      format: 'online',
      governorate: undefined,
      wilayat: undefined,
      venue: undefined,
      audience: 'public',
      attendees: 12,
      evidenceUrls: [],
    });
    const { evidenceUrls, venue, description } = applyLectureRules(validInput, NOW);
    expect({ evidenceUrls, venue, description }).toEqual({
      evidenceUrls: validInput.evidenceUrls,
      venue: validInput.venue,
      description: validInput.description,
    });
  });
});

describe('newLecture', () => {
  it('is reported, version 1, by the organizer, credited to the governorate it was delivered in', () => {
    const l = newLecture(validInput, omaniOrganizer, 'lec-42', NOW);
    expect(l).toMatchObject({
      id: 'lec-42',
      organizerId: 'amb-1',
      status: 'reported',
      version: 1,
      format: 'in_person',
      governorate: 'OM-MA',
      wilayat: 'muttrah',
      // Delivered in Muscat by an organizer from Dhofar: Muscat's community is credited.
      community: 'OM-MA',
      reportedAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
      attendees: 40,
    });
    expect(l.verifiedAttendees).toBeUndefined();
    expect(l.reviewedBy).toBeUndefined();
    expect(l.reviewedAt).toBeUndefined();
    expect(l.reviewNote).toBeUndefined();
  });

  it('an online lecture is credited to the organizer’s community, or abroad', () => {
    expect(newLecture(minimalInput, omaniOrganizer, 'l1', NOW).community).toBe('OM-ZU');
    expect(newLecture(minimalInput, abroadOrganizer, 'l2', NOW).community).toBe('abroad');
    expect(newLecture(minimalInput, { id: 'amb-3', country: 'OM' }, 'l3', NOW).community).toBe('abroad');
  });

  it('an in-person lecture is credited to its governorate even when the organizer lives abroad', () => {
    expect(newLecture(validInput, abroadOrganizer, 'l4', NOW).community).toBe('OM-MA');
  });

  it('applies the rules', () => {
    expect(
      invalidPaths(() =>
        newLecture({ ...minimalInput, deliveredOn: '2026-11-29' }, omaniOrganizer, 'l', NOW),
      ),
    ).toEqual(['deliveredOn']);
  });
});

describe('editLecture', () => {
  it('changes a reported lecture: version + 1, updatedAt now, the rest kept', () => {
    const current = reportedLecture();
    const copy = structuredClone(current);
    const next = editLecture(current, { title: 'A better title', attendees: 55 }, omaniOrganizer, LATER);
    expect(next).toEqual({
      ...current,
      title: 'A better title',
      attendees: 55,
      version: current.version + 1,
      updatedAt: LATER.toISOString(),
    });
    expect(next.reportedAt).toBe(NOW.toISOString());
    expect(current).toEqual(copy);
  });

  it('only while reported: otherwise 409 invalid_transition', () => {
    for (const status of ['verified', 'rejected'] as const) {
      const err = domainError(
        () => editLecture(reportedLecture({ status }), { title: 'A better title' }, omaniOrganizer, LATER),
        'invalid_transition',
      );
      expect(statusOf(err.code)).toBe(409);
    }
  });

  it('switching to online drops the place and credits the organizer’s community', () => {
    const next = editLecture(reportedLecture(), { format: 'online' }, omaniOrganizer, LATER);
    expect(next.format).toBe('online');
    expect(next.governorate).toBeUndefined();
    expect(next.wilayat).toBeUndefined();
    expect(next.community).toBe('OM-ZU');
    expect(editLecture(reportedLecture(), { format: 'online' }, abroadOrganizer, LATER).community).toBe(
      'abroad',
    );
  });

  it('switching to online while naming a place fails', () => {
    expect(
      invalidPaths(() =>
        editLecture(reportedLecture(), { format: 'online', governorate: 'OM-MA' }, omaniOrganizer, LATER),
      ),
    ).toEqual(['governorate']);
    expect(
      invalidPaths(() =>
        editLecture(reportedLecture(), { format: 'online', wilayat: 'muttrah' }, omaniOrganizer, LATER),
      ),
    ).toEqual(['wilayat']);
  });

  it('switching to in person needs the place, and credits its governorate', () => {
    const online = reportedLecture(newLecture(minimalInput, omaniOrganizer, 'lec-1', NOW));
    expect(online.community).toBe('OM-ZU');
    expect(invalidPaths(() => editLecture(online, { format: 'in_person' }, omaniOrganizer, LATER))).toEqual([
      'governorate',
      'wilayat',
    ]);
    const next = editLecture(
      online,
      {
        format: 'in_person',
        governorate: 'OM-DA',
        wilayat: governorates.find((g) => g.id === 'OM-DA')!.wilayats[0]!.id,
      },
      omaniOrganizer,
      LATER,
    );
    expect(next.format).toBe('in_person');
    expect(next.community).toBe('OM-DA');
  });

  it('a new wilayat must be in the governorate', () => {
    expect(
      invalidPaths(() => editLecture(reportedLecture(), { wilayat: 'salalah' }, omaniOrganizer, LATER)),
    ).toEqual(['wilayat']);
    const moved = editLecture(
      reportedLecture(),
      { governorate: 'OM-ZU', wilayat: 'salalah' },
      omaniOrganizer,
      LATER,
    );
    expect(moved).toMatchObject({ governorate: 'OM-ZU', wilayat: 'salalah', community: 'OM-ZU' });
  });

  it('null clears an optional field', () => {
    const next = editLecture(reportedLecture(), { description: null, venue: null }, omaniOrganizer, LATER);
    expect(next.description).toBeUndefined();
    expect(next.venue).toBeUndefined();
    expect(next.title).toBe(validInput.title);
  });

  it('applies the date rules to a new deliveredOn', () => {
    expect(
      invalidPaths(() =>
        editLecture(reportedLecture(), { deliveredOn: '2026-11-30' }, omaniOrganizer, LATER),
      ),
    ).toEqual(['deliveredOn']);
    expect(
      editLecture(reportedLecture(), { deliveredOn: '2026-11-29' }, omaniOrganizer, LATER).deliveredOn,
    ).toBe('2026-11-29');
  });
});

describe('reviewLecture', () => {
  const STAFF = 'staff-7';

  it('verify: verifiedAttendees defaults to attendees; reviewer, time and version recorded', () => {
    const current = reportedLecture();
    const next = reviewLecture(current, { decision: 'verify' }, STAFF, LATER);
    expect(next).toEqual({
      ...current,
      status: 'verified',
      verifiedAttendees: 40,
      reviewNote: undefined,
      reviewedBy: STAFF,
      reviewedAt: LATER.toISOString(),
      updatedAt: LATER.toISOString(),
      version: current.version + 1,
    });
  });

  it('verify: verifiedAttendees from 1 to the reported attendees', () => {
    expect(
      reviewLecture(reportedLecture(), { decision: 'verify', verifiedAttendees: 30 }, STAFF, LATER)
        .verifiedAttendees,
    ).toBe(30);
    expect(
      reviewLecture(reportedLecture(), { decision: 'verify', verifiedAttendees: 40 }, STAFF, LATER)
        .verifiedAttendees,
    ).toBe(40);
    expect(
      reviewLecture(reportedLecture(), { decision: 'verify', verifiedAttendees: 1 }, STAFF, LATER)
        .verifiedAttendees,
    ).toBe(1);
    expect(
      invalidPaths(() =>
        reviewLecture(reportedLecture(), { decision: 'verify', verifiedAttendees: 41 }, STAFF, LATER),
      ),
    ).toEqual(['verifiedAttendees']);
  });

  it('verify with a note keeps the note', () => {
    const next = reviewLecture(
      reportedLecture(),
      { decision: 'verify', note: 'Photos checked' },
      STAFF,
      LATER,
    );
    expect(next.reviewNote).toBe('Photos checked');
  });

  it('reject: needs a note, and has no verifiedAttendees', () => {
    const next = reviewLecture(reportedLecture(), { decision: 'reject', note: 'لا توجد أدلة' }, STAFF, LATER);
    expect(next).toMatchObject({
      status: 'rejected',
      reviewNote: 'لا توجد أدلة',
      reviewedBy: STAFF,
      reviewedAt: LATER.toISOString(),
      version: 2,
    });
    expect(next.verifiedAttendees).toBeUndefined();
    expect(
      invalidPaths(() => reviewLecture(reportedLecture(), { decision: 'reject' }, STAFF, LATER)),
    ).toEqual(['note']);
    expect(
      invalidPaths(() => reviewLecture(reportedLecture(), { decision: 'reject', note: '' }, STAFF, LATER)),
    ).toEqual(['note']);
  });

  it('reject with verifiedAttendees is a validation error', () => {
    expect(
      invalidPaths(() =>
        reviewLecture(
          reportedLecture(),
          { decision: 'reject', note: 'No', verifiedAttendees: 10 },
          STAFF,
          LATER,
        ),
      ),
    ).toEqual(['verifiedAttendees']);
    expect(
      invalidPaths(() =>
        reviewLecture(reportedLecture(), { decision: 'reject', verifiedAttendees: 10 }, STAFF, LATER),
      ),
    ).toEqual(['note', 'verifiedAttendees']);
  });

  it('only from reported: a second review is 409 invalid_transition', () => {
    const verified = reviewLecture(reportedLecture(), { decision: 'verify' }, STAFF, LATER);
    const rejected = reviewLecture(reportedLecture(), { decision: 'reject', note: 'No' }, STAFF, LATER);
    for (const l of [verified, rejected])
      for (const review of [
        { decision: 'verify' as const },
        { decision: 'reject' as const, note: 'again' },
      ]) {
        const err = domainError(() => reviewLecture(l, review, 'staff-8', LATER), 'invalid_transition');
        expect(statusOf(err.code)).toBe(409);
      }
  });

  it('does not change the lecture it reviews', () => {
    const current = reportedLecture();
    const copy = structuredClone(current);
    reviewLecture(current, { decision: 'verify', verifiedAttendees: 5 }, STAFF, LATER);
    expect(current).toEqual(copy);
  });
});

describe('the review state machine', () => {
  type Action = 'edit' | 'delete' | 'verify' | 'reject';
  const act: Record<Action, (l: Lecture) => unknown> = {
    edit: (l) => editLecture(l, { title: 'Edited title' }, omaniOrganizer, LATER),
    delete: (l) => assertDeletable(l),
    verify: (l) => reviewLecture(l, { decision: 'verify' }, 'staff-1', LATER),
    reject: (l) => reviewLecture(l, { decision: 'reject', note: 'Not enough evidence' }, 'staff-1', LATER),
  };
  const table: [LectureStatus, Action, 'allowed' | 'invalid_transition'][] = [
    ['scheduled', 'edit', 'allowed'],
    ['scheduled', 'delete', 'allowed'],
    ['scheduled', 'verify', 'invalid_transition'],
    ['scheduled', 'reject', 'invalid_transition'],
    ['reported', 'edit', 'allowed'],
    ['reported', 'delete', 'allowed'],
    ['reported', 'verify', 'allowed'],
    ['reported', 'reject', 'allowed'],
    ['verified', 'edit', 'invalid_transition'],
    ['verified', 'delete', 'invalid_transition'],
    ['verified', 'verify', 'invalid_transition'],
    ['verified', 'reject', 'invalid_transition'],
    ['rejected', 'edit', 'invalid_transition'],
    ['rejected', 'delete', 'invalid_transition'],
    ['rejected', 'verify', 'invalid_transition'],
    ['rejected', 'reject', 'invalid_transition'],
  ];

  it('covers every status and action', () => {
    expect(table).toHaveLength(lectureStatuses.length * Object.keys(act).length);
  });

  it.each(table)('%s + %s → %s', (status, action, expected) => {
    const l = reportedLecture(
      status === 'scheduled'
        ? { status, attendees: undefined, startsAt: '2026-12-20T06:00:00.000Z', durationMinutes: 60 }
        : { status },
    );
    if (expected === 'allowed') {
      const out = act[action](l);
      if (action === 'verify') expect((out as Lecture).status).toBe('verified');
      if (action === 'reject') expect((out as Lecture).status).toBe('rejected');
      if (action === 'edit') expect((out as Lecture).title).toBe('Edited title');
      if (action === 'delete') expect(out).toBeUndefined();
    } else {
      expect(statusOf(domainError(() => act[action](l), 'invalid_transition').code)).toBe(409);
    }
  });
});

describe('who sees a lecture', () => {
  const viewers: Record<string, Viewer> = {
    organizer: { id: 'amb-1', staff: false },
    other: { id: 'amb-9', staff: false },
    staff: { id: 'staff-1', staff: true },
    anonymous: undefined,
  };
  const matrix: [LectureStatus, keyof typeof viewers, boolean][] = [
    ['reported', 'organizer', true],
    ['reported', 'other', false],
    ['reported', 'staff', true],
    ['reported', 'anonymous', false],
    ['rejected', 'organizer', true],
    ['rejected', 'other', false],
    ['rejected', 'staff', true],
    ['rejected', 'anonymous', false],
    ['verified', 'organizer', true],
    ['verified', 'other', true],
    ['verified', 'staff', true],
    // The route itself needs a signed-in caller; the rule does not.
    ['verified', 'anonymous', true],
  ];

  it.each(matrix)('a %s lecture, viewer %s → %s', (status, who, expected) => {
    expect(canSeeLecture(reportedLecture({ status }), viewers[who])).toBe(expected);
  });

  it('a staff member who organized the lecture still sees it', () => {
    expect(canSeeLecture(reportedLecture(), { id: 'amb-1', staff: true })).toBe(true);
  });

  it('lectureView (§10): the reviewer to staff only, the note to the organizer and staff, the public note to all', () => {
    const l = reviewLecture(
      reportedLecture(),
      { decision: 'verify', note: 'ok', publicNote: 'Verified' },
      'staff-3',
      LATER,
    );
    const copy = structuredClone(l);
    const { reviewedBy: _r, ...own } = l;
    const { reviewNote: _n, ...everyone } = own;
    expect(lectureView(l, viewers.organizer)).toEqual(own);
    for (const who of ['other', 'anonymous'] as const)
      expect(lectureView(l, viewers[who]), who).toEqual(everyone);
    expect(everyone.publicNote).toBe('Verified');
    const staffView = lectureView(l, viewers.staff);
    expect('reviewedBy' in staffView && staffView.reviewedBy).toBe('staff-3');
    expect(staffView).toEqual(l);
    expect(l).toEqual(copy);
    expect(l.reviewedBy).toBe('staff-3');
  });
});

describe('editLecture: what an edit re-checks', () => {
  it('keeps a lecture waiting for review editable after its date leaves the 90-day window', () => {
    const waiting = reportedLecture();
    const muchLater = new Date('2027-03-01T10:00:00.000Z');
    expect(daysBetween(waiting.deliveredOn, muscatDate(muchLater))).toBeGreaterThan(90);
    expect(editLecture(waiting, { title: 'A better title here' }, omaniOrganizer, muchLater).title).toBe(
      'A better title here',
    );
    // A date the edit sets is still checked.
    expect(
      invalidPaths(() => editLecture(waiting, { deliveredOn: '2026-11-21' }, omaniOrganizer, muchLater)),
    ).toEqual(['deliveredOn']);
  });

  it('makes an online lecture in person when the edit names a place', () => {
    const online = newLecture({ ...minimalInput, format: 'online' }, omaniOrganizer, 'lec-9', NOW);
    const moved = editLecture(online, { governorate: 'OM-MA', wilayat: 'bawshar' }, omaniOrganizer, NOW);
    expect(moved).toMatchObject({
      format: 'in_person',
      governorate: 'OM-MA',
      wilayat: 'bawshar',
      community: 'OM-MA',
    });
  });
});

describe('lectures: what the errors say, and edits of an online lecture', () => {
  const online = (): Lecture => newLecture(minimalInput, omaniOrganizer, 'lec-2', NOW);

  it('an unknown wilayat is unknown, not in the wrong governorate', () => {
    const err = domainError(
      () => applyLectureRules({ ...validInput, wilayat: 'atlantis' }, NOW),
      'validation_failed',
    );
    expect(err.message).toBe('Lecture fields are invalid');
    expect(err.fieldErrors).toEqual([{ path: 'wilayat', message: 'Unknown wilayat' }]);
  });

  it('editing a reviewed lecture says why not', () => {
    const err = domainError(
      () =>
        editLecture(
          reportedLecture({ status: 'verified' }),
          { title: 'A better title' },
          omaniOrganizer,
          LATER,
        ),
      'invalid_transition',
    );
    expect(err.message).toBe('A verified lecture cannot be edited');
  });

  it('deleting or reviewing a reviewed lecture, and an invalid review, say why not', () => {
    expect(
      domainError(() => assertDeletable(reportedLecture({ status: 'rejected' })), 'invalid_transition')
        .message,
    ).toBe('A rejected lecture cannot be deleted');
    expect(
      domainError(
        () =>
          reviewLecture(reportedLecture({ status: 'verified' }), { decision: 'verify' }, 'staff-7', LATER),
        'invalid_transition',
      ).message,
    ).toBe('The lecture was already verified');
    expect(
      domainError(
        () => reviewLecture(reportedLecture(), { decision: 'reject' }, 'staff-7', LATER),
        'validation_failed',
      ).message,
    ).toBe('The review is invalid');
  });

  it('an edit without a place or format keeps an online lecture online', () => {
    expect(online().format).toBe('online');
    const next = editLecture(online(), { title: 'Water and the smart city, again' }, omaniOrganizer, LATER);
    expect(next).toMatchObject({ format: 'online', title: 'Water and the smart city, again' });
    expect(editLecture(online(), {}, omaniOrganizer, LATER).format).toBe('online');
  });

  it('naming only a governorate makes it in person, which then needs the wilayat', () => {
    expect(
      invalidPaths(() => editLecture(online(), { governorate: 'OM-DA' }, omaniOrganizer, LATER)),
    ).toEqual(['wilayat']);
    expect(invalidPaths(() => editLecture(online(), { wilayat: 'nizwa' }, omaniOrganizer, LATER))).toEqual([
      'governorate',
    ]);
  });

  it('a field sent as undefined is left alone, like an absent one', () => {
    const current = reportedLecture();
    const next = editLecture(current, { venue: undefined, description: undefined }, omaniOrganizer, LATER);
    expect(next.venue).toBe(current.venue);
    expect(next.description).toBe(current.description);
  });
});
