/**
 * Challenges (docs/api-contract.md §14): the schemas, the state derived from Oman dates and the
 * stored state, and who may close, shortlist and award.
 */
import { describe, expect, it } from 'vitest';
import {
  assertAnswerable,
  awardChallenge,
  awardSchema,
  type Challenge,
  type ChallengeInput,
  challengeIdeaCounts,
  challengeInputSchema,
  challengeListQuerySchema,
  challengePatchSchema,
  challengeStatus,
  challengeStatuses,
  challengeTitle,
  closeChallenge,
  editChallenge,
  MAX_CHALLENGE_DAYS,
  MAX_LEAD_DAYS,
  newChallenge,
  publicChallenge,
  shortlistIdea,
  shortlistSchema,
} from '#domain/challenges.ts';
import { DomainError } from '#domain/errors.ts';
import { ideaStatuses } from '#domain/ideas.ts';

type SafeParse = { success: boolean; error?: { issues: { path: PropertyKey[] }[] } | undefined };
const paths = (r: SafeParse) => (r.error?.issues ?? []).map((i) => i.path.map(String).join('.'));
const ok = (r: SafeParse) => expect(r.error?.issues ?? []).toEqual([]);
const badAt = (r: SafeParse, path: string) => {
  expect(r.success).toBe(false);
  expect(paths(r)).toContain(path);
};
const errorOf = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return e as DomainError;
  }
  throw new Error('expected a DomainError');
};
const codeOf = (fn: () => unknown) => errorOf(fn).code;

