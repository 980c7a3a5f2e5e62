/**
 * Verified attendance (docs/api-contract.md §12): the rotating check-in codes an organizer
 * shows, in the manner of TOTP (RFC 6238 over RFC 4226 HOTP, 30-second steps).
 *
 * domain/ imports no Node built-in, so the HMAC itself is passed in (`Hmac`): functions/
 * wires it to node:crypto, `(alg, key, msg) => new Uint8Array(createHmac(alg, key).update(msg).digest())`.
 * Everything else (counter encoding, dynamic truncation, steps, which codes are accepted,
 * the per-lecture secret) is here, pure and tested against the RFC vectors.
 */

import * as z from 'zod/mini';
import { personName } from './ambassadors.ts';
import type { FieldError } from './errors.ts';

/** The HMAC functions the codes need: SHA-1 for HOTP (RFC 4226), SHA-256 to derive secrets. */
export type HmacAlgorithm = 'sha1' | 'sha256';
/** HMAC (RFC 2104) of `message` under `key`: 20 bytes for SHA-1, 32 for SHA-256. */
export type Hmac = (algorithm: HmacAlgorithm, key: Uint8Array, message: Uint8Array) => Uint8Array;

/** How long one code is shown: a new code every 30 seconds. */
export const CHECKIN_STEP_SECONDS = 30;
/** How many digits a check-in code has. */
export const CHECKIN_CODE_DIGITS = 6;

const SHA1_BYTES = 20;
const MAX_COUNTER = 2n ** 64n - 1n;

/**
 * The HOTP value of `counter` (RFC 4226 §5.3): HMAC-SHA-1 of the counter as 8 bytes big
 * endian, dynamic truncation to 31 bits, the last `digits` decimal digits with leading zeros.
 * `digits` is 6, 7 or 8 (the RFC's range); the counter a whole number in 0..2^64−1.
 */
export const hotp = (hmac: Hmac, secret: Uint8Array, counter: bigint | number, digits = 6): string => {
  if (!Number.isInteger(digits) || digits < 6 || digits > 8)
    throw new RangeError(`HOTP digits must be 6, 7 or 8, not ${digits}`);
  if (typeof counter === 'number' && !Number.isSafeInteger(counter))
    throw new RangeError(`HOTP counter must be a whole number, not ${counter}`);
  const c = BigInt(counter);
  if (c < 0n || c > MAX_COUNTER) throw new RangeError(`HOTP counter out of range: ${c}`);
  const message = new Uint8Array(8);
  new DataView(message.buffer).setBigUint64(0, c);
  const h = hmac('sha1', secret, message);
  if (h.length !== SHA1_BYTES) throw new RangeError(`HOTP needs HMAC-SHA-1 (20 bytes), got ${h.length}`);
  const byte = (i: number) => h[i] ?? 0;
  const offset = byte(SHA1_BYTES - 1) & 0x0f;
  const binary =
    ((byte(offset) & 0x7f) << 24) | (byte(offset + 1) << 16) | (byte(offset + 2) << 8) | byte(offset + 3);
  return String(binary % 10 ** digits).padStart(digits, '0');
};

/** The TOTP time step of `at` (RFC 6238, T0 = the Unix epoch): its start included, the next excluded. */
export const checkinStep = (at: Date): number => {
  const ms = at.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Invalid date');
  return Math.floor(ms / (CHECKIN_STEP_SECONDS * 1000));
};

/** When step `step` ends (the next one begins), ISO 8601. */
const stepEnd = (step: number): string => new Date((step + 1) * CHECKIN_STEP_SECONDS * 1000).toISOString();

/**
 * The code to show at `at` and when it is replaced (`expiresAt`, the end of its step). It is
 * still accepted for one more step after that (acceptsCode), so a code read just before it
 * changed can still be typed.
 */
export const checkinCode = (
  hmac: Hmac,
  secret: Uint8Array,
  at: Date,
): { code: string; expiresAt: string } => {
  const step = checkinStep(at);
  return { code: hotp(hmac, secret, step, CHECKIN_CODE_DIGITS), expiresAt: stepEnd(step) };
};

