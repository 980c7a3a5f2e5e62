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
  checkInSchema,
  checkinBuckets,
  checkinCode,
  checkinStep,
  checkinUrl,
  checkinWindow,
  claimCheckInSchema,
  type FlagInput,
  formatClaimToken,
  guestCheckInSchema,
  type Hmac,
  hotp,
  isCheckinOpen,
  lectureCheckinSecret,
  lectureFlags,
  maxVerifiable,
  normaliseCheckinCode,
  parseClaimToken,
  verifiedAttendeesFor,
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

describe('the check-in window', () => {
  const lecture = { startsAt: '2026-11-28T14:00:00.000Z', durationMinutes: 90 };

  it('opens 30 minutes before the start and closes 60 minutes after the end', () => {
    expect(checkinWindow(lecture)).toEqual({
      opensAt: '2026-11-28T13:30:00.000Z',
      closesAt: '2026-11-28T16:30:00.000Z',
    });
  });

  it('is open from opensAt (included) to closesAt (excluded)', () => {
    expect(isCheckinOpen(lecture, at('2026-11-28T13:29:59.999Z'))).toBe(false);
    expect(isCheckinOpen(lecture, at('2026-11-28T13:30:00.000Z'))).toBe(true);
    expect(isCheckinOpen(lecture, at('2026-11-28T15:00:00.000Z'))).toBe(true);
    expect(isCheckinOpen(lecture, at('2026-11-28T16:29:59.999Z'))).toBe(true);
    expect(isCheckinOpen(lecture, at('2026-11-28T16:30:00.000Z'))).toBe(false);
  });

  it('reads startsAt with an offset (Oman time) as the same instant', () => {
    expect(checkinWindow({ startsAt: '2026-11-28T18:00:00+04:00', durationMinutes: 15 })).toEqual({
      opensAt: '2026-11-28T13:30:00.000Z',
      closesAt: '2026-11-28T15:15:00.000Z',
    });
  });

  it('a lecture reported after the fact (no startsAt) has no window', () => {
    expect(isCheckinOpen({ durationMinutes: 60 }, at('2026-11-28T14:00:00.000Z'))).toBe(false);
    expect(isCheckinOpen({}, at('2026-11-28T14:00:00.000Z'))).toBe(false);
  });

  it('refuses an invalid startsAt or duration', () => {
    expect(() => checkinWindow({ startsAt: 'tomorrow', durationMinutes: 60 })).toThrow(RangeError);
    expect(() => checkinWindow({ startsAt: lecture.startsAt, durationMinutes: -1 })).toThrow(RangeError);
    expect(() => checkinWindow({ startsAt: lecture.startsAt, durationMinutes: 1.5 })).toThrow(RangeError);
  });
});

describe('checkinUrl', () => {
  it('is the app page of the lecture with the code as a query parameter', () => {
    expect(checkinUrl('https://app.example.om', 'lec_1', '012345')).toBe(
      'https://app.example.om/lectures/lec_1/check-in?code=012345',
    );
  });

  it('drops trailing slashes of the base and keeps its path', () => {
    expect(checkinUrl('https://example.om/ambassadors//', 'lec_1', '012345')).toBe(
      'https://example.om/ambassadors/lectures/lec_1/check-in?code=012345',
    );
  });

  it('URL-encodes the id and the code', () => {
    expect(checkinUrl('https://example.om', 'a/b?c#d', '12 34&5')).toBe(
      'https://example.om/lectures/a%2Fb%3Fc%23d/check-in?code=12%2034%265',
    );
  });

  it('refuses a base that is not an http(s) URL, or that has a query or fragment', () => {
    expect(() => checkinUrl('javascript:alert(1)', 'lec_1', '012345')).toThrow(RangeError);
    expect(() => checkinUrl('example.om', 'lec_1', '012345')).toThrow(RangeError);
    expect(() => checkinUrl('https://example.om/?x=1', 'lec_1', '012345')).toThrow(RangeError);
    expect(() => checkinUrl('https://example.om/#top', 'lec_1', '012345')).toThrow(RangeError);
    expect(checkinUrl('http://localhost:3000', 'lec_1', '012345')).toBe(
      'http://localhost:3000/lectures/lec_1/check-in?code=012345',
    );
  });
});

