/**
 * A rotation of the cursor secret over HTTP (docs/api-contract.md §10, functions/store/cursor-keys.ts):
 * the local server restarts on the same data as a function does after a rotation, with
 * CURSOR_SECRET the new value and CURSOR_SECRET_PREVIOUS the old one. A cursor issued before
 * the rotation goes on paging; new cursors are signed with the new value; a cursor under a
 * secret the server no longer knows (two rotations later) is 400 `invalid_cursor`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type LocalServer, spawnLocalServer } from '#infra/local/spawn.ts';
import { validProfile } from '#support/fixtures.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'sca-rotation-'));
let server: LocalServer | undefined;
afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A server on the same table and data (DynamoDB Local and the token key kept in `dataDir`). */
const restart = async (cursorSecret: string, previousCursorSecret?: string) => {
  await server?.stop();
  server = await spawnLocalServer({
    tableName: 'sca-rotation',
    cursorSecret,
    ...(previousCursorSecret ? { previousCursorSecret } : {}),
    env: { DATA_DIR: dataDir },
  });
  return server;
};

const request = async (method: string, path: string, token: string, body?: unknown) => {
  const res = await fetch(`${server?.baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};

const tokenFor = async (sub: string) => {
  const res = await fetch(`${server?.baseUrl}/_local/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sub, email: `${sub}@example.om` }),
  });
  return ((await res.json()) as { token: string }).token;
};

describe('cursor secret rotation', () => {
  it('keeps cursors of the previous secret working after a restart with the new one, and refuses unknown ones', async () => {
    await restart('old-cursor-secret-0123456789abcdef');
    const word = 'Zxrotation';
    const subs = ['rot-a', 'rot-b', 'rot-c'];
    const tokens: string[] = [];
    for (const [i, sub] of subs.entries()) {
      const token = await tokenFor(sub);
      tokens.push(token);
      const res = await request(
        'POST',
        '/ambassadors',
        token,
        validProfile({ name: `Ambassador ${word} ${i}` }),
      );
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    // Tokens name the server's URL (its port changes on a restart): a fresh one each time.
    let token = await tokenFor('rot-a');
    const list = (cursor?: string) =>
      request(
        'GET',
        `/ambassadors?q=${word}&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        token,
      );
    const first = await list();
    expect(first.status).toBe(200);
    const oldCursor = first.body.nextCursor as string;
    expect(oldCursor).toEqual(expect.any(String));
    const underOld = await list(oldCursor);
    expect(underOld.status).toBe(200);

    // Rotated: new current value, the old one previous. The old cursor pages on, to the same item.
    await restart('new-cursor-secret-0123456789abcdef', 'old-cursor-secret-0123456789abcdef');
    token = await tokenFor('rot-a');
    const afterRotation = await list(oldCursor);
    expect(afterRotation.status, JSON.stringify(afterRotation.body)).toBe(200);
    expect(afterRotation.body.items).toEqual(underOld.body.items);
    expect(afterRotation.body.items).toHaveLength(1);
    const newCursor = afterRotation.body.nextCursor as string;
    expect(newCursor).toEqual(expect.any(String));

    // Rotated again: the first secret is gone, so its cursor is refused; the second one's still pages.
    await restart('newer-cursor-secret-0123456789abcdef', 'new-cursor-secret-0123456789abcdef');
    token = await tokenFor('rot-a');
    const unknown = await list(oldCursor);
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('invalid_cursor');
    const underNew = await list(newCursor);
    expect(underNew.status).toBe(200);
    expect(underNew.body.items).toHaveLength(1);
    const names = [first, afterRotation, underNew].map((p) => p.body.items[0].name);
    expect(new Set(names).size).toBe(3);
  }, 180_000);
});
