/**
 * Setup for mutation runs only (vitest.mutate.config.ts): one fast-check seed, so that every
 * mutant meets the same generated inputs and a re-run reproduces its result.
 */
import fc from 'fast-check';

fc.configureGlobal({ seed: 20261201 });
