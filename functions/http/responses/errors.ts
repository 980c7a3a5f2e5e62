/** Error bodies (docs/api-contract.md §1): see ./common.ts. */
import * as z from 'zod/mini';
import { errorCodes } from '#http/problem.ts';
import { opt, str } from './common.ts';

/** RFC 9457 problem details with the contract's codes. */
export const problem = z.object({
  type: z.url(),
  title: str,
  status: z.int().check(z.minimum(400), z.maximum(599)),
  code: z.enum(errorCodes),
  detail: opt(str),
  /** One entry per invalid field (validation_failed). */
  errors: opt(z.array(z.object({ path: str, message: str }))),
  /** `true` when `errors` was cut to its first 20 entries (§10 "Bounded errors"). */
  truncated: opt(z.literal(true)),
});
/** What API Gateway itself answers (the JWT authorizer's 401, throttling's 429). */
export const gatewayMessage = z.object({ message: str });
