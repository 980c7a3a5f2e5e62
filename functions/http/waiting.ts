/** Review queues show, for each item, how long it has waited (for the platform team's tool). */
export const withWaiting = <T>(items: T[], since: (item: T) => string, now: Date) =>
  items.map((item) => ({
    ...item,
    waitingSeconds: Math.max(0, Math.round((now.getTime() - Date.parse(since(item))) / 1000)),
  }));
