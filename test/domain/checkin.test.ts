/**
 * Verified attendance (docs/api-contract.md §12): the rotating check-in codes (HOTP/TOTP,
 * RFC 4226 and RFC 6238), the check-in window and its QR link, the staff queue's flags, the
 * verification cap, guest claim tokens and the check-in request bodies.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  acceptsCode,
  CHECKIN_STEP_SECONDS,
  checkinCode,
  checkinStep,
  type Hmac,
  hotp,
  lectureCheckinSecret,
  normaliseCheckinCode,
} from '#domain/checkin.ts';

/** What functions/ wires: node:crypto's HMAC (domain/ may not import Node built-ins). */
const hmac: Hmac = (algorithm, key, message) =>
  new Uint8Array(createHmac(algorithm, key).update(message).digest());

const ascii = (s: string) => new TextEncoder().encode(s);
/** The secret of the RFC 4226 and RFC 6238 test vectors. */
const RFC_SECRET = ascii('12345678901234567890');
const at = (iso: string) => new Date(iso);
const STEP_MS = CHECKIN_STEP_SECONDS * 1000;

describe('hotp (RFC 4226)', () => {
  it('gives the Appendix D values for counters 0 to 9', () => {
    const expected = [
      '755224',
      '287082',
      '359152',
      '969429',
      '338314',
      '254676',
      '287922',
      '162583',
      '399871',
      '520489',
    ];
    expect(expected.map((_, i) => hotp(hmac, RFC_SECRET, i))).toEqual(expected);
    expect(expected.map((_, i) => hotp(hmac, RFC_SECRET, BigInt(i)))).toEqual(expected);
  });

  it('keeps leading zeros: always exactly `digits` digits', () => {
    // RFC 6238: T = 1111111109 gives 07081804 in 8 digits.
    expect(hotp(hmac, RFC_SECRET, 37037036, 8)).toBe('07081804');
    // 6 digits of the same value keep its zero too.
    expect(hotp(hmac, RFC_SECRET, 37037036, 6)).toBe('081804');
    for (let c = 0; c < 200; c++) expect(hotp(hmac, RFC_SECRET, c)).toMatch(/^[0-9]{6}$/);
  });

  it('refuses a counter that is negative, fractional or beyond 64 bits, and digits outside 6–8', () => {
    expect(() => hotp(hmac, RFC_SECRET, -1)).toThrow(RangeError);
    expect(() => hotp(hmac, RFC_SECRET, 1.5)).toThrow(RangeError);
    expect(() => hotp(hmac, RFC_SECRET, 2n ** 64n)).toThrow(RangeError);
    expect(hotp(hmac, RFC_SECRET, 2n ** 64n - 1n)).toMatch(/^[0-9]{6}$/);
    expect(() => hotp(hmac, RFC_SECRET, 0, 5)).toThrow(RangeError);
    expect(() => hotp(hmac, RFC_SECRET, 0, 9)).toThrow(RangeError);
    expect(hotp(hmac, RFC_SECRET, 0, 7)).toMatch(/^[0-9]{7}$/);
  });

  it('refuses an HMAC that does not answer 20 bytes (not SHA-1)', () => {
    const sha256: Hmac = (_a, key, message) => hmac('sha256', key, message);
    expect(() => hotp(sha256, RFC_SECRET, 0)).toThrow(RangeError);
  });
});

