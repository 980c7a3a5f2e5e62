/**
 * The recipient's routes of docs/api-contract.md §11, over HTTP: the inbox (newest first, unread,
 * paging, the exact count), marking read (by ids, all, and under 20 parallel requests),
 * preferences (defaults, strictness, If-Match), one-click unsubscribe, the staff queues, and the
 * erasure of the inbox. Notifications are written into the table as the stream consumer writes
 * them (the notification item and its counter), so these tests do not wait for a delivery.
 */
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PREFERENCES, type EventType, groupOf, type Preferences } from '#domain/notifications.ts';
import { signUnsubscribe } from '#functions/notifications/unsubscribe-token.ts';
import { db, TABLE } from '#store/client.ts';
import {
  digestMarkerKey,
  inboxPartition,
  notificationEntity,
  unreadCounterEntity,
} from '#store/entities/notifications.ts';
import { counterAdd } from '#store/items.ts';
import { call, newAmbassador, newLecture, staffToken } from '#support/api.ts';
import { validIdea } from '#support/fixtures.ts';
import { must, newMember } from '#support/scenes.ts';
import { item, partition } from '#support/table.ts';

// --- Seeding, as the consumer writes -------------------------------------------------------

let clockAt = Date.now();
/** `n` notifications for `sub`, oldest first (ids are ULIDs of increasing time), `unread` of them unread. */
const seed = async (sub: string, n: number, opts: { read?: number; type?: EventType } = {}) => {
  const type = opts.type ?? 'idea.approved';
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    clockAt += 1000;
    const id = ulid(clockAt);
    const read = i < (opts.read ?? 0);
    ids.push(id);
    await db.send(
      new PutCommand({
        TableName: TABLE,
        Item: notificationEntity.item({
          recipient: sub,
          id,
          eventType: type,
          group: groupOf(type),
          at: new Date(clockAt).toISOString(),
          read,
          subject: { type: 'idea', id: `idea-${i}`, path: `/ideas/idea-${i}` },
          subjectTitle: `Smart bins ${i}`,
          digest: false,
        }),
      }),
    );
  }
  const unread = n - (opts.read ?? 0);
  const [counter] = counterAdd(unreadCounterEntity.key(sub), unreadCounterEntity.type, { unread });
  if (counter?.Update) await db.send(new UpdateCommand(counter.Update as never));
  return ids;
};

const inbox = async (t: string, query = '') => {
  const res = await call('GET', `/me/notifications${query}`, { token: t });
  expect(res.status, res.text).toBe(200);
  return res.body as { items: any[]; nextCursor: string | null; unread: number };
};
const read = (t: string, body: unknown) => call('POST', '/me/notifications/read', { token: t, body });
const counterOf = async (sub: string) => Number((await item(inboxPartition(sub), 'UNREAD'))?.unread ?? 0);

const customPrefs: Preferences = {
  language: 'en',
  email: {
    reviews: 'instant',
    team: 'digest',
    discussion: 'off',
    showcase: 'digest',
    certificates: 'digest',
    challenges: 'instant',
  },
  digest: 'weekly',
};

// --- Delivered by the stream consumer -------------------------------------------------------

describe('a change, told through the outbox and the stream', () => {
  it("reaches the organizer's inbox in their language, unread, and is marked read", async () => {
    const organizer = await newAmbassador();
    await must('PUT', '/me/preferences', organizer.token, customPrefs);
    const lecture = await newLecture(organizer.token, { title: 'Solar street lights' });
    await must('POST', `/staff/lectures/${lecture.id}/review`, await staffToken(), { decision: 'verify' });
    expect((await call('POST', '/_local/stream/drain')).status).toBe(200);

    const page = await inbox(organizer.token);
    expect(page.unread).toBe(1);
    expect(page.items).toEqual([
      {
        id: expect.any(String),
        type: 'lecture.verified',
        at: expect.any(String),
        read: false,
        title: 'Your lecture was verified',
        body: expect.stringContaining('\u2068Solar street lights\u2069'),
        subject: { type: 'lecture', id: lecture.id, path: `/lectures/${lecture.id}` },
      },
    ]);
    expect((await read(organizer.token, { ids: [page.items[0].id] })).body).toEqual({ unread: 0 });
    expect((await inbox(organizer.token, '?unread=true')).items).toEqual([]);
  });
});

// --- Preferences ---------------------------------------------------------------------------

