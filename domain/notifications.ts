/**
 * Telling people (docs/api-contract.md §11): which events exist, who is told of each, the
 * preference groups and their defaults, when the digest runs, and what a notification says in
 * Arabic and English. Pure: the stream consumer (functions/events/) and the digest job apply
 * these rules to what they read.
 */
import * as z from 'zod/mini';
import type { Idea } from './ideas.ts';
import type { Lecture } from './lectures.ts';
import { muscatDate } from './time.ts';

export const notificationGroups = [
  'reviews',
  'team',
  'discussion',
  'showcase',
  'certificates',
  'challenges',
] as const;
export type NotificationGroup = (typeof notificationGroups)[number];

/** The people an event may concern; the consumer fills in those its audience names. */
export interface EventPeople {
  organizer?: string | undefined;
  author?: string | undefined;
  leader?: string | undefined;
  requester?: string | undefined;
  members?: readonly string[] | undefined;
  commentAuthor?: string | undefined;
  attendee?: string | undefined;
}
type Audience = keyof EventPeople;

/** Contract §11's table: each event's preference group and who is told. */
export const EVENT_TYPES = {
  'lecture.verified': { group: 'reviews', audience: 'organizer' },
  'lecture.rejected': { group: 'reviews', audience: 'organizer' },
  'lecture.revoked': { group: 'reviews', audience: 'organizer' },
  'idea.approved': { group: 'reviews', audience: 'author' },
  'idea.rejected': { group: 'reviews', audience: 'author' },
  'idea.changes_requested': { group: 'reviews', audience: 'author' },
  'join.requested': { group: 'team', audience: 'leader' },
  'join.accepted': { group: 'team', audience: 'requester' },
  'join.declined': { group: 'team', audience: 'requester' },
  'team.member_left': { group: 'team', audience: 'leader' },
  'team.leader_changed': { group: 'team', audience: 'members' },
  // "every member but the one who acted": the actor rule below covers the exception.
  'project.started': { group: 'showcase', audience: 'members' },
  'project.completed': { group: 'showcase', audience: 'members' },
  'project.featured': { group: 'showcase', audience: 'members' },
  'comment.replied': { group: 'discussion', audience: 'commentAuthor' },
  'certificate.issued': { group: 'certificates', audience: 'attendee' },
  'challenge.shortlisted': { group: 'challenges', audience: 'author' },
  'challenge.awarded': { group: 'challenges', audience: 'author' },
} as const satisfies Record<string, { group: NotificationGroup; audience: Audience }>;

export type EventType = keyof typeof EVENT_TYPES;
export const eventTypes = Object.keys(EVENT_TYPES) as EventType[];

export const groupOf = (type: EventType): NotificationGroup => EVENT_TYPES[type].group;

/**
 * Who is told of an event: the people its audience names, each once, in a stable order, and
 * never the one who acted (§11: "Nobody is told about their own action"). `actor` is a `sub`,
 * or `system` for the platform's own changes (a hand-over on erasure, a certificate).
 */
export const recipientsOf = (event: { type: EventType; actor: string; people: EventPeople }): string[] => {
  const named = event.people[EVENT_TYPES[event.type].audience];
  const ids = typeof named === 'string' ? [named] : [...(named ?? [])];
  return [...new Set(ids)].filter((id) => id !== event.actor);
};

// --- Preferences --------------------------------------------------------------------------

export const emailChoices = ['instant', 'digest', 'off'] as const;
export type EmailChoice = (typeof emailChoices)[number];
export const digestCadences = ['daily', 'weekly', 'off'] as const;
export type DigestCadence = (typeof digestCadences)[number];
export const languages = ['ar', 'en'] as const;
export type Language = (typeof languages)[number];

/** `PUT /me/preferences` takes exactly the whole object: every group, nothing else. */
export const preferencesSchema = z.strictObject({
  language: z.enum(languages),
  email: z.strictObject(
    Object.fromEntries(notificationGroups.map((g) => [g, z.enum(emailChoices)])) as {
      [G in NotificationGroup]: z.ZodMiniEnum<{ [C in EmailChoice]: C }>;
    },
  ),
  digest: z.enum(digestCadences),
});
export type Preferences = z.infer<typeof preferencesSchema>;

/** §11: Arabic, every group by digest, a daily digest. */
export const DEFAULT_PREFERENCES: Preferences = {
  language: 'ar',
  email: Object.fromEntries(notificationGroups.map((g) => [g, 'digest'])) as Preferences['email'],
  digest: 'daily',
};

/**
 * How an event reaches a recipient by email: at once, in their next digest, or not at all. A
 * group set to `digest` sends nothing while digests are `off`.
 */
export const emailChoice = (prefs: Preferences, type: EventType): EmailChoice => {
  const choice = prefs.email[groupOf(type)];
  return choice === 'digest' && prefs.digest === 'off' ? 'off' : choice;
};

