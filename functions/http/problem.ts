/** problem+json (RFC 9457) bodies with the contract's codes, in Arabic or English. */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type ErrorCode, errorCatalog, type FieldError } from '#domain/errors.ts';

export type Lang = 'ar' | 'en';

/** The first of `ar` / `en` the client accepts, by q-value; English otherwise. */
export const pickLanguage = (acceptLanguage: string | undefined): Lang => {
  if (!acceptLanguage) return 'en';
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { lang: tag.split('-')[0], q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter((x) => x.lang === 'ar' || x.lang === 'en')
    .sort((a, b) => b.q - a.q);
  return ranked[0]?.q ? (ranked[0].lang as Lang) : 'en';
};

/** docs/api-contract.md §10 "Bounded errors": at most 20 entries and 8 KiB, whatever the request. */
export const MAX_FIELD_ERRORS = 20;
export const MAX_PROBLEM_BYTES = 8 * 1024;

export const problem = (
  code: ErrorCode,
  lang: Lang,
  opts: {
    detail?: string | undefined;
    errors?: FieldError[] | undefined;
    headers?: Record<string, string>;
  } = {},
): APIGatewayProxyStructuredResultV2 => {
  const entry = errorCatalog[code];
  let errors = opts.errors?.slice(0, MAX_FIELD_ERRORS);
  let truncated = (opts.errors?.length ?? 0) > MAX_FIELD_ERRORS;
  const render = () =>
    JSON.stringify({
      type: `https://errors.smartcity-ambassadors.om/${code}`,
      title: entry[lang],
      status: entry.status,
      code,
      // Details written by the code are English; an Arabic reader gets the Arabic summary.
      detail: lang === 'ar' || !opts.detail ? entry[lang] : opts.detail,
      ...(errors ? { errors } : {}),
      ...(truncated ? { truncated: true } : {}),
    });
  let body = render();
  // Entries are cut short already; escapes and multi-byte text can still add up.
  while (errors?.length && Buffer.byteLength(body, 'utf8') > MAX_PROBLEM_BYTES) {
    errors = errors.slice(0, -1);
    truncated = true;
    body = render();
  }
  return {
    statusCode: entry.status,
    headers: {
      'content-type': 'application/problem+json; charset=utf-8',
      'content-language': lang,
      ...opts.headers,
    },
    body,
  };
};
