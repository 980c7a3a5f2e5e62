/**
 * Partners, their representatives and who-am-I (docs/api-contract.md §14): what staff send to
 * create and edit a partner, the public list's query, the engagements a partner page shows,
 * the links of partners to projects and lectures, and who may act for a partner.
 *
 * A representative is a signed-in user named by staff for one partner; they are not staff and
 * act for their partners only. Staff may do everything a representative may.
 */
import * as z from 'zod/mini';
import { DomainError } from './errors.ts';
import { type IdeaStatus, isPublic } from './ideas.ts';
import { DEFAULT_PREFERENCES, type Language } from './notifications.ts';
import { governorateId, httpsUrl, idParam, multiLine, paging, singleLine, uniqueList } from './schema-kit.ts';

export const partnerKinds = ['government', 'company', 'academia', 'ngo', 'community'] as const;
export type PartnerKind = (typeof partnerKinds)[number];

/**
 * Required text fields hold visible text (an empty one is as good as a missing one); the
 * contract's bounds are the upper ones.
 */
const fields = {
  nameAr: singleLine(2, 120),
  nameEn: singleLine(2, 120),
  kind: z.enum(partnerKinds),
  governorate: z.optional(governorateId()),
  website: httpsUrl(),
  logoUrl: z.optional(httpsUrl()),
  description: multiLine(1, 2000),
};

/** `POST /staff/partners`. */
export const partnerInputSchema = z.strictObject(fields);
export type PartnerInput = z.infer<typeof partnerInputSchema>;

/** True when an object sent as a patch sets something. */
const setsSomething = (o: object): boolean => Object.values(o).some((v) => v !== undefined);
const AT_LEAST_ONE = 'Send at least one field to change';

/** `PATCH /staff/partners/{id}`: at least one field; `null` clears an optional one. */
export const partnerPatchSchema = z
  .strictObject({
    nameAr: z.optional(fields.nameAr),
    nameEn: z.optional(fields.nameEn),
    kind: z.optional(fields.kind),
    governorate: z.optional(z.nullable(governorateId())),
    website: z.optional(fields.website),
    logoUrl: z.optional(z.nullable(httpsUrl())),
    description: z.optional(fields.description),
  })
  .check(
    z.refine(setsSomething, AT_LEAST_ONE),
    z.describe(`${AT_LEAST_ONE}; \`null\` clears an optional one.`),
  );
export type PartnerPatch = z.infer<typeof partnerPatchSchema>;

export const partnerIdParams = z.strictObject({ id: idParam() });

/** `GET /partners` (public): filters `kind`, `governorate`; newest first. */
export const partnerListQuerySchema = z.strictObject({
  kind: z.optional(z.enum(partnerKinds)),
  governorate: z.optional(governorateId()),
  ...paging,
});
export type PartnerListQuery = z.infer<typeof partnerListQuerySchema>;

export interface Partner {
  id: string;
  nameAr: string;
  nameEn: string;
  kind: PartnerKind;
  governorate?: string | undefined;
  website: string;
  logoUrl?: string | undefined;
  description: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export const newPartner = (input: PartnerInput, id: string, now: Date): Partner => {
  const at = now.toISOString();
  return { ...input, id, createdAt: at, updatedAt: at, version: 1 };
};

export const editPartner = (current: Partner, patch: PartnerPatch, now: Date): Partner => {
  const next: Record<string, unknown> = { ...current };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete next[k];
    else if (v !== undefined) next[k] = v;
  }
  return { ...(next as unknown as Partner), updatedAt: now.toISOString(), version: current.version + 1 };
};

// --- Engagements: what a partner page shows -------------------------------------------------

/** How many items each engagement list of a partner page shows. */
export const ENGAGEMENT_ITEMS = 10;

export interface EngagementItem {
  id: string;
  title: string;
}
export interface EngagementList {
  count: number;
  items: EngagementItem[];
}
/** `GET /partners/{id}`'s `engagements`. */
export interface Engagements {
  lectures: EngagementList;
  projects: EngagementList;
  challenges: EngagementList;
}

