/**
 * Opaque list cursors: the last key a page read, bound to the query that produced it and
 * signed, so an altered cursor or one from another query is a 400 `invalid_cursor`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../../domain/errors.ts';
import { config } from '../config.ts';

type StartKey = Record<string, unknown>;

const sign = (payload: string) =>
  createHmac('sha256', config.cursorSecret).update(payload).digest('base64url').slice(0, 22);

/** `query` names the list and its filters; a cursor only continues the same query. */
export const encodeCursor = (query: string, key: StartKey | undefined): string | null => {
  if (!key) return null;
  const payload = Buffer.from(JSON.stringify(key)).toString('base64url');
  return `${payload}.${sign(`${query}\n${payload}`)}`;
};

export const decodeCursor = (query: string, cursor: string | undefined): StartKey | undefined => {
  if (cursor === undefined) return undefined;
  const [payload, mac, extra] = cursor.split('.');
  if (!payload || !mac || extra !== undefined) throw new DomainError('invalid_cursor');
  const expected = Buffer.from(sign(`${query}\n${payload}`));
  const given = Buffer.from(mac);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new DomainError('invalid_cursor');
  try {
    const key = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
    if (key && typeof key === 'object' && !Array.isArray(key)) return key as StartKey;
  } catch {
    // fall through
  }
  throw new DomainError('invalid_cursor');
};
