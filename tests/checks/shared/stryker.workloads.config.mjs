// Mutation testing of src/checks/shared/workloads.ts on the tests that pin it (issue #16):
// `npx stryker run tests/checks/shared/stryker.workloads.config.mjs`. Every check reaches these helpers, so with the
// shared configuration each mutant would rerun hundreds of tests; this narrowed set gives a lower bound.
import base from '../../../stryker.config.mjs';

export default {
  ...base,
  vitest: { configFile: 'tests/checks/shared/mutation.workloads.vitest.config.ts' },
  mutate: ['src/checks/shared/workloads.ts'],
  incrementalFile: 'reports/mutation/workloads-incremental.json',
  jsonReporter: { fileName: 'reports/mutation/workloads.json' },
  htmlReporter: { fileName: 'reports/mutation/workloads.html' },
};