describe('burst buckets', () => {
  it('each check-in counts in a 10-second bucket of two grids, the second shifted by 5 s', () => {
    expect(checkinBuckets(new Date(0))).toEqual(['a0', 'b0']);
    expect(checkinBuckets(new Date(4_999))).toEqual(['a0', 'b0']);
    expect(checkinBuckets(new Date(5_000))).toEqual(['a0', 'b1']);
    expect(checkinBuckets(new Date(9_999))).toEqual(['a0', 'b1']);
    expect(checkinBuckets(new Date(10_000))).toEqual(['a1', 'b1']);
    expect(checkinBuckets(new Date(15_000))).toEqual(['a1', 'b2']);
  });

  it('any 5 seconds of check-ins share one bucket of one grid, wherever the bucket boundaries fall', () => {
    for (let start = 0; start < 20_000; start += 250) {
      const first = checkinBuckets(new Date(start));
      const last = checkinBuckets(new Date(start + 4_999));
      expect(first[0] === last[0] || first[1] === last[1]).toBe(true);
    }
  });
});

/** The store's counters for a lecture: largestBucket is the largest over both grids. */
const counters = (c: Partial<FlagInput>): FlagInput => ({
  checkInOffered: true,
  checkedIn: 0,
  guestCheckIns: 0,
  largestBucket: 0,
  returning: 0,
  ...c,
});

/** Replays check-in instants into buckets as the store would, and gives the largest. */
const largestBucketOf = (instants: number[]): number => {
  const counts = new Map<string, number>();
  for (const t of instants)
    for (const b of checkinBuckets(new Date(t))) counts.set(b, (counts.get(b) ?? 0) + 1);
  return Math.max(0, ...counts.values());
};

const flagsOf = (c: Partial<FlagInput>) => lectureFlags(counters(c)).map((f) => f.flag);

describe('flag burst', () => {
  const T0 = Date.parse('2026-11-28T14:00:00.000Z');

  it('a full hall of 500 checking in evenly within one minute is not flagged', () => {
    const instants = Array.from({ length: 500 }, (_, i) => T0 + Math.floor((i * 60_000) / 500));
    const largestBucket = largestBucketOf(instants);
    expect(largestBucket).toBeGreaterThan(20);
    expect(flagsOf({ checkedIn: 500, largestBucket })).toEqual([]);
  });

  it('25 arriving in 5 seconds out of 30 are flagged, even across a bucket boundary', () => {
    // 5 genuine ones spread over 20 minutes, then 25 within 5 s that straddle a grid-a boundary.
    const genuine = Array.from({ length: 5 }, (_, i) => T0 + i * 240_000);
    const burst = Array.from({ length: 25 }, (_, i) => T0 + 1_207_500 + i * 200);
    const largestBucket = largestBucketOf([...genuine, ...burst]);
    expect(largestBucket).toBe(25);
    const flags = lectureFlags(counters({ checkedIn: 20, guestCheckIns: 10, largestBucket }));
    expect(flags).toEqual([{ flag: 'burst', reason: '25 of 30 check-ins within 10 seconds' }]);
  });

  it('20 in one bucket is not a burst, 21 is', () => {
    expect(flagsOf({ checkedIn: 21, largestBucket: 20 })).toEqual([]);
    expect(flagsOf({ checkedIn: 21, largestBucket: 21 })).toEqual(['burst']);
  });

  it('a bucket of exactly half the check-ins is not a burst, more than half is', () => {
    expect(flagsOf({ checkedIn: 60, largestBucket: 30 })).toEqual([]);
    expect(flagsOf({ checkedIn: 59, largestBucket: 30 })).toEqual(['burst']);
  });

  it('counts guest check-ins in the lecture’s size, as the buckets count them', () => {
    expect(flagsOf({ checkedIn: 10, guestCheckIns: 40, largestBucket: 25 })).toEqual([]);
    expect(flagsOf({ checkedIn: 10, guestCheckIns: 39, largestBucket: 25 })).toEqual(['burst']);
  });
});

describe('flag recycled_audience', () => {
  it('80 % or more returning attendees are flagged, below 80 % not', () => {
    expect(lectureFlags(counters({ checkedIn: 10, returning: 8 }))).toEqual([
      {
        flag: 'recycled_audience',
        reason:
          "8 of 10 checked-in attendees had checked in to 3 or more of the organizer's earlier lectures",
      },
    ]);
    expect(flagsOf({ checkedIn: 10, returning: 7 })).toEqual([]);
    expect(flagsOf({ checkedIn: 100, returning: 80 })).toEqual(['recycled_audience']);
    expect(flagsOf({ checkedIn: 100, returning: 79 })).toEqual([]);
    expect(flagsOf({ checkedIn: 11, returning: 9 })).toEqual(['recycled_audience']); // 81.8 %
    expect(flagsOf({ checkedIn: 11, returning: 8 })).toEqual([]); // 72.7 %
  });

  it('is not judged below 10 checked-in attendees', () => {
    expect(flagsOf({ checkedIn: 9, returning: 9 })).toEqual([]);
    expect(flagsOf({ checkedIn: 1, returning: 1 })).toEqual([]);
    expect(flagsOf({ checkedIn: 10, returning: 10 })).toEqual(['recycled_audience']);
  });

  it('guests are not in it: they have no history to return with', () => {
    expect(flagsOf({ checkedIn: 10, guestCheckIns: 100, returning: 8, largestBucket: 1 })).toEqual([
      'recycled_audience',
    ]);
  });
});

