/**
 * The one table's shape. The CDK data stack and the local launcher both build the table
 * from this definition, so the two cannot drift. Each index is named after the question it
 * answers; the access-pattern table in the README says which pattern uses which.
 */
export const tableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Epoch seconds; DynamoDB's TTL deletes the item some time after. Used by idempotency records. */
  timeToLiveAttribute: 'expiresAt',
  indexes: {
    /** "Who is listed under this facet, in name order?" (the ambassador directory). */
    directory: { partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  },
} as const;

export type IndexName = keyof typeof tableDefinition.indexes;

/** Every key attribute is a string. */
export const keyAttributes = (): string[] => [
  ...new Set([
    tableDefinition.partitionKey,
    tableDefinition.sortKey,
    ...Object.values(tableDefinition.indexes).flatMap((i) => [i.partitionKey, i.sortKey]),
  ]),
];
