/**
 * What a notification email says (docs/api-contract.md §11): the instant email of one
 * notification and the digest of several, each as a subject, a plain-text body and an HTML
 * body in the recipient's language. Pure: the links come in as strings (functions/notifications/
 * builds them from the public URL and the signed unsubscribe token).
 *
 * HTML for mail clients: inline CSS only (clients drop <style> and external sheets), no images
 * (blocked by default and a tracking vector), every text escaped (titles may hold < > & and
 * quotes). Arabic is `dir="rtl"` on <html> AND on the wrapper, because web mail (Gmail among
 * others) drops the <html> and <body> attributes when it embeds a message.
 */

import type { EventType } from './notifications.ts';
import { groupOf, type Language, type NotificationGroup, notificationText } from './notifications.ts';
import { type CountedNoun, countAr, countEn } from './plural.ts';

/** The programme's name as the contract gives it. */
export const PROGRAMME: Record<Language, string> = {
  ar: 'سفراء المدن الذكية',
  en: 'Smart City Ambassadors',
};

/** The groups as a reader understands them, for "stop emails about …". */
export const GROUP_NAMES: Record<Language, Record<NotificationGroup, string>> = {
  ar: {
    reviews: 'المراجعات',
    team: 'الفريق',
    discussion: 'النقاشات',
    showcase: 'المشاريع',
    certificates: 'الشهادات',
    challenges: 'التحديات',
  },
  en: {
    reviews: 'reviews',
    team: 'your team',
    discussion: 'discussions',
    showcase: 'projects',
    certificates: 'certificates',
    challenges: 'challenges',
  },
};

const LABELS = {
  ar: {
    open: 'عرض التفاصيل',
    unsubscribe: (group: string) => `إيقاف رسائل ${group}`,
    why: 'تصلك هذه الرسالة لأنك مشترك في إشعارات البريد.',
    digestTitle: (count: string) => `${count} بانتظارك`,
    more: 'وهناك المزيد في التطبيق.',
  },
  en: {
    open: 'View details',
    unsubscribe: (group: string) => `Stop emails about ${group}`,
    why: 'You receive this email because you chose email notifications.',
    digestTitle: (count: string) => `${count} waiting for you`,
    more: 'There are more in the app.',
  },
} as const;

/**
 * "notification" counted, nominative (the subject of "… بانتظارك"): إشعار واحد، إشعاران،
 * 3 إشعارات، 11 إشعارًا، 100 إشعار.
 */
const NOTIFICATION_AR: CountedNoun = {
  zero: '# إشعار',
  one: 'إشعار واحد',
  two: 'إشعاران',
  few: '# إشعارات',
  many: '# إشعارًا',
  other: '# إشعار',
};
const NOTIFICATION_EN = { one: '# new notification', other: '# new notifications' };

export const countNotifications = (language: Language, n: number): string =>
  language === 'ar' ? countAr(n, NOTIFICATION_AR) : countEn(n, NOTIFICATION_EN);

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** One notification as an email shows it. */
export interface EmailItem {
  type: EventType;
  subjectTitle: string;
  /** Where the subject is (the API's public URL of its path). */
  subjectUrl: string;
}

