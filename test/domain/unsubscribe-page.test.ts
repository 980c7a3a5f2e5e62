/**
 * The unsubscribe pages (domain/unsubscribe-page.ts): the recipient's language and direction,
 * the group named, a one-click form posting where it was told, every text escaped, nothing to
 * load; and when a request prefers them (functions/http/html.ts).
 */
import { describe, expect, it } from 'vitest';
import { invalidLinkPage, unsubscribedPage, unsubscribePage } from '#domain/unsubscribe-page.ts';
import { prefersHtml } from '#http/html.ts';

describe('the unsubscribe pages', () => {
  it('asks in Arabic, right to left, naming the group, with a one-click form', () => {
    const html = unsubscribePage({ language: 'ar', group: 'team', action: '?token=abc_-1' });
    expect(html).toMatch(/^<!doctype html>\n<html lang="ar" dir="rtl">/);
    expect(html).toContain('<h1>إيقاف رسائل الفريق</h1>');
    expect(html).toContain('<form method="post" action="?token=abc_-1">');
    expect(html).toContain('<input type="hidden" name="List-Unsubscribe" value="One-Click">');
    expect(html).toContain('<button type="submit">إيقاف رسائل الفريق</button>');
    expect(html).not.toMatch(/<script|<link|<img|\sstyle=|src=|href=|url\(/i);
  });

  it('asks in English, escapes the action, and confirms without a form', () => {
    const html = unsubscribePage({ language: 'en', group: 'discussion', action: '?token="><script>' });
    expect(html).toMatch(/^<!doctype html>\n<html lang="en" dir="ltr">/);
    expect(html).toContain('Stop emails about discussions');
    expect(html).toContain('action="?token=&quot;&gt;&lt;script&gt;"');
    expect(html).not.toContain('<script>');
    const done = unsubscribedPage({ language: 'en', group: 'discussion' });
    expect(done).toContain('<h1>Emails about discussions are off</h1>');
    expect(done).not.toContain('<form');
  });

  it('says a bad link is not valid in both languages, the asked one first', () => {
    const en = invalidLinkPage('en');
    expect(en).toMatch(/^<!doctype html>\n<html lang="en" dir="ltr">/);
    expect(en.indexOf('This link is not valid')).toBeLessThan(en.indexOf('الرابط غير صالح'));
    expect(en).toContain('<section lang="ar" dir="rtl">');
    expect(invalidLinkPage('ar')).toContain('<h1>الرابط غير صالح</h1>');
  });

  it.each([
    ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', true],
    ['text/html', true],
    ['text/*', true],
    ['application/json', false],
    ['*/*', false],
    ['', false],
    [undefined, false],
    ['application/json, text/html;q=0.5', false],
    ['text/html;q=0.9, application/problem+json;q=0.9', false],
    ['text/html;q=0, */*', false],
    ['TEXT/HTML;Q=1, application/json;q=0.2', true],
  ])('Accept %j prefers HTML: %s', (accept, expected) => {
    expect(prefersHtml(accept)).toBe(expected);
  });
});
