/** Structured JSON logs (Powertools Logger); each line carries the request id. */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'smart-city-ambassadors',
});
