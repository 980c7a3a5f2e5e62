/**
 * problem+json (RFC 9457) bodies with the contract's codes, in Arabic or English: every code,
 * the domain's (domain/errors.ts) and the transport's, with its HTTP status and titles.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { DomainErrorCode, FieldError } from '#domain/errors.ts';

/** Codes only the HTTP kit and the gateway raise: the domain never sees these requests. */
export const transportErrorCodes = [
  'malformed_json',
  'unauthorized',
  'route_not_found',
  'payload_too_large',
  'unsupported_media_type',
  'idempotency_key_reused',
  'rate_limited',
] as const;

export type TransportErrorCode = (typeof transportErrorCodes)[number];

/** Every code an answer of the API can carry (the `code` of a problem+json body). */
export type ErrorCode = DomainErrorCode | TransportErrorCode;

/**
 * Each code's status and titles. The order is the document's (openapi.json lists the codes
 * in it); `satisfies` makes a code without a status, or a status for no code, a type error.
 */
export const problemCatalog = {
  validation_failed: { status: 400, en: 'Request is invalid', ar: 'الطلب غير صالح' },
  malformed_json: { status: 400, en: 'Request body is not valid JSON', ar: 'نص الطلب ليس JSON صالحًا' },
  invalid_cursor: { status: 400, en: 'The cursor is invalid', ar: 'مؤشر الصفحات غير صالح' },
  invalid_token: {
    status: 400,
    en: 'The unsubscribe link is invalid',
    ar: 'رابط إلغاء الاشتراك غير صالح',
  },
  invalid_code: {
    status: 400,
    en: 'The check-in code is wrong or expired',
    ar: 'رمز تسجيل الحضور غير صحيح أو منتهي الصلاحية',
  },
  unauthorized: { status: 401, en: 'Authentication required', ar: 'يلزم تسجيل الدخول' },
  forbidden: { status: 403, en: 'You are not allowed to do this', ar: 'غير مسموح لك بهذا الإجراء' },
  not_registered: {
    status: 403,
    en: 'Register as an ambassador first',
    ar: 'سجّل سفيرًا أولًا',
  },
  conflict_of_interest: {
    status: 403,
    en: 'Staff may not act on their own lecture, idea or team',
    ar: 'لا يجوز للموظف اتخاذ إجراء بشأن محاضرته أو فكرته أو فريقه',
  },
  not_found: { status: 404, en: 'Not found', ar: 'غير موجود' },
  route_not_found: { status: 404, en: 'No such route', ar: 'المسار غير موجود' },
  already_registered: {
    status: 409,
    en: 'You are already registered',
    ar: 'أنت مسجّل بالفعل',
  },
  email_taken: {
    status: 409,
    en: 'Another ambassador uses this email',
    ar: 'هذا البريد الإلكتروني مستخدم لدى سفير آخر',
  },
  invalid_transition: {
    status: 409,
    en: 'This action is not allowed in the current state',
    ar: 'هذا الإجراء غير مسموح في الحالة الحالية',
  },
  team_full: { status: 409, en: 'The team is full', ar: 'الفريق مكتمل' },
  already_member: { status: 409, en: 'Already a team member', ar: 'أنت عضو في الفريق بالفعل' },
  duplicate_request: {
    status: 409,
    en: 'A request is already pending',
    ar: 'يوجد طلب قيد الانتظار بالفعل',
  },
  already_exists: {
    status: 409,
    en: 'An item with this id exists already',
    ar: 'يوجد عنصر بهذا المعرّف بالفعل',
  },
  already_checked_in: {
    status: 409,
    en: 'You have already checked in to this lecture',
    ar: 'سجّلت حضورك في هذه المحاضرة بالفعل',
  },
  checkin_closed: {
    status: 409,
    en: 'Check-in is not open for this lecture',
    ar: 'تسجيل الحضور غير متاح لهذه المحاضرة',
  },
  version_mismatch: {
    status: 412,
    en: 'The resource has changed since you read it',
    ar: 'تغيّر المورد منذ قراءتك له',
  },
  payload_too_large: { status: 413, en: 'Request body is too large', ar: 'نص الطلب كبير جدًا' },
  unsupported_media_type: {
    status: 415,
    en: 'Send the body as application/json',
    ar: 'أرسل نص الطلب بصيغة application/json',
  },
  idempotency_key_reused: {
    status: 422,
    en: 'This Idempotency-Key was used with a different request',
    ar: 'استُخدم مفتاح التكرار هذا مع طلب مختلف',
  },
  rate_limited: { status: 429, en: 'Too many requests', ar: 'طلبات كثيرة جدًا' },
  unavailable: {
    status: 503,
    en: 'The service is briefly unavailable, try again',
    ar: 'الخدمة غير متاحة مؤقتًا، حاول مرة أخرى',
  },
} as const satisfies Record<ErrorCode, { status: number; en: string; ar: string }>;

/** Every code, in the catalog's order (the `code` enum of the Problem schema). */
export const errorCodes = Object.keys(problemCatalog) as [ErrorCode, ...ErrorCode[]];

/** The HTTP status a code answers with. */
export const statusOf = (code: ErrorCode): number => problemCatalog[code].status;

/**
 * A request the transport refuses before the domain sees it (`rate_limited` says when to
 * come back in `headers`). The kit's problemErrors middleware answers it like a DomainError.
 */
export class TransportError extends Error {
  readonly code: TransportErrorCode;
  readonly detail: string | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(code: TransportErrorCode, detail?: string, headers?: Record<string, string>) {
    super(detail ?? code);
    this.name = 'TransportError';
    this.code = code;
    this.detail = detail;
    this.headers = headers;
  }
}

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
  const entry = problemCatalog[code];
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
