/**
 * Opaque list cursors (docs/api-contract.md §10): the last key a page read, encrypted with
 * AES-256-GCM so that nothing of it is readable (keys hold folded names), with the query
 * that produced it as additional authenticated data, so an altered cursor or one from
 * another query fails authentication and is a 400 `invalid_cursor`.
 *
 * Layout, base64url: 12-byte random IV | ciphertext | 16-byte tag. The plaintext is the
 * key's JSON, deflated when that is shorter (one leading byte says which), so a typical
 * cursor stays well under 200 characters.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { DomainError } from '#domain/errors.ts';
import { config } from '#functions/config.ts';

type StartKey = Record<string, unknown>;

const IV_BYTES = 12;
const TAG_BYTES = 16;
const RAW = 0;
const DEFLATED = 1;
/** A cursor far longer than any key could make is refused before any work. */
const MAX_CURSOR_CHARS = 2048;

// A key of its own, derived from the secret: the secret may serve other purposes later.
const aesKey = Buffer.from(hkdfSync('sha256', config.cursorSecret, '', 'sca/list-cursor/v1', 32));

/** `query` names the list and its filters; a cursor only continues the same query. */
export const encodeCursor = (query: string, key: StartKey | undefined): string | null => {
  if (!key) return null;
  const json = Buffer.from(JSON.stringify(key));
  const deflated = deflateRawSync(json);
  const plain =
    deflated.length < json.length
      ? Buffer.concat([Buffer.of(DEFLATED), deflated])
      : Buffer.concat([Buffer.of(RAW), json]);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', aesKey, iv);
  cipher.setAAD(Buffer.from(query));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
};

const open = (query: string, cursor: string): Buffer => {
  if (cursor.length > MAX_CURSOR_CHARS || !/^[\w-]+$/.test(cursor)) throw new DomainError('invalid_cursor');
  const bytes = Buffer.from(cursor, 'base64url');
  // Base64url decoding ignores trailing bits: only the canonical spelling is accepted.
  if (bytes.length < IV_BYTES + TAG_BYTES + 1 || bytes.toString('base64url') !== cursor)
    throw new DomainError('invalid_cursor');
  const decipher = createDecipheriv('aes-256-gcm', aesKey, bytes.subarray(0, IV_BYTES), {
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
    throw new DomainError('invalid_cursor');
  }
};

export const decodeCursor = (query: string, cursor: string | undefined): StartKey | undefined => {
  if (cursor === undefined) return undefined;
  const plain = open(query, cursor);
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
