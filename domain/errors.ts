/**
 * The domain's error codes (docs/api-contract.md §1) and the one error type that carries them.
 * What a code means on the wire (its HTTP status and its Arabic and English titles) is the
 * HTTP layer's business: functions/http/problem.ts maps every code, and adds the codes only
 * the transport raises (malformed JSON, a missing token, an unknown route, …).
 */
export const domainErrorCodes = [
  'validation_failed',
  'invalid_cursor',
  'invalid_token',
  'invalid_code',
  'forbidden',
  'not_registered',
  'conflict_of_interest',
  'not_found',
  'already_registered',
  'email_taken',
  'invalid_transition',
  'team_full',
  'already_member',
  'duplicate_request',
  'already_exists',
  'already_checked_in',
  'checkin_closed',
  'version_mismatch',
  'unavailable',
] as const;

export type DomainErrorCode = (typeof domainErrorCodes)[number];

export interface FieldError {
  path: string;
  message: string;
}

/** A rule of the product was broken. `code` is stable and machine-readable. */
export class DomainError extends Error {
  readonly code: DomainErrorCode;
  /** What the code writes about this case (English); undefined: the code's title says it all. */
  readonly detail: string | undefined;
  readonly fieldErrors: FieldError[] | undefined;

  constructor(code: DomainErrorCode, detail?: string, fieldErrors?: FieldError[]) {
    super(detail ?? code);
    this.name = 'DomainError';
    this.code = code;
    this.detail = detail;
    this.fieldErrors = fieldErrors;
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;
