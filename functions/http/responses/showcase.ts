/** Showcase responses (docs/api-contract.md §9): see ./common.ts. */
import * as z from 'zod/mini';
import { POST_LIMIT } from '#domain/showcase.ts';
import { count, governorateId, instant, opt, str, wilayatId } from './common.ts';
import { ideaFields } from './ideas.ts';

/** The share card: an SVG document (served as image/svg+xml). */
export const shareCard = z.string();

const postText = z.string().check(z.maxLength(POST_LIMIT));
export const showcaseItem = z.object({
  /** The idea's id. */
  id: str,
  title: str,
  headlineAr: z.string().check(z.maxLength(140)),
  headlineEn: z.string().check(z.maxLength(140)),
  city: z.object({ id: wilayatId, en: str, ar: str, governorate: opt(governorateId) }),
  teamSize: count(2),
  /** Members now, the leader included. */
  members: count(),
  status: z.enum(['in_progress', 'completed']),
  featuredAt: instant,
  /** Ready to post on social media, hashtags included. */
  post: z.object({ ar: postText, en: postText }),
});
/** `POST /staff/ideas/{id}/feature`: the idea and its showcase entry. */
export const featuredIdea = z.object({ ...ideaFields, showcase: showcaseItem });
