// The vitest config for mutation-testing the engine and the shared check helpers fast (issue #16):
// `npx stryker run tests/engine/stryker.engine.config.mjs`. Only the unit tests that pin these files, without the
// catalog-wide generated tests (every example with every read refused, random mutations): with per-test coverage
// those cover every engine line and would run for each engine mutant, hours on two cores. A mutant only they
// would kill counts as survived here, so the score is a lower bound.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const BEFORE = ['tests/engine/run.test.ts', 'tests/engine/unread.test.ts', 'tests/checks/azure/*.test.ts', 'tests/checks/k8s/*.test.ts'];
const NOW = ['tests/engine/*.test.ts', 'tests/checks/azure/*.test.ts', 'tests/checks/k8s/*.test.ts'];

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    // ENGINE_MUTATION_BEFORE=1: the suite as it was before the exact-outcome tests (the "before" column).
    include: process.env.ENGINE_MUTATION_BEFORE ? BEFORE : NOW,
    exclude: ['**/*.e2e.test.ts', 'node_modules/**', 'tests/engine/refused-reads.test.ts', 'tests/engine/robustness.test.ts', 'tests/engine/check-selection.test.ts'],
    pool: 'forks',
    // Stryker runs these in one worker thread per mutant run; without isolation the modules stay loaded between
    // mutant runs (the active mutant is switched at run time), which makes a run seconds instead of half a minute.
    isolate: false,
    poolOptions: { threads: { isolate: false }, forks: { isolate: false } },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
