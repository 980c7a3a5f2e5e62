/**
 * A lost race on a person's preferences waits before its fresh read: full jitter over a
 * window that doubles from 40 ms, so that parallel requests spread out instead of colliding again.
 */
export const pause = (attempt: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** Math.min(attempt, 5)));
