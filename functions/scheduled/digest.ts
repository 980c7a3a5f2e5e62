/**
 * The digest job (docs/api-contract.md §11): at 08:00 Oman time, one email per person with
 * their unread notifications of the groups set to `digest`. Placeholder until it lands.
 */
export const runDigest = async (_options: { now: Date }): Promise<{ sent: number }> => ({ sent: 0 });

export const handler = async (): Promise<{ sent: number }> => runDigest({ now: new Date() });