const plusDays = (date: string, n: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** 14:00 in Muscat on 2 December 2026. */
const NOW = new Date('2026-12-02T10:00:00.000Z');
const TODAY = '2026-12-02';

const valid: ChallengeInput = {
  partnerId: 'p-1',
  titleAr: 'تحدي التنقل الذكي في مسقط',
  titleEn: 'Smart mobility in Muscat',
  brief: 'Ideas for last-mile transport.\nأفكار للنقل.',
  governorate: 'OM-MA',
  tags: ['mobility', 'iot'],
  missions: ['research', 'engagement'],
  opensOn: '2026-12-10',
  closesOn: '2026-12-20',
};

const staff = { id: 'staff-1', staff: true, partnerIds: [] };
const rep = { id: 'rep-1', staff: false, partnerIds: ['p-1'] };
const otherRep = { id: 'rep-2', staff: false, partnerIds: ['p-2'] };
const nobody = { id: 'amb-1', staff: false, partnerIds: [] };

const challenge = (over: Partial<Challenge> = {}): Challenge => ({
  ...newChallenge(valid, 'rep-1', 'ch-1', NOW),
  ...over,
});
/** A challenge open at NOW. */
const openOne = () => challenge({ opensOn: '2026-11-20', closesOn: '2026-12-20' });
/** A challenge closed by its dates at NOW. */
const pastOne = () => challenge({ opensOn: '2026-11-01', closesOn: '2026-11-30' });

const idea = (over: { status?: (typeof ideaStatuses)[number]; challengeId?: string } = {}) => ({
  id: 'idea-1',
  status: 'approved' as const,
  challengeId: 'ch-1',
  ...over,
});

describe('challenge input', () => {
  it('accepts a full challenge, Arabic kept as sent, and one without governorate', () => {
    const r = challengeInputSchema.safeParse(valid);
    ok(r);
    expect(r.data?.titleAr).toBe(valid.titleAr);
    const { governorate: _g, ...noGov } = valid;
    ok(challengeInputSchema.safeParse(noGov));
  });

  it('titles are 5–120 characters', () => {
    ok(challengeInputSchema.safeParse({ ...valid, titleEn: 'abcde', titleAr: 'ابتثج' }));
    badAt(challengeInputSchema.safeParse({ ...valid, titleEn: 'abcd' }), 'titleEn');
    badAt(challengeInputSchema.safeParse({ ...valid, titleAr: 'ابتث' }), 'titleAr');
    ok(challengeInputSchema.safeParse({ ...valid, titleAr: 'ت'.repeat(120) }));
    badAt(challengeInputSchema.safeParse({ ...valid, titleAr: 'ت'.repeat(121) }), 'titleAr');
  });

  it('refuses control and bidi characters the way every text field does', () => {
    badAt(challengeInputSchema.safeParse({ ...valid, titleAr: 'تحدي\u202Bالتنقل الذكي' }), 'titleAr');
    badAt(challengeInputSchema.safeParse({ ...valid, titleEn: 'Smart\u0000 city' }), 'titleEn');
    badAt(challengeInputSchema.safeParse({ ...valid, brief: 'x\u2067y' }), 'brief');
    ok(challengeInputSchema.safeParse({ ...valid, brief: 'line one\nline two' }));
  });

  it('brief holds visible text, up to 4000 characters', () => {
    ok(challengeInputSchema.safeParse({ ...valid, brief: 'b'.repeat(4000) }));
    badAt(challengeInputSchema.safeParse({ ...valid, brief: 'b'.repeat(4001) }), 'brief');
    badAt(challengeInputSchema.safeParse({ ...valid, brief: ' ' }), 'brief');
  });

  it('tags: 1–5 distinct interest ids; missions: 1–3 distinct idea missions', () => {
    badAt(challengeInputSchema.safeParse({ ...valid, tags: [] }), 'tags');
    badAt(challengeInputSchema.safeParse({ ...valid, tags: ['mobility', 'mobility'] }), 'tags');
    badAt(challengeInputSchema.safeParse({ ...valid, tags: ['robots'] }), 'tags.0');
    ok(challengeInputSchema.safeParse({ ...valid, tags: ['mobility', 'energy', 'water', 'health', 'iot'] }));
    badAt(
      challengeInputSchema.safeParse({
        ...valid,
        tags: ['mobility', 'energy', 'water', 'health', 'iot', 'economy'],
      }),
      'tags',
    );
    badAt(challengeInputSchema.safeParse({ ...valid, missions: [] }), 'missions');
    badAt(challengeInputSchema.safeParse({ ...valid, missions: ['fundraising'] }), 'missions.0');
    ok(challengeInputSchema.safeParse({ ...valid, missions: ['awareness', 'research', 'engagement'] }));
  });

  it('dates: real dates, closesOn not before opensOn, one day is fine, at most MAX_CHALLENGE_DAYS', () => {
    ok(challengeInputSchema.safeParse({ ...valid, closesOn: valid.opensOn }));
    badAt(challengeInputSchema.safeParse({ ...valid, closesOn: '2026-12-09' }), 'closesOn');
    badAt(challengeInputSchema.safeParse({ ...valid, opensOn: '2026-02-30' }), 'opensOn');
    ok(
      challengeInputSchema.safeParse({ ...valid, closesOn: plusDays(valid.opensOn, MAX_CHALLENGE_DAYS - 1) }),
    );
    badAt(
      challengeInputSchema.safeParse({ ...valid, closesOn: plusDays(valid.opensOn, MAX_CHALLENGE_DAYS) }),
      'closesOn',
    );
  });

  it('partnerId is an id; unknown fields and a governorate that does not exist are refused', () => {
    badAt(challengeInputSchema.safeParse({ ...valid, partnerId: '' }), 'partnerId');
    badAt(challengeInputSchema.safeParse({ ...valid, governorate: 'OM-ZZ' }), 'governorate');
    expect(challengeInputSchema.safeParse({ ...valid, status: 'open' }).success).toBe(false);
  });
});

describe('creating', () => {
  it('starts scheduled with an empty shortlist', () => {
    const c = newChallenge(valid, 'rep-1', 'ch-1', NOW);
    expect(c).toMatchObject({
      id: 'ch-1',
      state: 'scheduled',
      shortlist: [],
      createdBy: 'rep-1',
      version: 1,
    });
    expect(challengeStatus(c, NOW)).toBe('upcoming');
  });

  it('opensOn may be in the past: open at once', () => {
    const c = newChallenge({ ...valid, opensOn: '2026-11-01', closesOn: TODAY }, 'rep-1', 'ch-1', NOW);
    expect(challengeStatus(c, NOW)).toBe('open');
  });

  it('refuses a challenge already over in Oman, or opening more than MAX_LEAD_DAYS ahead', () => {
    const e = errorOf(() =>
      newChallenge({ ...valid, opensOn: '2026-11-01', closesOn: '2026-12-01' }, 'r', 'c', NOW),
    );
    expect(e.code).toBe('validation_failed');
    expect(e.fieldErrors?.map((f) => f.path)).toEqual(['closesOn']);
    // 23:30 on 1 December in Muscat: the 1st is still today there.
    newChallenge(
      { ...valid, opensOn: '2026-11-01', closesOn: '2026-12-01' },
      'r',
      'c',
      new Date('2026-12-01T19:30:00Z'),
    );
    const far = plusDays(TODAY, MAX_LEAD_DAYS + 1);
    expect(
      errorOf(() => newChallenge({ ...valid, opensOn: far, closesOn: far }, 'r', 'c', NOW)).fieldErrors?.[0]
        ?.path,
    ).toBe('opensOn');
    const edge = plusDays(TODAY, MAX_LEAD_DAYS);
    newChallenge({ ...valid, opensOn: edge, closesOn: edge }, 'r', 'c', NOW);
  });
});

describe('status in Oman time', () => {
  const c = challenge(); // opens 2026-12-10, closes 2026-12-20 (both days included)

  it('opens at the start of opensOn in Muscat (20:00 UTC the day before)', () => {
    expect(challengeStatus(c, new Date('2026-12-09T19:59:59.999Z'))).toBe('upcoming');
    expect(challengeStatus(c, new Date('2026-12-09T20:00:00.000Z'))).toBe('open');
  });

  it('stays open to the end of closesOn in Muscat (20:00 UTC that day)', () => {
    expect(challengeStatus(c, new Date('2026-12-20T19:59:59.999Z'))).toBe('open');
    expect(challengeStatus(c, new Date('2026-12-20T20:00:00.000Z'))).toBe('closed');
  });

  it('the stored state wins over the dates', () => {
    expect(challengeStatus({ ...c, state: 'closed' }, new Date('2026-12-12T00:00:00Z'))).toBe('closed');
    expect(challengeStatus({ ...c, state: 'awarded' }, new Date('2026-12-12T00:00:00Z'))).toBe('awarded');
    expect(challengeStatuses).toEqual(['upcoming', 'open', 'closed', 'awarded']);
  });
});

describe('editing', () => {
  it('while upcoming or open, moving the version', () => {
    const e = editChallenge(challenge(), { titleEn: 'Smart mobility 2' }, NOW);
    expect(e).toMatchObject({ titleEn: 'Smart mobility 2', version: 2 });
    expect(editChallenge(openOne(), { brief: 'New brief' }, NOW).brief).toBe('New brief');
    expect(editChallenge(challenge(), { governorate: null }, NOW).governorate).toBeUndefined();
  });

  it('not once closed or awarded', () => {
    expect(codeOf(() => editChallenge(pastOne(), { brief: 'x' }, NOW))).toBe('invalid_transition');
    expect(codeOf(() => editChallenge(challenge({ state: 'closed' }), { brief: 'x' }, NOW))).toBe(
      'invalid_transition',
    );
    expect(codeOf(() => editChallenge(challenge({ state: 'awarded' }), { brief: 'x' }, NOW))).toBe(
      'invalid_transition',
    );
  });

  it('the dates after the edit follow the rules of creating', () => {
    expect(
      errorOf(() => editChallenge(challenge(), { closesOn: '2026-12-09' }, NOW)).fieldErrors?.[0]?.path,
    ).toBe('closesOn');
    expect(
      errorOf(() => editChallenge(challenge(), { closesOn: plusDays('2026-12-10', MAX_CHALLENGE_DAYS) }, NOW))
        .fieldErrors?.[0]?.path,
    ).toBe('closesOn');
    expect(
      errorOf(() => editChallenge(openOne(), { closesOn: '2026-12-01' }, NOW)).fieldErrors?.[0]?.path,
    ).toBe('closesOn');
  });

  it('an open challenge cannot move back to upcoming', () => {
    expect(
      errorOf(() => editChallenge(openOne(), { opensOn: '2026-12-03' }, NOW)).fieldErrors?.[0]?.path,
    ).toBe('opensOn');
    expect(editChallenge(openOne(), { opensOn: TODAY }, NOW).opensOn).toBe(TODAY);
  });

  it('the patch needs a field, refuses unknown ones and never moves the partner', () => {
    ok(challengePatchSchema.safeParse({ tags: ['water'] }));
    expect(challengePatchSchema.safeParse({}).success).toBe(false);
    expect(challengePatchSchema.safeParse({ partnerId: 'p-2' }).success).toBe(false);
    badAt(challengePatchSchema.safeParse({ titleEn: 'abcd' }), 'titleEn');
    badAt(challengePatchSchema.safeParse({ opensOn: '2026-12-20', closesOn: '2026-12-10' }), 'closesOn');
  });
});

describe('closing', () => {
  it('staff or its partner’s representatives close an open or upcoming challenge', () => {
    const c = closeChallenge(openOne(), rep, NOW);
    expect(c).toMatchObject({ state: 'closed', closedAt: NOW.toISOString(), closedBy: 'rep-1', version: 2 });
    expect(challengeStatus(c, NOW)).toBe('closed');
    expect(challengeStatus(closeChallenge(challenge(), staff, NOW), NOW)).toBe('closed');
  });

  it('another partner’s representative or a plain user: forbidden, before any state rule', () => {
    expect(codeOf(() => closeChallenge(openOne(), otherRep, NOW))).toBe('forbidden');
    expect(codeOf(() => closeChallenge(pastOne(), nobody, NOW))).toBe('forbidden');
  });

  it('closing a closed or awarded challenge is invalid_transition', () => {
    expect(codeOf(() => closeChallenge(pastOne(), rep, NOW))).toBe('invalid_transition');
    expect(codeOf(() => closeChallenge(challenge({ state: 'closed' }), rep, NOW))).toBe('invalid_transition');
    expect(codeOf(() => closeChallenge(challenge({ state: 'awarded' }), staff, NOW))).toBe(
      'invalid_transition',
    );
  });
});

describe('answering', () => {
  it('an idea may answer only an open challenge', () => {
    assertAnswerable(openOne(), NOW);
    expect(codeOf(() => assertAnswerable(challenge(), NOW))).toBe('invalid_transition');
    expect(codeOf(() => assertAnswerable(pastOne(), NOW))).toBe('invalid_transition');
    expect(codeOf(() => assertAnswerable({ ...openOne(), state: 'closed' }, NOW))).toBe('invalid_transition');
  });
});

describe('shortlisting', () => {
  it('while open or closed, once: shortlisting again changes nothing', () => {
    const c = shortlistIdea(openOne(), rep, idea(), NOW);
    expect(c.shortlist).toEqual(['idea-1']);
    expect(c.version).toBe(2);
    expect(shortlistIdea(c, rep, idea(), NOW)).toBe(c);
    expect(shortlistIdea(pastOne(), staff, idea(), NOW).shortlist).toEqual(['idea-1']);
    expect(shortlistIdea(challenge({ state: 'closed' }), rep, idea(), NOW).shortlist).toEqual(['idea-1']);
  });

  it('not while upcoming or once awarded', () => {
    expect(codeOf(() => shortlistIdea(challenge(), rep, idea(), NOW))).toBe('invalid_transition');
    expect(codeOf(() => shortlistIdea(challenge({ state: 'awarded' }), rep, idea(), NOW))).toBe(
      'invalid_transition',
    );
  });

  it('only a public idea answering this challenge', () => {
    expect(codeOf(() => shortlistIdea(openOne(), rep, idea({ status: 'submitted' }), NOW))).toBe('not_found');
    const e = errorOf(() => shortlistIdea(openOne(), rep, idea({ challengeId: 'ch-2' }), NOW));
    expect(e.code).toBe('validation_failed');
    expect(e.fieldErrors?.[0]?.path).toBe('ideaId');
    expect(codeOf(() => shortlistIdea(openOne(), rep, { id: 'idea-1', status: 'approved' }, NOW))).toBe(
      'validation_failed',
    );
  });

  it('another partner’s representative: forbidden', () => {
    expect(codeOf(() => shortlistIdea(openOne(), otherRep, idea(), NOW))).toBe('forbidden');
  });

  it('the body is an idea id', () => {
    ok(shortlistSchema.safeParse({ ideaId: 'idea-1' }));
    expect(shortlistSchema.safeParse({ ideaId: 'idea-1', note: 'x' }).success).toBe(false);
  });
});

describe('awarding', () => {
  const input = { ideaId: 'idea-1', note: 'Best last-mile idea' };

  it('while open or closed; the challenge becomes awarded', () => {
    const c = awardChallenge(openOne(), rep, input, idea(), NOW);
    expect(c.state).toBe('awarded');
    expect(c.award).toEqual({ ideaId: 'idea-1', note: input.note, at: NOW.toISOString(), by: 'rep-1' });
    expect(challengeStatus(c, NOW)).toBe('awarded');
    expect(challengeStatus(awardChallenge(pastOne(), staff, input, idea(), NOW), NOW)).toBe('awarded');
  });

  it('a second award, or one while upcoming, is invalid_transition', () => {
    const c = awardChallenge(openOne(), rep, input, idea(), NOW);
    expect(codeOf(() => awardChallenge(c, rep, input, idea(), NOW))).toBe('invalid_transition');
    expect(codeOf(() => awardChallenge(challenge(), rep, input, idea(), NOW))).toBe('invalid_transition');
  });

  it('another partner’s representative: forbidden; an idea not answering: refused', () => {
    expect(codeOf(() => awardChallenge(openOne(), otherRep, input, idea(), NOW))).toBe('forbidden');
    expect(codeOf(() => awardChallenge(openOne(), rep, input, idea({ status: 'rejected' }), NOW))).toBe(
      'not_found',
    );
    expect(codeOf(() => awardChallenge(openOne(), rep, input, idea({ challengeId: 'x' }), NOW))).toBe(
      'validation_failed',
    );
  });

  it('the body: ideaId and a note, both required', () => {
    ok(awardSchema.safeParse(input));
    badAt(awardSchema.safeParse({ ideaId: 'idea-1' }), 'note');
    badAt(awardSchema.safeParse({ ideaId: 'idea-1', note: 'a\u202Eb' }), 'note');
    expect(awardSchema.safeParse({ ...input, prize: 1 }).success).toBe(false);
  });
});

describe('views and queries', () => {
  it('counts ideas by every status, zeros included, and a total', () => {
    const counts = challengeIdeaCounts({ submitted: 2, approved: 3 });
    for (const s of ideaStatuses) expect(counts[s]).toBeTypeOf('number');
    expect(counts).toMatchObject({ submitted: 2, approved: 3, rejected: 0, total: 5 });
  });

  it('the public view carries the status and no staff or representative id', () => {
    const v = publicChallenge(closeChallenge(openOne(), rep, NOW), NOW);
    expect(v.status).toBe('closed');
    expect('closedBy' in v).toBe(false);
    expect('createdBy' in v).toBe(false);
    const a = publicChallenge(
      awardChallenge(openOne(), rep, { ideaId: 'idea-1', note: 'n' }, idea(), NOW),
      NOW,
    );
    expect(a.award).toEqual({ ideaId: 'idea-1', note: 'n', at: NOW.toISOString() });
  });

  it('one title in the reader’s language', () => {
    expect(challengeTitle(valid, 'ar')).toBe(valid.titleAr);
    expect(challengeTitle(valid, 'en')).toBe(valid.titleEn);
  });

  it('GET /challenges filters status, partner, governorate, tag; pages', () => {
    ok(
      challengeListQuerySchema.safeParse({
        status: 'open',
        partner: 'p-1',
        governorate: 'OM-MA',
        tag: 'iot',
        limit: '5',
      }),
    );
    badAt(challengeListQuerySchema.safeParse({ status: 'draft' }), 'status');
    badAt(challengeListQuerySchema.safeParse({ tag: 'robots' }), 'tag');
    badAt(challengeListQuerySchema.safeParse({ governorate: 'OM-ZZ' }), 'governorate');
    badAt(challengeListQuerySchema.safeParse({ limit: '0' }), 'limit');
    expect(challengeListQuerySchema.safeParse({ partnerId: 'p-1' }).success).toBe(false);
  });
});
