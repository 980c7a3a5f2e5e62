/**
 * Small building blocks for request schemas. zod/mini keeps each Lambda bundle small
 * (about 14 KB instead of 450 KB for classic zod); every object is strict, so unknown
 * fields are rejected, never ignored.
 */
import * as z from 'zod/mini';
import { countryCodes } from './countries.ts';
import { governorateIds, governorateOf, wilayatIds } from './regions.ts';
import { refusedCharacters, TEXT_PATTERN, unixLines, visibleText } from './text.ts';

/**
 * Client text as stored: trimmed, NFC, between min and max characters (counted after
 * trimming). A control character, separator or bidi control inside is refused, not removed
 * (domain/text.ts REFUSED says which and why); multi-line text may hold LF.
 */
const clientText = (min: number, max: number, multi: boolean) =>
  z.string().check(
    ...(multi ? [z.overwrite(unixLines)] : []),
    z.trim(),
    z.superRefine((s, ctx) => {
      const bad = refusedCharacters(s, multi);
      if (bad.length > 0)
        ctx.addIssue({
          code: 'custom',
          input: s,
          message: `${multi ? 'Must not contain control characters other than line breaks' : 'Must be one line without control characters'}: ${bad.slice(0, 5).join(' ')}`,
        });
    }),
    z.overwrite((s) => s.normalize('NFC')),
    z.minLength(min),
    ...(min > 0
      ? [z.refine<string>((s) => visibleText(s).length > 0, 'Must contain visible characters')]
      : []),
    z.maxLength(max),
    // Documents the rule in the OpenAPI document; the check above is what enforces it.
    z.meta({ pattern: multi ? TEXT_PATTERN.multiLine : TEXT_PATTERN.singleLine }),
  );

/** One line of text: names, titles, roles, headlines, venues, tags. */
export const singleLine = (min: number, max: number) => clientText(min, max, false);
/** Text that may hold line breaks (LF): bios, descriptions, summaries, comments, notes, messages. */
export const multiLine = (min: number, max: number) => clientText(min, max, true);
/** @deprecated Kept for code written before `singleLine` existed: the same. */
export const text = singleLine;

/** An https URL, stored as sent. The pattern is what the OpenAPI document shows clients. */
export const httpsUrl = () =>
  z.string().check(
    z.trim(),
    z.maxLength(2048),
    // abort: one message per bad URL, not one from each check.
    z.regex(/^https:\/\/[^\s/?#]+\S*$/, { error: 'Must be an https URL', abort: true }),
    z.refine((s) => {
      // No white space or control characters inside: the URL is stored and shown as sent.
      if (/[\s\p{Cc}\p{Cf}]/u.test(s)) return false;
      try {
        const u = new URL(s);
        return u.protocol === 'https:' && u.hostname.length > 0;
      } catch {
        return false;
      }
    }, 'Must be an https URL'),
  );

/** A list of distinct values, between min and max items. */
export const uniqueList = <T extends z.ZodMiniType>(item: T, min: number, max: number) =>
  z.array(item).check(
    z.minLength(min),
    z.maxLength(max),
    z.refine((a) => new Set(a as unknown[]).size === a.length, 'Items must be distinct'),
  );

/** Calendar date `YYYY-MM-DD` that exists (`format: date` in the OpenAPI document). */
// zod's date pattern knows month lengths and leap years.
export const isoDate = () => z.iso.date('Must be a real calendar date YYYY-MM-DD');

/** Paging parameters every list accepts (docs/api-contract.md §1). */
export const paging = {
  limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100))),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
};

/**
 * An id in a path or filter: ULIDs, and ambassador ids, which are token `sub`s. So it accepts
 * every character `callerOf` (functions/http/claims.ts) lets a `sub` hold, or an ambassador
 * so named could register but never be read, filtered on, or accepted onto a team. None of
 * them is `#`, the key separator.
 */
export const idParam = () =>
  z.string().check(z.minLength(1), z.maxLength(128), z.regex(/^[A-Za-z0-9._:@|+=-]+$/));

/**
 * Reference-data ids (docs/api-contract.md §3), as enums so that the OpenAPI document lists them and
 * an unknown one is 400, never an empty list (§10 "Filters are validated"). The messages are
 * short: the default one would list every id.
 */
export const governorateId = () => z.enum(governorateIds, 'Unknown governorate: see GET /regions');
/** A wilayat id; a "city" in this API is one too. */
export const wilayatId = () => z.enum(wilayatIds, 'Unknown wilayat: see GET /regions');
export const countryCode = () =>
  z.enum([...countryCodes], 'Must be an ISO 3166-1 alpha-2 code in upper case, like OM');

/** What a `wilayat` filter says in the OpenAPI document. */
export const WILAYAT_FILTER = 'A wilayat id; with `governorate`, it must lie in that governorate.';

/** A wilayat sent together with a governorate must lie in it (checked on the whole object). */
export const wilayatInGovernorate = <T extends { governorate?: string | null; wilayat?: string | null }>() =>
  z.refine<T>((o) => !o.governorate || !o.wilayat || governorateOf(o.wilayat) === o.governorate, {
    message: 'Wilayat is not in that governorate',
    path: ['wilayat'],
  });
