/**
 * The local stand-in for the EventBridge bus (docs/api-contract.md §11): PutEvents, as the
 * consumer calls it with the real EventBridgeClient pointed here by EVENTBRIDGE_ENDPOINT (the
 * JSON 1.1 protocol, `X-Amz-Target: AWSEvents.PutEvents`). Events put on the local bus are
 * kept in memory and listed by `GET /_local/events`, newest first, shaped as EventBridge
 * delivers them to a rule's target (`version`, `id`, `detail-type`, `source`, `account`,
 * `time`, `region`, `resources`, `detail` as an object).
 */
import { randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import type { LocalRoute } from './gateway.ts';

export const LOCAL_EVENT_BUS = 'smart-city-ambassadors-local';
export const LOCAL_ACCOUNT = '000000000000';

export interface BusEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
}

const json11 = (status: number, body: unknown) => ({
  status,
  body: JSON.stringify(body),
  contentType: 'application/x-amz-json-1.1',
});

const putEvents = z.object({
  Entries: z.array(
    z.object({
      Source: z.optional(z.string()),
      DetailType: z.optional(z.string()),
      Detail: z.optional(z.string()),
      EventBusName: z.optional(z.string()),
      // Epoch seconds, as the SDK serializes a Date.
      Time: z.optional(z.number()),
      Resources: z.optional(z.array(z.string())),
    }),
  ),
});

/** EventBridge's time: seconds, no fraction. */
const isoSeconds = (d: Date) => `${d.toISOString().slice(0, 19)}Z`;

export interface LocalEventBridge {
  /** `POST /_local/eventbridge/`: PutEvents. */
  api: LocalRoute;
  /** `GET /_local/events`. */
  list: LocalRoute;
  events: () => BusEvent[];
}

export const createLocalEventBridge = (
  busName: string,
  region: string,
  now: () => Date,
): LocalEventBridge => {
  const events: BusEvent[] = [];
  return {
    events: () => [...events],
    api: async (req, body) => {
      const target = String(req.headers['x-amz-target'] ?? '');
      if (target !== 'AWSEvents.PutEvents')
        return json11(400, {
          __type: 'UnknownOperationException',
          message: `${target} is not served locally`,
        });
      let parsed: unknown;
      try {
        parsed = JSON.parse(body || '{}');
      } catch {
        return json11(400, { __type: 'SerializationException', message: 'Malformed JSON' });
      }
      const r = putEvents.safeParse(parsed);
      if (!r.success)
        return json11(400, { __type: 'ValidationException', message: z.prettifyError(r.error) });
      if (r.data.Entries.length < 1 || r.data.Entries.length > 10)
        return json11(400, {
          __type: 'ValidationException',
          message: 'Entries must hold between 1 and 10 entries',
        });
      // As EventBridge: each entry succeeds or fails on its own, in the request's order.
      const results = r.data.Entries.map((e) => {
        if (!e.Source || !e.DetailType || !e.Detail)
          return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Source, DetailType and Detail are required' };
        if ((e.EventBusName ?? 'default') !== busName)
          return {
            ErrorCode: 'NotFoundException',
            ErrorMessage: `Event bus ${e.EventBusName ?? 'default'} does not exist.`,
          };
        let detail: unknown;
        try {
          detail = JSON.parse(e.Detail);
        } catch {
          return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
        }
        if (!detail || typeof detail !== 'object' || Array.isArray(detail))
          return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
        const id = randomUUID();
        events.push({
          version: '0',
          id,
          'detail-type': e.DetailType,
          source: e.Source,
          account: LOCAL_ACCOUNT,
          time: isoSeconds(e.Time !== undefined ? new Date(e.Time * 1000) : now()),
          region,
          resources: e.Resources ?? [],
          detail,
        });
        return { EventId: id };
      });
      return json11(200, {
        FailedEntryCount: results.filter((x) => 'ErrorCode' in x).length,
        Entries: results,
      });
    },
    list: async (req) => {
      // `?detail-type=<type>`: one event type only.
      const type = new URL(req.url ?? '/', 'http://localhost').searchParams.get('detail-type');
      const items = [...events].reverse().filter((e) => !type || e['detail-type'] === type);
      return { status: 200, body: { items } };
    },
  };
};
