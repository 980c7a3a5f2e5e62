/**
 * Delivery end to end (docs/api-contract.md §11), through HTTP on the local server: every
 * change that tells people writes its event in its transaction, the stream's consumer
 * (functions/events/deliver.ts, called by the local event source mapping) puts it in exactly
 * the right inboxes, in each recipient's language, emails it as each recipient's preference
 * says (instant: one email with the one-click unsubscribe headers; digest and off: none), and
 * puts it on the bus with ids only. Nobody is told of their own action. The email's one-click
 * unsubscribe link turns its group off. Tests wait with POST /_local/stream/drain, never a sleep.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type EventType, notificationText } from '#domain/notifications.ts';
import { call, newAmbassador } from '#support/api.ts';
import {
  allEmail,
  type BusEvent,
  busEvents,
  drain,
  inboxOf,
  mailTo,
  setPreferences,
  unsubscribeLink,
} from '#support/delivery.ts';
import {
  ideaDecision,
  joinDecision,
  lectureReview,
  validFeature,
  validIdea,
  validLecture,
} from '#support/fixtures.ts';
import { must, newMember, type Person } from '#support/scenes.ts';

type Amb = Person & { email: string; name: string };
const ambassador = async (name: string): Promise<Amb> => {
  const a = await newAmbassador({ name });
  return { id: a.id, token: a.token, email: `${a.id}@example.om`, name };
};
const sorted = (types: string[]) => [...types].sort();
const ARABIC = /[\u0600-\u06FF]/;

describe('every event reaches exactly the right people, by the channels they chose', () => {
  // The author (English, every email at once), a teammate (Arabic, every email at once), a
  // declined requester (the defaults: Arabic, digest) and a member who leaves (email off).
  let author: Amb;
  let teammate: Amb;
  let declined: Amb;
  let leaver: Amb;
  let staff: Person;
  const titles = {
    lecture: 'Smart parking talk in Sohar',
    idea: 'Solar benches for Muttrah Corniche',
  };
  let ideaId = '';

  beforeAll(async () => {
    [author, teammate, declined, leaver] = await Promise.all([
      ambassador('Author Aisha'),
      ambassador('زميل الفريق'),
      ambassador('Declined Dawood'),
      ambassador('Leaver Layla'),
    ]);
    staff = await newMember('staff', ['staff']);
    await setPreferences(author.token, { language: 'en', email: allEmail('instant') });
    await setPreferences(teammate.token, { language: 'ar', email: allEmail('instant') });
    await setPreferences(leaver.token, { language: 'en', email: allEmail('off') });

    // Reviews: two lectures, three ideas.
    const verified = await must('POST', '/lectures', author.token, validLecture({ title: titles.lecture }));
    await must('POST', `/staff/lectures/${verified.id}/review`, staff.token, lectureReview.verify());
    const rejected = await must(
      'POST',
      '/lectures',
      author.token,
      validLecture({ title: `${titles.lecture} 2` }),
    );
    await must('POST', `/staff/lectures/${rejected.id}/review`, staff.token, lectureReview.reject());
    const changes = await must(
      'POST',
      '/ideas',
      author.token,
      validIdea({ title: `${titles.idea} (draft)` }),
    );
    await must('POST', `/staff/ideas/${changes.id}/decision`, staff.token, ideaDecision.requestChanges());
    const refused = await must(
      'POST',
      '/ideas',
      author.token,
      validIdea({ title: `${titles.idea} (refused)` }),
    );
    await must('POST', `/staff/ideas/${refused.id}/decision`, staff.token, ideaDecision.reject());
    const idea = await must('POST', '/ideas', author.token, validIdea({ title: titles.idea }));
    ideaId = idea.id;
    await must('POST', `/staff/ideas/${ideaId}/decision`, staff.token, ideaDecision.approve());

    // The team: three requests, two accepted, one declined; one member leaves.
    const ask = (p: Person) => must('POST', `/ideas/${ideaId}/join-requests`, p.token, { role: 'tester' });
    const decide = (p: Person, body: unknown) =>
      must('POST', `/ideas/${ideaId}/join-requests/${p.id}/decision`, author.token, body);
    await ask(teammate);
    await decide(teammate, joinDecision.accept());
    await ask(declined);
    await decide(declined, joinDecision.decline());
    await ask(leaver);
    await decide(leaver, joinDecision.accept());
    await must('POST', `/ideas/${ideaId}/leave`, leaver.token);

    // The author hands the team over; the new leader starts, staff feature, the leader completes.
    await must('POST', `/ideas/${ideaId}/leader`, author.token, { ambassadorId: teammate.id });
    await must('POST', `/ideas/${ideaId}/start`, teammate.token);
    await must('POST', `/staff/ideas/${ideaId}/feature`, staff.token, validFeature());
    await must('POST', `/ideas/${ideaId}/complete`, teammate.token, {
      outcome: 'Twelve benches charge phones along the corniche every evening.',
    });

    // A reply tells the comment's author; the author's own comment tells nobody.
    const comment = await must('POST', `/ideas/${ideaId}/comments`, author.token, {
      body: 'Who builds the frames?',
    });
    await must('POST', `/ideas/${ideaId}/comments`, declined.token, { body: 'أنا', replyTo: comment.id });
    await drain();
  }, 120_000);

  const expected: Record<string, EventType[]> = {
    author: [
      'lecture.verified',
      'lecture.rejected',
      'idea.changes_requested',
      'idea.rejected',
      'idea.approved',
      'join.requested',
      'join.requested',
      'join.requested',
      'team.member_left',
      'project.started',
      'project.featured',
      'project.completed',
      'comment.replied',
    ],
    // The leader's hand-over tells every member but the old leader who made it.
    teammate: ['join.accepted', 'team.leader_changed', 'project.featured'],
    declined: ['join.declined'],
    // Gone before the hand-over: told only of their own acceptance.
    leaver: ['join.accepted'],
  };

  it('puts each event in exactly the inboxes of the people concerned, once', async () => {
    const people = { author, teammate, declined, leaver };
    for (const [who, person] of Object.entries(people)) {
      const inbox = await inboxOf(person.token);
      expect(sorted(inbox.items.map((n) => n.type)), who).toEqual(sorted(expected[who] ?? []));
      expect(new Set(inbox.items.map((n) => n.id)).size, `${who}: no notification twice`).toBe(
        inbox.items.length,
      );
      expect(inbox.unread, who).toBe(inbox.items.length);
    }
    // Staff acted on everything and are told of nothing.
    expect((await inboxOf(staff.token)).items).toEqual([]);
  });

  it("writes each notification in its recipient's language", async () => {
    const en = await inboxOf(author.token);
    for (const n of en.items) {
      expect(n.title, n.type).toBe(notificationText(n.type as EventType, 'en', { subjectTitle: '' }).title);
      expect(n.title, n.type).not.toMatch(ARABIC);
    }
    expect(en.items.find((n) => n.type === 'idea.approved')?.body).toContain(titles.idea);
    const ar = await inboxOf(teammate.token);
    for (const n of ar.items) {
      expect(n.title, n.type).toBe(notificationText(n.type as EventType, 'ar', { subjectTitle: '' }).title);
      expect(n.title, n.type).toMatch(ARABIC);
    }
    expect(ar.items.find((n) => n.type === 'project.featured')?.subject).toEqual({
      type: 'idea',
      id: ideaId,
      path: `/ideas/${ideaId}`,
    });
  });

  it('emails each event once to those who want it at once, with one-click unsubscribe; none to the others', async () => {
    const authorMail = await mailTo(author.email);
    expect(authorMail).toHaveLength(expected.author?.length ?? 0);
    const teammateMail = await mailTo(teammate.email);
    expect(teammateMail).toHaveLength(expected.teammate?.length ?? 0);
    for (const mail of [...authorMail, ...teammateMail]) {
      expect(mail.headers['List-Unsubscribe'], mail.subject).toMatch(
        /^<http:\/\/[^>]+\/unsubscribe\?token=[^>]+>$/,
      );
      expect(mail.headers['List-Unsubscribe-Post'], mail.subject).toBe('List-Unsubscribe=One-Click');
    }
    expect(authorMail.every((m) => !ARABIC.test(m.subject))).toBe(true);
    expect(teammateMail.every((m) => ARABIC.test(m.subject))).toBe(true);
    expect(authorMail.map((m) => m.subject)).toContain(
      notificationText('idea.approved', 'en', { subjectTitle: '' }).title,
    );
    // Digest (the defaults) and off: nothing yet.
    expect(await mailTo(declined.email)).toEqual([]);
    expect(await mailTo(leaver.email)).toEqual([]);
  });

  it('puts each event on the bus once, with ids only', async () => {
    const ids = new Set((await inboxOf(author.token)).items.map((n) => n.id));
    for (const n of (await inboxOf(teammate.token)).items) ids.add(n.id);
    const onBus = (await busEvents()).filter((e) => ids.has(String(e.detail.id)));
    expect(onBus.map((e) => e.detail.id).sort()).toEqual([...ids].sort());
    const personal = [
      titles.lecture,
      titles.idea,
      ...[author, teammate, declined, leaver].flatMap((p) => [p.name, p.email]),
    ];
    for (const e of onBus as BusEvent[]) {
      expect(e['detail-type']).toBe(e.detail.type);
      expect(e).toMatchObject({
        source: expect.any(String),
        time: expect.any(String),
        id: expect.any(String),
      });
      expect(Object.keys(e.detail).sort()).toEqual(['actor', 'at', 'id', 'recipients', 'subject', 'type']);
      const text = JSON.stringify(e.detail);
      for (const p of personal) expect(text, `${e['detail-type']} carries ${p}`).not.toContain(p);
    }
  });

  it("the email's one-click link turns its group off, and the next review sends no email", async () => {
    const mail = (await mailTo(author.email)).find(
      (m) => m.subject === notificationText('lecture.verified', 'en', { subjectTitle: '' }).title,
    );
    expect(mail).toBeDefined();
    const link = new URL(unsubscribeLink(mail!));
    const res = await call('POST', `${link.pathname}${link.search}`, {
      rawBody: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status, res.text).toBe(200);
    const prefs = (await call('GET', '/me/preferences', { token: author.token })).body;
    expect(prefs.email.reviews).toBe('off');
    expect(prefs.email.team).toBe('instant');

    const before = (await mailTo(author.email)).length;
    const lecture = await must(
      'POST',
      '/lectures',
      author.token,
      validLecture({ title: 'After unsubscribing' }),
    );
    await must('POST', `/staff/lectures/${lecture.id}/review`, staff.token, lectureReview.verify());
    await drain();
    expect(await mailTo(author.email)).toHaveLength(before);
    expect((await inboxOf(author.token)).items.filter((n) => n.type === 'lecture.verified')).toHaveLength(2);
  });
});
