/**
 * The stream consumer (docs/api-contract.md §11, docs/architecture.md "Events and time"):
 * reads the event items the changes' transactions wrote (the outbox) from the table's stream
 * and delivers each, in order:
 * 1. to each recipient's inbox: the notification, its unread count and, when the recipient's
 *    choice for its group is `digest`, their digest marker, in one transaction, unless the
 *    recipient's profile is an erasure tombstone (then nothing at all for them);
 * 2. by email, when their choice is `instant`, they have an address (an ambassador profile)
 *    and email is on (MAIL_FROM);
 * 3. to the event bus, ids only.
 *
 * The stream delivers at least once; every step has a record (functions/store/delivery.ts), so
 * a retried record does again only what had not been done. A record whose delivery fails is
 * reported in `batchItemFailures`, and so is every record after it: Lambda resumes a shard
 * from the first failed record anyway, so working on the later ones now would only be
 * repeated, and stopping keeps each recipient's events in the stream's order.
 *
 * The one window of at-least-once: a function that stops after SES accepted an email and
 * before its record says `sent` finds the claim `sending` on the retry and sends again (a
 * second email beats a lost one; SES gives no way to ask whether a message went out).
 *
 * Partial failures are reported by hand, not with Powertools' BatchProcessor: not for its
 * size (it adds about 6 KB to a 650 KB minified bundle, 1%), but because it goes on with the
 * records after a failed one, work that Lambda repeats anyway when it resumes from the first
 * failure; the loop here stops there, in a dozen lines.
 */
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { type DomainEvent, EVENT_TYPES, emailChoice, groupOf, type Language } from '#domain/notifications.ts';
import { clock } from '#functions/clock.ts';
import { logger } from '#functions/log.ts';
import { putOnBus } from '#functions/notifications/bus.ts';
import { composeInstant } from '#functions/notifications/compose.ts';
import { mailFrom, sendEmail } from '#functions/notifications/mailer.ts';
import { count } from '#functions/observability.ts';
import {
  claimDelivery,
  markSent,
  readEmailAddress,
  readPreferences,
  releaseClaim,
  writeNotification,
} from '#store/delivery.ts';
import { busDeliveryKey, deliveryKey, eventEntity } from '#store/entities/notifications.ts';
import { fromImage, type ImageValue } from './image.ts';

/** The event an item of the stream holds, or undefined when the record is no new event item. */
export const eventOf = (record: DynamoDBRecord): DomainEvent | undefined => {
  const image = record.dynamodb?.NewImage;
  if (record.eventName !== 'INSERT' || !image) return undefined;
  const item = fromImage(image as Record<string, ImageValue>);
  if (item.type !== eventEntity.type) return undefined;
  const event = item.event as DomainEvent | undefined;
  if (
    !event ||
    typeof event.id !== 'string' ||
    !Object.hasOwn(EVENT_TYPES, event.type) ||
    !Array.isArray(event.recipients) ||
    typeof event.subject?.path !== 'string'
  )
    throw new Error('An event item without a well-formed event');
  return event;
};

/** The instant email of `event` to `sub`: once, whatever the number of retries. */
const emailOnce = async (sub: string, language: Language, event: DomainEvent, now: string): Promise<void> => {
  const to = await readEmailAddress(sub);
  if (!to) return;
  // Composed before the claim: a failure here (no secret, no public URL) leaves no claim behind.
  const email = await composeInstant(sub, language, event);
  const key = deliveryKey(sub, 'email', event.id);
  const claim = await claimDelivery(key, 'EmailDelivery', now);
  if (claim === 'sent') return;
  if (claim === 'resumed') logger.warn('Email claim found sending: sending again', { eventId: event.id });
  let messageId: string | undefined;
  try {
    messageId = await sendEmail({ to, ...email });
  } catch (err) {
    count('EmailFailed');
    await releaseClaim(key);
    throw err;
  }
  await markSent(key, now, messageId);
  count('EmailSent');
};

/**
 * One recipient: the inbox (once), then the email when they want it at once. A recipient who
 * erased their data after the event named them gets neither: their inbox is not made again.
 */
const deliverTo = async (sub: string, event: DomainEvent, now: string): Promise<void> => {
  const prefs = await readPreferences(sub);
  const choice = emailChoice(prefs, event.type);
  const written = await writeNotification({
    recipient: sub,
    id: event.id,
    eventType: event.type,
    group: groupOf(event.type),
    at: event.at,
    read: false,
    subject: event.subject,
    subjectTitle: event.subjectTitle,
    digest: choice === 'digest',
  });
  if (written === 'erased') {
    logger.debug('Recipient erased: nothing delivered', { eventId: event.id });
    return;
  }
  if (written === 'delivered') count('NotificationDelivered');
  // Even for a notification delivered before: the email may be what failed last time.
  if (choice === 'instant' && mailFrom()) await emailOnce(sub, prefs.language, event, now);
};

/** The event on the bus, once. */
const busOnce = async (event: DomainEvent, now: string): Promise<void> => {
  const key = busDeliveryKey(event.id);
  if ((await claimDelivery(key, 'BusDelivery', now)) === 'sent') return;
  try {
    await putOnBus(event);
  } catch (err) {
    await releaseClaim(key);
    throw err;
  }
  await markSent(key, now);
  count('BusPut');
};

/** Everything one event asks for; throws when any part failed (the retry does the rest). */
export const deliverEvent = async (event: DomainEvent, now: Date = clock.now()): Promise<void> => {
  const at = now.toISOString();
  // The recipients of one event are few (a team at most) and independent: all at once.
  const results = await Promise.allSettled(event.recipients.map((sub) => deliverTo(sub, event, at)));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  await busOnce(event, at);
};

export const handler = async (
  stream: DynamoDBStreamEvent,
  context?: Context,
): Promise<DynamoDBBatchResponse> => {
  if (context) logger.addContext(context);
  const batchItemFailures: DynamoDBBatchResponse['batchItemFailures'] = [];
  for (const record of stream.Records) {
    const sequence = record.dynamodb?.SequenceNumber ?? '';
    if (batchItemFailures.length > 0) {
      batchItemFailures.push({ itemIdentifier: sequence });
      continue;
    }
    let event: DomainEvent | undefined;
    try {
      event = eventOf(record);
      if (!event) continue;
      await deliverEvent(event);
      logger.debug('Event delivered', {
        eventId: event.id,
        type: event.type,
        recipients: event.recipients.length,
      });
    } catch (err) {
      // No personal data: ids and the error, never addresses, names or titles.
      logger.error('Event delivery failed', {
        eventId: event?.id,
        type: event?.type,
        sequence,
        // The name and status only: SES's messages may quote an address.
        error: (err as Error)?.name,
        status: (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode,
      });
      batchItemFailures.push({ itemIdentifier: sequence });
    }
  }
  return { batchItemFailures };
};
