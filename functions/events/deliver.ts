/**
 * The stream consumer (docs/api-contract.md §11): reads event items from the table's stream
 * and delivers each to its recipients' inboxes, by email, and to the event bus. Placeholder
 * until the delivery lands: it reports every record as handled.
 */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';

export const handler = async (_event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => ({
  batchItemFailures: [],
});