// --- The digest clock ---------------------------------------------------------------------

/** The digest job runs at 08:00 Oman time (04:00 UTC; Oman keeps no daylight saving). */
export const DIGEST_HOUR_UTC = 4;

/**
 * What the run at instant `at` sends: the Oman date it is for (one digest per person and
 * date, whatever the number of runs), and the cadences due: daily every day, weekly on Sundays.
 */
export const digestRunFor = (at: Date): { date: string; cadences: Exclude<DigestCadence, 'off'>[] } => {
  const date = muscatDate(at);
  const sunday = new Date(`${date}T00:00:00Z`).getUTCDay() === 0;
  return { date, cadences: sunday ? ['daily', 'weekly'] : ['daily'] };
};

// --- Texts --------------------------------------------------------------------------------

/**
 * A quoted title wrapped in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE (Unicode bidi), so
 * an English idea title inside an Arabic sentence (or the reverse) neither reorders the
 * sentence nor is reordered by it.
 */
const isolate = (text: string) => `\u2068${text}\u2069`;

type Texts = { [L in Language]: { title: string; body: (subject: string) => string } };

const TEXTS: Record<EventType, Texts> = {
  'lecture.verified': {
    ar: { title: 'تم توثيق محاضرتك', body: (s) => `وثّق فريق المنصة محاضرتك ${s}، وأُضيفت إلى إحصاءاتك.` },
    en: {
      title: 'Your lecture was verified',
      body: (s) => `The platform team verified your lecture ${s}; it now counts in your statistics.`,
    },
  },
  'lecture.rejected': {
    ar: {
      title: 'لم يُقبل تقرير محاضرتك',
      body: (s) => `لم يقبل فريق المنصة تقرير محاضرتك ${s}. اطّلع على الملاحظة.`,
    },
    en: {
      title: 'Your lecture report was not accepted',
      body: (s) => `The platform team did not accept the report of your lecture ${s}. See the note.`,
    },
  },
  'lecture.revoked': {
    ar: {
      title: 'سُحب توثيق محاضرتك',
      body: (s) => `سحب فريق المنصة توثيق محاضرتك ${s}، ولم تعد تُحتسب في إحصاءاتك.`,
    },
    en: {
      title: 'Your lecture’s verification was revoked',
      body: (s) => `The platform team revoked the verification of your lecture ${s}; it no longer counts.`,
    },
  },
  'idea.approved': {
    ar: {
      title: 'تمت الموافقة على فكرتك',
      body: (s) => `وافق فريق المنصة على فكرتك ${s}، وأصبحت ظاهرة للجميع.`,
    },
    en: {
      title: 'Your idea was approved',
      body: (s) => `The platform team approved your idea ${s}; everyone can now see it.`,
    },
  },
  'idea.rejected': {
    ar: { title: 'لم تُقبل فكرتك', body: (s) => `لم يقبل فريق المنصة فكرتك ${s}. اطّلع على الملاحظة.` },
    en: {
      title: 'Your idea was not accepted',
      body: (s) => `The platform team did not accept your idea ${s}. See the note.`,
    },
  },
  'idea.changes_requested': {
    ar: {
      title: 'طُلبت تعديلات على فكرتك',
      body: (s) => `يطلب فريق المنصة تعديلات على فكرتك ${s} قبل الموافقة عليها.`,
    },
    en: {
      title: 'Changes were requested on your idea',
      body: (s) => `The platform team asks for changes to your idea ${s} before approving it.`,
    },
  },
  'join.requested': {
    ar: { title: 'طلب انضمام إلى فريقك', body: (s) => `طلب أحد السفراء الانضمام إلى فريق ${s}.` },
    en: {
      title: 'A request to join your team',
      body: (s) => `An ambassador asked to join the team of ${s}.`,
    },
  },
  'join.accepted': {
    ar: { title: 'قُبل طلب انضمامك', body: (s) => `أصبحت عضوًا في فريق ${s}.` },
    en: {
      title: 'Your request to join was accepted',
      body: (s) => `You are now a member of the team of ${s}.`,
    },
  },
  'join.declined': {
    ar: { title: 'لم يُقبل طلب انضمامك', body: (s) => `لم يقبل قائد الفريق طلب انضمامك إلى ${s}.` },
    en: {
      title: 'Your request to join was declined',
      body: (s) => `The team leader declined your request to join ${s}.`,
    },
  },
  'team.member_left': {
    ar: { title: 'غادر عضو فريقك', body: (s) => `غادر أحد الأعضاء فريق ${s}.` },
    en: { title: 'A member left your team', body: (s) => `A member left the team of ${s}.` },
  },
  'team.leader_changed': {
    ar: { title: 'قائد جديد للفريق', body: (s) => `تغيّر قائد فريق ${s}.` },
    en: { title: 'Your team has a new leader', body: (s) => `The team of ${s} has a new leader.` },
  },
  'project.started': {
    ar: { title: 'بدأ تنفيذ مشروعكم', body: (s) => `بدأ تنفيذ مشروع ${s}.` },
    en: { title: 'Your project has started', body: (s) => `Work on ${s} has started.` },
  },
  'project.completed': {
    ar: { title: 'اكتمل مشروعكم', body: (s) => `اكتمل مشروع ${s}. أحسنتم!` },
    en: { title: 'Your project is complete', body: (s) => `${s} is complete. Well done!` },
  },
  'project.featured': {
    ar: {
      title: 'مشروعكم في واجهة المنصة',
      body: (s) => `اختار فريق المنصة مشروع ${s} ليُعرض في واجهة المشاريع.`,
    },
    en: {
      title: 'Your project is featured',
      body: (s) => `The platform team featured ${s} in the showcase.`,
    },
  },
  'comment.replied': {
    ar: { title: 'ردّ على تعليقك', body: (s) => `ردّ أحدهم على تعليقك في ${s}.` },
    en: { title: 'A reply to your comment', body: (s) => `Someone replied to your comment on ${s}.` },
  },
  'certificate.issued': {
    ar: { title: 'شهادتك جاهزة', body: (s) => `صدرت شهادة حضورك لمحاضرة ${s}.` },
    en: {
      title: 'Your certificate is ready',
      body: (s) => `Your certificate for attending ${s} has been issued.`,
    },
  },
  'challenge.shortlisted': {
    ar: {
      title: 'فكرتك في القائمة المختصرة',
      body: (s) => `اختار الشريك فكرتك ${s} في القائمة المختصرة للتحدي.`,
    },
    en: {
      title: 'Your idea was shortlisted',
      body: (s) => `The partner shortlisted your idea ${s} for the challenge.`,
    },
  },
  'challenge.awarded': {
    ar: { title: 'فازت فكرتك في التحدي', body: (s) => `منح الشريك فكرتك ${s} جائزة التحدي. مبارك!` },
    en: {
      title: 'Your idea won the challenge',
      body: (s) => `The partner awarded the challenge to your idea ${s}. Congratulations!`,
    },
  },
};

