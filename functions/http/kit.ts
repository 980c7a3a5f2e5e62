/**
 * The HTTP kit every route that uses the table builds its handler with (see kit-core.ts):
 * the caller's profile comes from the store, creating POSTs keep Idempotency-Keys, and writing
 * requests count against the caller's write quota, and each request is traced and measured
 * (observe.ts).
 */
import { config } from '#functions/config.ts';
import { getAmbassador } from '#store/ambassadors.ts';
import { takeWrite } from '#store/quota.ts';
import { makeHttp } from './kit-core.ts';
import { idempotencyMiddleware } from './middleware/idempotency.ts';
import { observe } from './observe.ts';

export { type ApiRequest, ifMatchVersion, type Reply } from './kit-core.ts';

export const http = makeHttp({
  loadMe: (id) => getAmbassador(id, true),
  idempotency: idempotencyMiddleware,
  takeWrite: (subject, now, requestId) => takeWrite(subject, now, config.writeQuotaPerMinute, requestId),
  wrap: observe,
});
