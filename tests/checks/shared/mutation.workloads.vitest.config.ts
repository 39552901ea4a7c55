// The narrowed vitest config for mutation-testing src/checks/shared/workloads.ts (see stryker.workloads.config.mjs):
// the helper's own tests and the checks' tests that read its outcomes most directly. A mutant only another test
// would kill counts as survived here, so the score is a lower bound.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../../..', import.meta.url)),
    include: [
      'tests/checks/shared/*.test.ts',
      'tests/checks/flux/FLUX001*.test.ts',
      'tests/checks/flux/pod-diagnosis.test.ts',
      'tests/checks/flux/scheduling.test.ts',
      'tests/checks/ama/pod-trouble.test.ts',
    ],
    exclude: ['**/*.e2e.test.ts', 'node_modules/**'],
    pool: 'forks',
    // Modules stay loaded between mutant runs (the active mutant is switched at run time).
    isolate: false,
    poolOptions: { threads: { isolate: false }, forks: { isolate: false } },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