describe('GET and PUT /me/preferences', () => {
  it('answers the defaults to a member who never registered, the version in the ETag only', async () => {
    const m = await newMember('prefs');
    const res = await call('GET', '/me/preferences', { token: m.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(DEFAULT_PREFERENCES);
    expect(res.body).toEqual({
      language: 'ar',
      email: {
        reviews: 'digest',
        team: 'digest',
        discussion: 'digest',
        showcase: 'digest',
        certificates: 'digest',
        challenges: 'digest',
      },
      digest: 'daily',
    });
    expect(res.headers.get('etag')).toBe('"0"');
    expect((await call('GET', '/me/preferences')).status).toBe(401);
  });

  it('takes exactly the whole object: a missing group, an extra field or a bad value is 400', async () => {
    const m = await newMember('prefs');
    const { challenges: _c, ...missing } = customPrefs.email;
    const bad = [
      { ...customPrefs, email: missing },
      { ...customPrefs, email: { ...customPrefs.email, marketing: 'off' } },
      { ...customPrefs, theme: 'dark' },
      { ...customPrefs, language: 'fr' },
      { ...customPrefs, digest: 'hourly' },
      { ...customPrefs, email: { ...customPrefs.email, team: 'sometimes' } },
      { language: 'en' },
    ];
    for (const body of bad) {
      const res = await call('PUT', '/me/preferences', { token: m.token, body });
      expect({ status: res.status, code: res.body.code }, JSON.stringify(body)).toEqual({
        status: 400,
        code: 'validation_failed',
      });
    }
    // Nothing was stored.
    expect((await call('GET', '/me/preferences', { token: m.token })).headers.get('etag')).toBe('"0"');
    expect(await item(inboxPartition(m.id), 'PREFS')).toBeUndefined();
  });

  it('stores the object as version 1, 2, …, and honours If-Match', async () => {
    const m = await newMember('prefs');
    const first = await call('PUT', '/me/preferences', { token: m.token, body: customPrefs });
    expect(first.status).toBe(200);
    expect(first.body).toEqual(customPrefs);
    expect(first.headers.get('etag')).toBe('"1"');
    const got = await call('GET', '/me/preferences', { token: m.token });
    expect({ body: got.body, etag: got.headers.get('etag') }).toEqual({ body: customPrefs, etag: '"1"' });

    const stale = await call('PUT', '/me/preferences', {
      token: m.token,
      body: DEFAULT_PREFERENCES,
      headers: { 'if-match': '"0"' },
    });
    expect({ status: stale.status, code: stale.body.code }).toEqual({
      status: 412,
      code: 'version_mismatch',
    });
    expect((await call('GET', '/me/preferences', { token: m.token })).body).toEqual(customPrefs);

    const fresh = await call('PUT', '/me/preferences', {
      token: m.token,
      body: { ...customPrefs, digest: 'off' },
      headers: { 'if-match': '"1"' },
    });
    expect({ status: fresh.status, etag: fresh.headers.get('etag') }).toEqual({ status: 200, etag: '"2"' });
    const any = await call('PUT', '/me/preferences', {
      token: m.token,
      body: customPrefs,
      headers: { 'if-match': '*' },
    });
    expect({ status: any.status, etag: any.headers.get('etag') }).toEqual({ status: 200, etag: '"3"' });
  });

  it('a first save with If-Match "0" (the defaults read) succeeds once', async () => {
    const m = await newMember('prefs');
    const put = () =>
      call('PUT', '/me/preferences', { token: m.token, body: customPrefs, headers: { 'if-match': '"0"' } });
    const answers = await Promise.all([put(), put(), put()]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 412, 412]);
  });
});

// --- The inbox -----------------------------------------------------------------------------

describe('GET /me/notifications', () => {
  let m: { id: string; token: string };
  let ids: string[];
  beforeAll(async () => {
    m = await newMember('inbox');
    // 5 notifications, the 2 oldest read.
    ids = await seed(m.id, 5, { read: 2 });
  });

  it('lists newest first with the exact unread count, in the preferred language (Arabic by default)', async () => {
    const page = await inbox(m.token);
    expect(page.items.map((n) => n.id)).toEqual([...ids].reverse());
    expect(page.items.map((n) => n.read)).toEqual([false, false, false, true, true]);
    expect(page.unread).toBe(3);
    expect(page.nextCursor).toBeNull();
    const [newest] = page.items;
    expect(newest).toEqual({
      id: ids[4],
      type: 'idea.approved',
      at: expect.any(String),
      read: false,
      title: 'تمت الموافقة على فكرتك',
      body: expect.stringContaining('\u2068Smart bins 4\u2069'),
      subject: { type: 'idea', id: 'idea-4', path: '/ideas/idea-4' },
    });
  });

  it('renders in English once the preferences say so, at read time', async () => {
    const other = await newMember('inbox-en');
    await seed(other.id, 1);
    await must('PUT', '/me/preferences', other.token, customPrefs);
    const [n] = (await inbox(other.token)).items;
    expect(n.title).toBe('Your idea was approved');
    expect(n.body).toBe(
      'The platform team approved your idea \u2068Smart bins 0\u2069; everyone can now see it.',
    );
  });

  it('unread=true lists the unread ones only (the sparse index); unread=false everything', async () => {
    const unread = await inbox(m.token, '?unread=true');
    expect(unread.items.map((n) => n.id)).toEqual([ids[4], ids[3], ids[2]]);
    expect(unread.unread).toBe(3);
    expect((await inbox(m.token, '?unread=false')).items).toHaveLength(5);
  });

  it('pages with a signed cursor that no other query accepts', async () => {
    const first = await inbox(m.token, '?limit=2');
    expect(first.items.map((n) => n.id)).toEqual([ids[4], ids[3]]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const cursor = encodeURIComponent(first.nextCursor as string);
    const second = await inbox(m.token, `?limit=2&cursor=${cursor}`);
    expect(second.items.map((n) => n.id)).toEqual([ids[2], ids[1]]);
    const third = await inbox(m.token, `?limit=2&cursor=${encodeURIComponent(second.nextCursor as string)}`);
    expect(third.items.map((n) => n.id)).toEqual([ids[0]]);
    expect(third.nextCursor).toBeNull();

    // The same cursor on the unread list, or someone else's inbox: another query.
    const other = await newMember('inbox-other');
    for (const [t, q] of [
      [m.token, `?unread=true&limit=2&cursor=${cursor}`],
      [other.token, `?limit=2&cursor=${cursor}`],
      [m.token, `?limit=2&cursor=${cursor.slice(0, -2)}xx`],
    ] as const) {
      const res = await call('GET', `/me/notifications${q}`, { token: t });
      expect({ status: res.status, code: res.body.code }, q).toEqual({ status: 400, code: 'invalid_cursor' });
    }
  });

  it('refuses unknown query parameters and bad values', async () => {
    for (const q of ['?sort=asc', '?unread=yes', '?limit=0', '?limit=101']) {
      const res = await call('GET', `/me/notifications${q}`, { token: m.token });
      expect({ status: res.status, code: res.body.code }, q).toEqual({
        status: 400,
        code: 'validation_failed',
      });
    }
  });

  it('an empty inbox: no items, 0 unread; a guest is 401', async () => {
    const fresh = await newMember('inbox-empty');
    expect(await inbox(fresh.token)).toEqual({ items: [], nextCursor: null, unread: 0 });
    expect((await call('GET', '/me/notifications')).status).toBe(401);
  });
});

describe('POST /me/notifications/read', () => {
  it("marks the caller's by id; unknown ids and other people's change nothing", async () => {
    const [me, other] = [await newMember('read'), await newMember('read-other')];
    const mine = await seed(me.id, 3);
    const theirs = await seed(other.id, 2);
    const res = await read(me.token, { ids: [mine[0], theirs[0], 'no-such-id', mine[0]] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ unread: 2 });
    const page = await inbox(me.token);
    expect(page.items.find((n) => n.id === mine[0])?.read).toBe(true);
    expect(page.unread).toBe(2);
    // The read one left the unread index, and expires in about 90 days.
    expect((await inbox(me.token, '?unread=true')).items.map((n) => n.id)).toEqual([mine[2], mine[1]]);
    const stored = await item(inboxPartition(me.id), `N#${mine[0]}`);
    expect(stored?.gsi1pk).toBeUndefined();
    expect(Number(stored?.expiresAt)).toBeGreaterThan(Date.now() / 1000 + 89 * 86_400);
    // The other person's is untouched.
    expect((await inbox(other.token)).unread).toBe(2);
    expect((await item(inboxPartition(other.id), `N#${theirs[0]}`))?.read).toBe(false);
    // Read again: nothing changes.
    expect((await read(me.token, { ids: [mine[0]] })).body).toEqual({ unread: 2 });
    expect(await counterOf(me.id)).toBe(2);
  });

  it('takes exactly one of ids (1–100) and all: true', async () => {
    const me = await newMember('read-bad');
    for (const body of [
      {},
      { ids: [] },
      { all: false },
      { ids: ['a'], all: true },
      { ids: Array.from({ length: 101 }, (_, i) => `n${i}`) },
      { ids: 'a' },
    ]) {
      const res = await read(me.token, body);
      expect({ status: res.status, code: res.body.code }, JSON.stringify(body)).toEqual({
        status: 400,
        code: 'validation_failed',
      });
    }
    expect((await call('POST', '/me/notifications/read', { body: { all: true } })).status).toBe(401);
  });

  it('all: every unread one, past one transaction (more than 99)', async () => {
    const me = await newMember('read-all');
    await seed(me.id, 130, { read: 10 });
    expect((await inbox(me.token)).unread).toBe(120);
    // One request marks up to 1,000 within its time; a slow machine may need another.
    let res = await read(me.token, { all: true });
    expect(res.body.unread).toBeLessThan(120);
    for (let again = 0; res.body.unread > 0 && again < 5; again++) res = await read(me.token, { all: true });
    expect(res.body).toEqual({ unread: 0 });
    expect(await counterOf(me.id)).toBe(0);
    const items = (await partition(inboxPartition(me.id))).filter((i) => String(i.sk).startsWith('N#'));
    expect(items).toHaveLength(130);
    expect(items.every((i) => i.read === true && i.gsi1pk === undefined)).toBe(true);
    expect((await inbox(me.token, '?unread=true')).items).toEqual([]);
  }, 60_000);

  it('keeps the counter exact under 20 parallel identical requests (by ids, then all)', async () => {
    const me = await newMember('read-race');
    const ids = await seed(me.id, 12);
    const byIds = await Promise.all(
      Array.from({ length: 20 }, () => read(me.token, { ids: ids.slice(0, 5) })),
    );
    expect(byIds.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(await counterOf(me.id)).toBe(7);
    expect((await inbox(me.token)).unread).toBe(7);
    const all = await Promise.all(Array.from({ length: 20 }, () => read(me.token, { all: true })));
    expect(all.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(await counterOf(me.id)).toBe(0);
    expect(all.every((r) => r.body.unread >= 0)).toBe(true);
    expect((await inbox(me.token, '?unread=true')).items).toEqual([]);
  }, 60_000);
});

// --- Unsubscribe ---------------------------------------------------------------------------

describe('POST /unsubscribe', () => {
  it("turns that group's email off with the email's token (no sign-in), version + 1", async () => {
    const m = await newMember('unsub');
    const token = await signUnsubscribe(m.id, 'team');
    const res = await call('POST', `/unsubscribe?token=${encodeURIComponent(token)}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ group: 'team', email: 'off' });
    const prefs = await call('GET', '/me/preferences', { token: m.token });
    expect(prefs.body).toEqual({
      ...DEFAULT_PREFERENCES,
      email: { ...DEFAULT_PREFERENCES.email, team: 'off' },
    });
    expect(prefs.headers.get('etag')).toBe('"1"');
    // Followed again: the same answer, nothing new written.
    const again = await call('POST', `/unsubscribe?token=${encodeURIComponent(token)}`, { body: {} });
    expect(again.body).toEqual({ group: 'team', email: 'off' });
    expect((await call('GET', '/me/preferences', { token: m.token })).headers.get('etag')).toBe('"1"');
  });

  it("accepts RFC 8058's one-click form body, keeping the rest of the preferences", async () => {
    const m = await newMember('unsub-form');
    await must('PUT', '/me/preferences', m.token, customPrefs);
    const token = await signUnsubscribe(m.id, 'reviews');
    const res = await call('POST', `/unsubscribe?token=${encodeURIComponent(token)}`, {
      rawBody: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ group: 'reviews', email: 'off' });
    const prefs = await call('GET', '/me/preferences', { token: m.token });
    expect(prefs.body).toEqual({ ...customPrefs, email: { ...customPrefs.email, reviews: 'off' } });
    expect(prefs.headers.get('etag')).toBe('"2"');
  });

  it('a tampered token is 400 invalid_token, and changes nothing', async () => {
    const m = await newMember('unsub-bad');
    const token = await signUnsubscribe(m.id, 'showcase');
    const flip = (s: string, at: number) => `${s.slice(0, at)}${s[at] === 'A' ? 'B' : 'A'}${s.slice(at + 1)}`;
    for (const bad of [
      flip(token, 0),
      flip(token, 3),
      flip(token, token.length - 1),
      token.slice(0, -1),
      `${token}A`,
      'not-a-token',
    ]) {
      const res = await call('POST', `/unsubscribe?token=${encodeURIComponent(bad)}`);
      expect({ status: res.status, code: res.body.code }, bad).toEqual({
        status: 400,
        code: 'invalid_token',
      });
    }
    expect(await item(inboxPartition(m.id), 'PREFS')).toBeUndefined();
  });

  it('refuses other bodies and a missing token', async () => {
    const token = encodeURIComponent(await signUnsubscribe((await newMember('unsub-body')).id, 'team'));
    const cases = [
      {
        rawBody: 'List-Unsubscribe=Two-Clicks',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        want: 400,
      },
      {
        rawBody: 'List-Unsubscribe=One-Click&List-Unsubscribe=One-Click',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        want: 400,
      },
      { rawBody: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'text/plain' }, want: 415 },
      { body: { extra: true }, want: 400 },
    ];
    for (const { want, ...opts } of cases) {
      const res = await call('POST', `/unsubscribe?token=${token}`, opts);
      expect(res.status, JSON.stringify(opts)).toBe(want);
    }
    const none = await call('POST', '/unsubscribe');
    expect({ status: none.status, code: none.body.code }).toEqual({ status: 400, code: 'validation_failed' });
  });
});

// --- Staff queues --------------------------------------------------------------------------

describe('GET /staff/queues', () => {
  it('counts what waits and ages the oldest by the clock; staff only', async () => {
    const staff = await staffToken();
    const queues = async () => {
      const res = await call('GET', '/staff/queues', { token: staff });
      expect(res.status).toBe(200);
      return Object.fromEntries(
        (res.body.items as { queue: string; waiting: number; oldestWaitingSeconds: number }[]).map((q) => [
          q.queue,
          q,
        ]),
      );
    };
    const before = await queues();
    expect(Object.keys(before)).toEqual(['lectures', 'ideas', 'support']);
    expect(before.support).toEqual({ queue: 'support', waiting: 0, oldestWaitingSeconds: 0 });

    const a = await newAmbassador();
    await newLecture(a.token);
    await must('POST', '/ideas', a.token, validIdea());
    const after = await queues();
    expect(after.lectures?.waiting).toBe((before.lectures?.waiting ?? 0) + 1);
    expect(after.ideas?.waiting).toBe((before.ideas?.waiting ?? 0) + 1);
    expect(after.lectures?.oldestWaitingSeconds).toBeGreaterThanOrEqual(0);

    // Later, the ages only grow. (The shared server's clock is never moved here: other files
    // date things by it; test/functions/queue-clock.test.ts moves a clock of its own.)
    const later = await queues();
    expect(later.lectures?.oldestWaitingSeconds).toBeGreaterThanOrEqual(
      after.lectures?.oldestWaitingSeconds ?? 0,
    );
    expect(later.ideas?.oldestWaitingSeconds).toBeGreaterThanOrEqual(after.ideas?.oldestWaitingSeconds ?? 0);

    const member = await newMember('queues');
    expect((await call('GET', '/staff/queues', { token: member.token })).status).toBe(403);
    expect((await call('GET', '/staff/queues', { token: a.token })).status).toBe(403);
  });
});

// --- Erasure -------------------------------------------------------------------------------

describe('DELETE /ambassadors/me and the inbox', () => {
  it('leaves no item of the INBOX# partition, nor the digest marker', async () => {
    const a = await newAmbassador();
    await seed(a.id, 3, { read: 1 });
    await must('PUT', '/me/preferences', a.token, customPrefs);
    const marker = digestMarkerKey(a.id);
    await db.send(new PutCommand({ TableName: TABLE, Item: { ...marker, type: 'DigestMarker' } }));
    await db.send(
      new PutCommand({
        TableName: TABLE,
        Item: { pk: inboxPartition(a.id), sk: 'SENT#email#x', type: 'Delivery' },
      }),
    );
    expect((await partition(inboxPartition(a.id))).length).toBe(6);

    expect((await call('DELETE', '/ambassadors/me', { token: a.token })).status).toBe(204);
    expect(await partition(inboxPartition(a.id))).toEqual([]);
    expect(await item(marker.pk, marker.sk)).toBeUndefined();
  });
});
