/**
 * Emails as a reader sees them: the HTML the consumer sent (read back from GET /_local/mail),
 * laid out in a real headless Chromium on a phone's width and a desktop's. An Arabic email, and
 * a long one mixing Arabic and English in its subject's title, read right to left (`dir=rtl` on
 * the document and on the wrapper web mail keeps) and never need a horizontal scroll. The
 * screenshots are kept under the system's temporary folder (EMAIL_SCREENSHOTS to choose).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, withPage } from '#support/chromium.ts';
import { approvalEmailOf, type Mail } from '#support/delivery.ts';

const SHOTS = process.env.EMAIL_SCREENSHOTS ?? join(tmpdir(), 'email-screenshots');

const TITLES = {
  arabic: 'حساسات تسرب المياه في منازل ينقل',
  mixed:
    'منصة Smart Irrigation لري نخيل نزوى مع IoT-SoilSensors-and-Dashboards وتقارير أسبوعية للمزارعين في الداخلية',
};

/** The email the author gets when staff approve an idea titled `title`. */
const approvalEmail = async (title: string): Promise<Mail> => (await approvalEmailOf('ar', title)).mail;

interface Layout {
  htmlDir: string;
  wrapperDir: string | null;
  scrollWidth: number;
  viewport: number;
  /** Elements sticking out of the viewport, left or right. */
  outside: string[];
  /** Where the title's first and last characters are, left to right. */
  textAlign: string;
}

const LAYOUT = `(() => {
  const wrapper = document.querySelector('body div[dir]');
  const vw = document.documentElement.clientWidth;
  const outside = [...document.body.querySelectorAll('*')]
    .filter((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.right > vw + 0.5 || r.left < -0.5); })
    .map((e) => e.tagName + ' ' + (e.textContent || '').trim().slice(0, 40));
  return {
    htmlDir: document.documentElement.dir,
    wrapperDir: wrapper ? wrapper.getAttribute('dir') : null,
    scrollWidth: document.documentElement.scrollWidth,
    viewport: vw,
    outside,
    textAlign: wrapper ? getComputedStyle(wrapper).direction : '',
  };
})()`;

describe('emails in a browser', () => {
  const mails: Record<keyof typeof TITLES, Mail | undefined> = { arabic: undefined, mixed: undefined };

  beforeAll(async () => {
    mails.arabic = await approvalEmail(TITLES.arabic);
    mails.mixed = await approvalEmail(TITLES.mixed);
    mkdirSync(SHOTS, { recursive: true });
  }, 60_000);

  it.each([
    ['arabic', 375],
    ['arabic', 1024],
    ['mixed', 375],
    ['mixed', 1024],
  ] as const)(
    'the %s email reads right to left without overflow at %i px',
    async (which, width) => {
      expect(chromiumMissing()).toBeUndefined();
      const mail = mails[which]!;
      expect(mail.html).toContain(which === 'arabic' ? TITLES.arabic : 'IoT-SoilSensors-and-Dashboards');
      const layout = await withPage(mail.html, width, async (page) => {
        writeFileSync(join(SHOTS, `${which}-${width}.png`), await page.screenshot());
        return page.evaluate<Layout>(LAYOUT);
      });
      expect(layout.htmlDir).toBe('rtl');
      expect(layout.wrapperDir).toBe('rtl');
      expect(layout.textAlign).toBe('rtl');
      expect(layout.outside).toEqual([]);
      expect(layout.scrollWidth).toBeLessThanOrEqual(layout.viewport);
    },
    60_000,
  );
});
