/** The real repositories and ids the idea handlers wire into the use cases. */
import { ulid } from 'ulid';
import { ideaRepo } from '../../store/ideas.ts';

export const ideaDeps = (now: Date) => ({ ideas: ideaRepo, now: () => now, newId: ulid });
