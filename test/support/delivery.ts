/**
 * What delivery tests read through HTTP (docs/local.md): the stream drained instead of a sleep,
 * a person's inbox, the emails the SES stand-in kept, the events put on the local bus, and
 * preferences set as a client sets them.
 */
import { DEFAULT_PREFERENCES, type Preferences } from '#domain/notifications.ts';
import { call, newAmbassador } from './api.ts';
import { ideaDecision, validIdea } from './fixtures.ts';
import { must, newMember, ok } from './scenes.ts';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  at: string;
  messageId: string;
}
export interface BusEvent {
  id: string;
  source: string;
  'detail-type': string;
  time: string;
  detail: Record<string, unknown>;
}
export interface InboxItem {
  id: string;
  type: string;
  at: string;
  read: boolean;
  title: string;
  body: string;
  subject: { type: string; id: string; path: string };
}

/** Waits until the consumer has handled every event written so far. */
export const drain = async () => ok(await call('POST', '/_local/stream/drain'));

export const mailTo = async (address: string): Promise<Mail[]> =>
  ok(await call('GET', `/_local/mail?to=${encodeURIComponent(address)}`)).items;

export const busEvents = async (type?: string): Promise<BusEvent[]> =>
  ok(await call('GET', `/_local/events${type ? `?detail-type=${encodeURIComponent(type)}` : ''}`)).items;

export const inboxOf = async (token: string): Promise<{ items: InboxItem[]; unread: number }> =>
  ok(await call('GET', '/me/notifications?limit=100', { token }));

export const setPreferences = async (token: string, change: Partial<Preferences> = {}) =>
  ok(
    await call('PUT', '/me/preferences', {
      token,
      body: {
        ...DEFAULT_PREFERENCES,
        ...change,
        email: { ...DEFAULT_PREFERENCES.email, ...change.email },
      },
    }),
  );

/** Every email choice set to `choice`. */
export const allEmail = (choice: 'instant' | 'digest' | 'off'): Preferences['email'] => ({
  reviews: choice,
  team: choice,
  discussion: choice,
  showcase: choice,
  certificates: choice,
  challenges: choice,
});

/** The URL of an email's one-click unsubscribe (`List-Unsubscribe: <url>`). */
export const unsubscribeLink = (mail: Mail): string => {
  const url = /<([^>]+)>/.exec(mail.headers['List-Unsubscribe'] ?? '')?.[1];
  if (!url) throw new Error(`no List-Unsubscribe in ${JSON.stringify(mail.headers)}`);
  return url;
};

/**
 * A new ambassador in `language` who wants every email at once, and the email they get when
 * staff approve their idea titled `title`.
 */
export const approvalEmailOf = async (
  language: 'ar' | 'en',
  title: string,
): Promise<{ token: string; id: string; mail: Mail }> => {
  const author = await newAmbassador();
  await setPreferences(author.token, { language, email: allEmail('instant') });
  const staff = await newMember('staff', ['staff']);
  const idea = await must('POST', '/ideas', author.token, validIdea({ title }));
  await must('POST', `/staff/ideas/${idea.id}/decision`, staff.token, ideaDecision.approve());
  await drain();
  const [mail] = await mailTo(`${author.id}@example.om`);
  if (!mail) throw new Error('no email was sent');
  return { token: author.token, id: author.id, mail };
};
