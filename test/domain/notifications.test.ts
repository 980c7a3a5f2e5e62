import { describe, expect, it } from 'vitest';
import {
  commentReplied,
  DEFAULT_PREFERENCES,
  digestRunFor,
  EVENT_TYPES,
  type EventType,
  emailChoice,
  eventTypes,
  groupOf,
  ideaMoved,
  joinDecided,
  joinRequested,
  leaderChanged,
  lectureReviewed,
  memberLeft,
  notificationText,
  preferencesSchema,
  recipientsOf,
} from '#domain/notifications.ts';

describe('the events of contract §11', () => {
  it('has exactly the table of §11, each with its group', () => {
    expect(Object.fromEntries(eventTypes.map((t) => [t, groupOf(t)]))).toEqual({
      'lecture.verified': 'reviews',
      'lecture.rejected': 'reviews',
      'lecture.revoked': 'reviews',
      'idea.approved': 'reviews',
      'idea.rejected': 'reviews',
      'idea.changes_requested': 'reviews',
      'join.requested': 'team',
      'join.accepted': 'team',
      'join.declined': 'team',
      'team.member_left': 'team',
      'team.leader_changed': 'team',
      'project.started': 'showcase',
      'project.completed': 'showcase',
      'project.featured': 'showcase',
      'comment.replied': 'discussion',
      'certificate.issued': 'certificates',
      'challenge.shortlisted': 'challenges',
      'challenge.awarded': 'challenges',
    });
  });
});

describe('who is told', () => {
  const people = {
    organizer: 'org',
    author: 'auth',
    leader: 'lead',
    requester: 'req',
    members: ['lead', 'm1', 'm2'],
    commentAuthor: 'c1',
    attendee: 'att',
  };
  const told = (type: EventType, actor: string) => recipientsOf({ type, actor, people });

  it('tells each event to the people §11 names', () => {
    expect(told('lecture.verified', 'staff1')).toEqual(['org']);
    expect(told('idea.approved', 'staff1')).toEqual(['auth']);
    expect(told('join.requested', 'req')).toEqual(['lead']);
    expect(told('join.accepted', 'lead')).toEqual(['req']);
    expect(told('join.declined', 'lead')).toEqual(['req']);
    expect(told('team.member_left', 'm1')).toEqual(['lead']);
    expect(told('team.leader_changed', 'system')).toEqual(['lead', 'm1', 'm2']);
    expect(told('project.featured', 'staff1')).toEqual(['lead', 'm1', 'm2']);
    expect(told('comment.replied', 'x')).toEqual(['c1']);
    expect(told('certificate.issued', 'system')).toEqual(['att']);
    expect(told('challenge.awarded', 'rep1')).toEqual(['auth']);
  });

  it('never tells anyone about their own action', () => {
    expect(told('project.started', 'm1')).toEqual(['lead', 'm2']);
    expect(told('team.leader_changed', 'm2')).toEqual(['lead', 'm1']);
    expect(told('comment.replied', 'c1')).toEqual([]);
    expect(told('lecture.verified', 'org')).toEqual([]);
    for (const type of eventTypes)
      for (const actor of ['org', 'auth', 'lead', 'req', 'm1', 'c1', 'att'])
        expect(told(type, actor), `${type} by ${actor}`).not.toContain(actor);
  });

  it('tells each person once, and nobody when the people are missing', () => {
    expect(
      recipientsOf({ type: 'project.featured', actor: 'staff', people: { members: ['a', 'a', 'b'] } }),
    ).toEqual(['a', 'b']);
    expect(recipientsOf({ type: 'join.requested', actor: 'r', people: {} })).toEqual([]);
  });
});