describe('flag claim_gap', () => {
  it('claimed more than 3 × checked in is flagged, exactly 3 × not', () => {
    expect(lectureFlags(counters({ attendees: 31, checkedIn: 10 }))).toEqual([
      { flag: 'claim_gap', reason: 'claimed 31 attendees, 10 checked in' },
    ]);
    expect(flagsOf({ attendees: 30, checkedIn: 10 })).toEqual([]);
  });

  it('names the guest check-ins in the reason, but does not count them as checked in', () => {
    expect(lectureFlags(counters({ attendees: 100, checkedIn: 5, guestCheckIns: 95 }))).toEqual([
      { flag: 'claim_gap', reason: 'claimed 100 attendees, 5 checked in (and 95 as guests)' },
    ]);
  });

  it('a lecture that offered check-in and has none, yet claims attendees, is flagged', () => {
    expect(lectureFlags(counters({ attendees: 1, checkedIn: 0 }))).toEqual([
      { flag: 'claim_gap', reason: 'claimed 1 attendee, none checked in' },
    ]);
  });

  it('a lecture reported after the fact (check-in never offered) is not flagged', () => {
    expect(flagsOf({ checkInOffered: false, attendees: 500, checkedIn: 0 })).toEqual([]);
  });

  it('is not judged before the organizer claims attendees', () => {
    expect(flagsOf({ checkedIn: 0 })).toEqual([]);
  });
});

describe('lectureFlags', () => {
  it('lists every flag that applies, in the order burst, recycled_audience, claim_gap', () => {
    expect(flagsOf({ attendees: 400, checkedIn: 30, returning: 30, largestBucket: 25 })).toEqual([
      'burst',
      'recycled_audience',
      'claim_gap',
    ]);
  });

  it('no check-ins, no claim: nothing to flag', () => {
    expect(lectureFlags(counters({}))).toEqual([]);
  });
});

describe('verification against check-ins', () => {
  it('maxVerifiable: checkedIn for a lecture with check-ins, no cap otherwise', () => {
    expect(maxVerifiable({ checkedIn: 40, hasCheckIns: true })).toBe(40);
    expect(maxVerifiable({ checkedIn: 0, hasCheckIns: true })).toBe(0);
    expect(maxVerifiable({ checkedIn: 0, hasCheckIns: false })).toBeUndefined();
  });

  const lecture = { attendees: 50, checkedIn: 40, hasCheckIns: true };

  it('defaults to checkedIn, and to the claimed attendees without check-ins', () => {
    expect(verifiedAttendeesFor(undefined, lecture)).toEqual({ value: 40 });
    expect(verifiedAttendeesFor(undefined, { attendees: 50, checkedIn: 0, hasCheckIns: false })).toEqual({
      value: 50,
    });
  });

  it('the default never exceeds the claim (v1: 1..attendees)', () => {
    expect(verifiedAttendeesFor(undefined, { attendees: 30, checkedIn: 40, hasCheckIns: true })).toEqual({
      value: 30,
    });
  });

  it('accepts up to checkedIn, refuses above it', () => {
    expect(verifiedAttendeesFor(40, lecture)).toEqual({ value: 40 });
    expect(verifiedAttendeesFor(1, lecture)).toEqual({ value: 1 });
    expect(verifiedAttendeesFor(41, lecture)).toEqual({
      error: { path: 'verifiedAttendees', message: 'At most the 40 checked in' },
    });
  });

  it('without check-ins, the v1 rule alone applies (up to the claim)', () => {
    const v1 = { attendees: 50, checkedIn: 0, hasCheckIns: false };
    expect(verifiedAttendeesFor(50, v1)).toEqual({ value: 50 });
    expect(verifiedAttendeesFor(51, v1)).toEqual({
      error: { path: 'verifiedAttendees', message: 'At most the reported 50' },
    });
  });

  it('a lecture whose only check-ins are unclaimed guests cannot be verified yet', () => {
    const guestsOnly = { attendees: 50, checkedIn: 0, hasCheckIns: true };
    const answer = { error: { path: 'verifiedAttendees', message: expect.stringMatching(/^No attendee/) } };
    expect(verifiedAttendeesFor(undefined, guestsOnly)).toEqual(answer);
    expect(verifiedAttendeesFor(1, guestsOnly)).toEqual(answer);
  });
});

