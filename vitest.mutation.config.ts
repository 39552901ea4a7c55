// The vitest config Stryker runs (npm run test:mutation): only the unit-level tests of the code it mutates.
// No global setup: these tests import the sources directly and never run the bundled CLI, so each mutant
// does not pay for an esbuild build; e2e tests (*.e2e.test.ts) would test the bundle, not the mutant.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/checks/**/*.test.ts', 'tests/engine/**/*.test.ts', 'tests/fix/**/*.test.ts'],
    exclude: ['**/*.e2e.test.ts', 'node_modules/**'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
