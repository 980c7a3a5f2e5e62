/**
 * Verified attendance (docs/api-contract.md §12): the rotating check-in codes an organizer
 * shows, in the manner of TOTP (RFC 6238 over RFC 4226 HOTP, 30-second steps).
 *
 * domain/ imports no Node built-in, so the HMAC itself is passed in (`Hmac`): functions/
 * wires it to node:crypto, `(alg, key, msg) => new Uint8Array(createHmac(alg, key).update(msg).digest())`.
 * Everything else (counter encoding, dynamic truncation, steps, which codes are accepted,
 * the per-lecture secret) is here, pure and tested against the RFC vectors.
 */

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
