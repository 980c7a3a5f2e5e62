// @ts-check
/**
 * `npm run mutate`: StrykerJS over the pure domain (issue 11), a script like the benchmarks, not part
 * of `npm test`. Reports: the clear-text table on stdout, HTML and JSON under reports/ (git-ignored).
 * Equivalent mutants that survive are explained in docs/mutation.md.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  mutate: [
    'domain/**/*.ts',
    // Data, not logic: a code table and a list of interests.
    '!domain/countries.ts',
    '!domain/interests.ts',
  ],
  testRunner: 'vitest',
  // Only the domain's unit tests: the api project spawns a local server per run.
  vitest: { configFile: 'vitest.mutate.config.ts' },
  checkers: ['typescript'],
  // The checker compiles only the domain and its tests, not the whole project, per mutant.
  tsconfigFile: 'tsconfig.mutate.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: 'perTest',
  // A static mutant (module-level code: schemas, tables, regexes) reloads the modules and runs all
  // 766 tests; they are 17 % of the mutants and ~60 % of the run time. Ignored by default so that a
  // run fits in minutes; `npm run mutate -- --ignoreStatic false` tests them too.
  ignoreStatic: true,
  // The machine is shared: two cores for several engineers.
  concurrency: 2,
  // Re-runs test only the mutants whose code or tests changed.
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportMutants: true, reportScoreTable: true },
  // '.stryker-tmp*': runs of different modules side by side, each with its own --tempDirName
  // (docs/mutation.md), must not copy each other's sandboxes.
  ignorePatterns: ['cdk.out', '.data', 'bench/out', 'coverage', 'reports', '.stryker-tmp*'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  thresholds: { high: 90, low: 80, break: null },
};
