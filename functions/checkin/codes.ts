/**
 * The organizer's rotating check-in codes (docs/api-contract.md §12, domain/checkin.ts) wired
 * to node:crypto and to the check-in master key.
 *
 * The master key is derived from the cursor secret (functions/store/cursor-keys.ts) under its
 * own label, as the unsubscribe token's key is (functions/notifications/unsubscribe-token.ts):
 * a cursor's key, a token's key and the check-in key never coincide, and no other secret has to
 * be provisioned, rotated or granted. Codes are shown under the current value and accepted
 * under the current or the previous one, so a rotation in the middle of a lecture does not
 * refuse the code on the screen.
 */
import { createHash, createHmac, hkdfSync } from 'node:crypto';
import { acceptsCode, checkinCode, type Hmac, lectureCheckinSecret } from '#domain/checkin.ts';
import { type CursorSecretSource, sourceFromConfig } from '#store/cursor-keys.ts';

/** HMAC from node:crypto, as domain/checkin.ts takes it. */
export const nodeHmac: Hmac = (algorithm, key, message) =>
  new Uint8Array(createHmac(algorithm, key).update(message).digest());

const LABEL = 'sca/lecture-checkin/v1';
const keys = new Map<string, Uint8Array>();
/** The check-in master key of one value of the cursor secret: 32 bytes of HKDF-SHA-256. */
const masterKeyOf = (secret: string): Uint8Array => {
  let key = keys.get(secret);
  if (!key) {
    key = new Uint8Array(hkdfSync('sha256', secret, '', LABEL, 32));
    if (keys.size >= 4) keys.clear();
    keys.set(secret, key);
  }
  return key;
};

/** Codes under the secret `source` gives (tests pass their own; the functions use the configured one). */
export const checkinCodes = (source: () => CursorSecretSource) => ({
  /** The code to show for `lectureId` at `at`, and when it is replaced. */
  current: async (lectureId: string, at: Date) => {
    const { current } = await source().get();
    return checkinCode(nodeHmac, lectureCheckinSecret(nodeHmac, masterKeyOf(current), lectureId), at);
  },
  /** Whether `typed` is the current or the previous code of `lectureId` at `at`. */
  accepts: async (lectureId: string, typed: string, at: Date): Promise<boolean> => {
    const values = await source().get();
    return [values.current, values.previous].some(
      (secret) =>
        secret !== undefined &&
        acceptsCode(nodeHmac, lectureCheckinSecret(nodeHmac, masterKeyOf(secret), lectureId), typed, at),
    );
  },
});

/** A guest's claim token as stored: its SHA-256 only, so the table alone cannot claim a check-in. */
export const claimTokenHash = (token: string): string =>
  createHash('sha256').update(token).digest('base64url');

let configured: ReturnType<typeof checkinCodes> | undefined;
/** The configured codes, made at first use (only check-in routes read the secret). */
export const lectureCodes = () => {
  if (!configured) {
    const source = sourceFromConfig();
    configured = checkinCodes(() => source);
  }
  return configured;
};