describe('preferences', () => {
  it('defaults to Arabic, every group by digest, a daily digest', () => {
    expect(DEFAULT_PREFERENCES).toEqual({
      language: 'ar',
      email: {
        reviews: 'digest',
        team: 'digest',
        discussion: 'digest',
        showcase: 'digest',
        certificates: 'digest',
        challenges: 'digest',
      },
      digest: 'daily',
    });
    expect(preferencesSchema.safeParse(DEFAULT_PREFERENCES).success).toBe(true);
  });

  it('takes exactly the whole object: unknown or missing fields are refused', () => {
    const ok = { ...DEFAULT_PREFERENCES, email: { ...DEFAULT_PREFERENCES.email, team: 'instant' } };
    expect(preferencesSchema.safeParse(ok).success).toBe(true);
    expect(preferencesSchema.safeParse({ ...ok, extra: 1 }).success).toBe(false);
    expect(preferencesSchema.safeParse({ ...ok, email: { ...ok.email, sms: 'off' } }).success).toBe(false);
    const { reviews: _, ...missing } = ok.email;
    expect(preferencesSchema.safeParse({ ...ok, email: missing }).success).toBe(false);
    expect(preferencesSchema.safeParse({ ...ok, language: 'fr' }).success).toBe(false);
    expect(preferencesSchema.safeParse({ ...ok, digest: 'hourly' }).success).toBe(false);
  });

  it('an event goes by email as its group is set, and nothing goes to a digest when digests are off', () => {
    const prefs = {
      ...DEFAULT_PREFERENCES,
      email: { ...DEFAULT_PREFERENCES.email, team: 'instant' as const, reviews: 'off' as const },
    };
    expect(emailChoice(prefs, 'join.requested')).toBe('instant');
    expect(emailChoice(prefs, 'lecture.verified')).toBe('off');
    expect(emailChoice(prefs, 'project.featured')).toBe('digest');
    expect(emailChoice({ ...prefs, digest: 'off' }, 'project.featured')).toBe('off');
  });
});

describe('the digest clock (08:00 Oman time; weekly on Sundays)', () => {
  // 2026-12-06 is a Sunday. 08:00 in Muscat is 04:00 UTC.
  it('a run at 08:00 Oman time on a Sunday sends daily and weekly digests', () => {
    expect(digestRunFor(new Date('2026-12-06T04:00:00Z'))).toEqual({
      date: '2026-12-06',
      cadences: ['daily', 'weekly'],
    });
  });
  it('on other days only daily digests', () => {
    expect(digestRunFor(new Date('2026-12-07T04:00:00Z'))).toEqual({
      date: '2026-12-07',
      cadences: ['daily'],
    });
  });
  it('the date is the Oman date, not the UTC one', () => {
    // 21:00 UTC on Saturday is 01:00 on Sunday in Muscat.
    expect(digestRunFor(new Date('2026-12-05T21:00:00Z')).cadences).toContain('weekly');
    expect(digestRunFor(new Date('2026-12-06T20:30:00Z')).cadences).toEqual(['daily']);
  });
});

describe('texts, in the recipient’s language', () => {
  it('has an Arabic and an English title and body for every event type', () => {
    for (const type of eventTypes)
      for (const language of ['ar', 'en'] as const) {
        const t = notificationText(type, language, { subjectTitle: 'Smart parking' });
        expect(t.title.length, `${type} ${language}`).toBeGreaterThan(3);
        expect(t.body.length, `${type} ${language}`).toBeGreaterThan(3);
        if (language === 'ar') expect(t.title, type).toMatch(/[\u0600-\u06FF]/);
        else expect(t.title, type).not.toMatch(/[\u0600-\u06FF]/);
      }
  });

  it('isolates the title it quotes, so Arabic around an English title (and the reverse) keeps its order', () => {
    const ar = notificationText('idea.approved', 'ar', { subjectTitle: 'Smart parking 2.0' });
    expect(ar.body).toContain('\u2068Smart parking 2.0\u2069');
    const en = notificationText('idea.approved', 'en', { subjectTitle: 'مواقف ذكية' });
    expect(en.body).toContain('\u2068مواقف ذكية\u2069');
  });

  it('every event type is declared once', () => {
    expect(new Set(eventTypes).size).toBe(Object.keys(EVENT_TYPES).length);
  });
});

