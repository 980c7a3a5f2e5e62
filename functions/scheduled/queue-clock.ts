/**
 * The staff queues' clock (docs/api-contract.md §11): every few minutes, the age of the oldest
 * waiting item of each queue as a metric, which the 48-hour alarm watches. Placeholder.
 */
export const handler = async (): Promise<void> => undefined;
