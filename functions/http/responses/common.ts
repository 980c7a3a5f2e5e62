/**
 * What the API answers, as zod schemas (functions/http/responses/): each route's `response`
 * in its area's route module (functions/http/routes/), and through it the OpenAPI
 * document's response schemas and components. They describe what the handlers return,
 * exactly: optional fields are optional, objects are closed (a field not listed here is a
 * field no response carries), so the tests that check every response against the document
 * also prove that nothing public leaks an email or a phone number.
 *
 * One module per area, as the route modules are, so that a handler's bundle carries only
 * the shapes its area answers; this one holds the building blocks every area shares.
 * Only schemas live here, no JSON Schema generation: functions/http/openapi.ts turns them
 * into the document, with the named components listed in ./index.ts.
 */
import * as z from 'zod/mini';
import { interestIds } from '#domain/interests.ts';
import { ABROAD, governorateIds, wilayatIds } from '#domain/regions.ts';

export const str = z.string();
export const opt = z.optional;
/** An instant, as `Date.prototype.toISOString()` writes it (UTC). */
export const instant = z.iso.datetime();
/** A whole number from `min` up. */
export const count = (min = 0) => z.int().check(z.minimum(min));
export const version = count(1);
/** An https URL, kept as the client sent it (so not normalised, and possibly with non-ASCII characters). */
export const httpsUrl = z.string().check(z.regex(/^[Hh][Tt][Tt][Pp][Ss]:\/\/\S+$/));
const asTuple = (ids: readonly string[]) => ids as [string, ...string[]];

// Reference data ids (components of their own, so clients get them as unions)
export const governorateId = z.enum(asTuple(governorateIds));
export const wilayatId = z.enum(asTuple(wilayatIds));
export const communityId = z.enum([...asTuple(governorateIds), ABROAD]);
export const interestId = z.enum(interestIds);
export const language = z.enum(['ar', 'en']);
export const countryCode = z.string().check(z.regex(/^[A-Z]{2}$/));

/** A list page (docs/api-contract.md §1). */
export const page = <T extends z.ZodMiniType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.nullable(str) });
