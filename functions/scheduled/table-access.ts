/**
 * The scheduled jobs' table access by key (#http/table-keys.ts): what the CDK stack grants
 * them (`dynamodb:LeadingKeys`) and what the local server lets them touch.
 */
import { INDEX_PK, PK, type TableKeys } from '#http/table-keys.ts';

/**
 * The leaderboard job (./leaderboards.ts) and its full rebuild (./leaderboard-rebuild.ts):
 * reads the change markers of its shards (AP14), the changed entities' counters and profiles
 * (AP15, AP16: ambassador, governorate and city collections), the boards' leaders (AP13, the
 * `ranking` index); writes rank entries and snapshots, deletes the markers it consumed and
 * refreshes the stats copied onto directory entries (in the ambassador's collection). Never
 * ideas, lectures, emails, idempotency records or quotas.
 */
export const LEADERBOARD_JOB_KEYS = {
  reads: [PK.changes, PK.ambassador, PK.governorate, PK.city, PK.rank, PK.board, PK.points],
  writes: [PK.changes, PK.ambassador, PK.rank, PK.board],
  indexes: { ranking: [INDEX_PK.rank] },
} as const satisfies TableKeys;

/**
 * The stream consumer (functions/events/deliver.ts): reads an event's recipients' preferences
 * (AP37) and, for an instant email, their profile's address (AP1); writes their notifications,
 * unread counters and delivery records (AP34, AP36, AP38), the digest queue's markers (AP40)
 * and the event's bus delivery record (AP33).
 */
export const DELIVERY_KEYS = {
  reads: [PK.inbox, PK.event, PK.ambassador],
  writes: [PK.inbox, PK.event, PK.digestQueue],
} as const satisfies TableKeys;

/**
 * The digest job (./digest.ts): reads the digest queue's shards (AP40), each recipient's
 * preferences, digest state and notifications (AP34, AP37, AP39) and their profile's address
 * (AP1); writes the digest's delivery record and state, and deletes the markers it handled.
 */
export const DIGEST_JOB_KEYS = {
  reads: [PK.digestQueue, PK.inbox, PK.ambassador],
  writes: [PK.digestQueue, PK.inbox],
} as const satisfies TableKeys;

/** The queue clock (./queue-clock.ts): the staff queues' oldest items and sizes (AP7, AP20). */
export const QUEUE_CLOCK_KEYS = {
  indexes: { reviewQueue: [INDEX_PK.lectureQueue, INDEX_PK.ideaQueue] },
} as const satisfies TableKeys;
