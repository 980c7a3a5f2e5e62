import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Focused tests fail the run, so a forgotten `.only` cannot hide the rest.
    allowOnly: false,
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'test/domain/**/*.test.ts',
            'test/infra/**/*.test.ts',
            'test/local/**/*.test.ts',
            'test/openapi/**/*.test.ts',
            'test/*.test.ts',
          ],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'api',
          include: ['test/e2e/**/*.test.ts', 'test/functions/**/*.test.ts'],
          // One local server (the same `npm start` runs) with an in-memory DynamoDB Local.
          globalSetup: ['test/support/global-setup.ts'],
          setupFiles: ['test/support/env.ts'],
          // One shared server and database: files run one after another so that exact
          // counts (communities, leaderboard runs) are not moved by another file midway.
          // Concurrency is tested on purpose, inside the files, with parallel requests.
          fileParallelism: false,
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
