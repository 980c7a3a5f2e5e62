import { defineConfig } from 'vitest/config';

// The unit tests of the pure domain, and nothing else, for `npm run mutate` (stryker.config.mjs):
// the api project spawns a local server and DynamoDB Local, which a mutation run must not do per mutant.
export default defineConfig({
  test: {
    allowOnly: false,
    include: ['test/domain/**/*.test.ts'],
    setupFiles: ['test/domain/mutate-setup.ts'],
    testTimeout: 60_000,
  },
});