/** Arabic-Indic ٠–٩ (U+0660–U+0669) and Eastern Arabic (Persian/Urdu) ۰–۹ (U+06F0–U+06F9). */
const ARABIC_DIGIT = /[\u0660-\u0669\u06F0-\u06F9]/g;

/**
 * A typed code as the 6 ASCII digits it means, or undefined when it is not one. Arabic phones
 * type Arabic-Indic or Eastern Arabic digits: each is read as its ASCII digit (mixed is fine).
 * Nothing else is forgiven: no spaces, signs, separators or other scripts' digits, so a code
 * has exactly one spelling per digit; a client trims what its own input field adds.
 */
export const normaliseCheckinCode = (typed: string): string | undefined => {
  // Every accepted digit is one UTF-16 unit: a longer string is refused before any work.
  if (typed.length !== CHECKIN_CODE_DIGITS) return undefined;
  // Both ranges start at a multiple of 16: the low 4 bits are the digit's value.
  const ascii = typed.replace(ARABIC_DIGIT, (d) => String(d.charCodeAt(0) & 0x0f));
  return /^[0-9]{6}$/.test(ascii) ? ascii : undefined;
};

/** 1 when `a` and `b` are the same string, else 0, looking at every character whatever differs first. */
const sameString = (a: string, b: string): number => {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++)
    diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  return diff === 0 ? 1 : 0;
};

/**
 * Whether `typed` is the code of the current step or of the previous one (contract: "the
 * current and the previous code are accepted"); a code two steps old, or a future one, is
 * refused. Both codes are always computed and compared in full, with no early exit on the
 * first differing digit, so the answer's timing says nothing about how close a guess was.
 */
export const acceptsCode = (hmac: Hmac, secret: Uint8Array, typed: string, at: Date): boolean => {
  const code = normaliseCheckinCode(typed);
  if (code === undefined) return false;
  const step = checkinStep(at);
  const current = hotp(hmac, secret, step, CHECKIN_CODE_DIGITS);
  const previous = step > 0 ? hotp(hmac, secret, step - 1, CHECKIN_CODE_DIGITS) : '';
  return (sameString(code, current) | sameString(code, previous)) === 1;
};

/** The shortest master key accepted: 128 bits. */
const MIN_MASTER_KEY_BYTES = 16;
/** Keeps these secrets apart from any other HMAC the same key might ever be used for. */
const SECRET_LABEL = 'smart-city-ambassadors/lecture-checkin/v1/';

/**
 * A lecture's check-in secret: HMAC-SHA-256 of a labelled lecture id under the master key,
 * 32 bytes. Derived on every use, so no per-lecture secret is stored; rotating the master
 * key changes every lecture's codes at once.
 */
export const lectureCheckinSecret = (hmac: Hmac, masterKey: Uint8Array, lectureId: string): Uint8Array => {
  if (masterKey.length < MIN_MASTER_KEY_BYTES)
    throw new RangeError(`The check-in master key must have at least ${MIN_MASTER_KEY_BYTES} bytes`);
  if (lectureId.length === 0) throw new RangeError('A lecture id is required');
  return hmac('sha256', masterKey, new TextEncoder().encode(SECRET_LABEL + lectureId));
};

// ---------------------------------------------------------------------------------------
// The check-in window and the QR link

const MINUTE_MS = 60_000;
/** Check-in opens this long before `startsAt`… */
export const CHECKIN_OPENS_BEFORE_MINUTES = 30;
/** …and closes this long after the end (`startsAt` + `durationMinutes`). */
export const CHECKIN_CLOSES_AFTER_END_MINUTES = 60;

/** When check-in opens and closes for a scheduled lecture, ISO 8601 (UTC). */
export const checkinWindow = ({
  startsAt,
  durationMinutes,
}: {
  startsAt: string;
  durationMinutes: number;
}): { opensAt: string; closesAt: string } => {
  const start = Date.parse(startsAt);
  if (Number.isNaN(start)) throw new RangeError(`Invalid startsAt: ${startsAt}`);
  if (!Number.isInteger(durationMinutes) || durationMinutes < 0)
    throw new RangeError(`Invalid durationMinutes: ${durationMinutes}`);
  return {
    opensAt: new Date(start - CHECKIN_OPENS_BEFORE_MINUTES * MINUTE_MS).toISOString(),
    closesAt: new Date(
      start + (durationMinutes + CHECKIN_CLOSES_AFTER_END_MINUTES) * MINUTE_MS,
    ).toISOString(),
  };
};

