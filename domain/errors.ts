/**
 * The contract's error codes (docs/api-contract.md §1) and the one error type that carries them.
 * The HTTP layer maps a code to its status and localised title; nothing else does.
 */
export const errorCatalog = {
  validation_failed: { status: 400, en: 'Request is invalid', ar: 'الطلب غير صالح' },
  malformed_json: { status: 400, en: 'Request body is not valid JSON', ar: 'نص الطلب ليس JSON صالحًا' },
  invalid_cursor: { status: 400, en: 'The cursor is invalid', ar: 'مؤشر الصفحات غير صالح' },
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
} as const satisfies Record<string, { status: number; en: string; ar: string }>;

export type ErrorCode = keyof typeof errorCatalog;

export interface FieldError {
  path: string;
  message: string;
}

/** A rule of the product was broken. `code` is stable and machine-readable. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly fieldErrors: FieldError[] | undefined;

  constructor(code: ErrorCode, detail?: string, fieldErrors?: FieldError[]) {
    super(detail ?? errorCatalog[code].en);
    this.name = 'DomainError';
    this.code = code;
    this.fieldErrors = fieldErrors;
  }

  get status(): number {
    return errorCatalog[this.code].status;
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;
