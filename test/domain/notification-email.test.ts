import { describe, expect, it } from 'vitest';
import {
  countNotifications,
  digestEmail,
  escapeHtml,
  instantEmail,
  PROGRAMME,
} from '#domain/notification-email.ts';
import { notificationText } from '#domain/notifications.ts';

const item = {
  type: 'idea.approved' as const,
  subjectTitle: 'Smart parking <b>& "sensors"</b>',
  subjectUrl: 'https://api.example.om/ideas/01J0IDEA',
};
const unsubscribeUrl = 'https://api.example.om/unsubscribe?token=abc_-1';

describe('the instant email', () => {
  it('has the notification title as its subject, in the recipient language', () => {
    expect(instantEmail({ language: 'ar', item, unsubscribeUrl }).subject).toBe('تمت الموافقة على فكرتك');
    expect(instantEmail({ language: 'en', item, unsubscribeUrl }).subject).toBe('Your idea was approved');
  });

  it('is right to left in Arabic, on <html> and on the wrapper that web mail keeps', () => {
    const { html } = instantEmail({ language: 'ar', item, unsubscribeUrl });
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toMatch(/<div lang="ar" dir="rtl" style="[^"]*text-align:right/);
    const en = instantEmail({ language: 'en', item, unsubscribeUrl }).html;
    expect(en).toContain('<html lang="en" dir="ltr">');
    expect(en).not.toContain('rtl');
  });

  it('escapes the title wherever it appears: no tag or attribute can be opened by it', () => {
    const { html, text } = instantEmail({ language: 'en', item, unsubscribeUrl });
    expect(html).not.toContain('<b>');
    expect(html).toContain('Smart parking &lt;b&gt;&amp; &quot;sensors&quot;&lt;/b&gt;');
    // The plain text keeps the title as written, isolated from the sentence around it.
    expect(text).toContain('\u2068Smart parking <b>& "sensors"</b>\u2069');
  });

  it('keeps a title bidi controls inside its isolate', () => {
    const tricky = { ...item, subjectTitle: 'abc\u202Edef' };
    const { html } = instantEmail({ language: 'ar', item: tricky, unsubscribeUrl });
    expect(html).toContain('\u2068abc\u202Edef\u2069');
  });

  it('holds the body, the link to the subject, the unsubscribe link and the programme name', () => {
    for (const language of ['ar', 'en'] as const) {
      const { html, text } = instantEmail({ language, item, unsubscribeUrl });
      const { body } = notificationText(item.type, language, { subjectTitle: item.subjectTitle });
      expect(text).toContain(body);
      expect(html).toContain(escapeHtml(body));
      for (const content of [html, text]) {
        expect(content).toContain(item.subjectUrl);
        expect(content).toContain(unsubscribeUrl);
        expect(content).toContain(PROGRAMME[language]);
      }
      expect(html).toContain(`href="${item.subjectUrl}"`);
    }
  });

  it('has no image, no external style sheet and no script', () => {
    const { html } = instantEmail({ language: 'ar', item, unsubscribeUrl });
    expect(html).not.toMatch(/<img|<link|<script|<style|url\(/i);
  });
});

describe('the digest email', () => {
  const items = [
    item,
    {
      type: 'join.requested' as const,
      subjectTitle: 'فكرة المدينة',
      subjectUrl: 'https://api.example.om/ideas/2',
    },
  ];
  const unsubscribe = [
    { group: 'reviews' as const, url: 'https://api.example.om/unsubscribe?token=r' },
    { group: 'team' as const, url: 'https://api.example.om/unsubscribe?token=t' },
  ];

  it('counts its notifications in words that agree with the number (Arabic)', () => {
    expect([1, 2, 3, 10, 11, 99, 100, 101, 103, 111].map((n) => countNotifications('ar', n))).toEqual([
      'إشعار واحد',
      'إشعاران',
      '3 إشعارات',
      '10 إشعارات',
      '11 إشعارًا',
      '99 إشعارًا',
      '100 إشعار',
      '101 إشعار',
      '103 إشعارات',
      '111 إشعارًا',
    ]);
    expect([1, 2].map((n) => countNotifications('en', n))).toEqual([
      '1 new notification',
      '2 new notifications',
    ]);
  });

  it('lists every item (title and body), with the count in the subject and heading', () => {
    const { subject, html, text } = digestEmail({ language: 'ar', items, unsubscribe });
    expect(subject).toBe(`${PROGRAMME.ar}: إشعاران بانتظارك`);
    for (const i of items) {
      const { title, body } = notificationText(i.type, 'ar', { subjectTitle: i.subjectTitle });
      expect(text).toContain(title);
      expect(text).toContain(body);
      expect(html).toContain(escapeHtml(title));
      expect(html).toContain(escapeHtml(body));
    }
    expect(html.match(/<li /g)).toHaveLength(2);
    expect(html).toContain('<html lang="ar" dir="rtl">');
    for (const u of unsubscribe) expect(html).toContain(`href="${escapeHtml(u.url)}"`);
    expect(text).not.toContain('المزيد');
  });

  it('says there are more when it lists fewer than were waiting', () => {
    const { subject, text, html } = digestEmail({ language: 'en', items, total: 60, unsubscribe });
    expect(subject).toBe('Smart City Ambassadors: 60 new notifications waiting for you');
    expect(text).toContain('There are more in the app.');
    expect(html).toContain('There are more in the app.');
  });
});
