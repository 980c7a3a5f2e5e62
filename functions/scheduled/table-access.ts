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
  reads: [PK.changes, PK.ambassador, PK.governorate, PK.city, PK.rank, PK.board],
  writes: [PK.changes, PK.ambassador, PK.rank, PK.board],
  indexes: { ranking: [INDEX_PK.rank] },
} as const satisfies TableKeys;
