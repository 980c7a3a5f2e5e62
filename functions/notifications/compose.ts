/**
 * An email as sent: the content (domain/notification-email.ts) with its links made absolute
 * and its unsubscribe headers (RFC 2369 `List-Unsubscribe`, RFC 8058 one-click). Links start at
 * PUBLIC_BASE_URL, the API's public URL: a subject's link is its API path, the unsubscribe
 * link is `POST /unsubscribe?token=…`.
 */
import {
  digestEmail,
  type EmailItem,
  instantEmail,
  type RenderedEmail,
  type UnsubscribeLink,
} from '#domain/notification-email.ts';
import {
  type EventSubject,
  type EventType,
  groupOf,
  type Language,
  type NotificationGroup,
} from '#domain/notifications.ts';
import { signUnsubscribe } from './unsubscribe-token.ts';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The public base URL, without a trailing slash. RFC 8058 requires the one-click URL to be
 * HTTPS; plain HTTP is accepted only for a loopback host (a server on this machine).
 */
export const publicBaseUrl = (): string => {
  const raw = process.env.PUBLIC_BASE_URL;
  if (!raw) throw new Error('Environment variable PUBLIC_BASE_URL is not set: emails need their links');
  const url = new URL(raw);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname)))
    throw new Error('PUBLIC_BASE_URL must be an https URL (RFC 8058 one-click unsubscribe)');
  return url.href.replace(/\/+$/, '');
};

export const subjectUrl = (subject: EventSubject): string => `${publicBaseUrl()}${subject.path}`;

export const unsubscribeUrl = async (sub: string, group: NotificationGroup): Promise<string> =>
  `${publicBaseUrl()}/unsubscribe?token=${await signUnsubscribe(sub, group)}`;

/** RFC 8058: the https link in `List-Unsubscribe`, and the one-click POST it answers. */
export const unsubscribeHeaders = (url: string): Record<string, string> => ({
  'List-Unsubscribe': `<${url}>`,
  'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
});

export type Composed = RenderedEmail & { headers: Record<string, string> };

/** What a stored notification holds that an email needs. */
export interface Notified {
  type: EventType;
  subject: EventSubject;
  subjectTitle: string;
}

const itemOf = (n: Notified): EmailItem => ({
  type: n.type,
  subjectTitle: n.subjectTitle,
  subjectUrl: subjectUrl(n.subject),
});

/** The instant email of one notification to `sub`; its unsubscribe link turns off the notification's group. */
export const composeInstant = async (sub: string, language: Language, n: Notified): Promise<Composed> => {
  const url = await unsubscribeUrl(sub, groupOf(n.type));
  return {
    ...instantEmail({ language, item: itemOf(n), unsubscribeUrl: url }),
    headers: unsubscribeHeaders(url),
  };
};

/**
 * The digest of `items` (oldest first) to `sub`. The footer links each group the digest
 * holds; the one-click header (one URL) turns off the group with the most items, the one
 * the reader most likely wants to stop (ties: the first to appear).
 */
export const composeDigest = async (
  sub: string,
  language: Language,
  items: readonly Notified[],
  total: number,
): Promise<Composed> => {
  const counts = new Map<NotificationGroup, number>();
  for (const n of items) counts.set(groupOf(n.type), (counts.get(groupOf(n.type)) ?? 0) + 1);
  const groups = [...counts.keys()];
  const links: UnsubscribeLink[] = await Promise.all(
    groups.map(async (group) => ({ group, url: await unsubscribeUrl(sub, group) })),
  );
  const top = [...links].sort((a, b) => (counts.get(b.group) ?? 0) - (counts.get(a.group) ?? 0))[0];
  return {
    ...digestEmail({ language, items: items.map(itemOf), total, unsubscribe: links }),
    headers: top ? unsubscribeHeaders(top.url) : {},
  };
};
