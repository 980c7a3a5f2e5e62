/**
 * Ambassadors (docs/api-contract.md §4): what clients send, the region rules, and what each
 * reader may see of a profile.
 */
import * as z from 'zod/mini';
import type { FieldError } from './errors.ts';
import { DomainError } from './errors.ts';
import { interestIds } from './interests.ts';
import { communityOf, findGovernorate, findWilayat, governorateOf } from './regions.ts';
import {
  countryCode,
  governorateId,
  idParam,
  multiLine,
  paging,
  singleLine,
  uniqueList,
  WILAYAT_FILTER,
  wilayatId,
  wilayatInGovernorate,
} from './schema-kit.ts';
import { fold, visibleText, words } from './text.ts';

const country = countryCode();

/** A name: 2–100 characters, at least two of them letters or digits (not only invisible ones). */
export const personName = singleLine(2, 100).check(
  z.refine(
    (n) => visibleText(fold(n)).replace(/[^\p{L}\p{N}]/gu, '').length >= 2,
    'Must contain at least 2 letters',
  ),
);

/** The region rules applyRegionRules enforces, as the OpenAPI document states them for clients. */
const REGION_RULE =
  '`country` is absent or `OM` for Oman: then `governorate` and `wilayat` are required and the wilayat ' +
  'must lie in the governorate (GET /regions). Abroad (any other `country`), both are absent. `city`, a ' +
  'wilayat id, defaults to `wilayat` and is optional abroad.';
const described = <T extends z.ZodMiniType>(t: T, text: string) => t.check(z.describe(text)) as T;
const regionField = {
  country: () => described(country, 'ISO 3166-1 alpha-2, upper case; absent means `OM`.'),
  governorate: () =>
    described(governorateId(), 'Required in Oman (`country` absent or `OM`), absent abroad.'),
  wilayat: () => described(wilayatId(), 'Required in Oman, absent abroad; must lie in `governorate`.'),
  city: () =>
    described(wilayatId(), 'A wilayat id the ambassador is affiliated with; defaults to `wilayat`.'),
};

const profileFields = {
  name: personName,
  country: z.optional(regionField.country()),
  governorate: z.optional(regionField.governorate()),
  wilayat: z.optional(regionField.wilayat()),
  city: z.optional(regionField.city()),
  interests: z.optional(uniqueList(z.enum(interestIds), 0, 10)),
  expertise: z.optional(uniqueList(singleLine(2, 40), 0, 10)),
  bio: z.optional(multiLine(0, 1000)),
  phone: z.optional(
    z.string().check(z.regex(/^\+[1-9]\d{6,14}$/, 'Must be an E.164 number like +96891234567')),
  ),
  languages: z.optional(uniqueList(z.enum(['ar', 'en']), 0, 2)),
};

export const registrationSchema = z
  .strictObject(profileFields)
  .check(z.describe(`${REGION_RULE} \`email\` comes from the token, never from the body.`));
export type RegistrationInput = z.infer<typeof registrationSchema>;

/** PATCH: any registration field; `null` clears an optional one. */
const nullable = <T extends z.ZodMiniType>(t: T) => z.optional(z.nullable(t));
export const profilePatchSchema = z
  .strictObject({
    name: z.optional(profileFields.name),
    country: z.optional(regionField.country()),
    governorate: nullable(regionField.governorate()),
    wilayat: nullable(regionField.wilayat()),
    city: nullable(regionField.city()),
    interests: z.optional(uniqueList(z.enum(interestIds), 0, 10)),
    expertise: z.optional(uniqueList(singleLine(2, 40), 0, 10)),
    bio: nullable(multiLine(0, 1000)),
    phone: nullable(profileFields.phone.def.innerType),
    languages: z.optional(uniqueList(z.enum(['ar', 'en']), 0, 2)),
  })
  .check(
    z.describe(
      `Any registration field; \`null\` clears an optional one. The profile after the edit follows the region rules: ${REGION_RULE} Moving abroad drops \`governorate\`, \`wilayat\` and a \`city\` that only defaulted to the wilayat.`,
    ),
  );
export type ProfilePatch = z.infer<typeof profilePatchSchema>;

export const directoryQuerySchema = z
  .strictObject({
    governorate: z.optional(governorateId()),
    wilayat: z.optional(wilayatId().check(z.describe(WILAYAT_FILTER))),
    city: z.optional(wilayatId()),
    interest: z.optional(z.enum(interestIds)),
    country: z.optional(country),
    // Two folded characters at least: a one-letter search would match most of the directory.
    q: z.optional(
      z.string().check(
        z.maxLength(100),
        z.refine((q) => words(fold(q)).some((w) => w.length >= 2), 'Type a word of at least 2 letters'),
      ),
    ),
    ...paging,
  })
  .check(wilayatInGovernorate());
export type DirectoryQuery = z.infer<typeof directoryQuerySchema>;

export const ambassadorIdParams = z.strictObject({ id: idParam() });

/** The editable part of a profile, after the region rules. */
export interface ProfileFields {
  name: string;
  country: string;
  governorate?: string | undefined;
  wilayat?: string | undefined;
  city?: string | undefined;
  interests: string[];
  expertise: string[];
  bio?: string | undefined;
  phone?: string | undefined;
  languages: string[];
}

export interface AmbassadorStats {
  verifiedLectures: number;
  attendeesReached: number;
  ideas: number;
  teams: number;
}

export const emptyStats = (): AmbassadorStats => ({
  verifiedLectures: 0,
  attendeesReached: 0,
  ideas: 0,
  teams: 0,
});

