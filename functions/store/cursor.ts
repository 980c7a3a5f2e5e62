/**
 * Opaque list cursors (docs/api-contract.md §10): the last key a page read, encrypted with
 * AES-256-GCM so that nothing of it is readable (keys hold folded names), with the query
 * that produced it as additional authenticated data, so an altered cursor or one from
 * another query fails authentication and is a 400 `invalid_cursor`.
 *
 * Layout, base64url: 12-byte random IV | ciphertext | 16-byte tag. The plaintext is the
 * key's JSON, deflated when that is shorter (one leading byte says which), so a typical
 * cursor stays well under 200 characters.
 *
 * The key is derived from the cursor secret (./cursor-keys.ts): new cursors under its current
 * value; a cursor verifies under the current or the previous one, so a rotation does not
 * break the lists clients are paging through.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { DomainError } from '#domain/errors.ts';
import { type CursorSecretSource, sourceFromConfig } from './cursor-keys.ts';

type StartKey = Record<string, unknown>;

const IV_BYTES = 12;
const TAG_BYTES = 16;
const RAW = 0;
const DEFLATED = 1;
/** A cursor far longer than any key could make is refused before any work. */
const MAX_CURSOR_CHARS = 2048;

// A key of its own, derived from the secret: the secret may serve other purposes later.
const derived = new Map<string, Buffer>();
const aesKeyOf = (secret: string): Buffer => {
  let key = derived.get(secret);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', secret, '', 'sca/list-cursor/v1', 32));
    // Two values at a time (current and previous), a third after a rotation.
    if (derived.size >= 4) derived.clear();
    derived.set(secret, key);
  }
  return key;
};

const seal = (secret: string, query: string, key: StartKey): string => {
  const json = Buffer.from(JSON.stringify(key));
  const deflated = deflateRawSync(json);
  const plain =
    deflated.length < json.length
      ? Buffer.concat([Buffer.of(DEFLATED), deflated])
      : Buffer.concat([Buffer.of(RAW), json]);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', aesKeyOf(secret), iv);
  cipher.setAAD(Buffer.from(query));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
};

/** The cursor's bytes, if it is well-formed at all (before any key is tried). */
const bytesOf = (cursor: string): Buffer => {
  if (cursor.length > MAX_CURSOR_CHARS || !/^[\w-]+$/.test(cursor)) throw new DomainError('invalid_cursor');
  const bytes = Buffer.from(cursor, 'base64url');
  // Base64url decoding ignores trailing bits: only the canonical spelling is accepted.
  if (bytes.length < IV_BYTES + TAG_BYTES + 1 || bytes.toString('base64url') !== cursor)
    throw new DomainError('invalid_cursor');
  return bytes;
};

/** The plaintext if `secret` authenticates it for `query`, else undefined. */
const openWith = (secret: string, query: string, bytes: Buffer): Buffer | undefined => {
  const decipher = createDecipheriv('aes-256-gcm', aesKeyOf(secret), bytes.subarray(0, IV_BYTES), {
    authTagLength: TAG_BYTES,
  });
  decipher.setAAD(Buffer.from(query));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  try {
    return Buffer.concat([
      decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)),
      decipher.final(),
    ]);
  } catch {
    return undefined;
  }
};

const openWithAny = (
  values: { current: string; previous?: string | undefined },
  query: string,
  bytes: Buffer,
) =>
  openWith(values.current, query, bytes) ??
  (values.previous === undefined ? undefined : openWith(values.previous, query, bytes));

const parse = (plain: Buffer): StartKey => {
  try {
    const json = plain[0] === DEFLATED ? inflateRawSync(plain.subarray(1)) : plain.subarray(1);
    if (plain[0] === DEFLATED || plain[0] === RAW) {
      const key = JSON.parse(json.toString('utf8')) as unknown;
      if (key && typeof key === 'object' && !Array.isArray(key)) return key as StartKey;
    }
  } catch {
    // fall through: authenticated but unreadable can only be a cursor of another version
  }
  throw new DomainError('invalid_cursor');
};

/** Cursors under the secret `source` gives (tests pass their own; the store uses the configured one). */
export const cursorCodec = (source: () => CursorSecretSource) => ({
  /** `query` names the list and its filters; a cursor only continues the same query. */
  encodeCursor: async (query: string, key: StartKey | undefined): Promise<string | null> => {
    if (!key) return null;
    return seal((await source().get()).current, query, key);
  },
  decodeCursor: async (query: string, cursor: string | undefined): Promise<StartKey | undefined> => {
    if (cursor === undefined) return undefined;
    const bytes = bytesOf(cursor);
    let plain = openWithAny(await source().get(), query, bytes);
    // Under neither value: the secret may have rotated since they were read (at most one re-read per 5 s).
    if (!plain && (await source().refreshAfterMiss()))
      plain = openWithAny(await source().get(), query, bytes);
    if (!plain) throw new DomainError('invalid_cursor');
    return parse(plain);
  },
});

// Made at first use, so a bundle that never makes or reads a cursor leaves the codec, and the
// Secrets Manager client with it, out (getIdea's: bench/cold-start.ts).
let configured: ReturnType<typeof cursorCodec> | undefined;
const codec = () => {
  if (!configured) {
    const source = sourceFromConfig();
    configured = cursorCodec(() => source);
  }
  return configured;
};
export const encodeCursor = (query: string, key: StartKey | undefined) => codec().encodeCursor(query, key);
export const decodeCursor = (query: string, cursor: string | undefined) =>
  codec().decodeCursor(query, cursor);
