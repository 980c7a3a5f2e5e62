/**
 * Knowledge communities (docs/api-contract.md §5): one per governorate, plus `abroad` for
 * ambassadors outside Oman, and the resources their members share.
 */
import * as z from 'zod/mini';
import { ABROAD, governorates } from './regions.ts';
import { httpsUrl, paging, singleLine } from './schema-kit.ts';

export interface CommunityInfo {
  id: string;
  en: string;
  ar: string;
}

export const communities: readonly CommunityInfo[] = [
  ...governorates.map(({ id, en, ar }) => ({ id, en, ar })),
  { id: ABROAD, en: 'Ambassadors abroad', ar: 'السفراء خارج السلطنة' },
];

export const findCommunity = (id: string): CommunityInfo | undefined => communities.find((c) => c.id === id);

export interface CommunityCounts {
  ambassadors: number;
  verifiedLectures: number;
  attendeesReached: number;
  activeProjects: number;
}

export const resourceKinds = ['slides', 'article', 'video', 'dataset', 'other'] as const;

export const resourceInputSchema = z.strictObject({
  title: singleLine(3, 120),
  url: httpsUrl(),
  kind: z.enum(resourceKinds),
  language: z.optional(z.enum(['ar', 'en'])),
});
export type ResourceInput = z.infer<typeof resourceInputSchema>;

export interface Resource extends ResourceInput {
  id: string;
  communityId: string;
  authorId: string;
  createdAt: string;
  version: number;
}

export const communityParams = z.strictObject({ id: z.string().check(z.minLength(1), z.maxLength(40)) });
export const resourceListQuerySchema = z.strictObject({ ...paging });

/** How many of each list the community page shows. */
export const COMMUNITY_PAGE = { topAmbassadors: 5, recentLectures: 10, resources: 10 } as const;
