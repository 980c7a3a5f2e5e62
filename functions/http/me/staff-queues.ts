import { staffQueues, staffQueueView } from '#domain/inbox.ts';
import { http } from '#http/kit.ts';
import { staffQueuesRoute } from '#http/routes/me.ts';
import { staffQueueStates } from '#store/queues.ts';

/** Ages from the one clock (`now`), so a moved local clock shows in them. */
export const handler = http(staffQueuesRoute, async ({ now }) => {
  const states = await staffQueueStates();
  return { body: { items: staffQueues.map((q) => staffQueueView(q, states[q], now)) } };
});