describe('what each change tells (the events the use cases write)', () => {
  const stamp = { id: '01JEVENT', at: new Date('2026-11-28T10:00:00.000Z') };
  const idea = {
    id: 'i1',
    title: 'Smart parking',
    authorId: 'auth',
    status: 'submitted' as const,
    leaderId: undefined,
    featured: undefined,
  };
  const team = ['auth', 'm1', 'm2'];
  const moved = (from: string, to: string, actor: string, extra: object = {}) =>
    ideaMoved(
      { ...idea, status: from as never },
      { ...idea, status: to as never, ...extra },
      actor,
      team,
      stamp,
    );
  const typeAndTold = (e: ReturnType<typeof moved>) => e && [e.type, e.recipients];

  it('a lecture review tells the organizer, with the lecture as subject', () => {
    const l = { id: 'l1', title: 'Water at school', organizerId: 'org' };
    expect(lectureReviewed({ ...l, status: 'verified' }, 'staff1', stamp)).toEqual({
      id: '01JEVENT',
      type: 'lecture.verified',
      at: '2026-11-28T10:00:00.000Z',
      actor: 'staff1',
      subject: { type: 'lecture', id: 'l1', path: '/lectures/l1' },
      subjectTitle: 'Water at school',
      recipients: ['org'],
    });
    expect(lectureReviewed({ ...l, status: 'rejected' }, 'staff1', stamp).type).toBe('lecture.rejected');
    expect(() => lectureReviewed({ ...l, status: 'reported' }, 'staff1', stamp)).toThrow();
  });

  it('each move of an idea tells what §11 names, or nothing', () => {
    expect(typeAndTold(moved('submitted', 'approved', 'staff1'))).toEqual(['idea.approved', ['auth']]);
    expect(typeAndTold(moved('submitted', 'rejected', 'staff1'))).toEqual(['idea.rejected', ['auth']]);
    expect(typeAndTold(moved('submitted', 'changes_requested', 'staff1'))).toEqual([
      'idea.changes_requested',
      ['auth'],
    ]);
    // Every member but the one who acted.
    expect(typeAndTold(moved('approved', 'in_progress', 'auth'))).toEqual(['project.started', ['m1', 'm2']]);
    expect(typeAndTold(moved('in_progress', 'completed', 'm1'))).toEqual([
      'project.completed',
      ['auth', 'm2'],
    ]);
    // Every member: staff acting on others' items are not among them.
    const featured = { featured: { headlineAr: 'أ', headlineEn: 'A', featuredAt: 'x' } };
    expect(typeAndTold(moved('in_progress', 'in_progress', 'staff1', featured))).toEqual([
      'project.featured',
      team,
    ]);
    for (const [from, to] of [
      ['submitted', 'submitted'],
      ['changes_requested', 'submitted'],
      ['submitted', 'withdrawn'],
      ['approved', 'withdrawn'],
      ['in_progress', 'in_progress'],
    ])
      expect(moved(from as string, to as string, 'auth'), `${from} → ${to}`).toBeUndefined();
    // A re-feature (new headlines) is no news.
    expect(
      ideaMoved(
        { ...idea, status: 'completed', ...featured },
        { ...idea, status: 'completed', ...featured },
        's',
        team,
        stamp,
      ),
    ).toBeUndefined();
  });

  it('team events go to the leader, the requester or every member, never to the actor', () => {
    const led = { ...idea, leaderId: 'm1' };
    expect(joinRequested(led, 'req', stamp)).toMatchObject({
      type: 'join.requested',
      actor: 'req',
      recipients: ['m1'],
      subject: { type: 'idea', id: 'i1', path: '/ideas/i1' },
    });
    expect(joinRequested(idea, 'req', stamp).recipients).toEqual(['auth']);
    expect(joinDecided(idea, 'req', 'accept', 'auth', stamp)).toMatchObject({
      type: 'join.accepted',
      recipients: ['req'],
    });
    expect(joinDecided(idea, 'req', 'decline', 'auth', stamp)).toMatchObject({
      type: 'join.declined',
      recipients: ['req'],
    });
    expect(memberLeft(led, 'm2', stamp)).toMatchObject({ type: 'team.member_left', recipients: ['m1'] });
    expect(memberLeft(idea, 'system', stamp)).toMatchObject({ actor: 'system', recipients: ['auth'] });
    // The new leader included; the actor excluded (the old leader acting; staff; the system).
    expect(leaderChanged(idea, team, 'auth', stamp).recipients).toEqual(['m1', 'm2']);
    expect(leaderChanged(idea, team, 'staff1', stamp).recipients).toEqual(team);
    expect(leaderChanged(idea, team, 'system', stamp)).toMatchObject({
      type: 'team.leader_changed',
      actor: 'system',
      recipients: team,
    });
  });

  it('a reply tells the author of the comment answered, with the reply as subject', () => {
    expect(commentReplied(idea, { id: 'c2', authorId: 'x' }, 'c1-author', stamp)).toEqual({
      id: '01JEVENT',
      type: 'comment.replied',
      at: '2026-11-28T10:00:00.000Z',
      actor: 'x',
      subject: { type: 'comment', id: 'c2', path: '/ideas/i1/comments' },
      subjectTitle: 'Smart parking',
      recipients: ['c1-author'],
    });
    expect(commentReplied(idea, { id: 'c2', authorId: 'x' }, 'x', stamp).recipients).toEqual([]);
  });
});
