/**
 * Errors → problem+json (docs/api-contract.md §1), in the caller's language. Registered first, so
 * it runs last on the way out and answers for every middleware and the handler. A DomainError
 * or a TransportError answers with its code; a database that is briefly unavailable answers
 * 503 `unavailable`; anything else is logged and answers a 500 that echoes nothing of it.
 *
 * Not @middy/http-error-handler: it answers `error.message` as text/plain with the error's
 * statusCode, not a problem+json body with a localised title, code and field errors.
 */
import type middy from '@middy/core';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { isDomainError } from '#domain/errors.ts';
import { logger } from '#functions/log.ts';
import { problem, TransportError } from '#http/problem.ts';
import { isTransient } from '#store/errors.ts';
import { type Event, requestState } from './state.ts';

export const problemErrorsMiddleware = (): middy.MiddlewareObj<Event, APIGatewayProxyStructuredResultV2> => ({
  name: 'problemErrors',
  onError: async (request) => {
    const err = request.error;
    const { lang } = requestState(request.event);
    if (isDomainError(err)) {
      request.response = problem(err.code, lang, {
        detail: err.detail,
        errors: err.fieldErrors,
        ...(err.code === 'unavailable' ? { headers: { 'retry-after': '1' } } : {}),
      });
    } else if (err instanceof TransportError) {
      request.response = problem(err.code, lang, {
        detail: err.detail,
        ...(err.headers ? { headers: err.headers } : {}),
      });
    } else if (isTransient(err)) {
      logger.warn('database unavailable', { error: err as Error });
      request.response = problem('unavailable', lang, { headers: { 'retry-after': '1' } });
    } else {
      // Never echo the error itself: it may carry internals.
      logger.error('unhandled error', { error: err as Error });
      request.response = {
        statusCode: 500,
        headers: { 'content-type': 'application/problem+json; charset=utf-8' },
        body: JSON.stringify({
          type: 'about:blank',
          title: lang === 'ar' ? 'خطأ داخلي' : 'Internal error',
          status: 500,
          code: 'internal',
          detail: request.context.awsRequestId,
        }),
      };
    }
  },
});