/** The notification's title and body in `language`, quoting the subject's title isolated. */
export const notificationText = (
  type: EventType,
  language: Language,
  facts: { subjectTitle: string },
): { title: string; body: string } => {
  const t = TEXTS[type][language];
  return { title: t.title, body: t.body(isolate(facts.subjectTitle)) };
};

// --- Events -------------------------------------------------------------------------------

/** What an event is about, as a client finds it: `path` is the subject's API path. */
export interface EventSubject {
  type: 'lecture' | 'idea' | 'comment' | 'certificate' | 'challenge';
  id: string;
  path: string;
}

/**
 * One domain event, as the change's transaction writes it (the outbox item) and the stream
 * consumer reads it. `recipients` are resolved when the change is decided, from the people it
 * concerns, so delivery needs no read of the change's items. `subjectTitle` is the title the
 * texts quote (rendered in each recipient's language when read); it never leaves the platform
 * on the event bus, which carries ids only (`busDetail`).
 */
export interface DomainEvent {
  /** A ULID: time-ordered, so an inbox sorted by it is newest first when read backwards. */
  id: string;
  type: EventType;
  at: string;
  /** The `sub` who acted, or `system`. */
  actor: string;
  subject: EventSubject;
  subjectTitle: string;
  recipients: string[];
}

/** An event of `type` about `subject`, told to the people it concerns except the actor. */
export const domainEvent = (e: Omit<DomainEvent, 'recipients'> & { people: EventPeople }): DomainEvent => {
  const { people, ...rest } = e;
  return { ...rest, recipients: recipientsOf({ type: e.type, actor: e.actor, people }) };
};

/** The `source` of every event this platform puts on its bus (what a rule matches on). */
export const BUS_EVENT_SOURCE = 'smartcity.ambassadors';

/** What the event bus carries: ids only, no names, titles or texts (§11). */
export const busDetail = (e: DomainEvent) => ({
  id: e.id,
  type: e.type,
  at: e.at,
  actor: e.actor,
  subject: e.subject,
  recipients: e.recipients,
});

// --- What each change tells ---------------------------------------------------------------

/**
 * A new event's identity: a fresh id (a ULID in production) and the change's time, both from
 * the use case that decides the change, so the event says exactly when its change happened.
 */
export interface EventStamp {
  id: string;
  at: Date;
}

/** Who acts for the platform itself (the consequences of an erasure). */
export const SYSTEM_ACTOR = 'system';

