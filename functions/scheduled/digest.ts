/**
 * The digest job (docs/api-contract.md §11): at 08:00 Oman time, one email per person with
 * their unread notifications of the groups set to `digest` since their last digest; daily, or
 * on Sundays for a weekly digest; nothing when there is nothing new.
 *
 * Who to look at comes from the digest queue (AP40): the consumer puts a marker for every
 * notification that waits for a digest, so a run reads the people with something waiting,
 * never every inbox. For each marker: their preferences decide (digests off: the marker goes;
 * weekly on a weekday: it stays); their notifications newer than the digest state are read;
 * then the one email, claimed under its record `digest#<date>` (one per person and Oman date,
 * whatever the number of runs), marked sent together with the new digest state, and the
 * marker deleted, unless a newer notification put it again meanwhile.
 *
 * Bounded and resumable: a run stops taking people when its time runs low (`reserveMs` before
 * the invocation's end) or after `maxRecipients`, and answers `done: false`; what it finished
 * is recorded person by person, so another run the same day picks up the rest and sends no
 * one a second digest. Running it again is always safe.
 */
import type { Context } from 'aws-lambda';
import { digestRunFor, emailChoice, type Preferences } from '#domain/notifications.ts';
import { clock } from '#functions/clock.ts';
import { logger } from '#functions/log.ts';
import { composeDigest } from '#functions/notifications/compose.ts';
import { mailFrom, sendEmail } from '#functions/notifications/mailer.ts';
import { count } from '#functions/observability.ts';
import { mapLimit } from '#store/batch.ts';
import {
  claimDelivery,
  completeDigest,
  type DigestMarker,
  deleteDigestMarker,
  digestCandidates,
  digestMarkerPage,
  readDigestState,
  readEmailAddress,
  readPreferences,
  releaseClaim,
} from '#store/delivery.ts';
import { DIGEST_SHARDS, deliveryKey } from '#store/entities/notifications.ts';

/** The most notifications one digest lists; a count above says how many were waiting. */
export const DIGEST_MAX_LISTED = 50;
/** The most waiting notifications one person's digest reads; the rest wait for the next one. */
const MAX_SCANNED = 500;
/** People handled at once. */
const PARALLEL = 4;
const PAGE = 100;

export interface DigestRunOptions {
  now: Date;
  /** Time left in the invocation (Lambda: `context.getRemainingTimeInMillis`). */
  remainingMs?: () => number;
  /** No new person is started with less than this left (default 30 s). */
  reserveMs?: number;
  /** People a run takes at most (default 20,000). */
  maxRecipients?: number;
}

export interface DigestRunResult {
  /** The Oman date the run sends for. */
  date: string;
  cadences: string[];
  /** Digests sent. */
  sent: number;
  /** Markers removed without an email: nothing new, digests off, no address, email off. */
  skipped: number;
  /** Markers kept for a later run: weekly on a weekday, or today's digest already went out. */
  kept: number;
  /** People whose digest failed (SES, the table): their marker stays for the next run. */
  failed: number;
  /** False when the run stopped early (time, maximum): another run continues. */
  done: boolean;
}

type Outcome = 'sent' | 'skipped' | 'kept';

const newest = (a: string | undefined, b: string | undefined) =>
  a === undefined || (b !== undefined && b > a) ? b : a;

/** One person with a marker. */
const digestFor = async (
  marker: DigestMarker,
  run: { date: string; cadences: readonly string[]; at: string },
): Promise<Outcome> => {
  const { sub } = marker;
  const prefs: Preferences = await readPreferences(sub);
  if (prefs.digest === 'off') {
    await deleteDigestMarker(sub);
    return 'skipped';
  }
  if (!run.cadences.includes(prefs.digest)) return 'kept';

  const state = await readDigestState(sub);
  const waiting = await digestCandidates(sub, state.lastEventId, MAX_SCANNED);
  const complete = waiting.length < MAX_SCANNED;
  const lastSeen = waiting.at(-1)?.id;
  // Read to the end: the marker as read is covered too (a newer one put meanwhile is not).
  const covered = complete ? newest(lastSeen, marker.lastEventId) : lastSeen;
  // Only the groups whose choice is `digest` now: one switched to `instant` or `off` since is left out.
  const items = waiting.filter((n) => emailChoice(prefs, n.type) === 'digest');
  const to = items.length > 0 && mailFrom() ? await readEmailAddress(sub) : undefined;
  if (!to || !lastSeen) {
    await deleteDigestMarker(sub, covered);
    return 'skipped';
  }

  const listed = items.slice(-DIGEST_MAX_LISTED).reverse();
  const email = await composeDigest(sub, prefs.language, listed, items.length);
  const key = deliveryKey(sub, `digest#${run.date}`);
  // Sent already today (an earlier run): what came since waits for the next date's digest.
  if ((await claimDelivery(key, 'DigestDelivery', run.at)) === 'sent') return 'kept';
  let messageId: string | undefined;
  try {
    messageId = await sendEmail({ to, ...email });
  } catch (err) {
    count('EmailFailed');
    await releaseClaim(key);
    throw err;
  }
  await completeDigest(key, sub, lastSeen, run.at, messageId);
  await deleteDigestMarker(sub, covered);
  count('DigestSent');
  count('EmailSent');
  return 'sent';
};

export const runDigest = async (options: DigestRunOptions): Promise<DigestRunResult> => {
  const { date, cadences } = digestRunFor(options.now);
  const run = { date, cadences, at: options.now.toISOString() };
  const reserveMs = options.reserveMs ?? 30_000;
  const maxRecipients = options.maxRecipients ?? 20_000;
  const result: DigestRunResult = { date, cadences, sent: 0, skipped: 0, kept: 0, failed: 0, done: true };
  const outOfBudget = () =>
    result.sent + result.skipped + result.kept + result.failed >= maxRecipients ||
    (options.remainingMs !== undefined && options.remainingMs() < reserveMs);

  for (let shard = 0; shard < DIGEST_SHARDS && result.done; shard++) {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await digestMarkerPage(shard, PAGE, startKey);
      await mapLimit(page.markers, PARALLEL, async (marker) => {
        if (!result.done || outOfBudget()) {
          result.done = false;
          return;
        }
        try {
          result[await digestFor(marker, run)] += 1;
        } catch (err) {
          result.failed += 1;
          // No personal data: the error's kind only (SES's messages may quote an address).
          logger.error('Digest failed for one recipient', {
            shard,
            error: (err as Error)?.name,
            status: (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode,
          });
        }
      });
      startKey = result.done ? page.next : undefined;
    } while (startKey);
  }
  logger.info('Digest run', { ...result });
  return result;
};

export const handler = async (_event?: unknown, context?: Context): Promise<DigestRunResult> =>
  runDigest({
    now: clock.now(),
    ...(context ? { remainingMs: () => context.getRemainingTimeInMillis() } : {}),
  });
