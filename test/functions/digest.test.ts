/**
 * The digest job (functions/scheduled/digest.ts) against DynamoDB Local, with notifications
 * delivered by the real consumer and an SES stand-in: one email per person and Oman date with
 * their unread digest notifications since the last digest, daily or on Sundays, none when
 * there is nothing new; bounded and resumable.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { notificationText } from '#domain/notifications.ts';
import { handler } from '#functions/events/deliver.ts';
import { verifyUnsubscribe } from '#functions/notifications/unsubscribe-token.ts';
import { DIGEST_MAX_LISTED, runDigest } from '#functions/scheduled/digest.ts';
import { DIGEST_JOB_KEYS } from '#functions/scheduled/table-access.ts';
import { mergeTableKeys } from '#http/table-keys.ts';
import { installKeyGuard, withKeyAccess } from '#infra/local/key-access.ts';
import { db, TABLE } from '#store/client.ts';
import { writeNotification } from '#store/delivery.ts';
import {
  deliveryKey,
  digestMarkerKey,
  digestStateKey,
  notificationEntity,
} from '#store/entities/notifications.ts';
import { item } from '#support/table.ts';
import { anEvent, aPerson, batchOf, setPreferences, useFakeAws } from './delivery-support.ts';

const fake = useFakeAws();

// 2026-12-07 is a Monday, 2026-12-13 a Sunday; 04:00 UTC is 08:00 in Oman.
const MONDAY = new Date('2026-12-07T04:00:00Z');
const TUESDAY = new Date('2026-12-08T04:00:00Z');
const SUNDAY = new Date('2026-12-13T04:00:00Z');

const mailsTo = (email: string) => fake.mails.filter((m) => m.to === email);
const marker = async (sub: string) => {
  const k = digestMarkerKey(sub);
  return item(k.pk, k.sk);
};
const deliver = async (...events: ReturnType<typeof anEvent>[]) =>
  expect(await handler(batchOf(...events))).toEqual({ batchItemFailures: [] });
const newestId = (ids: string[]) => [...ids].sort().at(-1);

describe('the digest', () => {
  it('sends one email per person and date with their waiting notifications, then nothing again that day', async () => {
    const p = await aPerson({ email: true });
    const events = [
      anEvent('idea.approved', [p.sub]),
      anEvent('join.requested', [p.sub]),
      anEvent('comment.replied', [p.sub]),
    ];
    await deliver(...events);
    expect(mailsTo(p.email)).toHaveLength(0);
    expect(await marker(p.sub)).toBeDefined();

    const run = await runDigest({ now: MONDAY });
    expect(run).toMatchObject({ date: '2026-12-07', cadences: ['daily'], done: true });
    expect(run.sent).toBeGreaterThanOrEqual(1);
    const [mail, ...more] = mailsTo(p.email);
    expect(more).toHaveLength(0);
    expect(mail?.subject).toBe('سفراء المدن الذكية: 3 إشعارات بانتظارك');
    expect(mail?.html).toContain('<html lang="ar" dir="rtl">');
    for (const e of events) {
      const { title } = notificationText(e.type, 'ar', { subjectTitle: e.subjectTitle });
      expect(mail?.text).toContain(title);
      expect(mail?.html).toContain(title);
    }
    expect(mail?.html.match(/<li /g)).toHaveLength(3);
    expect(mail?.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const token = /token=([\w-]+)>$/.exec(mail?.headers['List-Unsubscribe'] ?? '')?.[1] ?? '';
    expect((await verifyUnsubscribe(token))?.sub).toBe(p.sub);

    expect(await marker(p.sub)).toBeUndefined();
    const state = digestStateKey(p.sub);
    expect(await item(state.pk, state.sk)).toMatchObject({ lastEventId: newestId(events.map((e) => e.id)) });
    const record = deliveryKey(p.sub, 'digest#2026-12-07');
    expect(await item(record.pk, record.sk)).toMatchObject({ status: 'sent' });

    // Another run the same day: nothing for them.
    await runDigest({ now: new Date(MONDAY.getTime() + 3600_000) });
    expect(mailsTo(p.email)).toHaveLength(1);

    // Something new the same day waits for the next date's digest, and holds only the new item.
    const later = anEvent('team.member_left', [p.sub]);
    await deliver(later);
    await runDigest({ now: new Date(MONDAY.getTime() + 7200_000) });
    expect(mailsTo(p.email)).toHaveLength(1);
    expect(await marker(p.sub)).toBeDefined();
    await runDigest({ now: TUESDAY });
    expect(mailsTo(p.email)).toHaveLength(2);
    const second = mailsTo(p.email)[1];
    expect(second?.subject).toBe('سفراء المدن الذكية: إشعار واحد بانتظارك');
    expect(second?.html.match(/<li /g)).toHaveLength(1);
    expect(second?.text).toContain(notificationText('team.member_left', 'ar', { subjectTitle: '' }).title);
    expect(await marker(p.sub)).toBeUndefined();
  });

  it('sends a weekly digest on Sunday only, in English when that is the choice', async () => {
    const p = await aPerson({ email: true, preferences: { digest: 'weekly', language: 'en' } });
    await deliver(anEvent('project.started', [p.sub]), anEvent('project.completed', [p.sub]));
    await runDigest({ now: MONDAY });
    expect(mailsTo(p.email)).toHaveLength(0);
    expect(await marker(p.sub)).toBeDefined();
    const sunday = await runDigest({ now: SUNDAY });
    expect(sunday.cadences).toEqual(['daily', 'weekly']);
    expect(mailsTo(p.email).map((m) => m.subject)).toEqual([
      'Smart City Ambassadors: 2 new notifications waiting for you',
    ]);
    expect(mailsTo(p.email)[0]?.html).toContain('<html lang="en" dir="ltr">');
  });

  it('leaves out what was read and groups no longer set to digest; sends nothing when that is all', async () => {
    const p = await aPerson({ email: true });
    const read = anEvent('idea.approved', [p.sub]);
    const team = anEvent('join.requested', [p.sub]);
    const kept = anEvent('comment.replied', [p.sub]);
    await deliver(read, team, kept);
    const k = notificationEntity.key(p.sub, read.id);
    await db.send(
      new UpdateCommand({
        TableName: TABLE,
        Key: k,
        UpdateExpression: 'SET #read = :t REMOVE gsi1pk, gsi1sk',
        ExpressionAttributeNames: { '#read': 'read' },
        ExpressionAttributeValues: { ':t': true },
      }),
    );
    await setPreferences(p.sub, { email: { team: 'instant' } });
    await runDigest({ now: MONDAY });
    const [mail] = mailsTo(p.email);
    expect(mail?.subject).toBe('سفراء المدن الذكية: إشعار واحد بانتظارك');
    expect(mail?.text).toContain(notificationText('comment.replied', 'ar', { subjectTitle: '' }).title);
    expect(mail?.text).not.toContain(notificationText('idea.approved', 'ar', { subjectTitle: '' }).title);
    expect(mail?.text).not.toContain(notificationText('join.requested', 'ar', { subjectTitle: '' }).title);

    // Only groups now off or instant wait: no email, and the marker goes.
    const q = await aPerson({ email: true });
    await deliver(anEvent('idea.rejected', [q.sub]));
    await setPreferences(q.sub, { email: { reviews: 'off' } });
    await runDigest({ now: MONDAY });
    expect(mailsTo(q.email)).toHaveLength(0);
    expect(await marker(q.sub)).toBeUndefined();
  });

  it('removes the marker without an email when digests are off or the person has no address', async () => {
    const off = await aPerson({ email: true });
    const member = await aPerson();
    await deliver(anEvent('idea.approved', [off.sub, member.sub]));
    expect(await marker(member.sub)).toBeDefined();
    await setPreferences(off.sub, { digest: 'off' });
    await runDigest({ now: MONDAY });
    expect(mailsTo(off.email)).toHaveLength(0);
    expect(await marker(off.sub)).toBeUndefined();
    expect(await marker(member.sub)).toBeUndefined();
  });

  it('on an SES failure keeps the marker and sends on the next run, once', async () => {
    const p = await aPerson({ email: true });
    await deliver(anEvent('lecture.verified', [p.sub]));
    fake.sesFailures = Number.POSITIVE_INFINITY;
    try {
      const failing = await runDigest({ now: MONDAY });
      expect(failing.failed).toBeGreaterThanOrEqual(1);
    } finally {
      fake.sesFailures = 0;
    }
    expect(mailsTo(p.email)).toHaveLength(0);
    expect(await marker(p.sub)).toBeDefined();
    const record = deliveryKey(p.sub, 'digest#2026-12-07');
    expect(await item(record.pk, record.sk)).toBeUndefined();

    await runDigest({ now: MONDAY });
    await runDigest({ now: MONDAY });
    expect(mailsTo(p.email)).toHaveLength(1);
    expect(await marker(p.sub)).toBeUndefined();
  });

  it('stops when its time runs low, and the next run picks up what is left', async () => {
    const p = await aPerson({ email: true });
    await deliver(anEvent('idea.approved', [p.sub]));
    const stopped = await runDigest({ now: MONDAY, remainingMs: () => 1000, reserveMs: 30_000 });
    expect(stopped).toMatchObject({ done: false, sent: 0, skipped: 0, kept: 0 });
    expect(await marker(p.sub)).toBeDefined();
    const limited = await runDigest({ now: MONDAY, maxRecipients: 0 });
    expect(limited.done).toBe(false);
    expect(mailsTo(p.email)).toHaveLength(0);
    expect((await runDigest({ now: MONDAY })).done).toBe(true);
    expect(mailsTo(p.email)).toHaveLength(1);
  });

  it(`lists at most ${DIGEST_MAX_LISTED} notifications, newest first, and counts them all`, async () => {
    const p = await aPerson({ email: true, preferences: { language: 'en' } });
    const events = Array.from({ length: DIGEST_MAX_LISTED + 2 }, () => anEvent('comment.replied', [p.sub]));
    for (const e of events)
      await writeNotification({
        recipient: p.sub,
        id: e.id,
        eventType: e.type,
        group: 'discussion',
        at: e.at,
        read: false,
        subject: e.subject,
        subjectTitle: `title ${e.id}`,
        digest: true,
      });
    await runDigest({ now: MONDAY });
    const [mail] = mailsTo(p.email);
    expect(mail?.subject).toBe(
      `Smart City Ambassadors: ${DIGEST_MAX_LISTED + 2} new notifications waiting for you`,
    );
    expect(mail?.html.match(/<li /g)).toHaveLength(DIGEST_MAX_LISTED);
    expect(mail?.text).toContain('There are more in the app.');
    const ids = events.map((e) => e.id).sort();
    const newest = ids.at(-1) ?? '';
    const oldest = ids[0] ?? '';
    expect(mail?.text).toContain(`title ${newest}`);
    expect(mail?.text).not.toContain(`title ${oldest}`);
    expect(mail?.text.indexOf(`title ${newest}`)).toBeLessThan(
      mail?.text.indexOf(`title ${ids.at(-2)}`) ?? 0,
    );
  });

  it('touches only the keys it declares (DIGEST_JOB_KEYS), as IAM will hold it to', async () => {
    installKeyGuard(db);
    const p = await aPerson({ email: true });
    const weekly = await aPerson({ email: true, preferences: { digest: 'weekly' } });
    const off = await aPerson({ email: true });
    await deliver(anEvent('idea.approved', [p.sub, weekly.sub, off.sub]));
    await setPreferences(off.sub, { digest: 'off' });
    const { scope, result } = withKeyAccess('digest', mergeTableKeys(DIGEST_JOB_KEYS), () =>
      runDigest({ now: TUESDAY }),
    );
    expect((await result).failed).toBe(0);
    expect(scope.violations).toEqual([]);
    expect(mailsTo(p.email)).toHaveLength(1);
  });
});
