// Mutation testing: `npm run test:mutation` (all of src/checks, src/fix, src/engine) or
// `npm run test:mutation -- --mutate 'src/checks/osm/OSM013-namespace-membership.ts'` (a few files).
// Sized for two shared cores; see docs/testing.md for how to read the report.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'vitest',
  // Unit-level tests only (checks, engine, fix): no CLI bundle build per run, no e2e processes.
  vitest: { configFile: 'vitest.mutation.config.ts' },
  // Each mutant runs only the tests that executed its code in the dry run.
  coverageAnalysis: 'perTest',
  // Static mutants (the check's id, title, reads: evaluated once at import) would each rerun every test;
  // the catalog and contract tests pin that metadata instead.
  ignoreStatic: true,
  mutate: ['src/checks/**/*.ts', 'src/fix/**/*.ts', 'src/engine/**/*.ts'],
  // One vitest worker: the machine has two cores and other work shares them.
  concurrency: 1,
  timeoutMS: 20_000,
  // The initial run takes seconds on an idle machine, minutes on a busy one; the default 5 minutes is too short there.
  dryRunTimeoutMinutes: 20,
  // A second run retests only mutants whose code or covering tests changed.
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  reporters: ['json', 'html', 'clear-text', 'progress'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  clearTextReporter: { allowEmojis: false, logTests: false, reportScoreTable: true },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  ignorePatterns: ['dist', 'coverage', 'reports', '.bench-tmp', '.ci', 'bench', '*.deb'],
  // The bar: every check file at 80% or more.
  thresholds: { high: 90, low: 80, break: null },
};
