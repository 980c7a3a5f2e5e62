/**
 * The staff queues' clock (docs/api-contract.md §11): every few minutes, the age of the oldest
 * waiting item of each queue as the metric `OldestWaitingSeconds` (dimension `queue`), which the
 * 48-hour alarm watches. The same figures as `GET /staff/queues`, from the same reads (AP7,
 * AP20) and the one clock; an empty queue reports 0, so the alarm clears once it is worked off.
 */
import { type StaffQueue, staffQueues, staffQueueView } from '#domain/inbox.ts';
import { clock } from '#functions/clock.ts';
import { MetricUnit, record } from '#functions/observability.ts';
import { staffQueueStates } from '#store/queues.ts';

export interface QueueClockReading {
  queue: StaffQueue;
  waiting: number;
  oldestWaitingSeconds: number;
}

/** Reads every queue at `now`; writes nothing to the table. */
export const readQueueClock = async ({
  now = clock.now(),
}: {
  now?: Date;
} = {}): Promise<QueueClockReading[]> => {
  const states = await staffQueueStates();
  return staffQueues.map((q) => staffQueueView(q, states[q], now));
};

export const handler = async (): Promise<QueueClockReading[]> => {
  const readings = await readQueueClock();
  // One line per queue: each carries its own `queue` dimension (the alarm's, one per queue).
  for (const r of readings)
    record({ queue: r.queue }, [
      { name: 'OldestWaitingSeconds', unit: MetricUnit.Seconds, value: r.oldestWaitingSeconds },
    ]);
  return readings;
};