export interface Ambassador extends ProfileFields {
  id: string;
  email: string;
  joinedAt: string;
  updatedAt: string;
  version: number;
  stats: AmbassadorStats;
  /** Set once the ambassador erased their data; the item stays as a tombstone. */
  erased?: boolean;
  erasedAt?: string;
  /**
   * Erased here, but the sign-in account (the Cognito user) is not deleted yet: a retry of
   * the erasure finishes it (docs/identity.md).
   */
  identityPending?: boolean;
}

/**
 * The region rules: in Oman, governorate and wilayat are required and the wilayat must
 * belong to the governorate; abroad, both are absent. `city` is a wilayat id and defaults
 * to the wilayat. Returns the normalised fields, or throws `validation_failed` with one
 * error per broken field.
 */
export const applyRegionRules = (input: {
  name: string;
  country?: string | undefined;
  governorate?: string | null | undefined;
  wilayat?: string | null | undefined;
  city?: string | null | undefined;
  interests?: string[] | undefined;
  expertise?: string[] | undefined;
  bio?: string | null | undefined;
  phone?: string | null | undefined;
  languages?: string[] | undefined;
}): ProfileFields => {
  const errors: FieldError[] = [];
  const countryCode = input.country ?? 'OM';
  const governorate = input.governorate ?? undefined;
  const wilayat = input.wilayat ?? undefined;
  let city = input.city ?? undefined;

  if (countryCode === 'OM') {
    if (!governorate) errors.push({ path: 'governorate', message: 'Required when country is OM' });
    else if (!findGovernorate(governorate))
      errors.push({ path: 'governorate', message: 'Unknown governorate' });
    if (!wilayat) errors.push({ path: 'wilayat', message: 'Required when country is OM' });
    else if (!findWilayat(wilayat)) errors.push({ path: 'wilayat', message: 'Unknown wilayat' });
    else if (governorate && findGovernorate(governorate) && governorateOf(wilayat) !== governorate)
      errors.push({ path: 'wilayat', message: `Wilayat ${wilayat} is not in ${governorate}` });
    city ??= wilayat;
  } else {
    if (governorate) errors.push({ path: 'governorate', message: 'Only for ambassadors in Oman' });
    if (wilayat) errors.push({ path: 'wilayat', message: 'Only for ambassadors in Oman' });
  }
  if (city !== undefined && !findWilayat(city))
    errors.push({ path: 'city', message: 'Must be a wilayat id' });

  if (errors.length > 0) throw new DomainError('validation_failed', 'Region fields are invalid', errors);
  return {
    name: input.name,
    country: countryCode,
    governorate: countryCode === 'OM' ? governorate : undefined,
    wilayat: countryCode === 'OM' ? wilayat : undefined,
    city,
    interests: input.interests ?? [],
    expertise: input.expertise ?? [],
    bio: input.bio ?? undefined,
    phone: input.phone ?? undefined,
    languages: input.languages ?? [],
  };
};

/** The profile a PATCH produces: the current fields with the patch laid over them. */
export const patchProfile = (current: ProfileFields, patch: ProfilePatch): ProfileFields => {
  const merged: Record<string, unknown> = { ...current };
  for (const [k, v] of Object.entries(patch)) if (v !== undefined) merged[k] = v;
  // Moving abroad drops the Omani region fields unless the patch sets them (and then fails),
  // and a city that only defaulted to the wilayat.
  if (patch.country && patch.country !== 'OM') {
    if (patch.governorate === undefined) merged.governorate = undefined;
    if (patch.wilayat === undefined) merged.wilayat = undefined;
    if (patch.city === undefined && current.city === current.wilayat) merged.city = undefined;
  }
  // A new wilayat moves the default city with it, unless the patch names a city.
  if (patch.wilayat !== undefined && patch.city === undefined && current.city === current.wilayat)
    merged.city = undefined;
  return applyRegionRules(merged as Parameters<typeof applyRegionRules>[0]);
};

export type Viewer = { id: string; staff: boolean } | undefined;

export interface PublicProfile {
  id: string;
  name: string;
  country: string;
  governorate?: string | undefined;
  wilayat?: string | undefined;
  city?: string | undefined;
  interests: string[];
  expertise: string[];
  bio?: string | undefined;
  languages: string[];
  joinedAt: string;
  stats: AmbassadorStats;
  email?: string;
  phone?: string;
}

/** What `viewer` may see of `a`: email and phone only for the ambassador themself and staff. */
export const profileFor = (a: Ambassador, viewer: Viewer): PublicProfile => {
  const p: PublicProfile = {
    id: a.id,
    name: a.name,
    country: a.country,
    governorate: a.governorate,
    wilayat: a.wilayat,
    city: a.city,
    interests: a.interests,
    expertise: a.expertise,
    bio: a.bio,
    languages: a.languages,
    joinedAt: a.joinedAt,
    stats: a.stats,
  };
  if (viewer && (viewer.id === a.id || viewer.staff)) {
    p.email = a.email;
    if (a.phone) p.phone = a.phone;
  }
  return p;
};

/** The community whose `ambassadors` count this profile moves. */
export const communityOfProfile = (p: ProfileFields): string => communityOf(p);

/** The distinct folded words of a name: a directory search matches their prefixes. */
export const nameWords = (name: string): string[] => words(fold(name));

/** A directory search matches when every word of `q` starts some word of the name. */
export const nameMatches = (nameWordList: readonly string[], q: string): boolean =>
  words(fold(q)).every((qw) => nameWordList.some((w) => w.startsWith(qw)));

/** The name a former ambassador's contributions are shown under (PDPL erasure). */
export const FORMER_AMBASSADOR = { en: 'Former ambassador', ar: 'سفير سابق' } as const;
