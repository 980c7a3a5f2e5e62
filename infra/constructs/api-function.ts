/** The function of one route of the table (infra/stacks/api-stack.ts makes one per route). */
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { BundledFunction, type BundledFunctionProps } from './bundled-function.ts';

export class ApiFunction extends BundledFunction {
  constructor(scope: Construct, id: string, props: BundledFunctionProps) {
    super(scope, id, props);
    NagSuppressions.addResourceSuppressions(this, [
      {
        id: 'Serverless-LambdaDLQ',
        reason:
          'A route function is invoked synchronously by API Gateway (HTTP API Lambda integration): the caller ' +
          'gets the error as the response, and a dead-letter queue or on-failure destination applies only to ' +
          'asynchronous invocations, so none would ever receive anything.',
      },
    ]);
  }
}
