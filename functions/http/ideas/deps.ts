/** The real repositories and ids the idea handlers wire into the use cases. */
import { ulid } from 'ulid';
import { ideaRepo } from '../../store/ideas.ts';

/**
 * A lost race waits a little before its fresh read: full jitter over a window that doubles
 * from 10 ms up to 320 ms, so parallel requests spread out instead of colliding again.
 */
const pause = (attempt: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** Math.min(attempt, 5)));

export const ideaDeps = (now: Date) => ({ ideas: ideaRepo, now: () => now, newId: ulid, pause });
