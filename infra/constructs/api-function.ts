/** The function of one route of the table (infra/stacks/api-stack.ts makes one per route). */
import { BundledFunction } from './bundled-function.ts';

export class ApiFunction extends BundledFunction {}
