/** System and reference data responses (docs/api-contract.md §3): see ./common.ts. */
import * as z from 'zod/mini';
import { governorateId, interestId, str, wilayatId } from './common.ts';

export const health = z.object({ status: z.literal('ok') });
export const wilayat = z.object({ id: wilayatId, en: str, ar: str });
export const governorate = z.object({ id: governorateId, en: str, ar: str, wilayats: z.array(wilayat) });
export const regions = z.object({ items: z.array(governorate) });
export const interest = z.object({ id: interestId, en: str, ar: str });
export const interests = z.object({ items: z.array(interest) });

/** The document `GET /openapi.json` serves: described by its own top-level fields only. */
export const openApiDocument = z.looseObject({
  openapi: z.literal('3.1.0'),
  info: z.looseObject({ title: str, version: str }),
  paths: z.looseObject({}),
  components: z.looseObject({}),
});
