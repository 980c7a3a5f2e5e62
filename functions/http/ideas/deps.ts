/** The real repositories and ids the idea handlers wire into the use cases. */
import { ulid } from 'ulid';
import { ideaRepo } from '#store/ideas.ts';

/**
 * A lost race waits before its fresh read: full jitter over a window that doubles from 40 ms
 * up to 640 ms, so parallel requests spread out instead of colliding again (one of n wins
 * each round; without the spread every round costs n reads and n cancelled transactions).
 */
const pause = (attempt: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** Math.min(attempt, 5)));

export const ideaDeps = (now: Date) => ({ ideas: ideaRepo, now: () => now, newId: ulid, pause });
