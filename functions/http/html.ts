/**
 * HTML answers, for the few routes a browser opens (the unsubscribe link of an email, §11):
 * when the request prefers HTML, and the headers every such page carries.
 */
import { createHash } from 'node:crypto';
import { UNSUBSCRIBE_PAGE_CSS } from '#domain/unsubscribe-page.ts';
import type { Reply } from './kit-core.ts';

/** How much `accept` (RFC 9110 §12.5.1) wants `type`: its q for the most specific range matching it. */
const qualityOf = (accept: string, type: string): number => {
  const [major] = type.split('/');
  let best = -1;
  let q = 0;
  for (const part of accept.split(',')) {
    const [range = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const specificity = range === type ? 2 : range === `${major}/*` ? 1 : range === '*/*' ? 0 : -1;
    if (specificity <= best) continue;
    const qParam = params.find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    best = specificity;
    q = Number.isFinite(value) ? Math.min(Math.max(value, 0), 1) : 0;
  }
  return q;
};

/**
 * Whether the request asks for HTML before JSON: `text/html` named with a higher quality than
 * JSON and problem+json (a browser: `text/html,…,*\/*;q=0.8`). No Accept, `*\/*` or a JSON type
 * is an API client: it gets the contract's JSON and problem+json.
 */
export const prefersHtml = (accept: string | undefined): boolean => {
  if (!accept) return false;
  const html = qualityOf(accept, 'text/html');
  const json = Math.max(qualityOf(accept, 'application/json'), qualityOf(accept, 'application/problem+json'));
  return html > 0 && html > json;
};

const styleHash = createHash('sha256').update(UNSUBSCRIBE_PAGE_CSS).digest('base64');

/**
 * A page with its headers: nothing loads from anywhere (the one <style> is allowed by its hash,
 * no script at all), the form posts to this origin only, no framing, no referrer (the URL holds
 * the token), never cached.
 */
export const htmlReply = (html: string, language: string, status?: number): Reply => ({
  ...(status ? { status } : {}),
  raw: { body: html, contentType: 'text/html; charset=utf-8' },
  headers: {
    'content-language': language,
    'content-security-policy': `default-src 'none'; style-src 'sha256-${styleHash}'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  },
});
