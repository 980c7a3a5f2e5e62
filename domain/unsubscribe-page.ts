/**
 * The page an email's unsubscribe link opens in a browser (docs/api-contract.md §11):
 * `GET /unsubscribe?token=…` shows it and changes nothing (RFC 8058: a GET never unsubscribes,
 * link checkers and mail scanners follow links); its button posts the one-click form to the
 * same URL, which turns the group off; then the confirmation page.
 *
 * Self-contained: no script, no image, no font or sheet from elsewhere; the styles are one
 * <style> element (UNSUBSCRIBE_PAGE_CSS), which the route's Content-Security-Policy allows by
 * its hash and nothing else. Every text is escaped. Arabic pages are `dir="rtl"`, with logical
 * CSS properties, so one sheet serves both directions.
 */
import { escapeHtml, GROUP_NAMES, PROGRAMME } from './notification-email.ts';
import type { Language, NotificationGroup } from './notifications.ts';

export const UNSUBSCRIBE_PAGE_CSS = [
  'html{background:#f4f6f8;color:#1f2933;font-family:Tahoma,Arial,sans-serif;font-size:100%;line-height:1.6}',
  'body{margin:0;padding:1rem}',
  'main{max-width:36rem;margin:2rem auto;padding:1.5rem;background:#fff;border:1px solid #d9e2ec;border-radius:.5rem;overflow-wrap:anywhere;word-break:break-word}',
  'section+section{margin-top:1.5rem;padding-top:1.5rem;border-top:1px solid #d9e2ec}',
  '.programme{margin:0 0 1rem;font-size:.875rem;color:#52606d}',
  'h1,h2{margin:0 0 .75rem;font-size:1.375rem;line-height:1.4}',
  'p{margin:0 0 1rem}',
  'button{font:inherit;font-weight:bold;min-height:2.75rem;padding:.5rem 1.25rem;color:#fff;background:#0b6e4f;border:2px solid #0b6e4f;border-radius:.375rem;cursor:pointer;max-width:100%;white-space:normal}',
  'button:hover{background:#085a40}',
  'button:focus-visible{outline:3px solid #1f2933;outline-offset:2px}',
  '.note{font-size:.875rem;color:#52606d}',
].join('\n');

const TEXTS = {
  ar: {
    confirmTitle: (group: string) => `إيقاف رسائل ${group}`,
    confirmText: (group: string) =>
      `بالضغط على الزر أدناه تتوقف رسائل البريد الإلكتروني عن ${group}. تبقى الإشعارات في التطبيق.`,
    button: (group: string) => `إيقاف رسائل ${group}`,
    note: 'يمكنك إعادة تفعيل الرسائل في أي وقت من إعدادات الإشعارات في التطبيق.',
    doneTitle: (group: string) => `تم إيقاف رسائل ${group}`,
    doneText: (group: string) =>
      `لن تصلك بعد الآن رسائل بريد إلكتروني عن ${group}. تبقى الإشعارات في التطبيق.`,
    invalidTitle: 'الرابط غير صالح',
    invalidText:
      'رابط إيقاف الرسائل هذا ناقص أو تم تغييره. استخدم الرابط الموجود في آخر رسالة وصلتك، أو غيّر إعدادات الإشعارات في التطبيق.',
  },
  en: {
    confirmTitle: (group: string) => `Stop emails about ${group}`,
    confirmText: (group: string) =>
      `Press the button below to stop emails about ${group}. Your notifications stay in the app.`,
    button: (group: string) => `Stop emails about ${group}`,
    note: 'You can turn these emails back on at any time in the notification settings of the app.',
    doneTitle: (group: string) => `Emails about ${group} are off`,
    doneText: (group: string) =>
      `You will no longer receive emails about ${group}. Your notifications stay in the app.`,
    invalidTitle: 'This link is not valid',
    invalidText:
      'This unsubscribe link is incomplete or has been changed. Use the link in the latest email you received, or change your notification settings in the app.',
  },
} as const;

const dirOf = (language: Language) => (language === 'ar' ? 'rtl' : 'ltr');

const document = (language: Language, title: string, body: string): string =>
  [
    '<!doctype html>',
    `<html lang="${language}" dir="${dirOf(language)}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="robots" content="noindex">',
    `<title>${escapeHtml(`${title} · ${PROGRAMME[language]}`)}</title>`,
    `<style>${UNSUBSCRIBE_PAGE_CSS}</style>`,
    '</head>',
    '<body>',
    body,
    '</body>',
    '</html>',
    '',
  ].join('\n');

const programme = (language: Language) => `<p class="programme">${escapeHtml(PROGRAMME[language])}</p>`;

/**
 * The confirmation page: names the group and holds the one-click form. `action` is where the
 * form posts: the same path with the same token (`?token=…`).
 */
export const unsubscribePage = (input: {
  language: Language;
  group: NotificationGroup;
  action: string;
}): string => {
  const { language } = input;
  const t = TEXTS[language];
  const group = GROUP_NAMES[language][input.group];
  return document(
    language,
    t.confirmTitle(group),
    [
      '<main>',
      programme(language),
      `<h1>${escapeHtml(t.confirmTitle(group))}</h1>`,
      `<p>${escapeHtml(t.confirmText(group))}</p>`,
      `<form method="post" action="${escapeHtml(input.action)}">`,
      '<input type="hidden" name="List-Unsubscribe" value="One-Click">',
      `<p><button type="submit">${escapeHtml(t.button(group))}</button></p>`,
      '</form>',
      `<p class="note">${escapeHtml(t.note)}</p>`,
      '</main>',
    ].join('\n'),
  );
};

/** After the form was posted: the group is off. */
export const unsubscribedPage = (input: { language: Language; group: NotificationGroup }): string => {
  const { language } = input;
  const t = TEXTS[language];
  const group = GROUP_NAMES[language][input.group];
  return document(
    language,
    t.doneTitle(group),
    [
      '<main>',
      programme(language),
      `<h1>${escapeHtml(t.doneTitle(group))}</h1>`,
      `<p>${escapeHtml(t.doneText(group))}</p>`,
      `<p class="note">${escapeHtml(t.note)}</p>`,
      '</main>',
    ].join('\n'),
  );
};

/**
 * A link whose token is altered or unknown: nobody to read a language from, so both, the
 * caller's (Accept-Language) first, each section with its own `lang` and `dir`.
 */
export const invalidLinkPage = (first: Language): string => {
  const order: Language[] = first === 'ar' ? ['ar', 'en'] : ['en', 'ar'];
  return document(
    first,
    TEXTS[first].invalidTitle,
    [
      '<main>',
      ...order.map((l) =>
        [
          `<section lang="${l}" dir="${dirOf(l)}">`,
          programme(l),
          // One h1: the first language's heading; the other's is its h2.
          l === first
            ? `<h1>${escapeHtml(TEXTS[l].invalidTitle)}</h1>`
            : `<h2>${escapeHtml(TEXTS[l].invalidTitle)}</h2>`,
          `<p>${escapeHtml(TEXTS[l].invalidText)}</p>`,
          '</section>',
        ].join('\n'),
      ),
      '</main>',
    ].join('\n'),
  );
};
