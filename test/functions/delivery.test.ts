/**
 * The stream consumer (functions/events/deliver.ts), called as Lambda calls it, with stream
 * records of real event items, against DynamoDB Local, with SES and EventBridge stand-ins on a
 * loopback port: the inbox, the unread counter, the digest marker, the email and the bus each
 * happen exactly once per recipient, whatever the retries, and a failure is reported for the
 * record that failed (and the ones after it) only.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { busDetail } from '#domain/notifications.ts';
import { handler } from '#functions/events/deliver.ts';
import { verifyUnsubscribe } from '#functions/notifications/unsubscribe-token.ts';
import { DELIVERY_KEYS } from '#functions/scheduled/table-access.ts';
import { mergeTableKeys } from '#http/table-keys.ts';
import { installKeyGuard, withKeyAccess } from '#infra/local/key-access.ts';
import { db, TABLE } from '#store/client.ts';
import {
  busDeliveryKey,
  deliveryKey,
  digestMarkerKey,
  notificationEntity,
  unreadCounterEntity,
} from '#store/entities/notifications.ts';
import { eraseInbox } from '#store/inbox.ts';
import { item, partition } from '#support/table.ts';
import { anEvent, aPerson, batchOf, recordOf, setPreferences, useFakeAws } from './delivery-support.ts';

const fake = useFakeAws();

const unread = async (sub: string) => {
  const k = unreadCounterEntity.key(sub);
  return (await item(k.pk, k.sk))?.unread;
};
const notification = async (sub: string, eventId: string) => {
  const k = notificationEntity.key(sub, eventId);
  return item(k.pk, k.sk);
};
const record = async (k: { pk: string; sk: string }) => item(k.pk, k.sk);
const mailsTo = (email: string) => fake.mails.filter((m) => m.to === email);
const busEventsOf = (eventId: string) => fake.events.filter((e) => JSON.parse(e.Detail).id === eventId);

describe('the stream consumer', () => {
  it('delivers once to every recipient, whatever the number of times the batch is handled', async () => {
    const instant = await aPerson({
      email: true,
      preferences: { language: 'en', email: { reviews: 'instant' } },
    });
    const digest = await aPerson({ email: true });
    const off = await aPerson({ email: true, preferences: { email: { reviews: 'off' } } });
    const member = await aPerson({ preferences: { email: { reviews: 'instant' } } });
    const event = anEvent('idea.approved', [instant.sub, digest.sub, off.sub, member.sub]);
    const batch = batchOf(event);

    expect(await handler(batch)).toEqual({ batchItemFailures: [] });
    expect(await handler(batch)).toEqual({ batchItemFailures: [] });
    await Promise.all([handler(batch), handler(batch)]);

    for (const p of [instant, digest, off, member]) {
      expect(await unread(p.sub)).toBe(1);
      const n = await notification(p.sub, event.id);
      // The item's `type` names its kind, as every item's does; the event's type is `eventType`.
      expect(n).toMatchObject({
        type: 'Notification',
        eventType: 'idea.approved',
        id: event.id,
        group: 'reviews',
        at: event.at,
        read: false,
        subject: event.subject,
        subjectTitle: event.subjectTitle,
        digest: p === digest,
        gsi1pk: `UNREAD#${p.sub}`,
      });
      // Unread notifications never expire: the counter stays exact.
      expect(n?.expiresAt).toBeUndefined();
    }
    // The digest queue names the one who waits for a digest, and only them.
    const marker = digestMarkerKey(digest.sub);
    expect(await record(marker)).toMatchObject({ lastEventId: event.id });
    for (const p of [instant, off, member]) {
      const k = digestMarkerKey(p.sub);
      expect(await record(k)).toBeUndefined();
    }

    // One email, to the one who asked for it at once and has an address.
    expect(mailsTo(instant.email)).toHaveLength(1);
    for (const p of [digest, off, member]) expect(mailsTo(p.email)).toHaveLength(0);
    expect(await record(deliveryKey(instant.sub, 'email', event.id))).toMatchObject({ status: 'sent' });
    expect(await record(deliveryKey(digest.sub, 'email', event.id))).toBeUndefined();

    // One bus event, ids only.
    const [put, ...more] = busEventsOf(event.id);
    expect(more).toHaveLength(0);
    expect(put).toMatchObject({
      EventBusName: 'test-bus',
      Source: 'smartcity.ambassadors',
      DetailType: 'idea.approved',
    });
    expect(JSON.parse(put?.Detail ?? '{}')).toEqual(JSON.parse(JSON.stringify(busDetail(event))));
    expect(put?.Detail).not.toContain('Smart & Green');
    expect(new Date(Number(put?.Time) * 1000).toISOString()).toBe(new Date(event.at).toISOString());
    expect(await record(busDeliveryKey(event.id))).toMatchObject({ status: 'sent' });
  });

  it('sends the instant email in the recipient language, with one-click unsubscribe headers', async () => {
    const p = await aPerson({ email: true, preferences: { email: { team: 'instant' } } });
    const event = anEvent('join.requested', [p.sub]);
    expect(await handler(batchOf(event))).toEqual({ batchItemFailures: [] });
    const [mail] = mailsTo(p.email);
    expect(mail).toMatchObject({ from: 'no-reply@ambassadors.test', subject: 'طلب انضمام إلى فريقك' });
    expect(mail?.html).toContain('<html lang="ar" dir="rtl">');
    expect(mail?.html).toContain('&lt;Smart &amp; Green&gt;');
    expect(mail?.text).toContain(`https://api.ambassadors.test${event.subject.path}`);
    expect(mail?.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const link = /^<(https:\/\/api\.ambassadors\.test\/unsubscribe\?token=([\w-]+))>$/.exec(
      mail?.headers['List-Unsubscribe'] ?? '',
    );
    expect(link).not.toBeNull();
    expect(await verifyUnsubscribe(link?.[2] ?? '')).toEqual({ sub: p.sub, group: 'team' });
    expect(mail?.text).toContain(link?.[1]);
    // No address nor title in the bus event.
    const detail = busEventsOf(event.id)[0]?.Detail ?? '';
    expect(detail).not.toContain(p.email);
    expect(detail).not.toContain('Smart');
  });

  it('names the configuration set when one is configured', async () => {
    process.env.SES_CONFIGURATION_SET = 'sca-test-set';
    try {
      const p = await aPerson({ email: true, preferences: { email: { discussion: 'instant' } } });
      await handler(batchOf(anEvent('comment.replied', [p.sub])));
      expect(mailsTo(p.email)[0]?.configurationSet).toBe('sca-test-set');
    } finally {
      delete process.env.SES_CONFIGURATION_SET;
    }
  });

  it('on an SES failure: reports the record, leaves no sent record, and the retry sends once', async () => {
    const p = await aPerson({ email: true, preferences: { email: { reviews: 'instant' } } });
    const other = await aPerson({ email: true });
    const event = anEvent('lecture.verified', [p.sub, other.sub]);
    const batch = batchOf(event);
    const sequence = batch.Records[0]?.dynamodb?.SequenceNumber;

    fake.sesFailures = Number.POSITIVE_INFINITY;
    const before = fake.sesRequests;
    expect(await handler(batch)).toEqual({ batchItemFailures: [{ itemIdentifier: sequence }] });
    // Bounded: SES is asked twice at most per attempt.
    expect(fake.sesRequests - before).toBeLessThanOrEqual(2);
    expect(fake.sesRequests - before).toBeGreaterThan(0);
    expect(await record(deliveryKey(p.sub, 'email', event.id))).toBeUndefined();
    // The inbox is done (and stays done); the bus waits for the record to succeed.
    expect(await unread(p.sub)).toBe(1);
    expect(await unread(other.sub)).toBe(1);
    expect(busEventsOf(event.id)).toHaveLength(0);

    // Still down: still failed, still nothing sent.
    expect((await handler(batch)).batchItemFailures).toHaveLength(1);
    expect(mailsTo(p.email)).toHaveLength(0);

    fake.sesFailures = 0;
    expect(await handler(batch)).toEqual({ batchItemFailures: [] });
    expect(await handler(batch)).toEqual({ batchItemFailures: [] });
    expect(mailsTo(p.email)).toHaveLength(1);
    expect(await record(deliveryKey(p.sub, 'email', event.id))).toMatchObject({ status: 'sent' });
    expect(await unread(p.sub)).toBe(1);
    expect(await unread(other.sub)).toBe(1);
    expect(busEventsOf(event.id)).toHaveLength(1);
  });

  it('stops at the first failed record and reports it and every later one; the retry delivers each once', async () => {
    const failing = await aPerson({ email: true, preferences: { email: { reviews: 'instant' } } });
    const later = await aPerson({ email: true });
    const first = anEvent('idea.approved', [later.sub]);
    const broken = anEvent('idea.rejected', [failing.sub]);
    const last = anEvent('idea.changes_requested', [later.sub]);
    const batch = batchOf(first, broken, last);
    const [s1, s2, s3] = batch.Records.map((r) => r.dynamodb?.SequenceNumber);

    fake.sesFailures = Number.POSITIVE_INFINITY;
    expect(await handler(batch)).toEqual({
      batchItemFailures: [{ itemIdentifier: s2 }, { itemIdentifier: s3 }],
    });
    expect(s1).toBeDefined();
    expect(await notification(later.sub, first.id)).toBeDefined();
    expect(await notification(later.sub, last.id)).toBeUndefined();
    expect(await unread(later.sub)).toBe(1);

    fake.sesFailures = 0;
    // Lambda resumes from the first failed record.
    expect(await handler({ Records: batch.Records.slice(1) })).toEqual({ batchItemFailures: [] });
    expect(await unread(later.sub)).toBe(2);
    expect(await unread(failing.sub)).toBe(1);
    expect(mailsTo(failing.email)).toHaveLength(1);
    for (const e of [first, broken, last]) expect(busEventsOf(e.id)).toHaveLength(1);
  });

  it('on a refused bus entry: reports the record, and the retry puts it once', async () => {
    const p = await aPerson();
    const event = anEvent('team.member_left', [p.sub]);
    const batch = batchOf(event);
    fake.busFailures = 1;
    expect((await handler(batch)).batchItemFailures).toHaveLength(1);
    expect(await record(busDeliveryKey(event.id))).toBeUndefined();
    expect(busEventsOf(event.id)).toHaveLength(0);
    expect(await handler(batch)).toEqual({ batchItemFailures: [] });
    expect(await handler(batch)).toEqual({ batchItemFailures: [] });
    expect(busEventsOf(event.id)).toHaveLength(1);
    expect(await unread(p.sub)).toBe(1);
  });

  it('sends again when it finds a claim left sending (the documented at-least-once window)', async () => {
    const p = await aPerson({ email: true, preferences: { email: { showcase: 'instant' } } });
    const event = anEvent('project.featured', [p.sub]);
    const key = deliveryKey(p.sub, 'email', event.id);
    await db.send(
      new PutCommand({
        TableName: TABLE,
        Item: { ...key, type: 'EmailDelivery', status: 'sending', at: event.at },
      }),
    );
    expect(await handler(batchOf(event))).toEqual({ batchItemFailures: [] });
    expect(mailsTo(p.email)).toHaveLength(1);
    expect(await record(key)).toMatchObject({ status: 'sent' });
  });

  it('sends no email and puts no marker for a group whose choice changed to off, and none without MAIL_FROM', async () => {
    const p = await aPerson({ email: true, preferences: { email: { team: 'instant' } } });
    const saved = process.env.MAIL_FROM;
    delete process.env.MAIL_FROM;
    try {
      expect(await handler(batchOf(anEvent('join.accepted', [p.sub])))).toEqual({ batchItemFailures: [] });
    } finally {
      process.env.MAIL_FROM = saved;
    }
    expect(mailsTo(p.email)).toHaveLength(0);
    expect(await unread(p.sub)).toBe(1);

    await setPreferences(p.sub, { digest: 'off' });
    const e = anEvent('idea.approved', [p.sub]);
    await handler(batchOf(e));
    expect(await notification(p.sub, e.id)).toMatchObject({ digest: false });
    expect(await record(digestMarkerKey(p.sub))).toBeUndefined();
    expect(await unread(p.sub)).toBe(2);
  });

  it('ignores what is not the insert of an event item, and still puts an event without recipients on the bus', async () => {
    const event = anEvent('project.started', []);
    const insert = recordOf(event);
    const modify = { ...recordOf(anEvent('project.started', [])), eventName: 'MODIFY' as const };
    const other = recordOf(anEvent('project.started', []));
    (other.dynamodb?.NewImage as Record<string, unknown>).type = { S: 'Idea' };
    expect(await handler({ Records: [modify, other, insert] })).toEqual({ batchItemFailures: [] });
    expect(busEventsOf(event.id)).toHaveLength(1);
    expect(fake.events.filter((e) => e.DetailType === 'project.started')).toHaveLength(1);
  });

  it('fails a record whose event item is malformed (it goes to the on-failure destination)', async () => {
    const bad = recordOf(anEvent('idea.approved', []));
    const image = bad.dynamodb?.NewImage as Record<string, { M?: Record<string, unknown> }>;
    delete image.event?.M?.recipients;
    expect(await handler({ Records: [bad] })).toEqual({
      batchItemFailures: [{ itemIdentifier: bad.dynamodb?.SequenceNumber }],
    });
  });

  it('delivers nothing to a recipient erased after the event named them: no inbox, no email', async () => {
    const erased = await aPerson({ email: true, preferences: { email: { reviews: 'instant' } } });
    const other = await aPerson({ email: true, preferences: { email: { reviews: 'instant' } } });
    // Named while registered (a team, an author), erased before the stream got to the event:
    // the profile is a tombstone (as eraseAmbassador leaves it) and the inbox is gone.
    const event = anEvent('idea.approved', [erased.sub, other.sub]);
    const at = new Date().toISOString();
    await db.send(
      new PutCommand({
        TableName: TABLE,
        Item: {
          pk: `AMB#${erased.sub}`,
          sk: 'PROFILE',
          type: 'Ambassador',
          id: erased.sub,
          erased: true,
          erasedAt: at,
        },
      }),
    );
    await eraseInbox(erased.sub);
    const batch = batchOf(event);

    expect(await handler(batch)).toEqual({ batchItemFailures: [] });
    expect(await handler(batch)).toEqual({ batchItemFailures: [] });

    expect(await partition(`INBOX#${erased.sub}`)).toEqual([]);
    expect(await record(digestMarkerKey(erased.sub))).toBeUndefined();
    expect(mailsTo(erased.email)).toHaveLength(0);
    // The others are told as ever, and the bus gets the event once.
    expect(await unread(other.sub)).toBe(1);
    expect(mailsTo(other.email)).toHaveLength(1);
    expect(busEventsOf(event.id)).toHaveLength(1);

    // A digest reader erased the same way gets no marker either.
    const digestReader = await aPerson({ email: true });
    await db.send(
      new PutCommand({
        TableName: TABLE,
        Item: {
          pk: `AMB#${digestReader.sub}`,
          sk: 'PROFILE',
          type: 'Ambassador',
          id: digestReader.sub,
          erased: true,
        },
      }),
    );
    await handler(batchOf(anEvent('comment.replied', [digestReader.sub])));
    expect(await partition(`INBOX#${digestReader.sub}`)).toEqual([]);
    expect(await record(digestMarkerKey(digestReader.sub))).toBeUndefined();
  });

  it('keeps what it writes about a recipient in their inbox partition', async () => {
    const p = await aPerson({ email: true, preferences: { email: { reviews: 'instant' } } });
    const event = anEvent('idea.approved', [p.sub]);
    await handler(batchOf(event));
    const inbox = await partition(`INBOX#${p.sub}`);
    expect(inbox.map((i) => i.sk).sort()).toEqual([
      `N#${event.id}`,
      'PREFS',
      `SENT#email#${event.id}`,
      'UNREAD',
    ]);
  });

  it('touches only the keys it declares (DELIVERY_KEYS), as IAM will hold it to', async () => {
    installKeyGuard(db);
    const p = await aPerson({ email: true, preferences: { email: { reviews: 'instant' } } });
    const q = await aPerson({ email: true });
    const batch = batchOf(anEvent('idea.approved', [p.sub, q.sub]));
    const { scope, result } = withKeyAccess('notificationConsumer', mergeTableKeys(DELIVERY_KEYS), () =>
      handler(batch),
    );
    expect(await result).toEqual({ batchItemFailures: [] });
    expect(scope.violations).toEqual([]);
    expect(mailsTo(p.email)).toHaveLength(1);
    // The guard does refuse what is not declared.
    const none = withKeyAccess('nothing', mergeTableKeys({ reads: [], writes: [] }), () => handler(batch));
    expect((await none.result).batchItemFailures).toHaveLength(1);
    expect(none.scope.violations.length).toBeGreaterThan(0);
  });
});