const lectureSubject = (l: { id: string }): EventSubject => ({
  type: 'lecture',
  id: l.id,
  path: `/lectures/${l.id}`,
});
const ideaSubject = (i: { id: string }): EventSubject => ({ type: 'idea', id: i.id, path: `/ideas/${i.id}` });

const event = (
  type: EventType,
  stamp: EventStamp,
  actor: string,
  subject: EventSubject,
  subjectTitle: string,
  people: EventPeople,
): DomainEvent =>
  domainEvent({ id: stamp.id, type, at: stamp.at.toISOString(), actor, subject, subjectTitle, people });

/** A review decided: the organizer learns the lecture was verified or not accepted. */
export const lectureReviewed = (
  lecture: Pick<Lecture, 'id' | 'title' | 'organizerId' | 'status'>,
  actor: string,
  stamp: EventStamp,
): DomainEvent => {
  if (lecture.status !== 'verified' && lecture.status !== 'rejected')
    throw new Error(`a review leaves a lecture verified or rejected, not ${lecture.status}`);
  return event(`lecture.${lecture.status}`, stamp, actor, lectureSubject(lecture), lecture.title, {
    organizer: lecture.organizerId,
  });
};

type IdeaFacts = Pick<Idea, 'id' | 'title' | 'authorId' | 'status' | 'leaderId' | 'featured'>;

/**
 * What a move of an idea tells, if anything: a staff decision (to the author), a project
 * started or completed (to every member but the one who acted) or newly featured (to every
 * member). `members` are the team's `sub`s when the move was decided; edits, withdrawals,
 * unfeaturing and a re-feature with new headlines tell nobody.
 */
export const ideaMoved = (
  current: IdeaFacts,
  next: IdeaFacts,
  actor: string,
  members: readonly string[],
  stamp: EventStamp,
): DomainEvent | undefined => {
  const tell = (type: EventType, people: EventPeople) =>
    event(type, stamp, actor, ideaSubject(next), next.title, people);
  if (current.status === 'submitted') {
    if (next.status === 'approved') return tell('idea.approved', { author: next.authorId });
    if (next.status === 'rejected') return tell('idea.rejected', { author: next.authorId });
    if (next.status === 'changes_requested') return tell('idea.changes_requested', { author: next.authorId });
  }
  if (current.status === 'approved' && next.status === 'in_progress')
    return tell('project.started', { members });
  if (current.status === 'in_progress' && next.status === 'completed')
    return tell('project.completed', { members });
  if (!current.featured && next.featured) return tell('project.featured', { members });
  return undefined;
};

/** An ambassador asks to join: the team's leader is told. */
export const joinRequested = (
  idea: Pick<Idea, 'id' | 'title' | 'authorId' | 'leaderId'>,
  requester: string,
  stamp: EventStamp,
): DomainEvent =>
  event('join.requested', stamp, requester, ideaSubject(idea), idea.title, {
    leader: idea.leaderId ?? idea.authorId,
  });

/** The leader decided a join request: the requester is told. */
export const joinDecided = (
  idea: Pick<Idea, 'id' | 'title'>,
  requester: string,
  decision: 'accept' | 'decline',
  actor: string,
  stamp: EventStamp,
): DomainEvent =>
  event(
    decision === 'accept' ? 'join.accepted' : 'join.declined',
    stamp,
    actor,
    ideaSubject(idea),
    idea.title,
    {
      requester,
    },
  );

/**
 * A member left the team (on their own, or removed by their erasure, `actor` then `system`):
 * the leader is told.
 */
export const memberLeft = (
  idea: Pick<Idea, 'id' | 'title' | 'authorId' | 'leaderId'>,
  actor: string,
  stamp: EventStamp,
): DomainEvent =>
  event('team.member_left', stamp, actor, ideaSubject(idea), idea.title, {
    leader: idea.leaderId ?? idea.authorId,
  });

/**
 * The team has a new leader: every member is told (the new leader included, whoever acted
 * excluded). `members` are the team when the hand-over was decided.
 */
export const leaderChanged = (
  idea: Pick<Idea, 'id' | 'title'>,
  members: readonly string[],
  actor: string,
  stamp: EventStamp,
): DomainEvent => event('team.leader_changed', stamp, actor, ideaSubject(idea), idea.title, { members });

/**
 * A reply to a comment: the author of the comment replied to is told (not when they answer
 * themselves). The subject is the reply, found in its idea's comments.
 */
export const commentReplied = (
  idea: Pick<Idea, 'id' | 'title'>,
  reply: { id: string; authorId: string },
  parentAuthor: string,
  stamp: EventStamp,
): DomainEvent =>
  event(
    'comment.replied',
    stamp,
    reply.authorId,
    { type: 'comment', id: reply.id, path: `/ideas/${idea.id}/comments` },
    idea.title,
    { commentAuthor: parentAuthor },
  );