describe('claim tokens', () => {
  const bytes = (f: (i: number) => number) => Uint8Array.from({ length: 32 }, (_, i) => f(i) & 0xff);

  it('is ct_ and the 32 random bytes in base64url without padding (46 characters)', () => {
    const random = bytes((i) => i * 37 + 11);
    const token = formatClaimToken(random);
    expect(token).toBe(`ct_${Buffer.from(random).toString('base64url')}`);
    expect(token).toHaveLength(46);
    expect(formatClaimToken(bytes(() => 0))).toBe(`ct_${'A'.repeat(43)}`);
    expect(formatClaimToken(bytes(() => 0xff))).toBe(`ct_${'_'.repeat(42)}8`);
  });

  it('needs exactly 32 bytes', () => {
    expect(() => formatClaimToken(new Uint8Array(31))).toThrow(RangeError);
    expect(() => formatClaimToken(new Uint8Array(33))).toThrow(RangeError);
  });

  it('parses what it formats', () => {
    for (let seed = 0; seed < 50; seed++) {
      const token = formatClaimToken(bytes((i) => i * seed + seed * 7));
      expect(parseClaimToken(token)).toBe(token);
    }
  });

  const valid = formatClaimToken(bytes((i) => i));

  it.each([
    ['', 'empty'],
    [valid.slice(3), 'without its prefix'],
    [`CT_${valid.slice(3)}`, 'another prefix'],
    [valid.slice(0, -1), 'one character short'],
    [`${valid}A`, 'one character long'],
    [`${valid}=`, 'padded'],
    [`${valid.slice(0, -2)}+/`, 'base64, not base64url'],
    [` ${valid}`, 'with a space'],
    [`${valid.slice(0, -1)}B`, 'a last character that is not canonical (stray bits)'],
    ['ct_'.padEnd(10_000, 'A'), 'very long'],
  ])('refuses %j (%s)', (token) => {
    expect(parseClaimToken(token)).toBeUndefined();
  });

  it('refuses what is not a string', () => {
    expect(parseClaimToken(undefined)).toBeUndefined();
    expect(parseClaimToken(42)).toBeUndefined();
    expect(parseClaimToken({ toString: () => valid })).toBeUndefined();
  });

  it('the claim body takes a well-formed token only', () => {
    expect(claimCheckInSchema.safeParse({ claimToken: valid }).success).toBe(true);
    expect(claimCheckInSchema.safeParse({ claimToken: `${valid}x` }).success).toBe(false);
    expect(claimCheckInSchema.safeParse({ claimToken: valid, extra: 1 }).success).toBe(false);
  });
});

describe('check-in bodies', () => {
  it('a code is a string of at most 16 characters; its format is judged as a wrong code (invalid_code)', () => {
    expect(checkInSchema.safeParse({ code: '123456' }).success).toBe(true);
    expect(checkInSchema.safeParse({ code: '12' }).success).toBe(true);
    expect(checkInSchema.safeParse({ code: '١٢٣٤٥٦' }).success).toBe(true);
    expect(checkInSchema.safeParse({ code: 123456 }).success).toBe(false);
    expect(checkInSchema.safeParse({ code: '1'.repeat(17) }).success).toBe(false);
    expect(checkInSchema.safeParse({}).success).toBe(false);
    expect(checkInSchema.safeParse({ code: '123456', name: 'Salim' }).success).toBe(false);
  });

  const guest = (name: unknown) => guestCheckInSchema.safeParse({ code: '123456', name });

  it('a guest sends a name of 2–100 characters, trimmed and in NFC, as ambassador names are', () => {
    expect(guest('  سالم البلوشي  ')).toMatchObject({ success: true, data: { name: 'سالم البلوشي' } });
    expect(guest('Jose\u0301')).toMatchObject({ success: true, data: { name: 'José' } });
    expect(guest('Al').success).toBe(true);
    expect(guest('a'.repeat(100)).success).toBe(true);
    expect(guest('a'.repeat(101)).success).toBe(false);
    expect(guest('A').success).toBe(false);
    expect(guest('   ').success).toBe(false);
    expect(guest('\u200B\u200B\u200B').success).toBe(false);
    expect(guest(42).success).toBe(false);
    expect(guestCheckInSchema.safeParse({ code: '123456' }).success).toBe(false);
  });

  it('refuses control and bidi override characters in a guest name', () => {
    expect(guest('Salim\u202Egnp.exe').success).toBe(false);
    expect(guest('Sal\u2066im').success).toBe(false);
    expect(guest('Salim\u0000').success).toBe(false);
    expect(guest('Salim\nAli').success).toBe(false);
  });
});
