/**
 * Delivery lag and the consumer's capacity (docs/api-contract.md §11), on the local server:
 * N changes (a staff review, which tells the lecture's organizer), one after another; for each,
 * the time from the review's HTTP answer to the notification visible in the organizer's inbox
 * (GET /me/notifications polled back to back, a 2 ms pause between polls), p50 and p99, next to
 * the stream's poll interval (STREAM_POLL_MS) that bounds it locally. And what the consumer's
 * DynamoDB calls consumed per event and recipient (GET /_local/stream/stats meters every call
 * the handler makes), for a recipient whose email choice is `digest` (the default: the inbox
 * item, counter and digest marker) and one who wants email at once (plus the email's record).
 *
 * `npm run bench -- --only delivery`, or `node bench/delivery-lag.ts` alone.
 */
import { type LocalServer, spawnLocalServer } from '#infra/local/spawn.ts';
import { type BenchOptions, fmt, httpClient, median, renderTable, type SectionResult } from './lib.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const percentile = (xs: readonly number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? Number.NaN;
};

interface Stats {
  delivered: number;
  capacity: { read: number; write: number; calls: number };
}

interface Measured {
  pollMs: number;
  choice: 'digest' | 'instant';
  changes: number;
  lagMs: { p50: number; p99: number; max: number; median: number };
  perRecipient: { rcu: number; wcu: number; calls: number };
}

const measure = async (server: LocalServer, pollMs: number, changes: number): Promise<Measured[]> => {
  const { call, token } = httpClient(server.baseUrl);
  const staff = await token(`bench-staff-${pollMs}`, ['staff']);
  const out: Measured[] = [];
  for (const choice of ['digest', 'instant'] as const) {
    const sub = `bench-organizer-${choice}-${pollMs}`;
    const organizer = await token(sub);
    const reg = await call('POST', '/ambassadors', {
      token: organizer,
      body: { name: 'Bench Organizer', governorate: 'OM-MA', wilayat: 'bawshar', interests: ['mobility'] },
    });
    if (reg.status !== 201) throw new Error(`register: ${reg.status} ${JSON.stringify(reg.body)}`);
    if (choice === 'instant') {
      const email = Object.fromEntries(
        ['reviews', 'team', 'discussion', 'showcase', 'certificates', 'challenges'].map((g) => [
          g,
          'instant',
        ]),
      );
      const put = await call('PUT', '/me/preferences', {
        token: organizer,
        body: { language: 'en', email, digest: 'daily' },
      });
      if (put.status !== 200) throw new Error(`preferences: ${put.status} ${JSON.stringify(put.body)}`);
    }
    // Delivered yesterday, Oman time.
    const deliveredOn = new Date(Date.now() + 4 * 3600_000 - 24 * 3600_000).toISOString().slice(0, 10);
    const lectures: string[] = [];
    for (let i = 0; i < changes; i++) {
      const r = await call('POST', '/lectures', {
        token: organizer,
        body: {
          title: `Bench lecture ${i}`,
          topic: 'water',
          description: 'How smart meters cut household water use.',
          deliveredOn,
          format: 'in_person',
          governorate: 'OM-MA',
          wilayat: 'bawshar',
          venue: 'Bawshar community hall',
          audience: 'public',
          attendees: 40,
          evidenceUrls: ['https://example.om/photo.jpg'],
        },
      });
      if (r.status !== 201) throw new Error(`lecture: ${r.status} ${JSON.stringify(r.body)}`);
      lectures.push((r.body as { id: string }).id);
    }
    await call('POST', '/_local/stream/drain');
    const before = (await call('GET', '/_local/stream/stats')).body as Stats;
    const lags: number[] = [];
    for (const [i, id] of lectures.entries()) {
      const review = await call('POST', `/staff/lectures/${id}/review`, {
        token: staff,
        body: { decision: 'verify' },
      });
      if (review.status !== 200) throw new Error(`review: ${review.status} ${JSON.stringify(review.body)}`);
      const answered = performance.now();
      for (;;) {
        const inbox = await call('GET', '/me/notifications?limit=1', { token: organizer });
        if ((inbox.body as { unread: number }).unread >= i + 1) break;
        if (performance.now() - answered > 30_000) throw new Error('a notification took over 30 s');
        await sleep(2);
      }
      lags.push(performance.now() - answered);
    }
    await call('POST', '/_local/stream/drain');
    const after = (await call('GET', '/_local/stream/stats')).body as Stats;
    const recipients = after.delivered - before.delivered;
    out.push({
      pollMs,
      choice,
      changes,
      lagMs: {
        p50: Math.round(percentile(lags, 50)),
        p99: Math.round(percentile(lags, 99)),
        max: Math.round(Math.max(...lags)),
        median: Math.round(median(lags)),
      },
      perRecipient: {
        rcu: (after.capacity.read - before.capacity.read) / recipients,
        wcu: (after.capacity.write - before.capacity.write) / recipients,
        calls: (after.capacity.calls - before.capacity.calls) / recipients,
      },
    });
  }
  return out;
};

export const run = async ({ quick }: BenchOptions): Promise<SectionResult> => {
  const configured = Number(process.env.STREAM_POLL_MS ?? 200);
  const intervals = quick ? [configured] : [...new Set([configured, 50])];
  const changes = quick ? 20 : 100;
  const measured: Measured[] = [];
  for (const pollMs of intervals) {
    const server = await spawnLocalServer({
      tableName: `bench-delivery-${pollMs}`,
      env: { STREAM_POLL_MS: String(pollMs) },
    });
    try {
      measured.push(...(await measure(server, pollMs, changes)));
    } finally {
      await server.stop();
    }
  }
  const table = renderTable(
    [
      'STREAM_POLL_MS / email',
      'changes',
      'lag p50 ms',
      'lag p99 ms',
      'max ms',
      'RCU/recipient',
      'WCU/recipient',
      'calls',
    ],
    measured.map((m) => [
      `${m.pollMs} / ${m.choice}`,
      String(m.changes),
      fmt(m.lagMs.p50),
      fmt(m.lagMs.p99),
      fmt(m.lagMs.max),
      fmt(m.perRecipient.rcu, 2),
      fmt(m.perRecipient.wcu, 2),
      fmt(m.perRecipient.calls, 1),
    ]),
  );
  // Locally the lag is the poll interval plus the delivery; a p99 beyond two intervals and a
  // second means the consumer, not the polling, is slow.
  const misses = measured
    .filter((m) => m.lagMs.p99 > 2 * m.pollMs + 1000)
    .map(
      (m) =>
        `delivery lag p99 ${m.lagMs.p99} ms at STREAM_POLL_MS=${m.pollMs} (${m.choice}) is over 2 polls + 1 s`,
    );
  return { results: { measured }, table, misses };
};

if (process.argv[1] === import.meta.filename) {
  const r = await run({ quick: process.argv.includes('--quick') });
  console.log(r.table);
  for (const m of r.misses) console.log(`MISS: ${m}`);
}