/**
 * One engagement list: the newest `ENGAGEMENT_ITEMS` of `items` by `at` (ties: the greater
 * id first, so the order is total), and `count`, all of them. `count` may come from a counter
 * kept elsewhere when `items` holds only the newest; it is never below what the list shows.
 */
export const engagementList = (
  items: readonly { id: string; title: string; at: string }[],
  count?: number,
): EngagementList => ({
  count: Math.max(count ?? items.length, Math.min(items.length, ENGAGEMENT_ITEMS)),
  items: [...items]
    .sort((a, b) => (a.at === b.at ? (a.id < b.id ? 1 : -1) : a.at < b.at ? 1 : -1))
    .slice(0, ENGAGEMENT_ITEMS)
    .map(({ id, title }) => ({ id, title })),
});

// --- Links to projects and lectures ---------------------------------------------------------

export const projectPartnerRoles = ['sponsor', 'adopter', 'mentor', 'data', 'venue'] as const;
export type ProjectPartnerRole = (typeof projectPartnerRoles)[number];

/** `POST /staff/ideas/{id}/partners`. */
export const projectPartnerLinkSchema = z.strictObject({
  partnerId: idParam(),
  role: z.enum(projectPartnerRoles),
});
export type ProjectPartnerLink = z.infer<typeof projectPartnerLinkSchema>;
export const projectPartnerParams = z.strictObject({ id: idParam(), partnerId: idParam() });

/** Partners are linked to projects: ideas approved, in progress or completed (§14). */
export const assertPartnerLinkable = (status: IdeaStatus): void => {
  if (!isPublic(status))
    throw new DomainError(
      'invalid_transition',
      `Only a project can have partners, not an idea that is ${status.replace('_', ' ')}`,
    );
};

/** A lecture's co-hosting partners: up to 3, distinct. The lecture schemas add it as `partnerIds`. */
export const MAX_LECTURE_PARTNERS = 3;
export const lecturePartnerIdsSchema = uniqueList(idParam(), 0, MAX_LECTURE_PARTNERS);

// --- Representatives and acting for a partner ----------------------------------------------

/** `POST /staff/partners/{id}/representatives`. */
export const representativeSchema = z.strictObject({ sub: idParam() });
export const representativeParams = z.strictObject({ id: idParam(), sub: idParam() });

/** What deciding for a partner needs to know of the caller. */
export interface PartnerCaller {
  staff: boolean;
  /** The partners the caller represents. */
  partnerIds: readonly string[];
}

/** Staff act for every partner; a representative for their own partners only. */
export const mayActForPartner = (caller: PartnerCaller, partnerId: string): boolean =>
  caller.staff || caller.partnerIds.includes(partnerId);

/** 403 `forbidden` unless the caller may act for the partner. */
export const assertMayActForPartner = (caller: PartnerCaller, partnerId: string): void => {
  if (!mayActForPartner(caller, partnerId))
    throw new DomainError(
      'forbidden',
      'Only the platform team or this partner’s representatives may do this',
    );
};

// --- Who am I -------------------------------------------------------------------------------

/** `GET /me`: what a client needs to choose its screens. */
export interface WhoAmI {
  sub: string;
  /** The token's verified email; null when the token carries none. */
  email: string | null;
  /** Registered as an ambassador. */
  registered: boolean;
  staff: boolean;
  /** The partners the caller represents, sorted. */
  partnerIds: string[];
  /** The caller's language (`GET /me/preferences`), Arabic when never chosen. */
  language: Language;
}

export const whoAmI = (
  caller: { sub: string; email?: string | undefined; staff: boolean },
  facts: { registered: boolean; partnerIds: readonly string[]; language?: Language | undefined },
): WhoAmI => ({
  sub: caller.sub,
  email: caller.email ?? null,
  registered: facts.registered,
  staff: caller.staff,
  partnerIds: [...new Set(facts.partnerIds)].sort(),
  language: facts.language ?? DEFAULT_PREFERENCES.language,
});
