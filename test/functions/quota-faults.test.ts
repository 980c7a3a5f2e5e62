/**
 * The write quota's counter under a lost answer (docs/how-it-works.md "The write quota and
 * retries"): DynamoDB applies the `ADD`, the answer never reaches the function (a client
 * timeout), and the SDK sends the same update again. The retry must not count the request a
 * second time, or a caller is refused one request early for every such loss.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { handler as patchMeHandler } from '#http/ambassadors/me-patch.ts';
import { patchMeRoute } from '#http/routes/ambassadors.ts';
import { WINDOW_SECONDS } from '#store/quota.ts';
import { closeFakeServers, errors, heal, inject, invoke } from '#support/faults.ts';
import { registerAmbassador } from '#support/in-process-scenes.ts';
import { item } from '#support/table.ts';

afterEach(heal);
afterAll(closeFakeServers);

/** The key arrives marshalled (`{ pk: { S: … } }`): the middleware runs below the document client. */
const isQuotaUpdate = (input: Record<string, unknown>) =>
  String((input.Key as { pk?: { S?: string } } | undefined)?.pk?.S ?? '').startsWith('QUOTA#');

/** The caller's counter for the current minute (read back from the table). */
const counter = async (sub: string) => {
  const window = Math.floor(Date.now() / 1000 / WINDOW_SECONDS) * WINDOW_SECONDS;
  return (await item(`QUOTA#SUB#${sub}`, String(window)))?.n;
};

describe('the write quota under a lost answer', () => {
  it('an update applied, then retried by the SDK after its answer was lost, counts once', async () => {
    const caller = await registerAmbassador();
    // Retry until one request falls within a single minute (the counter is per minute).
    for (let attempt = 1; ; attempt++) {
      const before = (await counter(caller.sub)) ?? 0;
      const log = inject({
        when: (c) => c.command === 'UpdateItemCommand' && c.attempt === 1 && isQuotaUpdate(c.input),
        lose: true,
        error: errors.TimeoutError,
      });
      const res = await invoke(patchMeRoute, patchMeHandler, { caller, body: { bio: 'lost answer' } });
      heal();
      const after = (await counter(caller.sub)) ?? 0;
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const quotaCall = log.requests.flat().find((c) => c.failures === 1);
      expect(quotaCall, 'the quota update was retried once').toMatchObject({ attempts: 2, failures: 1 });
      if (after < before && attempt < 5) continue; // a new minute began between the reads
      expect(after - before, 'the request counted once').toBe(1);
      break;
    }
  });
});
