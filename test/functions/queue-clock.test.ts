/**
 * The queue clock (functions/scheduled/queue-clock.ts) in process against DynamoDB Local, with
 * Lambda's environment so that metrics are written: every queue's size and oldest age, from the
 * reviewQueue index and the clock, as the metric `OldestWaitingSeconds` per `queue`, the figure
 * the 48-hour alarm watches.
 */
import { describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  Object.assign(process.env, {
    AWS_LAMBDA_FUNCTION_NAME: 'queue-clock-test',
    POWERTOOLS_METRICS_NAMESPACE: 'SmartCityAmbassadors',
    POWERTOOLS_TRACE_ENABLED: 'false',
    STAGE: 'test',
  });
});

const { QUEUE_ALARM_SECONDS } = await import('#domain/inbox.ts');
const { handler, readQueueClock } = await import('#functions/scheduled/queue-clock.ts');
const scenes = await import('#support/in-process-scenes.ts');

/** EMF lines written to stdout while `fn` runs. */
const emfOf = async <T>(fn: () => Promise<T>): Promise<{ result: T; emf: Record<string, any>[] }> => {
  const lines: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk, ...rest) => {
    lines.push(String(chunk));
    return String(chunk).includes('"_aws"') ? true : write(chunk, ...(rest as []));
  });
  try {
    const result = await fn();
    const emf = lines
      .flatMap((l) => l.split('\n'))
      .filter((l) => l.includes('"_aws"'))
      .map((l) => JSON.parse(l) as Record<string, any>);
    return { result, emf };
  } finally {
    spy.mockRestore();
  }
};

describe('the queue clock', () => {
  it('reads each queue: the waiting count, and the oldest age at the given instant', async () => {
    const before = await readQueueClock();
    const organizer = await scenes.registerAmbassador();
    await scenes.reportLecture(organizer);
    const now = new Date(Date.now() + 3 * 86_400_000);
    const later = await readQueueClock({ now });
    expect(later.map((r) => r.queue)).toEqual(['lectures', 'ideas', 'support']);
    const [lectures, , support] = later;
    expect(lectures?.waiting).toBe((before[0]?.waiting ?? 0) + 1);
    // Three days on, the lecture just reported has waited past the alarm's 48 hours.
    expect(lectures?.oldestWaitingSeconds).toBeGreaterThan(QUEUE_ALARM_SECONDS);
    expect(support).toEqual({ queue: 'support', waiting: 0, oldestWaitingSeconds: 0 });
  });

  it('writes OldestWaitingSeconds once per queue, in seconds, with the queue as a dimension', async () => {
    const { result, emf } = await emfOf(() => handler());
    const lines = emf.filter((e) => 'OldestWaitingSeconds' in e);
    expect(lines.map((e) => e.queue)).toEqual(['lectures', 'ideas', 'support']);
    for (const [i, e] of lines.entries()) {
      expect(e.OldestWaitingSeconds).toBe(result[i]?.oldestWaitingSeconds);
      const [definition] = e._aws.CloudWatchMetrics;
      expect(definition.Namespace).toBe('SmartCityAmbassadors');
      expect(definition.Metrics).toEqual([{ Name: 'OldestWaitingSeconds', Unit: 'Seconds' }]);
      expect(definition.Dimensions[0]).toEqual(expect.arrayContaining(['queue', 'stage']));
      expect(e.stage).toBe('test');
    }
  });
});