/**
 * Whether check-in is open at `at`: from `opensAt` (included) until `closesAt` (excluded), the
 * contract's "until the window closes". A lecture reported after the fact has no `startsAt`,
 * hence no window.
 */
export const isCheckinOpen = (
  lecture: { startsAt?: string | undefined; durationMinutes?: number | undefined },
  at: Date,
): boolean => {
  if (lecture.startsAt === undefined || lecture.durationMinutes === undefined) return false;
  const { opensAt, closesAt } = checkinWindow({
    startsAt: lecture.startsAt,
    durationMinutes: lecture.durationMinutes,
  });
  const t = at.getTime();
  return Date.parse(opensAt) <= t && t < Date.parse(closesAt);
};

/**
 * The link the organizer's QR code holds: the app's check-in page of the lecture, with the code
 * as a query parameter, `${baseUrl}/lectures/${id}/check-in?code=123456` (id and code
 * URL-encoded; trailing slashes of `baseUrl` dropped, its path kept). The page, not the API:
 * it signs the person in (or asks a guest's name) and then sends `POST /lectures/{id}/check-ins`.
 * The code in the link expires like a typed one, so a photo of the QR code is worth one minute.
 */
export const checkinUrl = (baseUrl: string, lectureId: string, code: string): string => {
  let base: URL;
  try {
    base = new URL(baseUrl);
  } catch {
    throw new RangeError(`Not a URL: ${baseUrl}`);
  }
  if ((base.protocol !== 'https:' && base.protocol !== 'http:') || base.search !== '' || base.hash !== '')
    throw new RangeError(`The check-in base URL must be http(s) without query or fragment: ${baseUrl}`);
  const root = base.href.replace(/\/+$/, '');
  return `${root}/lectures/${encodeURIComponent(lectureId)}/check-in?code=${encodeURIComponent(code)}`;
};

// ---------------------------------------------------------------------------------------
// The staff queue's flags, from counters the store keeps (no scan of the check-ins)

/** The width of a burst bucket. */
export const BURST_BUCKET_SECONDS = 10;
/** A burst is more than this many check-ins in one bucket (contract: "more than 20 within 10 seconds"). */
export const BURST_MIN_EXCLUSIVE = 20;
/** recycled_audience: returning attendees per checked-in, at least 4/5 (80 %). */
const RECYCLED_NUMERATOR = 4;
const RECYCLED_DENOMINATOR = 5;
/** recycled_audience is not judged below this many checked-in attendees. */
export const RECYCLED_MIN_CHECKED_IN = 10;
/** Earlier check-ins at the same organizer's lectures that make an attendee "returning". */
export const RETURNING_AFTER_LECTURES = 3;
/** claim_gap: claimed more than this many times the checked-in count. */
export const CLAIM_GAP_FACTOR = 3;

/**
 * The burst buckets a check-in at `at` counts in: one 10-second bucket on each of two grids,
 * `a` aligned on the epoch and `b` shifted by 5 seconds. The store increments both and keeps
 * the lecture's largest bucket count over both. With one grid, 25 check-ins within 5 seconds
 * can fall 13 and 12 into two buckets and pass unseen; with the shifted grid, any 5 seconds lie
 * inside one bucket of one grid, so such a burst is always counted whole.
 */
export const checkinBuckets = (at: Date): [string, string] => {
  const width = BURST_BUCKET_SECONDS * 1000;
  const t = at.getTime();
  return [`a${Math.floor(t / width)}`, `b${Math.floor((t + width / 2) / width)}`];
};

export type LectureFlag = 'burst' | 'recycled_audience' | 'claim_gap';

