/**
 * Delivery under faults (docs/api-contract.md §11: never lost, never doubled), through HTTP:
 * SES failing for a while, and the consumer crashing in the middle of a batch (after handling
 * some records, or at one of its DynamoDB calls). The crashes are injected by the local event
 * source mapping around the real handler (POST /_local/stream/fail-next), as a Lambda that
 * stops would; after the retries every notification and email exists exactly once.
 */
import { describe, expect, it } from 'vitest';
import { call, newAmbassador } from '#support/api.ts';
import { allEmail, drain, inboxOf, mailTo, setPreferences } from '#support/delivery.ts';
import { lectureReview, validLecture } from '#support/fixtures.ts';
import { must, newMember } from '#support/scenes.ts';

const organizerWantingEmail = async () => {
  const a = await newAmbassador();
  await setPreferences(a.token, { language: 'en', email: allEmail('instant') });
  return { ...a, email: `${a.id}@example.om` };
};

/** `n` lectures of each organizer, reported first, then all reviewed at once (one batch, mostly). */
const reviewedTogether = async (organizers: { token: string }[], n: number, staff: string) => {
  const lectures = [];
  for (const o of organizers)
    for (let i = 0; i < n; i++) lectures.push(await must('POST', '/lectures', o.token, validLecture()));
  await Promise.all(
    lectures.map((l) => must('POST', `/staff/lectures/${l.id}/review`, staff, lectureReview.verify())),
  );
  return lectures.length;
};

const stats = async () => (await call('GET', '/_local/stream/stats')).body;

/** Exactly one notification and one email per event, nothing set aside. */
const expectExactlyOnce = async (people: { token: string; email: string }[], perPerson: number) => {
  for (const p of people) {
    const inbox = await inboxOf(p.token);
    expect(inbox.items).toHaveLength(perPerson);
    expect(new Set(inbox.items.map((n) => n.id)).size).toBe(perPerson);
    expect(inbox.unread).toBe(perPerson);
    const mail = await mailTo(p.email);
    expect(mail).toHaveLength(perPerson);
    expect(new Set(mail.map((m) => m.messageId)).size).toBe(perPerson);
  }
};

describe('delivery under faults', () => {
  it('an SES outage: after the retries no email is lost and none doubled', async () => {
    const staff = await newMember('staff', ['staff']);
    const people = [await organizerWantingEmail(), await organizerWantingEmail()];
    // The consumer's client tries twice per send: five failures outlast its first two invocations.
    expect((await call('POST', '/_local/ses/outage', { body: { failures: 5 } })).status).toBe(200);
    const before = await stats();
    await reviewedTogether(people, 2, staff.token);
    await drain();
    const after = await stats();
    expect(after.retries - before.retries).toBeGreaterThanOrEqual(1);
    await expectExactlyOnce(people, 2);
    // Nothing set aside for good: the retries delivered it all.
    expect((await stats()).failed).toBe(before.failed);
  });

  it('a crash after the first record of a batch: every inbox item and email exists once', async () => {
    const staff = await newMember('staff', ['staff']);
    const people = [
      await organizerWantingEmail(),
      await organizerWantingEmail(),
      await organizerWantingEmail(),
    ];
    await drain();
    expect(
      (await call('POST', '/_local/stream/fail-next', { body: { afterRecords: 1, times: 2 } })).status,
    ).toBe(200);
    const before = await stats();
    await reviewedTogether(people, 2, staff.token);
    await drain();
    const after = await stats();
    expect(after.faultsInjected - before.faultsInjected).toBe(2);
    await expectExactlyOnce(people, 2);
    // Nothing set aside for good: the retries delivered it all.
    expect((await stats()).failed).toBe(before.failed);
  });

  it.each([1, 2, 4, 6])(
    'a crash at DynamoDB call %i of an invocation, mid-record: every inbox item and email exists once',
    async (calls) => {
      const staff = await newMember('staff', ['staff']);
      const people = [await organizerWantingEmail(), await organizerWantingEmail()];
      await drain();
      expect(
        (await call('POST', '/_local/stream/fail-next', { body: { afterCalls: calls - 1 } })).status,
      ).toBe(200);
      const before = await stats();
      await reviewedTogether(people, 2, staff.token);
      await drain();
      expect((await stats()).faultsInjected - before.faultsInjected).toBe(1);
      await expectExactlyOnce(people, 2);
      // Nothing set aside for good: the retries delivered it all.
      expect((await stats()).failed).toBe(before.failed);
    },
  );
});