describe('TOTP steps (RFC 6238, 30 seconds from the Unix epoch)', () => {
  it('gives the SHA-1 8-digit vectors of Appendix B', () => {
    const vectors: [number, string][] = [
      [59, '94287082'],
      [1111111109, '07081804'],
      [1111111111, '14050471'],
      [1234567890, '89005924'],
      [2000000000, '69279037'],
      [20000000000, '65353130'],
    ];
    for (const [t, code] of vectors)
      expect(hotp(hmac, RFC_SECRET, checkinStep(new Date(t * 1000)), 8)).toBe(code);
  });

  it('a step runs from a multiple of 30 s (included) to the next (excluded)', () => {
    expect(checkinStep(new Date(0))).toBe(0);
    expect(checkinStep(new Date(29_999))).toBe(0);
    expect(checkinStep(new Date(30_000))).toBe(1);
    expect(checkinStep(at('2026-11-28T10:00:00.000Z'))).toBe(
      Date.parse('2026-11-28T10:00:00.000Z') / STEP_MS,
    );
  });

  it('refuses an invalid date', () => {
    expect(() => checkinStep(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('checkinCode', () => {
  const secret = ascii('a lecture secret of some bytes..');

  it('is the 6-digit HOTP of the current step, expiring at the end of that step', () => {
    const now = at('2026-11-28T10:00:07.250Z');
    const step = checkinStep(now);
    expect(checkinCode(hmac, secret, now)).toEqual({
      code: hotp(hmac, secret, step),
      expiresAt: '2026-11-28T10:00:30.000Z',
    });
  });

  it('at a step boundary the code changes and expires 30 s later', () => {
    const last = checkinCode(hmac, secret, at('2026-11-28T10:00:29.999Z'));
    const next = checkinCode(hmac, secret, at('2026-11-28T10:00:30.000Z'));
    expect(last.expiresAt).toBe('2026-11-28T10:00:30.000Z');
    expect(next.expiresAt).toBe('2026-11-28T10:01:00.000Z');
    expect(next.code).not.toBe(last.code);
  });
});

describe('normaliseCheckinCode', () => {
  it('keeps exactly 6 ASCII digits, leading zeros included', () => {
    expect(normaliseCheckinCode('012345')).toBe('012345');
    expect(normaliseCheckinCode('000000')).toBe('000000');
  });

  it('reads Arabic-Indic (٠–٩) and Eastern Arabic (۰–۹) digits as ASCII, mixed too', () => {
    expect(normaliseCheckinCode('٠١٢٣٤٥')).toBe('012345');
    expect(normaliseCheckinCode('٦٧٨٩٠١')).toBe('678901');
    expect(normaliseCheckinCode('۰۱۲۳۴۵')).toBe('012345');
    expect(normaliseCheckinCode('۶۷۸۹۰۱')).toBe('678901');
    expect(normaliseCheckinCode('12٣۴56')).toBe('123456');
  });

  it.each([
    ['', 'empty'],
    ['12345', '5 digits'],
    ['1234567', '7 digits'],
    ['٠١٢٣٤', '5 Arabic digits'],
    [' 123456', 'a leading space'],
    ['123456 ', 'a trailing space'],
    ['123 456', 'an inner space'],
    ['123-456', 'a dash'],
    ['12345a', 'a letter'],
    ['１２３４５６', 'fullwidth digits'],
    ['+12345', 'a sign'],
    ['1e+5', 'a number in exponent form'],
    ['123456\n', 'a line break'],
    ['1'.repeat(10_000), 'a very long string'],
  ])('refuses %j (%s)', (code) => {
    expect(normaliseCheckinCode(code)).toBeUndefined();
  });
});

describe('acceptsCode', () => {
  const secret = ascii('another lecture secret, 32 byte');
  /** The middle of some step. */
  const now = at('2026-11-28T10:00:45.000Z');
  const codeAt = (ms: number) => checkinCode(hmac, secret, new Date(now.getTime() + ms)).code;

  it('accepts the current and the previous step, not two steps ago nor the next', () => {
    expect(acceptsCode(hmac, secret, codeAt(0), now)).toBe(true);
    expect(acceptsCode(hmac, secret, codeAt(-STEP_MS), now)).toBe(true);
    expect(acceptsCode(hmac, secret, codeAt(-2 * STEP_MS), now)).toBe(false);
    expect(acceptsCode(hmac, secret, codeAt(STEP_MS), now)).toBe(false);
  });

  it('a code shown at the very end of its step is accepted until the end of the next', () => {
    const shownAt = at('2026-11-28T10:00:29.999Z');
    const { code, expiresAt } = checkinCode(hmac, secret, shownAt);
    expect(acceptsCode(hmac, secret, code, new Date(Date.parse(expiresAt) + STEP_MS - 1))).toBe(true);
    expect(acceptsCode(hmac, secret, code, new Date(Date.parse(expiresAt) + STEP_MS))).toBe(false);
  });

  it('accepts a code with a leading zero, and refuses it without its zero', () => {
    let t = now.getTime();
    while (!checkinCode(hmac, secret, new Date(t)).code.startsWith('0')) t += STEP_MS;
    const code = checkinCode(hmac, secret, new Date(t)).code;
    expect(acceptsCode(hmac, secret, code, new Date(t))).toBe(true);
    expect(acceptsCode(hmac, secret, code.slice(1), new Date(t))).toBe(false);
  });

  it('accepts the code typed in Arabic digits', () => {
    const code = codeAt(0);
    const arabic = code.replace(/[0-9]/g, (d) => String.fromCharCode(0x0660 + Number(d)));
    const persian = code.replace(/[0-9]/g, (d) => String.fromCharCode(0x06f0 + Number(d)));
    expect(acceptsCode(hmac, secret, arabic, now)).toBe(true);
    expect(acceptsCode(hmac, secret, persian, now)).toBe(true);
  });

  it('refuses a wrong code, the right one mangled, and another lecture’s code', () => {
    const code = codeAt(0);
    const wrong = code.replace(/^./, (d) => String((Number(d) + 1) % 10));
    expect(acceptsCode(hmac, secret, wrong, now)).toBe(false);
    expect(acceptsCode(hmac, secret, ` ${code}`, now)).toBe(false);
    expect(acceptsCode(hmac, secret, code.slice(1), now)).toBe(false);
    expect(acceptsCode(hmac, secret, `${code}0`, now)).toBe(false);
    const other = ascii('a different lecture secret......');
    expect(checkinCode(hmac, other, now).code).not.toBe(code);
    expect(acceptsCode(hmac, other, code, now)).toBe(false);
  });
});

describe('lectureCheckinSecret', () => {
  const master = ascii('a master key of at least 16 bytes');

  it('is deterministic: nothing per lecture needs storing', () => {
    expect(lectureCheckinSecret(hmac, master, 'lec_1')).toEqual(lectureCheckinSecret(hmac, master, 'lec_1'));
    expect(lectureCheckinSecret(hmac, master, 'lec_1')).toHaveLength(32);
  });

  it('differs per lecture and per master key', () => {
    const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
    const ids = ['lec_1', 'lec_2', 'lec_10', 'LEC_1', 'lec_1 '];
    const secrets = new Set(ids.map((id) => hex(lectureCheckinSecret(hmac, master, id))));
    expect(secrets.size).toBe(ids.length);
    const otherMaster = ascii('another master key, 16+ bytes');
    expect(hex(lectureCheckinSecret(hmac, otherMaster, 'lec_1'))).not.toBe(
      hex(lectureCheckinSecret(hmac, master, 'lec_1')),
    );
  });

  it('is not the bare HMAC of the id: a label keeps it apart from other uses of the key', () => {
    const bare = hmac('sha256', master, ascii('lec_1'));
    expect(lectureCheckinSecret(hmac, master, 'lec_1')).not.toEqual(bare);
  });

  it('refuses a master key shorter than 16 bytes and an empty lecture id', () => {
    expect(() => lectureCheckinSecret(hmac, ascii('short'), 'lec_1')).toThrow(RangeError);
    expect(() => lectureCheckinSecret(hmac, master, '')).toThrow(RangeError);
  });
});