/** A lecture's counters, as the store keeps them. */
export interface FlagInput {
  /** Claimed attendees (`attendees`); undefined until the organizer reports. */
  attendees?: number | undefined;
  /** Whether the lecture was announced with `startsAt`, so check-in was offered. */
  checkInOffered: boolean;
  /** Check-ins by signed-in people, claimed guest check-ins included (`checkedIn`). */
  checkedIn: number;
  /** Guest check-ins not claimed yet (`guestCheckIns`). */
  guestCheckIns: number;
  /** The largest count of check-ins (guests included) in one bucket of checkinBuckets. */
  largestBucket: number;
  /**
   * Of `checkedIn`, those by people who had checked in to RETURNING_AFTER_LECTURES or more of
   * the organizer's earlier lectures: the store keeps a counter per organizer and attendee and,
   * at check-in, increments the lecture's `returning` when that counter was already ≥ 3.
   */
  returning: number;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * The flags of a lecture for the staff queue, each with a short English reason, in the order
 * burst, recycled_audience, claim_gap.
 *
 * - burst: the largest bucket holds more than 20 check-ins AND more than half of all the
 *   lecture's check-ins. The contract judges a burst against the lecture's size: a hall of 500
 *   checking in within a minute fills each 10 seconds with ~80 genuine check-ins, a sixth of
 *   the lecture; what a script or one phone passed around produces is most of a lecture's
 *   check-ins arriving at once. Guests count, as the buckets count them (the guest route is
 *   public, so it is where a script would go).
 * - recycled_audience: 80 % or more of `checkedIn` are returning attendees, from 10 checked
 *   in: a small lecture attended by the organizer's usual circle of colleagues is ordinary,
 *   and a share of 3 or 4 people says little. Guests have no history, so they are out of it.
 * - claim_gap: claimed more than 3 × `checkedIn`, for a lecture that offered check-in; none
 *   checked in at all is the widest gap and flagged. A lecture reported after the fact (no
 *   `startsAt`) never offered check-in: it is a v1 report, reviewed on its evidence, and
 *   flagging every one would drown the flag. Guests are named in the reason, not counted:
 *   anyone with the code can add guest names.
 */
export const lectureFlags = (c: FlagInput): { flag: LectureFlag; reason: string }[] => {
  const flags: { flag: LectureFlag; reason: string }[] = [];
  const checkIns = c.checkedIn + c.guestCheckIns;
  if (c.largestBucket > BURST_MIN_EXCLUSIVE && c.largestBucket * 2 > checkIns)
    flags.push({
      flag: 'burst',
      reason: `${c.largestBucket} of ${checkIns} check-ins within ${BURST_BUCKET_SECONDS} seconds`,
    });
  if (
    c.checkedIn >= RECYCLED_MIN_CHECKED_IN &&
    c.returning * RECYCLED_DENOMINATOR >= c.checkedIn * RECYCLED_NUMERATOR
  )
    flags.push({
      flag: 'recycled_audience',
      reason: `${c.returning} of ${c.checkedIn} checked-in attendees had checked in to ${RETURNING_AFTER_LECTURES} or more of the organizer's earlier lectures`,
    });
  if (c.checkInOffered && c.attendees !== undefined && c.attendees > CLAIM_GAP_FACTOR * c.checkedIn) {
    const guests = c.guestCheckIns > 0 ? ` (and ${c.guestCheckIns} as guests)` : '';
    const checked = c.checkedIn === 0 ? 'none checked in' : `${c.checkedIn} checked in`;
    flags.push({
      flag: 'claim_gap',
      reason: `claimed ${plural(c.attendees, 'attendee', 'attendees')}, ${checked}${guests}`,
    });
  }
  return flags;
};

// ---------------------------------------------------------------------------------------
// Verification against check-ins

/**
 * The most `verifiedAttendees` may be because of check-ins: `checkedIn` for a lecture with
 * check-ins, undefined (no cap beyond v1's `attendees`) for one without. `hasCheckIns` counts
 * every check-in, unclaimed guests included: a lecture whose only check-ins are guests is a
 * lecture with check-ins, or the cap could be escaped by checking everyone in as a guest.
 */
export const maxVerifiable = ({
  checkedIn,
  hasCheckIns,
}: {
  checkedIn: number;
  hasCheckIns: boolean;
}): number | undefined => (hasCheckIns ? checkedIn : undefined);

/**
 * The `verifiedAttendees` a verification writes, or the field error to answer (400
 * validation_failed). Default: `checkedIn` for a lecture with check-ins, `attendees` without;
 * never above the claim (v1: 1..attendees) nor, with check-ins, above `checkedIn`. With only
 * unclaimed guest check-ins nothing can be verified yet (guests count once claimed).
 */
export const verifiedAttendeesFor = (
  requested: number | undefined,
  lecture: { attendees: number; checkedIn: number; hasCheckIns: boolean },
): { value: number } | { error: FieldError } => {
  const cap = maxVerifiable(lecture);
  const path = 'verifiedAttendees';
  if (cap !== undefined && cap < 1)
    return {
      error: {
        path,
        message: 'No attendee has checked in with an account yet: guest check-ins count once claimed',
      },
    };
  if (requested === undefined) return { value: Math.min(lecture.attendees, cap ?? lecture.attendees) };
  if (cap !== undefined && requested > cap)
    return { error: { path, message: `At most the ${cap} checked in` } };
  if (requested > lecture.attendees)
    return { error: { path, message: `At most the reported ${lecture.attendees}` } };
  return { value: requested };
};

// ---------------------------------------------------------------------------------------
// Guest claim tokens

/** How many random bytes a claim token carries (generated in functions/, 256 bits). */
export const CLAIM_TOKEN_BYTES = 32;
const CLAIM_TOKEN_PREFIX = 'ct_';
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/**
 * `ct_` and 43 base64url characters. 32 bytes are 256 bits, 42 characters of 6 bits and 4 bits
 * in the last, whose 2 low bits are then 0: only 16 last characters are canonical, so one
 * token has one spelling.
 */
const CLAIM_TOKEN = /^ct_[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;
/** The length of every claim token. */
export const CLAIM_TOKEN_LENGTH = CLAIM_TOKEN_PREFIX.length + Math.ceil((CLAIM_TOKEN_BYTES * 8) / 6);

const base64url = (bytes: Uint8Array): string => {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.ceil((Math.min(3, bytes.length - i) * 8) / 6);
    for (let k = 0; k < chars; k++) out += BASE64URL[(n >> (18 - 6 * k)) & 0x3f];
  }
  return out;
};

/**
 * The claim token a guest check-in answers, from CLAIM_TOKEN_BYTES random bytes that
 * functions/ draws (`randomBytes(32)`): `ct_` + base64url without padding. The prefix tells a
 * claim token from any other secret at a glance (logs, leak scanners).
 */
export const formatClaimToken = (random: Uint8Array): string => {
  if (random.length !== CLAIM_TOKEN_BYTES)
    throw new RangeError(`A claim token needs ${CLAIM_TOKEN_BYTES} random bytes, not ${random.length}`);
  return CLAIM_TOKEN_PREFIX + base64url(random);
};

/** The claim token `s` is, or undefined for anything else: a bounded length is checked first. */
export const parseClaimToken = (s: unknown): string | undefined =>
  typeof s === 'string' && s.length === CLAIM_TOKEN_LENGTH && CLAIM_TOKEN.test(s) ? s : undefined;

// ---------------------------------------------------------------------------------------
// Request bodies

/**
 * A typed or scanned code. Only its type and a bound are checked here: whether it is 6 digits
 * is acceptsCode's business, so a mistyped code and a wrong one get the same answer (400
 * invalid_code), not a validation error for one and invalid_code for the other.
 */
const checkinCodeField = z
  .string()
  .check(
    z.maxLength(16),
    z.describe(
      'The 6 digits the organizer shows (Arabic-Indic and Eastern Arabic digits are read as ASCII). A wrong, expired or malformed code is 400 `invalid_code`.',
    ),
  );

/** `POST /lectures/{id}/check-ins`: an ambassador's profile name is used; others send `name` too. */
export const checkInSchema = z.strictObject({ code: checkinCodeField });
/** `name` for a signed-in caller without an ambassador profile (contract §12). */
export const checkInWithNameSchema = z.strictObject({ code: checkinCodeField, name: personName });
/** `POST /lectures/{id}/guest-check-ins`: a guest's name follows the ambassador name rules. */
export const guestCheckInSchema = checkInWithNameSchema;

/** `POST /me/check-ins/claim`. */
export const claimCheckInSchema = z.strictObject({
  claimToken: z.string().check(
    z.maxLength(CLAIM_TOKEN_LENGTH),
    z.refine(
      (s) => parseClaimToken(s) !== undefined,
      'Must be a claim token as a guest check-in answered it',
    ),
  ),
});
