/**
 * The event bus (docs/api-contract.md §11): every event, ids only (`busDetail`), for the
 * internal tool and other integrations. EVENT_BUS_NAME names the bus; EVENTBRIDGE_ENDPOINT
 * points the client at the local stand-in and is unset in AWS.
 */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { BUS_EVENT_SOURCE, busDetail, type DomainEvent } from '#domain/notifications.ts';
import { tracer } from '#functions/observability.ts';

let client: EventBridgeClient | undefined;
const eventBridge = () => {
  const endpoint = process.env.EVENTBRIDGE_ENDPOINT;
  // Captured for X-Ray like the DynamoDB client (a no-op where tracing is off).
  client ??= tracer.captureAWSv3Client(
    new EventBridgeClient({
      ...(endpoint
        ? {
            endpoint,
            credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
            region: process.env.AWS_REGION ?? 'me-south-1',
          }
        : {}),
      maxAttempts: 2,
    }),
  );
  return client;
};

/** Puts `event` on the bus. PutEvents answers 200 even when the entry failed: that throws too. */
export const putOnBus = async (event: DomainEvent): Promise<void> => {
  const busName = process.env.EVENT_BUS_NAME;
  if (!busName) throw new Error('Environment variable EVENT_BUS_NAME is not set');
  const out = await eventBridge().send(
    new PutEventsCommand({
      Entries: [
        {
          EventBusName: busName,
          Source: BUS_EVENT_SOURCE,
          DetailType: event.type,
          Detail: JSON.stringify(busDetail(event)),
          Time: new Date(event.at),
        },
      ],
    }),
  );
  if ((out.FailedEntryCount ?? 0) > 0 || out.Entries?.[0]?.ErrorCode) {
    const entry = out.Entries?.[0];
    throw Object.assign(new Error(`PutEvents refused the event: ${entry?.ErrorCode ?? 'unknown'}`), {
      name: 'PutEventsFailed',
      code: entry?.ErrorCode,
    });
  }
};
