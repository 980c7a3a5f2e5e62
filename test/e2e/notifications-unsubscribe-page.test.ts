/**
 * The unsubscribe link of an email, followed in a browser (docs/api-contract.md §11, RFC 8058):
 * `GET /unsubscribe?token=…` answers a page in the recipient's language naming the group and
 * changes nothing; its form posts the one-click body to the same URL, which turns the group off
 * and answers a confirmation page to a browser. A bad token is a 400 page to a browser and
 * problem+json `invalid_token` to an API client. The pages are laid out in a real headless
 * Chromium on a phone's width and a desktop's (screenshots under the system's temporary folder,
 * EMAIL_SCREENSHOTS to choose).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '#support/api.ts';
import { chromiumMissing, withPage } from '#support/chromium.ts';
import { approvalEmailOf, type Mail, unsubscribeLink } from '#support/delivery.ts';

const SHOTS = process.env.EMAIL_SCREENSHOTS ?? join(tmpdir(), 'email-screenshots');
/** What Chromium sends when it follows a link or submits a form. */
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8';

interface Recipient {
  token: string;
  mail: Mail;
}

/** An ambassador in `language`, every email at once, and the email they get when their idea is approved. */
const recipient = async (language: 'ar' | 'en', title: string): Promise<Recipient> => {
  const { token, mail } = await approvalEmailOf(language, title);
  return { token, mail };
};

/** The link's path and query, as the local server answers it. */
const pathOf = (url: URL) => `${url.pathname}${url.search}`;

const preferences = async (t: string) => {
  const res = await call('GET', '/me/preferences', { token: t });
  return { body: res.body, etag: res.headers.get('etag') };
};

/** The form's `action`, resolved against the page's URL as a browser resolves it. */
const formTarget = (html: string, page: URL): URL => {
  const form = /<form method="post" action="([^"]*)">/.exec(html);
  if (!form) throw new Error(`no one-click form in ${html.slice(0, 400)}`);
  return new URL((form[1] ?? '').replaceAll('&amp;', '&'), page);
};

const postForm = (url: URL, accept = BROWSER) =>
  call('POST', pathOf(url), {
    rawBody: 'List-Unsubscribe=One-Click',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept },
  });

const tampered = (url: URL): URL => {
  const t = url.searchParams.get('token') ?? '';
  const bad = new URL(url);
  bad.searchParams.set('token', `${t.slice(0, -1)}${t.endsWith('A') ? 'B' : 'A'}`);
  return bad;
};

