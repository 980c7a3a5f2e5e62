/**
 * The transactional outbox: a change's transaction carries `eventItem(event)` for each event
 * it tells of (docs/api-contract.md §11), so an event exists exactly when its change committed.
 * The stream consumer (functions/events/) delivers it.
 */
import type { DomainEvent } from '#domain/notifications.ts';
import { TABLE } from './client.ts';
import { eventEntity } from './entities/notifications.ts';
import type { TxItem } from './items.ts';

/** Seven days: the stream keeps records 24 hours; the item stays a while for an investigation. */
export const EVENT_TTL_SECONDS = 7 * 24 * 3600;

export const eventItem = (event: DomainEvent): TxItem => ({
  Put: {
    TableName: TABLE,
    Item: eventEntity.item({
      event,
      expiresAt: Math.floor(new Date(event.at).getTime() / 1000) + EVENT_TTL_SECONDS,
    }),
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});
