/**
 * The one table's shape. The CDK data stack and the local launcher both build the table
 * from this definition, so the two cannot drift. Each index is named after the question it
 * answers; the access-pattern table in docs/data-model.md says which pattern uses which.
 */
export const tableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Epoch seconds; DynamoDB's TTL deletes the item some time after. Used by idempotency records. */
  timeToLiveAttribute: 'expiresAt',
  /**
   * The stream the notification consumer reads (functions/events/): new images only, filtered
   * to event items (the transactional outbox, functions/store/events.ts).
   */
  stream: 'NEW_IMAGE',
  // All four exist from the first deployment: CloudFormation adds only one GSI per update.
  indexes: {
    /**
     * "What is listed under this facet, in the list's order?" The ambassador directory (name
     * order) and the public lists of lectures and ideas (newest first) are fan-out entries here.
     */
    listings: { partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    /** "What has this ambassador created?" Their lectures, ideas, comments, resources. */
    byOwner: { partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    /** "What waits for staff review, oldest first?" Sparse: only items in a review state. */
    reviewQueue: { partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
    /** "Who leads this board in this period?" Leaderboard rank items, best score first. */
    ranking: { partitionKey: 'gsi4pk', sortKey: 'gsi4sk' },
  },
} as const;

export type IndexName = keyof typeof tableDefinition.indexes;

/**
 * The leaderboard work queue's shards (`LBQ#<0–7>`, docs/data-model.md): one marker per change,
 * spread over shards so no key takes every write. A fact of the table's layout, so the rebuild's
 * state machine (infra/) fans out over the same shards the store writes.
 */
export const LEADERBOARD_SHARDS = 8;

/** Every key attribute is a string. */
export const keyAttributes = (): string[] => [
  ...new Set([
    tableDefinition.partitionKey,
    tableDefinition.sortKey,
    ...Object.values(tableDefinition.indexes).flatMap((i) => [i.partitionKey, i.sortKey]),
  ]),
];