export interface UnsubscribeLink {
  group: NotificationGroup;
  url: string;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
/** Text as HTML text or attribute value: nothing in it can open a tag or close an attribute. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);

const dirOf = (language: Language) => (language === 'ar' ? 'rtl' : 'ltr');

const STYLE = {
  body: 'margin:0;padding:0;background-color:#f4f6f8;',
  // `right`/`left`, not `start`: older clients know only the physical values.
  wrapper: (l: Language) =>
    `max-width:600px;margin:0 auto;padding:24px;background-color:#ffffff;color:#1f2933;` +
    `font-family:Tahoma,Arial,sans-serif;font-size:16px;line-height:1.6;` +
    `text-align:${l === 'ar' ? 'right' : 'left'};overflow-wrap:anywhere;word-break:break-word;`,
  programme: 'margin:0 0 16px;font-size:14px;color:#52606d;',
  title: 'margin:0 0 12px;font-size:20px;line-height:1.4;',
  text: 'margin:0 0 16px;',
  link: 'color:#0b6e4f;font-weight:bold;',
  list: 'margin:0 0 16px;padding:0;list-style:none;',
  item: 'margin:0 0 16px;padding:12px;border:1px solid #d9e2ec;border-radius:6px;',
  footer: 'margin:24px 0 0;padding-top:16px;border-top:1px solid #d9e2ec;font-size:12px;color:#7b8794;',
  footerLink: 'color:#52606d;',
};

const page = (language: Language, subject: string, content: string): string =>
  [
    '<!doctype html>',
    `<html lang="${language}" dir="${dirOf(language)}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(subject)}</title></head>`,
    `<body style="${STYLE.body}">`,
    `<div lang="${language}" dir="${dirOf(language)}" style="${STYLE.wrapper(language)}">`,
    `<p style="${STYLE.programme}">${escapeHtml(PROGRAMME[language])}</p>`,
    content,
    '</div>',
    '</body>',
    '</html>',
  ].join('\n');

const footerHtml = (language: Language, links: readonly UnsubscribeLink[]) =>
  `<div style="${STYLE.footer}"><p style="margin:0 0 8px;">${escapeHtml(LABELS[language].why)}</p>${links
    .map(
      (l) =>
        `<p style="margin:0;"><a href="${escapeHtml(l.url)}" style="${STYLE.footerLink}">${escapeHtml(
          LABELS[language].unsubscribe(GROUP_NAMES[language][l.group]),
        )}</a></p>`,
    )
    .join('')}</div>`;

const footerText = (language: Language, links: readonly UnsubscribeLink[]) =>
  [
    '--',
    PROGRAMME[language],
    LABELS[language].why,
    ...links.map((l) => `${LABELS[language].unsubscribe(GROUP_NAMES[language][l.group])}: ${l.url}`),
  ].join('\n');

/** The email of one notification, sent at once: its subject is the notification's title. */
export const instantEmail = (input: {
  language: Language;
  item: EmailItem;
  unsubscribeUrl: string;
}): RenderedEmail => {
  const { language, item } = input;
  const { title, body } = notificationText(item.type, language, { subjectTitle: item.subjectTitle });
  const links = [{ group: groupOf(item.type), url: input.unsubscribeUrl }];
  const open = LABELS[language].open;
  return {
    subject: title,
    text: [title, '', body, '', `${open}: ${item.subjectUrl}`, '', footerText(language, links)].join('\n'),
    html: page(
      language,
      title,
      [
        `<h1 style="${STYLE.title}">${escapeHtml(title)}</h1>`,
        `<p style="${STYLE.text}">${escapeHtml(body)}</p>`,
        `<p style="${STYLE.text}"><a href="${escapeHtml(item.subjectUrl)}" style="${STYLE.link}">${escapeHtml(open)}</a></p>`,
        footerHtml(language, links),
      ].join('\n'),
    ),
  };
};

/**
 * The digest: one list of notifications (title and body each), headed by their count in words
 * that agree with it. `total` is how many were waiting when more than the list shows; the
 * footer has one "stop" link per group the list holds.
 */
export const digestEmail = (input: {
  language: Language;
  items: readonly EmailItem[];
  total?: number;
  unsubscribe: readonly UnsubscribeLink[];
}): RenderedEmail => {
  const { language, items } = input;
  const total = Math.max(input.total ?? items.length, items.length);
  const heading = LABELS[language].digestTitle(countNotifications(language, total));
  const subject = `${PROGRAMME[language]}: ${heading}`;
  const open = LABELS[language].open;
  const rendered = items.map((i) => ({
    ...notificationText(i.type, language, { subjectTitle: i.subjectTitle }),
    url: i.subjectUrl,
  }));
  const more = total > items.length;
  return {
    subject,
    text: [
      heading,
      '',
      ...rendered.flatMap((r, n) => [`${n + 1}. ${r.title}`, `   ${r.body}`, `   ${open}: ${r.url}`, '']),
      ...(more ? [LABELS[language].more, ''] : []),
      footerText(language, input.unsubscribe),
    ].join('\n'),
    html: page(
      language,
      subject,
      [
        `<h1 style="${STYLE.title}">${escapeHtml(heading)}</h1>`,
        `<ul style="${STYLE.list}">`,
        ...rendered.map(
          (r) =>
            `<li style="${STYLE.item}"><strong>${escapeHtml(r.title)}</strong><br>${escapeHtml(r.body)}<br>` +
            `<a href="${escapeHtml(r.url)}" style="${STYLE.link}">${escapeHtml(open)}</a></li>`,
        ),
        '</ul>',
        ...(more ? [`<p style="${STYLE.text}">${escapeHtml(LABELS[language].more)}</p>`] : []),
        footerHtml(language, input.unsubscribe),
      ].join('\n'),
    ),
  };
};
