/**
 * The HTTP kit every route that uses the table builds its handler with (see kit-core.ts):
 * the caller's profile comes from the store, and creating POSTs keep Idempotency-Keys.
 */
import { getAmbassador } from '../store/ambassadors.ts';
import { idempotency } from './idempotency.ts';
import { makeHttp } from './kit-core.ts';

export { type ApiRequest, ifMatchVersion, type Reply } from './kit-core.ts';

export const http = makeHttp({ loadMe: (id) => getAmbassador(id, true), idempotency });