describe('the unsubscribe link in a browser', () => {
  let ar: Recipient;
  let en: Recipient;
  const pages: Record<string, string> = {};

  beforeAll(async () => {
    ar = await recipient(
      'ar',
      'منصة ذكية لمراقبة جودة الهواء في الأحياء السكنية بمسقط مع لوحات عرض للبلديات وتنبيهات فورية للسكان',
    );
    en = await recipient(
      'en',
      'A very long English title about Smart Irrigation-and-Water-Metering-Dashboards for the farms of Nizwa and Bahla',
    );
    mkdirSync(SHOTS, { recursive: true });
  }, 60_000);

  it('GET answers a page in the recipient language naming the group, and changes nothing', async () => {
    const link = new URL(unsubscribeLink(ar.mail));
    // The email's HTML links to the same URL as its List-Unsubscribe header.
    expect(ar.mail.html).toContain(link.href.replaceAll('&', '&amp;'));
    const before = await preferences(ar.token);

    const res = await call('GET', pathOf(link), { headers: { accept: BROWSER } });
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-language')).toBe('ar');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const html = res.text;
    expect(html).toMatch(/^<!doctype html>\n<html lang="ar" dir="rtl">/);
    expect(html).toContain('<h1>إيقاف رسائل المراجعات</h1>');
    expect(html).toContain('<input type="hidden" name="List-Unsubscribe" value="One-Click">');
    expect(html).toMatch(/<button type="submit">[^<]+<\/button>/);
    // Self-contained: nothing to load, nothing to run.
    expect(html).not.toMatch(/<script|<link|<img|src=|url\(|@import/i);
    expect(formTarget(html, link).href).toBe(link.href);
    pages.ar = html;

    // Followed again, by a link checker this time (no HTML asked for): still nothing changes.
    expect((await call('GET', pathOf(link))).status).toBe(200);
    expect(await preferences(ar.token)).toEqual(before);
    expect(before.body.email.reviews).toBe('instant');
  });

  it("the page's form turns the group off and answers a confirmation page", async () => {
    const link = new URL(unsubscribeLink(ar.mail));
    const page = await call('GET', pathOf(link), { headers: { accept: BROWSER } });
    const res = await postForm(formTarget(page.text, link));
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.text).toMatch(/^<!doctype html>\n<html lang="ar" dir="rtl">/);
    expect(res.text).toContain('<h1>تم إيقاف رسائل المراجعات</h1>');
    expect(res.text).not.toContain('<form');
    pages.done = res.text;
    const after = (await preferences(ar.token)).body;
    expect(after.email.reviews).toBe('off');
    expect(after.email.team).toBe('instant');
    // Posted again (a second click), or by a mail provider (JSON): the same, off.
    expect((await postForm(formTarget(page.text, link))).status).toBe(200);
    expect((await postForm(link, 'application/json')).body).toEqual({ group: 'reviews', email: 'off' });
  });

  it('shows an English reader an English page', async () => {
    const link = new URL(unsubscribeLink(en.mail));
    const res = await call('GET', pathOf(link), { headers: { accept: BROWSER } });
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/^<!doctype html>\n<html lang="en" dir="ltr">/);
    expect(res.text).toContain('<h1>Stop emails about reviews</h1>');
    expect(res.headers.get('content-language')).toBe('en');
    pages.en = res.text;
    expect((await preferences(en.token)).body.email.reviews).toBe('instant');
  });

  it('a bad link: a 400 page to a browser, problem+json invalid_token to an API client, nothing changed', async () => {
    const bad = tampered(new URL(unsubscribeLink(en.mail)));
    const before = await preferences(en.token);

    const page = await call('GET', pathOf(bad), { headers: { accept: BROWSER, 'accept-language': 'ar' } });
    expect(page.status).toBe(400);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.text).toMatch(/^<!doctype html>\n<html lang="ar" dir="rtl">/);
    expect(page.text).toContain('<h1>الرابط غير صالح</h1>');
    expect(page.text).toContain('<section lang="en" dir="ltr">');
    expect(page.text).toContain('This link is not valid');
    expect(page.text).not.toContain('<form');
    pages.invalid = page.text;

    const api = await call('GET', pathOf(bad));
    expect(api.status).toBe(400);
    expect(api.headers.get('content-type')).toContain('application/problem+json');
    expect(api.body.code).toBe('invalid_token');

    const posted = await postForm(bad);
    expect(posted.status).toBe(400);
    expect(posted.text).toContain('This link is not valid');
    expect((await postForm(bad, 'application/json')).body.code).toBe('invalid_token');

    const missing = await call('GET', '/unsubscribe', { headers: { accept: BROWSER } });
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('validation_failed');
    expect(await preferences(en.token)).toEqual(before);
  });

  it.each([
    ['ar', 375],
    ['ar', 1024],
    ['en', 375],
    ['done', 375],
    ['invalid', 375],
    ['invalid', 1024],
  ] as const)(
    'the %s page lays out without overflow at %i px, its button in reach',
    async (which, width) => {
      expect(chromiumMissing()).toBeUndefined();
      const html = pages[which];
      expect(html, 'the page of an earlier test').toBeDefined();
      const layout = await withPage(html!, width, async (page) => {
        writeFileSync(join(SHOTS, `unsubscribe-${which}-${width}.png`), await page.screenshot());
        return page.evaluate<{
          dir: string;
          scrollWidth: number;
          viewport: number;
          outside: string[];
          button: { width: number; height: number } | null;
        }>(`(() => {
          const vw = document.documentElement.clientWidth;
          const outside = [...document.body.querySelectorAll('*')]
            .filter((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.right > vw + 0.5 || r.left < -0.5); })
            .map((e) => e.tagName + ' ' + (e.textContent || '').trim().slice(0, 40));
          const b = document.querySelector('button');
          const r = b && b.getBoundingClientRect();
          return {
            dir: getComputedStyle(document.querySelector('main')).direction,
            scrollWidth: document.documentElement.scrollWidth,
            viewport: vw,
            outside,
            button: r ? { width: r.width, height: r.height } : null,
          };
        })()`);
      });
      expect(layout.dir).toBe(which === 'en' ? 'ltr' : 'rtl');
      expect(layout.outside).toEqual([]);
      expect(layout.scrollWidth).toBeLessThanOrEqual(layout.viewport);
      if (which === 'ar' || which === 'en') {
        // A target at least 44 px high (WCAG 2.5.5), within the page.
        expect(layout.button?.height).toBeGreaterThanOrEqual(44);
        expect(layout.button?.width).toBeLessThanOrEqual(width);
      } else expect(layout.button).toBeNull();
    },
    60_000,
  );
});
